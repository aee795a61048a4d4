/*
 * index.c: the `odihrx index` verb.
 *
 * Reads reports (converted on the fly through the public API) or odihrx
 * XML, builds search documents (index_doc.c) and sends them to an SQLite
 * FTS5 store (index_db.c), to NDJSON for the Elasticsearch/OpenSearch _bulk
 * API, or to Solr XML update messages. Like `convert`, -j worker threads
 * share one compiled grammar; here they also build the documents, their
 * NDJSON/Solr text and their FTS5 tokens, while the main thread alone
 * writes, in input order, several files per SQLite transaction:
 * SQLite takes one writer, and the same inputs must give the same output
 * whatever the thread timing.
 *
 * The `search` verb is in index_search.c.
 *
 * Exit statuses as everywhere in the CLI: 0 all inputs indexed, 1 some
 * failed, 2 usage error.
 */
#include "index.h"
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "odihrx.h"

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* In parts: C11 compilers need only take string literals of 4095 bytes. */
static const char *const usage_index[] = {
    "usage: odihrx index --sqlite DB [OPTIONS] FILE...\n"
    "       odihrx index --format ndjson|solr [-o FILE] [OPTIONS] FILE...\n"
    "\n"
    "Build search documents, one per recommendation, section and footnote.\n"
    "FILE is a report in any input format (converted on the fly, as by\n"
    "`odihrx convert`) or odihrx XML (read as it is); - reads standard input.\n"
    "Name at least one output; there is no default file, so that an index\n"
    "never lands somewhere unexpected. --sqlite and --format may be combined.\n"
    "\n"
    "Outputs:\n"
    "      --sqlite DB      build or update the SQLite database DB with FTS5\n"
    "                       full-text tables (a missing DB is built in\n"
    "                       DB.tmpXXXXXX and renamed into place when complete,\n"
    "                       so a failed run leaves none behind); query it\n"
    "                       with `odihrx search DB QUERY`. Incremental: a file\n"
    "                       whose size and modification time are unchanged is\n"
    "                       skipped unread; a changed file has its documents\n"
    "                       replaced in one transaction; a file that fails\n"
    "                       keeps its old documents, untouched\n"
    "      --format ndjson  the Elasticsearch/OpenSearch _bulk body: per\n"
    "                       document an action line {\"index\":{\"_id\":ID}} and\n"
    "                       the document on the next line (every control\n"
    "                       character escaped, always valid UTF-8)\n"
    "      --format solr    a Solr XML update message: <add><doc><field\n"
    "                       name=\"...\">...</field>...</doc>...</add>\n"
    "  -o, --output FILE    write the ndjson or solr output to FILE (through a\n"
    "                       temporary file renamed into place) instead of\n"
    "                       standard output\n"
    "\n"
    "Options:\n"
    "      --from-list LIST read input paths from LIST, one a line (- for stdin)\n"
    "  -j, --jobs N         worker threads (default: the number of cores)\n"
    "      --force          re-index every file, changed or not\n"
    "      --remove         remove the documents of the given files from DB\n"
    "                       (the files need not exist any more)\n"
    "      --es-index NAME  add \"_index\":NAME to every action line, to post to\n"
    "                       /_bulk instead of /NAME/_bulk\n"
    "      --grammars DIR   grammar files for the conversion, as for convert\n"
    "  -q, --quiet          print errors only\n"
    "  -v, --verbose        print one line per input\n"
    "  -h, --help           show this help\n"
    "\n",
    "Fields of every document (null in NDJSON, absent in Solr, when unknown):\n"
    "  id                   stable across runs: the first 16 hex digits of the\n"
    "                       report's SHA-256 (meta/source/@sha256), else its\n"
    "                       file name, then the element id:\n"
    "                       c23ebc2036fc1609-rec3, ...-sec-XI.A, ...-fn12\n"
    "  kind                 recommendation | section | footnote\n"
    "  country, country_code          Kazakhstan, KZ\n"
    "  election_type, election_date   parliamentary, 2021-01-10\n"
    "  year                 of the election (else of the report)\n"
    "  report_kind, report_date       final-report, 2021-03-26 (date issued)\n"
    "  title                the report's title\n"
    "  section_id, section_num, section_heading\n"
    "                       a section's own; for a recommendation, the section\n"
    "                       where its italic copy stands; for a footnote, the\n"
    "                       section that refers to it\n"
    "  recommendation, priority, topic  number, true|false|key, topic heading\n"
    "  footnote             a footnote's number\n"
    "  text                 the text; a section's own paragraphs, list items\n"
    "                       and tables (subsections are documents of their own)\n"
    "  keys                 Copenhagen Document paragraphs: a recommendation's\n"
    "                       keys, the paragraphs a section or footnote cites\n"
    "  key_bases            the same as paragraph:basis (basis: cited, section,\n"
    "                       lexicon), e.g. 7.6:section\n"
    "  instruments          instruments cited in the text (iccpr, ...)\n"
    "  footnotes            numbers of the footnotes the text refers to\n"
    "  source, line         the report and the line the document starts at\n"
    "  input, sha256        the file indexed; the report's SHA-256\n"
    "\n",
    "Elasticsearch / OpenSearch (mapping in index/elasticsearch-mapping.json):\n"
    "  curl -XPUT 'localhost:9200/odihrx' -H 'Content-Type: application/json' \\\n"
    "       --data-binary @index/elasticsearch-mapping.json\n"
    "  odihrx index --format ndjson -o bulk.ndjson reports/*.md\n"
    "  curl -XPOST 'localhost:9200/odihrx/_bulk?refresh=wait_for' \\\n"
    "       -H 'Content-Type: application/x-ndjson' --data-binary @bulk.ndjson\n"
    "  A body over 100 MB (the default http.max_content_length): split -l 20000\n"
    "  bulk.ndjson part- and post each part (an even line count keeps every\n"
    "  action line with its document).\n"
    "\n"
    "Solr (schema in index/solr-schema.xml):\n"
    "  cp -r $SOLR_HOME/server/solr/configsets/_default odihrx-conf\n"
    "  cp index/solr-schema.xml odihrx-conf/conf/managed-schema.xml\n"
    "       (Solr 8 and older: odihrx-conf/conf/managed-schema)\n"
    "  bin/solr create -c odihrx -d \"$PWD/odihrx-conf\"\n"
    "  odihrx index --format solr -o docs.xml reports/*.md\n"
    "  curl 'localhost:8983/solr/odihrx/update?commit=true' \\\n"
    "       -H 'Content-Type: text/xml' --data-binary @docs.xml\n"
    "\n"
    "The same report always gives the same ids, so posting again replaces its\n"
    "documents. A changed report has a new SHA-256 and new ids: delete its old\n"
    "documents first, by input, e.g.\n"
    "  curl -XPOST 'localhost:9200/odihrx/_delete_by_query' \\\n"
    "       -H 'Content-Type: application/json' \\\n"
    "       -d '{\"query\":{\"term\":{\"input\":\"reports/x.md\"}}}'\n"
    "  curl 'localhost:8983/solr/odihrx/update?commit=true' -H 'Content-Type: text/xml' \\\n"
    "       -d '<delete><query>input:\"reports/x.md\"</query></delete>'\n"
    "(--sqlite does this by itself.)\n"
    "\n"
    "Examples:\n"
    "  odihrx index --sqlite odihrx.db reports/*.md\n"
    "  odihrx search odihrx.db \"peaceful assembly\"\n"
    "  find xml -name '*.xml' | odihrx index --sqlite odihrx.db --from-list -\n"
    "  odihrx index --format ndjson reports/*.md | gzip > bulk.ndjson.gz\n"
    "\n"
    "Exit status: 0 all indexed, 1 some inputs failed, 2 usage error.\n",
    NULL};

/* ------------------------------------------------------------- helpers */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* odihrx XML, as opposed to a report: markup first (after a BOM and
 * blanks), with our namespace near the top. An XHTML report has the
 * markup but not the namespace. */
static bool is_odihrx_xml(const char *d, size_t n)
{
    size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i >= n || d[i] != '<')
        return false;
    static const char ns[] = ODIHRX_NAMESPACE;
    size_t end = n - i > 4096 ? i + 4096 : n, nl = sizeof ns - 1;
    for (size_t k = i; k + nl <= end; k++)
        if (d[k] == 'u' && memcmp(d + k, ns, nl) == 0)
            return true;
    return false;
}

static const char *severity_name(odihrx_severity s)
{
    return s == ODIHRX_ERROR ? "error" : s == ODIHRX_WARNING ? "warning" : "note";
}

static void print_diags(const odihrx_doc *doc, bool quiet, FILE *err)
{
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++) {
        const odihrx_diag *d = odihrx_doc_diag_at(doc, i);
        if (quiet && d->severity != ODIHRX_ERROR)
            continue;
        if (d->line)
            fprintf(err, "%s:%u: %s: %s [%s]\n", d->file, d->line, severity_name(d->severity),
                    d->message, d->code);
        else
            fprintf(err, "%s: %s: %s [%s]\n", d->file, severity_name(d->severity), d->message,
                    d->code);
    }
}

/* The identity of a file in the store: its canonical path, so that
 * corpus/a.md and ./corpus/a.md are one source. A file that is gone (for
 * --remove) is canonicalised through its directory. */
static char *canonical_key(const char *path)
{
    if (strcmp(path, "-") == 0)
        return strdup("<stdin>");
    char *real = realpath(path, NULL);
    if (real)
        return real;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    char *key = NULL;
    if (rdir) {
        const char *base = slash ? slash + 1 : path;
        size_t need = strlen(rdir) + strlen(base) + 2;
        key = malloc(need);
        if (key)
            snprintf(key, need, "%s%s%s", rdir, strcmp(rdir, "/") == 0 ? "" : "/", base);
    }
    free(dir);
    free(rdir);
    return key ? key : strdup(path);
}

/* ------------------------------------------------------------ options */

typedef enum out_format { OUT_NONE, OUT_NDJSON, OUT_SOLR } out_format;

typedef struct index_opts {
    const char *sqlite, *output, *from_list, *es_index, *grammars;
    out_format format;
    long jobs;
    bool force, remove, quiet, verbose;
} index_opts;

static int parse_jobs(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 1 || v > 1024)
        return -1;
    *out = v;
    return 0;
}

/* Returns the index of the first FILE, -1 after --help, -2 on a usage
 * error (already reported). */
static int parse_index_opts(int argc, char **argv, index_opts *o, FILE *out, FILE *err)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        bool val = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            for (size_t k = 0; usage_index[k]; k++)
                fputs(usage_index[k], out);
            return -1;
        } else if (strcmp(a, "--sqlite") == 0 && val) {
            o->sqlite = argv[++i];
        } else if (strcmp(a, "--format") == 0 && val) {
            const char *f = argv[++i];
            if (strcmp(f, "ndjson") == 0)
                o->format = OUT_NDJSON;
            else if (strcmp(f, "solr") == 0)
                o->format = OUT_SOLR;
            else {
                fprintf(err, "odihrx index: --format takes ndjson or solr (for SQLite: "
                             "--sqlite DB)\n");
                return -2;
            }
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && val) {
            o->output = argv[++i];
        } else if (strcmp(a, "--from-list") == 0 && val) {
            o->from_list = argv[++i];
        } else if (strcmp(a, "--es-index") == 0 && val) {
            o->es_index = argv[++i];
        } else if (strcmp(a, "--grammars") == 0 && val) {
            o->grammars = argv[++i];
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && val) {
            if (parse_jobs(argv[++i], &o->jobs)) {
                fprintf(err, "odihrx index: -j takes a number from 1 to 1024\n");
                return -2;
            }
        } else if (strcmp(a, "--force") == 0) {
            o->force = true;
        } else if (strcmp(a, "--remove") == 0) {
            o->remove = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            o->verbose = true;
        } else if (strcmp(a, "--") == 0) {
            return i + 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(err,
                    "odihrx index: unknown or incomplete option '%s'\n"
                    "Try 'odihrx index --help'.\n",
                    a);
            return -2;
        } else {
            break;
        }
    }
    return i;
}

/* Combinations that cannot work, explained. */
static int check_index_opts(const index_opts *o, int nfiles, FILE *err)
{
    const char *problem = NULL;
    if (!o->sqlite && o->format == OUT_NONE)
        problem = "name an output: --sqlite DB (e.g. odihrx index --sqlite odihrx.db "
                  "reports/*.md) or --format ndjson|solr";
    else if (nfiles == 0 && !o->from_list)
        problem = "no input files";
    else if (o->output && o->format == OUT_NONE)
        problem = "-o FILE goes with --format ndjson|solr (the database is --sqlite DB)";
    else if (o->remove && (!o->sqlite || o->format != OUT_NONE))
        problem = "--remove works on --sqlite DB alone";
    else if (o->es_index && o->format != OUT_NDJSON)
        problem = "--es-index goes with --format ndjson";
    if (!problem)
        return 0;
    fprintf(err, "odihrx index: %s\nTry 'odihrx index --help'.\n", problem);
    return -1;
}

/* Paths from argv and --from-list, in order. */
static int gather_inputs(const index_opts *o, char **argv, int first, int argc, char ***out,
                         size_t *n, FILE *err)
{
    int rc = -1;
    size_t cap = (size_t)(argc - first) + 16, count = 0;
    char **v = malloc(sizeof *v * cap);
    FILE *f = NULL;
    char *line = NULL;
    if (!v)
        goto done;
    for (int i = first; i < argc; i++)
        if (!(v[count++] = strdup(argv[i])))
            goto done;
    if (o->from_list) {
        f = strcmp(o->from_list, "-") == 0 ? stdin : fopen(o->from_list, "r");
        if (!f) {
            fprintf(err, "%s: cannot open: %s\n", o->from_list, strerror(errno));
            goto done;
        }
        size_t lcap = 0;
        ssize_t len;
        while ((len = getline(&line, &lcap, f)) >= 0) {
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = '\0';
            if (len == 0)
                continue;
            if (count == cap) {
                char **nv = realloc(v, sizeof *v * cap * 2);
                if (!nv)
                    goto done;
                v = nv;
                cap *= 2;
            }
            if (!(v[count++] = strdup(line)))
                goto done;
        }
    }
    rc = 0;
done:
    free(line);
    if (f && f != stdin)
        fclose(f);
    if (rc) {
        if (!f || f == stdin)
            fprintf(err, "odihrx index: out of memory\n");
        for (size_t k = 0; v && k < count; k++)
            free(v[k]);
        free(v);
        return -1;
    }
    *out = v;
    *n = count;
    return 0;
}

/* ------------------------------------------------------------ the batch */

typedef enum job_state { JOB_PENDING, JOB_SKIPPED, JOB_DONE, JOB_FAILED } job_state;

typedef struct job {
    char *path; /* as given */
    ix_source src;
    job_state state;
    ix_report *report; /* kept for the SQLite writer */
    ix_buf text;       /* NDJSON or Solr documents */
    char *log;         /* messages, printed in input order */
    size_t loglen, bytes;
    size_t kinds[3]; /* documents by ix_kind, for the summary */
} job;

typedef struct batch {
    const index_opts *o;
    const odihrx_grammar *g;
    job *jobs;
    size_t n;
    pthread_mutex_t lock;
    pthread_cond_t ready; /* a job finished */
    pthread_cond_t space; /* the writer took one: workers may run ahead */
    size_t next, written, window;
} batch;

/* Convert a report in memory through the public API; the XML lands in xml. */
static int convert(const batch *bt, const char *name, const odihrx_buf *in, odihrx_buf *xml,
                   FILE *log)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .source_name = name};
    odihrx_doc *doc = NULL;
    odihrx_status st = odihrx_doc_parse(in->data ? in->data : "", in->size, bt->g, &opt, &doc);
    if (doc)
        print_diags(doc, bt->o->quiet, log);
    xml->size = 0;
    if (!st)
        st = odihrx_doc_write_xml(doc, xml);
    odihrx_doc_free(doc);
    if (st)
        fprintf(log, "%s: not converted: %s\n", name, odihrx_status_string(st));
    return st ? -1 : 0;
}

/* Read, convert if needed, build the documents and, for --format, their
 * text. Runs in a worker; touches only its own job. */
static int index_one(const batch *bt, job *j, ix_tokenizer *tok, odihrx_buf *in,
                     odihrx_buf *xml, FILE *log)
{
    char msg[1024];
    const char *name = strcmp(j->path, "-") == 0 ? "<stdin>" : j->path;
    if (odihrx_cli_read_all(j->path, in, msg, sizeof msg)) {
        fprintf(log, "%s\n", msg);
        return -1;
    }
    j->bytes = in->size;
    int rc;
    if (is_odihrx_xml(in->data, in->size)) {
        rc = odihrx_index_report_from_xml(in->data, in->size, name, &j->report, msg, sizeof msg);
    } else {
        if (convert(bt, name, in, xml, log))
            return -1;
        /* our own XML, read as it stands (the buffer is rewritten next time) */
        rc = odihrx_index_report_from_written_xml(xml->data, xml->size, name, &j->report, msg,
                                                  sizeof msg);
    }
    if (rc) {
        fprintf(log, "%s\n", msg);
        return -1;
    }
    for (size_t k = 0; k < j->report->ndocs; k++)
        j->kinds[j->report->docs[k].kind]++;
    if (bt->o->format == OUT_NDJSON)
        rc = odihrx_index_write_ndjson(j->report, bt->o->es_index, &j->text);
    else if (bt->o->format == OUT_SOLR)
        rc = odihrx_index_write_solr(j->report, &j->text);
    if (rc)
        fprintf(log, "%s: out of memory\n", name);
    if (!bt->o->sqlite) {
        odihrx_index_report_free(j->report); /* the text is all the writer needs */
        j->report = NULL;
    } else if (tok && rc == 0) {
        odihrx_index_tokenize(tok, j->report); /* on failure the writer tokenises */
    }
    return rc;
}

/* With --sqlite the single writer sets the pace: the workers need more CPU
 * than it in all, but any moment it waits for a core it leaves the others
 * to run ahead until their look-ahead is full and then to idle. With -j 2 on
 * two cores, three threads shared the cores evenly; the writer got about
 * three quarters of one, and a core stood idle a quarter of the run. So the
 * workers yield to it: each lowers its own priority (on Linux the nice
 * value is a thread's own, and with autogroups it counts only against the
 * other threads of this run). 1000 reports, -j 2: 3.96 -> 3.4 s. */
enum { WORKER_NICE = 10 };

static void yield_to_writer(void)
{
#if defined(__linux__)
    id_t tid = (id_t)syscall(SYS_gettid);
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) /* nothing lost when it fails: only the pace */
        setpriority(PRIO_PROCESS, tid, nice + WORKER_NICE);
#endif
}

static void *worker(void *arg);

/* A worker in a thread of its own (not when the writer's thread does the
 * work by itself). */
static void *worker_thread(void *arg)
{
    const batch *bt = arg;
    if (bt->o->sqlite)
        yield_to_writer();
    return worker(arg);
}

static void *worker(void *arg)
{
    batch *bt = arg;
    odihrx_buf in = {0}, xml = {0};
    ix_tokenizer *tok = NULL;
    char msg[256];
    if (bt->o->sqlite)
        odihrx_index_tokenizer_new(&tok, msg, sizeof msg); /* else the writer tokenises */
    for (;;) {
        pthread_mutex_lock(&bt->lock);
        /* bounded look-ahead: finished jobs wait in memory for the writer,
         * which may also be ahead of us (it passes skipped jobs at once) */
        while (bt->next < bt->n && bt->next >= bt->written + bt->window)
            pthread_cond_wait(&bt->space, &bt->lock);
        size_t i = bt->next < bt->n ? bt->next++ : SIZE_MAX;
        pthread_mutex_unlock(&bt->lock);
        if (i == SIZE_MAX)
            break;
        job *j = &bt->jobs[i];
        if (j->state == JOB_SKIPPED) /* decided before the threads started */
            continue;
        FILE *log = open_memstream(&j->log, &j->loglen);
        int rc = index_one(bt, j, tok, &in, &xml, log ? log : stderr);
        if (log)
            fclose(log);
        pthread_mutex_lock(&bt->lock);
        j->state = rc ? JOB_FAILED : JOB_DONE;
        pthread_cond_broadcast(&bt->ready);
        pthread_mutex_unlock(&bt->lock);
    }
    free(in.data);
    odihrx_buf_free(&xml);
    odihrx_index_tokenizer_free(tok);
    return NULL;
}

/* What the writer did, for the summary and the exit status. */
typedef struct tally {
    size_t indexed, skipped, failed, docs;
    uint64_t bytes;
    bool out_error;
    double started, last_progress;
    bool progress;
} tally;

/* A batch of files is written to SQLite in one transaction; a larger one
 * saves little more and holds more reports in memory until its commit. */
enum { DB_BATCH_FILES = 32 };
#define DB_BATCH_BYTES ((uint64_t)32 << 20) /* input bytes */

/* The writer: the outputs, and the jobs written into the open batch but not
 * yet committed. A job's report is kept until its batch commits, so that
 * after a failure the other files can be written again; its messages are
 * printed then too, so they stay in input order. */
typedef struct sink {
    ix_db *db;
    FILE *out;
    const char *out_name;
    job **pending;
    size_t npending;
    uint64_t pending_bytes;
    bool tx_open; /* the batch transaction has begun */
} sink;

static void release(job *j)
{
    odihrx_index_report_free(j->report);
    j->report = NULL;
    odihrx_index_buf_free(&j->text);
    free(j->log);
    j->log = NULL;
}

/* Report a job that is written for good (or failed, with msg), and release
 * its memory. */
static void finish(const batch *bt, job *j, const char *msg, sink *sk, tally *t, FILE *err)
{
    const index_opts *o = bt->o;
    if (t->progress && (j->loglen || msg))
        fputs("\r\033[K", err);
    if (j->log && j->loglen)
        fwrite(j->log, 1, j->loglen, err);
    t->bytes += j->bytes;
    if (j->state == JOB_SKIPPED) {
        t->skipped++;
        if (o->verbose)
            fprintf(err, "%s: unchanged, skipped\n", j->path);
    } else if (j->state == JOB_FAILED || msg) {
        if (msg)
            fprintf(err, "%s\n", msg);
        t->failed++; /* the store keeps this file's old documents */
    } else {
        if (sk->out && j->text.len && !t->out_error &&
            fwrite(j->text.data, 1, j->text.len, sk->out) != j->text.len) {
            fprintf(err, "%s: cannot write: %s\n", sk->out_name, strerror(errno));
            t->out_error = true;
        }
        size_t docs = j->kinds[0] + j->kinds[1] + j->kinds[2];
        t->indexed++;
        t->docs += docs;
        if (o->verbose)
            fprintf(err, "%s: %zu document%s (%zu recommendations, %zu sections, %zu footnotes)\n",
                    j->path, docs, docs == 1 ? "" : "s", j->kinds[IX_RECOMMENDATION],
                    j->kinds[IX_SECTION], j->kinds[IX_FOOTNOTE]);
    }
    release(j);
}

/* After a failed batch (already rolled back): write each of its files in a
 * transaction of its own, so that only the file at fault fails. */
static void replay(const batch *bt, sink *sk, tally *t, FILE *err)
{
    char msg[1024];
    for (size_t i = 0; i < sk->npending; i++) {
        job *j = sk->pending[i];
        bool bad = j->state == JOB_DONE &&
                   odihrx_index_db_replace(sk->db, &j->src, j->report, msg, sizeof msg);
        finish(bt, j, bad ? msg : NULL, sk, t, err);
    }
    sk->npending = 0;
    sk->pending_bytes = 0;
}

/* Commit the open batch, then report its files in input order. */
static void flush(const batch *bt, sink *sk, tally *t, FILE *err)
{
    char msg[1024];
    bool was_open = sk->tx_open;
    sk->tx_open = false;
    if (was_open && odihrx_index_db_batch_commit(sk->db, msg, sizeof msg)) {
        fprintf(err, "odihrx index: %s; writing the files of the batch one by one\n", msg);
        replay(bt, sk, t, err);
        return;
    }
    for (size_t i = 0; i < sk->npending; i++)
        finish(bt, sk->pending[i], NULL, sk, t, err);
    sk->npending = 0;
    sk->pending_bytes = 0;
}

/* Take one finished job, in input order: into the open batch (one is begun
 * when needed), committed once the batch is full. */
static void emit(const batch *bt, job *j, sink *sk, tally *t, FILE *err)
{
    char msg[1024];
    if (!sk->db) {
        finish(bt, j, NULL, sk, t, err);
        return;
    }
    if (j->state == JOB_DONE) {
        if (!sk->tx_open) {
            if (odihrx_index_db_batch_begin(sk->db, msg, sizeof msg)) {
                sk->pending[sk->npending++] = j;
                replay(bt, sk, t, err); /* alone, each may still succeed */
                return;
            }
            sk->tx_open = true;
        }
        if (odihrx_index_db_replace(sk->db, &j->src, j->report, msg, sizeof msg)) {
            /* undo the batch; its other files, and this one, go again alone */
            odihrx_index_db_batch_rollback(sk->db);
            sk->tx_open = false;
            sk->pending[sk->npending++] = j;
            replay(bt, sk, t, err);
            return;
        }
        /* written: its tokens are not needed any more (a replay after a
         * failure tokenises again), and they are the larger part of a
         * report held until the commit */
        odihrx_index_buf_free(&j->report->tokens);
        j->report->tokenized = 0;
    }
    sk->pending[sk->npending++] = j;
    sk->pending_bytes += j->bytes;
    if (sk->npending == DB_BATCH_FILES || sk->pending_bytes >= DB_BATCH_BYTES)
        flush(bt, sk, t, err);
}

static void show_progress(const batch *bt, tally *t, bool final, FILE *err)
{
    double now = now_seconds();
    if (!final && now - t->last_progress < 0.1)
        return;
    t->last_progress = now;
    double el = now - t->started;
    size_t done = t->indexed + t->skipped + t->failed;
    double eta = done ? el / (double)done * (double)(bt->n - done) : 0;
    fprintf(err, "\r%zu/%zu files, %zu documents, %zu failed, %.1f MB/s, %.0f s left   %s", done,
            bt->n, t->docs, t->failed, el > 0 ? (double)t->bytes / 1e6 / el : 0, eta,
            final ? "\n" : "");
    fflush(err);
}

/* Before any thread starts: each file's identity, and whether the store
 * already holds it unchanged (then it is not even read). */
static int prepare_jobs(batch *bt, ix_db *db, FILE *err)
{
    size_t stdin_uses = bt->o->from_list && strcmp(bt->o->from_list, "-") == 0;
    for (size_t i = 0; i < bt->n; i++) {
        job *j = &bt->jobs[i];
        j->src.given = j->path;
        j->src.key = canonical_key(j->path);
        if (!j->src.key) {
            fprintf(err, "odihrx index: out of memory\n");
            return -1;
        }
        struct stat sb;
        if (strcmp(j->path, "-") == 0) {
            stdin_uses++;
        } else if (stat(j->path, &sb) == 0) {
            j->src.size = (int64_t)sb.st_size;
            j->src.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
            if (db && !bt->o->force && odihrx_index_db_unchanged(db, &j->src))
                j->state = JOB_SKIPPED;
        }
    }
    if (stdin_uses > 1) {
        fprintf(err, "odihrx index: standard input (-) used more than once\n");
        return -1;
    }
    return 0;
}

/* Run the workers and write their results in input order. */
static void run_batch(batch *bt, sink *sk, tally *t, FILE *err)
{
    long jobs = bt->o->jobs ? bt->o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > bt->n)
        jobs = bt->n ? (long)bt->n : 1;
    bt->window = (size_t)jobs * 4;
    pthread_t *tids = calloc((size_t)jobs, sizeof *tids);
    long started = 0;
    for (; tids && started < jobs; started++)
        if (pthread_create(&tids[started], NULL, worker_thread, bt) != 0)
            break;
    if (started == 0) {
        /* no thread could start: do the work here, one job at a time */
        bt->window = bt->n;
        worker(bt);
    }
    for (size_t i = 0; i < bt->n; i++) {
        pthread_mutex_lock(&bt->lock);
        while (bt->jobs[i].state == JOB_PENDING)
            pthread_cond_wait(&bt->ready, &bt->lock);
        pthread_mutex_unlock(&bt->lock);
        emit(bt, &bt->jobs[i], sk, t, err);
        if (t->progress)
            show_progress(bt, t, false, err);
        pthread_mutex_lock(&bt->lock);
        bt->written = i + 1;
        pthread_cond_broadcast(&bt->space);
        pthread_mutex_unlock(&bt->lock);
    }
    flush(bt, sk, t, err);
    for (long k = 0; k < started; k++)
        pthread_join(tids[k], NULL);
    free(tids);
    if (t->progress)
        show_progress(bt, t, true, err);
}

/* -o FILE: a temporary file beside it, renamed over it when complete. */
static FILE *open_output(const char *path, char **tmp, FILE *err)
{
    char msg[1024];
    int fd = odihrx_cli_temp_beside(path, tmp, msg, sizeof msg);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0) {
            snprintf(msg, sizeof msg, "%s: cannot write: %s", path, strerror(errno));
            close(fd);
            unlink(*tmp);
            free(*tmp);
            *tmp = NULL;
        }
        fprintf(err, "%s\n", msg);
    }
    return f;
}

static int close_output(FILE *f, const char *tmp, const char *path, bool ok, FILE *err)
{
    int rc = ok ? 0 : -1;
    if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc) {
        if (ok)
            fprintf(err, "%s: cannot write: %s\n", path, strerror(errno));
        unlink(tmp);
    }
    return rc;
}

static int remove_sources(const index_opts *o, ix_db *db, char **paths, size_t n, FILE *err)
{
    int rc = EXIT_ALL_OK;
    for (size_t i = 0; i < n; i++) {
        char msg[1024];
        char *key = canonical_key(paths[i]);
        int r = key ? odihrx_index_db_remove(db, key, msg, sizeof msg) : -1;
        if (r < 0)
            fprintf(err, "%s\n", key ? msg : "odihrx index: out of memory");
        else if (r == 0)
            fprintf(err, "%s: not in %s\n", paths[i], o->sqlite);
        else if (o->verbose)
            fprintf(err, "%s: removed\n", paths[i]);
        if (r <= 0)
            rc = EXIT_SOME_FAILED;
        free(key);
    }
    return rc;
}

static void summary(const index_opts *o, const batch *bt, const tally *t, ix_db *db, FILE *err)
{
    fprintf(err, "odihrx index: %zu file%s: %zu indexed (%zu documents)", bt->n,
            bt->n == 1 ? "" : "s", t->indexed, t->docs);
    if (t->skipped)
        fprintf(err, ", %zu unchanged", t->skipped);
    if (t->failed)
        fprintf(err, ", %zu failed", t->failed);
    int64_t docs, sources;
    if (db && odihrx_index_db_totals(db, &docs, &sources) == 0)
        fprintf(err, "; %s holds %lld documents from %lld files", o->sqlite, (long long)docs,
                (long long)sources);
    fputc('\n', err);
}

/* Open the outputs, run the batch, close the outputs. */
static int index_inputs(const index_opts *o, char **paths, size_t n, FILE *out, FILE *err)
{
    int rc = EXIT_SOME_FAILED;
    char msg[1024], *tmp = NULL;
    odihrx_grammar *g = NULL;
    sink sk = {.out_name = "standard output"};
    batch bt = {.o = o, .n = n};
    tally t = {.started = now_seconds()};
    bool sync_ok = false;
    bt.jobs = calloc(n ? n : 1, sizeof *bt.jobs);
    if (!bt.jobs) {
        fprintf(err, "odihrx index: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        bt.jobs[i].path = paths[i];
    sk.pending = calloc(DB_BATCH_FILES, sizeof *sk.pending);
    if (!sk.pending) {
        fprintf(err, "odihrx index: out of memory\n");
        goto done;
    }
    if (o->sqlite && odihrx_index_db_open(o->sqlite, 0, &sk.db, msg, sizeof msg)) {
        fprintf(err, "odihrx index: %s\n", msg);
        goto done;
    }
    if (o->remove) {
        rc = remove_sources(o, sk.db, paths, n, err);
        goto done;
    }
    odihrx_status st =
        odihrx_cli_grammar(o->grammars, (const char *const *)paths, n, &g, msg, sizeof msg);
    if (st) {
        fprintf(err, "odihrx: grammar: %s\n", msg[0] ? msg : odihrx_status_string(st));
        goto done;
    }
    bt.g = g;
    if (prepare_jobs(&bt, sk.db, err))
        goto done;
    if (o->format != OUT_NONE) {
        sk.out = o->output ? open_output(o->output, &tmp, err) : out;
        sk.out_name = o->output ? o->output : sk.out_name;
        if (!sk.out)
            goto done;
        if (o->format == OUT_SOLR)
            fputs(ODIHRX_INDEX_SOLR_HEAD, sk.out);
    }
    t.progress = !o->quiet && n > 1 && isatty(fileno(err));
    pthread_mutex_init(&bt.lock, NULL);
    pthread_cond_init(&bt.ready, NULL);
    pthread_cond_init(&bt.space, NULL);
    run_batch(&bt, &sk, &t, err);
    pthread_cond_destroy(&bt.space);
    pthread_cond_destroy(&bt.ready);
    pthread_mutex_destroy(&bt.lock);
    if (sk.out && o->format == OUT_SOLR)
        fputs(ODIHRX_INDEX_SOLR_TAIL, sk.out);
    sync_ok = true;
    if (sk.out && !o->output && (fflush(sk.out) != 0 || ferror(sk.out)) && !t.out_error) {
        fprintf(err, "%s: cannot write: %s\n", sk.out_name, strerror(errno));
        t.out_error = true;
    }
    /* a new database appears only now, complete */
    if (sk.db && odihrx_index_db_publish(sk.db, msg, sizeof msg)) {
        fprintf(err, "odihrx index: %s\n", msg);
        goto done;
    }
    /* quiet on success as convert is, except that a database's new totals
     * are the result of the run */
    if (!o->quiet && (sk.db || o->verbose))
        summary(o, &bt, &t, sk.db, err);
    rc = t.failed || t.out_error ? EXIT_SOME_FAILED : EXIT_ALL_OK;
done:
    if (tmp && close_output(sk.out, tmp, o->output, sync_ok && !t.out_error, err))
        rc = EXIT_SOME_FAILED;
    for (size_t i = 0; bt.jobs && i < n; i++)
        free((char *)bt.jobs[i].src.key);
    free(bt.jobs);
    free(sk.pending);
    free(tmp);
    odihrx_index_db_close(sk.db);
    odihrx_grammar_free(g);
    return rc;
}

int odihrx_cli_index(int argc, char **argv, FILE *out, FILE *err)
{
    index_opts o = {0};
    int first = parse_index_opts(argc, argv, &o, out, err);
    if (first == -1)
        return EXIT_ALL_OK;
    if (first < 0)
        return EXIT_USAGE;
    for (int i = first; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[first - 1], "--") != 0) {
            fprintf(err, "odihrx index: options go before the files ('%s')\n", argv[i]);
            return EXIT_USAGE;
        }
    if (check_index_opts(&o, argc - first, err))
        return EXIT_USAGE;
    char **paths = NULL;
    size_t n = 0;
    if (gather_inputs(&o, argv, first, argc, &paths, &n, err))
        return EXIT_SOME_FAILED;
    int rc = index_inputs(&o, paths, n, out, err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}
