/*
 * cli.c: the odihrx command line. Kept apart from main.c so tests and
 * fuzzers call odihrx_cli_main() with their own streams, without a process.
 * Exit status: 0 all inputs converted, 1 some failed, 2 usage error.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* syncfs */
#endif
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "doc.h" /* odihrx_encoding_known, odihrx_kind_known */
#include "odihrx.h"

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: odihrx COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "Turn OSCE/ODIHR election observation reports into structured XML:\n"
    "sections, footnotes, numbered recommendations and their follow-up.\n"
    "\n"
    "Commands:\n"
    "  convert FILE...      convert reports to XML (FILE may be - for stdin)\n"
    "  validate FILE.xml... check odihrx XML against the built-in schema\n"
    "  schema               print the RELAX NG schema of the output\n"
    "  catalog              print the Copenhagen Document catalog used for keys\n"
#ifdef ODIHRX_HAVE_DIFF
    "  diff OLD NEW         match the recommendations of two reports\n"
#endif
#ifdef ODIHRX_HAVE_INDEX
    "  index FILE...        search documents: SQLite FTS5, Elasticsearch NDJSON, Solr\n"
    "  search DB QUERY      search an index built with --sqlite\n"
#endif
    "\n"
    "  odihrx COMMAND --help   explains a command and its options\n"
    "  odihrx --version        prints the version\n"
    "\n"
    "Examples:\n"
    "  odihrx convert report.md > report.xml\n"
    "  odihrx convert -o out/ reports/*.md\n"
    "  odihrx validate out/*.xml\n";

static const char usage_convert[] =
    "usage: odihrx convert [OPTIONS] FILE...\n"
    "       odihrx convert [OPTIONS] -o DIR --from-list LIST\n"
    "\n"
    "Convert each FILE (markdown-like text from a PDF converter, or plain text)\n"
    "to XML in the urn:odihrx:report:1 namespace. With one input and no -o the\n"
    "XML goes to standard output; FILE - reads standard input. Many inputs are\n"
    "converted in one process by -j worker threads sharing the compiled grammar.\n"
    "Warnings (gaps in footnotes, a paragraph cut mid-sentence, a contents entry\n"
    "without its heading, ...) go to standard error as FILE:LINE: message.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR    write DIR/NAME.xml for each input (NAME: the input's\n"
    "                      base name without extension); each file is written\n"
    "                      to a temporary file in DIR, synced and renamed, so a\n"
    "                      crash or kill never leaves a partial file (outputs\n"
    "                      are synced in groups of up to 64: a killed run may\n"
    "                      leave NAME.xml.tmp* files, never a partial NAME.xml)\n"
    "      --from-list LIST  read input paths from LIST, one a line (- for stdin)\n"
    "  -j, --jobs N        worker threads (default: the number of cores)\n"
    "      --skip-existing skip inputs whose output exists and is newer (resume\n"
    "                      an interrupted run)\n"
    "      --manifest FILE write one JSON line per input: path, sha256, bytes,\n"
    "                      status, counts, warnings, milliseconds\n"
    "      --grammars DIR  use grammar files from DIR instead of the built-in\n"
    "                      ones (any file missing there keeps its default)\n"
    "      --encoding ENC  utf-8, utf-16le, utf-16be or windows-1252 instead of\n"
    "                      detecting it (BOMs and invalid UTF-8 are detected)\n"
    "      --kind KIND     report/@kind to write: final-report, interim-report,\n"
    "                      preliminary-statement, press-release, news-item,\n"
    "                      statement, needs-assessment-report or other\n"
    "  -q, --quiet         print errors only (no warnings, no progress)\n"
    "  -v, --verbose       print one line per converted input\n"
    "      --no-hash       leave meta/source/@sha256 out\n"
    "  -h, --help          show this help\n"
    "\n"
    "A progress line (files, MB/s, time left) is shown when standard error is a\n"
    "terminal. The same input always gives byte-identical XML, whatever -j and\n"
    "the order of inputs, so a run may be split across hosts and checked.\n"
    "\n"
    "Examples:\n"
    "  odihrx convert report.md > report.xml\n"
    "  odihrx convert -o xml/ -j 8 reports/*.md\n"
    "  find reports -name '*.md' | odihrx convert -o xml/ --from-list - --manifest m.jsonl\n"
    "\n"
    "Exit status: 0 all converted, 1 some inputs failed, 2 usage error.\n";

static const char usage_validate[] =
    "usage: odihrx validate FILE.xml...\n"
    "\n"
    "Check each file against the RELAX NG schema built into odihrx (print it\n"
    "with `odihrx schema`). Prints FILE: valid, or the first problems with\n"
    "their line numbers.\n"
    "\n"
    "Exit status: 0 all valid, 1 some invalid or unreadable, 2 usage error.\n";

typedef struct convert_opts {
    const char *outdir;
    const char *grammars;
    const char *from_list;
    const char *manifest;
    const char *encoding, *kind;
    long jobs;
    bool quiet, verbose, no_hash, skip_existing;
} convert_opts;

/* Whole file (or stdin for "-") into *buf, reusing its memory. */
/* Room for `want` more bytes and the NUL; the buffer is kept across files. */
static int read_room(odihrx_buf *buf, size_t want, const char *path, char *msg, size_t msglen)
{
    if (buf->cap - buf->size > want)
        return 0;
    /* doubling for pipes; a regular file asks for its exact size */
    size_t need = buf->size + want + 1;
    size_t ncap = buf->cap < 65536 ? 131072 : buf->cap * 2;
    if (ncap < need || want > 65536)
        ncap = need;
    if (ncap > ((size_t)1 << 31) + 1) {
        snprintf(msg, msglen, "%s: file larger than 2 GiB", path);
        return -1;
    }
    char *p = odihrx_realloc(buf->data, ncap); /* may advise huge pages */
    if (!p) {
        snprintf(msg, msglen, "%s: out of memory", path);
        return -1;
    }
    buf->data = p;
    buf->cap = ncap;
    /* read() would fault the fresh pages of a large file's buffer one by
     * one, in the kernel's copy loop */
    if (want >= ODIHRX_PREFAULT_FROM)
        odihrx_prefault(buf->data + buf->size, want);
    return 0;
}

int odihrx_cli_read_all(const char *path, odihrx_buf *buf, char *msg, size_t msglen)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, msglen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    buf->size = 0;
    /* A regular file is read in one piece into a buffer of its size: growing
     * by doubling would copy a 12 MB input four times over. */
    struct stat sb;
    bool regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    size_t want = regular && sb.st_size > 0 ? (size_t)sb.st_size + 1 : 65536;
    int rc = 0;
    for (;;) {
        if (read_room(buf, want, path, msg, msglen)) {
            rc = -1;
            break;
        }
        ssize_t got = read(fd, buf->data + buf->size, buf->cap - buf->size - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(msg, msglen, "%s: read error: %s", path, strerror(errno));
            rc = -1;
            break;
        }
        if (got == 0)
            break;
        buf->size += (size_t)got;
        want = regular ? 1 : 65536; /* then only the end of file is left */
    }
    if (rc == 0)
        buf->data[buf->size] = '\0';
    if (fd != STDIN_FILENO)
        close(fd);
    return rc;
}

static const char *severity_name(odihrx_severity s)
{
    return s == ODIHRX_ERROR ? "error" : s == ODIHRX_WARNING ? "warning" : "note";
}

/* Diagnostics of one document into a stream; returns the warning count. */
static size_t print_diags(const odihrx_doc *doc, bool quiet, FILE *err)
{
    size_t n = odihrx_doc_diag_count(doc), warnings = 0;
    for (size_t i = 0; i < n; i++) {
        const odihrx_diag *d = odihrx_doc_diag_at(doc, i);
        warnings += d->severity >= ODIHRX_WARNING;
        if (quiet && d->severity != ODIHRX_ERROR)
            continue;
        if (d->line)
            fprintf(err, "%s:%u: %s: %s [%s]\n", d->file, d->line, severity_name(d->severity),
                    d->message, d->code);
        else
            fprintf(err, "%s: %s: %s [%s]\n", d->file, severity_name(d->severity), d->message,
                    d->code);
    }
    return warnings;
}

/* DIR/NAME.xml for input path; "-" becomes "stdin". */
static char *output_path(const char *dir, const char *input)
{
    const char *base = strcmp(input, "-") == 0 ? "stdin" : strrchr(input, '/');
    base = base ? (base[0] == '/' ? base + 1 : base) : input;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t need = strlen(dir) + 1 + stem + 5;
    char *p = malloc(need);
    if (p)
        snprintf(p, need, "%s/%.*s.xml", dir, (int)stem, base);
    return p;
}

/* The XML stream's sinks: a file descriptor, or a stdio stream. */
static int write_fd(void *ctx, const char *data, size_t len)
{
    int fd = *(const int *)ctx;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

static int write_stream(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

/* Stream the XML to a temporary file in the destination's directory; it
 * is renamed over the destination only once synced (commit_outputs), so
 * readers and crashes never see a partial file and an existing output is
 * replaced only by a complete one. *tmp_out receives the temporary path. */
int odihrx_cli_temp_beside(const char *path, char **tmp, char *msg, size_t msglen)
{
    size_t need = strlen(path) + sizeof ".tmpXXXXXX";
    *tmp = malloc(need);
    if (!*tmp) {
        snprintf(msg, msglen, "%s: out of memory", path);
        return -1;
    }
    snprintf(*tmp, need, "%s.tmpXXXXXX", path);
    int fd = mkstemp(*tmp);
    if (fd < 0 || fchmod(fd, 0644) != 0) {
        snprintf(msg, msglen, "%s: cannot create a temporary file: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(*tmp);
        }
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    return fd;
}

static int write_temp(const char *path, const odihrx_doc *doc, char **tmp_out, char *msg,
                      size_t msglen)
{
    char *tmp;
    int fd = odihrx_cli_temp_beside(path, &tmp, msg, msglen);
    if (fd < 0)
        return -1;
    odihrx_status st = odihrx_doc_write_xml_to(doc, write_fd, &fd);
    int err = st == ODIHRX_ERR_IO ? errno : 0;
#ifndef __linux__
    if (!st && !err && fsync(fd) != 0) /* no syncfs: each file is synced alone */
        err = errno;
#endif
    if (close(fd) != 0 && !st && !err)
        err = errno;
    if (st || err) {
        if (st && st != ODIHRX_ERR_IO)
            snprintf(msg, msglen, "%s: not written: %s", path, odihrx_status_string(st));
        else
            snprintf(msg, msglen, "%s: cannot write: %s", path, strerror(err));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    *tmp_out = tmp;
    return 0;
}

/* Makes the written data of the file system holding fd durable: one
 * journal commit for a whole group of outputs, where an fsync per file
 * costs a disk round trip each (most of the time of a batch of small
 * reports). */
static int sync_outputs(int dirfd)
{
#ifdef __linux__
    return syncfs(dirfd);
#else
    (void)dirfd; /* write_temp synced each file */
    return 0;
#endif
}

/* ------------------------------------------------------------ the batch */

typedef enum result_status { RES_PENDING = 0, RES_OK, RES_FAILED, RES_SKIPPED } result_status;

typedef struct result {
    result_status status;
    char sha256[65];
    size_t bytes, warnings;
    odihrx_counts counts;
    double ms;
} result;

/* An output written to its temporary file, waiting for the group sync and
 * its rename. */
typedef struct pending_output {
    char *tmp, *dest;
    size_t index;
} pending_output;

/* A full group handed to the committer thread. */
typedef struct ready_group {
    struct ready_group *next;
    pending_output *items;
    size_t n;
} ready_group;

/* Outputs are synced in groups: at most this many files or bytes wait. */
enum { SYNC_GROUP_FILES = 64 };
#define SYNC_GROUP_BYTES ((uint64_t)64 << 20)

typedef struct batch {
    const convert_opts *o;
    const odihrx_grammar *g;
    char **inputs;
    size_t ninputs;
    result *results;
    FILE *out, *err;
    pthread_mutex_t lock; /* next, done, bytes_done and the err stream */
    size_t next, done, failed;
    uint64_t bytes_done;
    double started, last_progress;
    bool progress;
    pending_output *pending; /* under lock; SYNC_GROUP_FILES of room */
    size_t npending;
    uint64_t pending_bytes;
    int dirfd; /* the output directory, for the group sync; -1 if none */
    /* With a committer thread, full groups wait in `ready` (under lock)
     * and are synced and renamed while the workers go on converting. */
    bool committer, finished;
    ready_group *ready, **ready_tail;
    pthread_cond_t commit_cv;
} batch;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool newer_output(const char *input, const char *output)
{
    struct stat in, out;
    if (strcmp(input, "-") == 0 || stat(input, &in) != 0 || stat(output, &out) != 0)
        return false;
    return out.st_mtim.tv_sec > in.st_mtim.tv_sec ||
           (out.st_mtim.tv_sec == in.st_mtim.tv_sec && out.st_mtim.tv_nsec >= in.st_mtim.tv_nsec);
}

/* Convert one input; messages are gathered in `log` and printed together.
 * An output for -o DIR is left in a temporary file: *tmp and *dest are set
 * for the worker to queue it for the group sync. */
static void convert_one(batch *bt, size_t index, odihrx_buf *in, FILE *log,
                        char **tmp, char **dest_out)
{
    const convert_opts *o = bt->o;
    const char *path = bt->inputs[index];
    result *res = &bt->results[index];
    double t0 = now_seconds();
    char msg[1024];
    char *dest = o->outdir ? output_path(o->outdir, path) : NULL;
    res->status = RES_FAILED;
    if (o->outdir && !dest) {
        fprintf(log, "%s: out of memory\n", path);
        return;
    }
    if (dest && o->skip_existing && newer_output(path, dest)) {
        res->status = RES_SKIPPED;
        if (o->verbose)
            fprintf(log, "%s: skipped, %s is newer\n", path, dest);
        free(dest);
        return;
    }
    if (odihrx_cli_read_all(path, in, msg, sizeof msg)) {
        fprintf(log, "%s\n", msg);
        free(dest);
        return;
    }
    res->bytes = in->size;
    /* read_all leaves a NUL after the data, and the buffer outlives the
     * document: clean UTF-8 is parsed in place and paragraphs borrow
     * their text from it */
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = (o->no_hash ? ODIHRX_OPT_NO_HASH : 0) |
                                   ODIHRX_OPT_INPUT_TERMINATED | ODIHRX_OPT_INPUT_BORROWED,
                          .source_name = strcmp(path, "-") == 0 ? "<stdin>" : path,
                          .encoding = o->encoding,
                          .kind = o->kind};
    odihrx_doc *doc = NULL;
    odihrx_status st = odihrx_doc_parse(in->data ? in->data : "", in->size, bt->g, &opt, &doc);
    if (doc) {
        res->warnings = print_diags(doc, o->quiet, log);
        odihrx_doc_counts(doc, &res->counts);
        snprintf(res->sha256, sizeof res->sha256, "%s", odihrx_doc_sha256(doc));
    }
    if (st) {
        odihrx_doc_free(doc);
        fprintf(log, "%s: not converted: %s\n", path, odihrx_status_string(st));
        free(dest);
        return;
    }
    /* The XML is streamed to its file, never held whole: a large report
     * costs its input and its model, not a third copy. */
    int rc = 0;
    if (dest) {
        rc = write_temp(dest, doc, tmp, msg, sizeof msg);
        if (rc)
            fprintf(log, "%s\n", msg);
        else
            *dest_out = dest, dest = NULL;
    } else {
        st = odihrx_doc_write_xml_to(doc, write_stream, bt->out);
        if (st || fflush(bt->out) != 0) {
            fprintf(log, "%s: cannot write the XML: %s\n", path,
                    st && st != ODIHRX_ERR_IO ? odihrx_status_string(st) : strerror(errno));
            rc = -1;
        }
    }
    odihrx_doc_free(doc);
    res->ms = (now_seconds() - t0) * 1000.0;
    if (rc == 0) {
        res->status = RES_OK;
        if (o->verbose)
            fprintf(log, "%s: converted (%zu sections, %zu footnotes, %zu recommendations, "
                         "%zu keys) in %.1f ms\n",
                    path, res->counts.sections, res->counts.footnotes,
                    res->counts.recommendations, res->counts.keys, res->ms);
    }
    free(dest);
}

static void show_progress(batch *bt, bool final)
{
    double t = now_seconds();
    if (!final && t - bt->last_progress < 0.1)
        return;
    bt->last_progress = t;
    double el = t - bt->started;
    double mbs = el > 0 ? (double)bt->bytes_done / 1e6 / el : 0;
    double eta = bt->done ? el / (double)bt->done * (double)(bt->ninputs - bt->done) : 0;
    fprintf(bt->err, "\r%zu/%zu files, %zu failed, %.1f MB/s, %.0f s left   %s", bt->done,
            bt->ninputs, bt->failed, mbs, eta, final ? "\n" : "");
    fflush(bt->err);
}

/* Sync the file system once for a group of outputs, then rename each
 * into place; a failure fails that input. Takes ownership of the group. */
static void commit_outputs(batch *bt, pending_output *group, size_t n)
{
    if (n == 0) {
        free(group);
        return;
    }
    int sync_rc = bt->dirfd >= 0 ? sync_outputs(bt->dirfd) : (sync(), 0);
    int sync_errno = errno;
    for (size_t k = 0; k < n; k++) {
        pending_output *p = &group[k];
        int err = sync_rc ? sync_errno : rename(p->tmp, p->dest) ? errno : 0;
        if (err) {
            unlink(p->tmp);
            pthread_mutex_lock(&bt->lock);
            if (bt->progress)
                fputs("\r\033[K", bt->err);
            fprintf(bt->err, "%s: cannot write: %s\n", p->dest, strerror(err));
            bt->results[p->index].status = RES_FAILED;
            bt->failed++;
            pthread_mutex_unlock(&bt->lock);
        }
        free(p->tmp);
        free(p->dest);
    }
    free(group);
}

/* Under bt->lock: the waiting outputs, taken out of the batch to commit. */
static pending_output *take_pending(batch *bt, size_t *n)
{
    pending_output *group = bt->pending;
    *n = bt->npending;
    bt->pending = NULL;
    bt->npending = 0;
    bt->pending_bytes = 0;
    return group;
}

static void *worker(void *arg)
{
    batch *bt = arg;
    odihrx_buf in = {0};
    for (;;) {
        pthread_mutex_lock(&bt->lock);
        size_t i = bt->next < bt->ninputs ? bt->next++ : SIZE_MAX;
        pthread_mutex_unlock(&bt->lock);
        if (i == SIZE_MAX)
            break;
        char *logtext = NULL;
        size_t loglen = 0;
        char *tmp = NULL, *dest = NULL;
        FILE *log = open_memstream(&logtext, &loglen);
        convert_one(bt, i, &in, log ? log : bt->err, &tmp, &dest);
        if (log)
            fclose(log);
        pending_output *group = NULL;
        size_t ngroup = 0;
        pthread_mutex_lock(&bt->lock);
        if (bt->progress && loglen)
            fputs("\r\033[K", bt->err);
        if (logtext && loglen)
            fwrite(logtext, 1, loglen, bt->err);
        bt->done++;
        bt->failed += bt->results[i].status == RES_FAILED;
        bt->bytes_done += bt->results[i].bytes;
        if (tmp) {
            if (!bt->pending)
                bt->pending = malloc(sizeof *bt->pending * SYNC_GROUP_FILES);
            if (bt->pending) {
                bt->pending[bt->npending++] = (pending_output){tmp, dest, i};
                bt->pending_bytes += bt->results[i].bytes;
                if (bt->npending == SYNC_GROUP_FILES || bt->pending_bytes >= SYNC_GROUP_BYTES)
                    group = take_pending(bt, &ngroup);
                ready_group *r = group && bt->committer ? malloc(sizeof *r) : NULL;
                if (r) { /* else this worker commits it itself */
                    *r = (ready_group){NULL, group, ngroup};
                    *bt->ready_tail = r;
                    bt->ready_tail = &r->next;
                    pthread_cond_signal(&bt->commit_cv);
                    group = NULL;
                    ngroup = 0;
                }
            } else {
                /* no memory for the queue: this one is committed alone */
                group = malloc(sizeof *group);
                if (group) {
                    group[0] = (pending_output){tmp, dest, i};
                    ngroup = 1;
                } else {
                    fprintf(bt->err, "%s: out of memory\n", bt->inputs[i]);
                    unlink(tmp);
                    free(tmp);
                    free(dest);
                    bt->results[i].status = RES_FAILED;
                    bt->failed++;
                }
            }
        }
        if (bt->progress)
            show_progress(bt, false);
        pthread_mutex_unlock(&bt->lock);
        free(logtext);
        commit_outputs(bt, group, ngroup);
    }
    free(in.data);
    return NULL;
}

/* Syncs and renames the groups the workers hand over, until the batch is
 * finished and none is left: the workers never wait for the disk. */
static void *committer(void *arg)
{
    batch *bt = arg;
    pthread_mutex_lock(&bt->lock);
    for (;;) {
        while (!bt->ready && !bt->finished)
            pthread_cond_wait(&bt->commit_cv, &bt->lock);
        ready_group *r = bt->ready;
        if (!r)
            break;
        bt->ready = r->next;
        if (!bt->ready)
            bt->ready_tail = &bt->ready;
        pthread_mutex_unlock(&bt->lock);
        commit_outputs(bt, r->items, r->n);
        free(r);
        pthread_mutex_lock(&bt->lock);
    }
    pthread_mutex_unlock(&bt->lock);
    return NULL;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int write_manifest(const batch *bt, FILE *err)
{
    FILE *f = fopen(bt->o->manifest, "w");
    if (!f) {
        fprintf(err, "%s: cannot write the manifest: %s\n", bt->o->manifest, strerror(errno));
        return -1;
    }
    static const char *const names[] = {"pending", "ok", "failed", "skipped"};
    for (size_t i = 0; i < bt->ninputs; i++) {
        const result *r = &bt->results[i];
        fputs("{\"path\":", f);
        json_string(f, bt->inputs[i]);
        fprintf(f, ",\"sha256\":\"%s\",\"bytes\":%zu,\"status\":\"%s\",", r->sha256, r->bytes,
                names[r->status]);
        fprintf(f, "\"counts\":{\"sections\":%zu,\"paragraphs\":%zu,\"footnotes\":%zu,"
                   "\"recommendations\":%zu,\"citations\":%zu,\"keys\":%zu},",
                r->counts.sections, r->counts.paragraphs, r->counts.footnotes,
                r->counts.recommendations, r->counts.citations, r->counts.keys);
        fprintf(f, "\"warnings\":%zu,\"ms\":%.3f}\n", r->warnings, r->ms);
    }
    int rc = ferror(f) ? -1 : 0;
    if (fclose(f) != 0)
        rc = -1;
    if (rc)
        fprintf(err, "%s: cannot write the manifest\n", bt->o->manifest);
    return rc;
}

/* JIT-compiling the grammar's patterns takes about 10 ms; run by the
 * interpreter instead they cost about 0.3 ms more per 125 KB report (1000
 * corpus reports: 1.25 -> 1.57 s of CPU; one report: 28 -> 20 ms in all).
 * They break even at about 4 MB of input. */
enum { JIT_FROM_BYTES = 4 << 20 };

odihrx_status odihrx_cli_grammar(const char *dir, const char *const *paths, size_t n,
                                 odihrx_grammar **out, char *msg, size_t msglen)
{
    off_t total = 0;
    for (size_t i = 0; i < n && total < JIT_FROM_BYTES; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 && S_ISREG(sb.st_mode))
            total += sb.st_size;
    }
    return odihrx_grammar_new_mode(dir, total >= JIT_FROM_BYTES ? ODIHRX_GRAMMAR_JIT
                                                                : ODIHRX_GRAMMAR_INTERPRETED,
                                   out, msg, msglen);
}

/* Paths from argv and --from-list, in order. */
static int gather_inputs(const convert_opts *o, char **argv, int first, int argc, char ***out,
                         size_t *n, FILE *err)
{
    size_t cap = (size_t)(argc - first) + 16, count = 0;
    char **v = malloc(sizeof *v * cap);
    if (!v)
        return -1;
    for (int i = first; i < argc; i++)
        v[count++] = strdup(argv[i]);
    if (o->from_list) {
        FILE *f = strcmp(o->from_list, "-") == 0 ? stdin : fopen(o->from_list, "r");
        if (!f) {
            fprintf(err, "%s: cannot open: %s\n", o->from_list, strerror(errno));
            for (size_t k = 0; k < count; k++)
                free(v[k]);
            free(v);
            return -1;
        }
        char *line = NULL;
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
                    break;
                v = nv;
                cap *= 2;
            }
            v[count++] = strdup(line);
        }
        free(line);
        if (f != stdin)
            fclose(f);
    }
    for (size_t k = 0; k < count; k++)
        if (!v[k]) {
            for (size_t j = 0; j < count; j++)
                free(v[j]);
            free(v);
            return -1;
        }
    *out = v;
    *n = count;
    return 0;
}

static int cmd_convert(int argc, char **argv, FILE *out, FILE *err)
{
    convert_opts o = {.jobs = 0};
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_convert, out);
            return EXIT_ALL_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && has_value) {
            o.outdir = argv[++i];
        } else if (strcmp(a, "--from-list") == 0 && has_value) {
            o.from_list = argv[++i];
        } else if (strcmp(a, "--manifest") == 0 && has_value) {
            o.manifest = argv[++i];
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && has_value) {
            char *end;
            o.jobs = strtol(argv[++i], &end, 10);
            if (*end || o.jobs < 1 || o.jobs > 1024) {
                fprintf(err, "odihrx convert: -j takes a number from 1 to 1024\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--grammars") == 0 && has_value) {
            o.grammars = argv[++i];
        } else if (strcmp(a, "--encoding") == 0 && has_value) {
            o.encoding = argv[++i];
        } else if (strcmp(a, "--kind") == 0 && has_value) {
            o.kind = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = true;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            o.verbose = true;
        } else if (strcmp(a, "--no-hash") == 0) {
            o.no_hash = true;
        } else if (strcmp(a, "--skip-existing") == 0) {
            o.skip_existing = true;
        } else if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(err, "odihrx convert: unknown or incomplete option '%s'\n"
                         "Try 'odihrx convert --help'.\n", a);
            return EXIT_USAGE;
        } else {
            first = i;
            break;
        }
    }
    for (int i = first; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[first - 1], "--") != 0) {
            fprintf(err, "odihrx convert: options go before the files ('%s')\n", argv[i]);
            return EXIT_USAGE;
        }
    if (first >= argc && !o.from_list) {
        fprintf(err, "odihrx convert: no input files\nTry 'odihrx convert --help'.\n");
        return EXIT_USAGE;
    }
    if ((o.from_list || argc - first > 1) && !o.outdir) {
        fprintf(err, "odihrx convert: several inputs need an output directory (-o DIR)\n");
        return EXIT_USAGE;
    }
    if (o.encoding && !odihrx_encoding_known(o.encoding)) {
        fprintf(err, "odihrx convert: unknown encoding '%s' (utf-8, utf-16le, utf-16be, "
                     "windows-1252)\n", o.encoding);
        return EXIT_USAGE;
    }
    if (o.kind && !odihrx_kind_known(o.kind)) {
        fprintf(err, "odihrx convert: unknown kind '%s'; see odihrx convert --help\n", o.kind);
        return EXIT_USAGE;
    }
    if (o.skip_existing && !o.outdir) {
        fprintf(err, "odihrx convert: --skip-existing needs -o DIR\n");
        return EXIT_USAGE;
    }
    if (o.outdir) {
        struct stat sb;
        if (stat(o.outdir, &sb) != 0 && mkdir(o.outdir, 0777) != 0) {
            fprintf(err, "odihrx convert: cannot create %s: %s\n", o.outdir, strerror(errno));
            return EXIT_SOME_FAILED;
        }
    }
    char msg[512];
    batch bt = {.o = &o, .out = out, .err = err, .dirfd = -1};
    if (gather_inputs(&o, argv, first, argc, &bt.inputs, &bt.ninputs, err))
        return EXIT_SOME_FAILED;
    odihrx_grammar *g = NULL;
    odihrx_status st = odihrx_cli_grammar(o.grammars, (const char *const *)bt.inputs,
                                          bt.ninputs, &g, msg, sizeof msg);
    if (st) {
        fprintf(err, "odihrx: grammar: %s\n", msg[0] ? msg : odihrx_status_string(st));
        for (size_t i = 0; i < bt.ninputs; i++)
            free(bt.inputs[i]);
        free(bt.inputs);
        return EXIT_SOME_FAILED;
    }
    bt.g = g;
    bt.results = calloc(bt.ninputs ? bt.ninputs : 1, sizeof *bt.results);
    if (o.outdir)
        bt.dirfd = open(o.outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = EXIT_ALL_OK;
    if (!bt.results) {
        fprintf(err, "odihrx convert: out of memory\n");
        rc = EXIT_SOME_FAILED;
        goto done;
    }
    long jobs = o.jobs ? o.jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > bt.ninputs)
        jobs = bt.ninputs ? (long)bt.ninputs : 1;
    bt.progress = !o.quiet && bt.ninputs > 1 && isatty(fileno(err));
    bt.started = now_seconds();
    pthread_mutex_init(&bt.lock, NULL);
    pthread_cond_init(&bt.commit_cv, NULL);
    bt.ready_tail = &bt.ready;
    pthread_t committer_tid;
    bt.committer = o.outdir && pthread_create(&committer_tid, NULL, committer, &bt) == 0;
    if (jobs == 1) {
        worker(&bt);
    } else {
        pthread_t *tids = calloc((size_t)jobs, sizeof *tids);
        long started = 0;
        for (; tids && started < jobs; started++)
            if (pthread_create(&tids[started], NULL, worker, &bt) != 0)
                break;
        if (started == 0)
            worker(&bt); /* no thread could start: convert here */
        for (long t = 0; t < started; t++)
            pthread_join(tids[t], NULL);
        free(tids);
    }
    if (bt.committer) {
        pthread_mutex_lock(&bt.lock);
        bt.finished = true;
        pthread_cond_signal(&bt.commit_cv);
        pthread_mutex_unlock(&bt.lock);
        pthread_join(committer_tid, NULL);
    }
    /* the last group, then one more sync so the renames are durable too */
    size_t nlast = 0;
    pending_output *last = take_pending(&bt, &nlast);
    commit_outputs(&bt, last, nlast);
    if (bt.dirfd >= 0 && sync_outputs(bt.dirfd) != 0) {
        fprintf(err, "odihrx convert: %s: cannot sync: %s\n", o.outdir, strerror(errno));
        rc = EXIT_SOME_FAILED;
    }
    pthread_cond_destroy(&bt.commit_cv);
    pthread_mutex_destroy(&bt.lock);
    if (bt.progress)
        show_progress(&bt, true);
    if (bt.failed)
        rc = EXIT_SOME_FAILED;
    if (o.manifest && write_manifest(&bt, err))
        rc = EXIT_SOME_FAILED;
done:
    if (bt.dirfd >= 0)
        close(bt.dirfd);
    for (size_t i = 0; i < bt.ninputs; i++)
        free(bt.inputs[i]);
    free(bt.inputs);
    free(bt.results);
    odihrx_grammar_free(g);
    return rc;
}

static const char usage_catalog[] =
    "usage: odihrx catalog [--grammars DIR]\n"
    "\n"
    "Print the catalog of the 1990 OSCE Copenhagen Document that recommendations\n"
    "are keyed to (grammars/copenhagen.tsv): one paragraph a line, TAB-separated:\n"
    "paragraph, election-related (yes/no), certainty (certain/uncertain), subject.\n";

/* The catalog is read through the public grammar loader so that --grammars
 * shows exactly what convert would use. */
static int cmd_catalog(int argc, char **argv, FILE *out, FILE *err)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_catalog, out);
            return EXIT_ALL_OK;
        } else if (strcmp(argv[i], "--grammars") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(err, "odihrx catalog: unexpected argument '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    char msg[512];
    odihrx_grammar *g = NULL;
    odihrx_status st = odihrx_grammar_new(dir, &g, msg, sizeof msg);
    if (st) {
        fprintf(err, "odihrx: grammar: %s\n", msg[0] ? msg : odihrx_status_string(st));
        return EXIT_SOME_FAILED;
    }
    fputs("# paragraph\telection\tcertainty\tsubject\n", out);
    for (size_t i = 0; i < odihrx_grammar_catalog_count(g); i++) {
        odihrx_catalog_entry e;
        odihrx_grammar_catalog_at(g, i, &e);
        fprintf(out, "%s\t%s\t%s\t%s\n", e.paragraph, e.election ? "yes" : "no",
                e.certain ? "certain" : "uncertain", e.subject);
    }
    odihrx_grammar_free(g);
    return EXIT_ALL_OK;
}

/* The library's "line N: what: message" lines as "FILE:N: error: what:
 * message", the form editors and CI logs jump to. */
static void print_validation(FILE *err, const char *file, odihrx_status st, const char *msg)
{
    if (!*msg) {
        fprintf(err, "%s: error: %s\n", file, odihrx_status_string(st));
        return;
    }
    while (*msg) {
        const char *eol = strchr(msg, '\n');
        size_t n = eol ? (size_t)(eol - msg) : strlen(msg);
        unsigned line;
        int used = 0;
        if (sscanf(msg, "line %u: %n", &line, &used) == 1 && used > 0 && (size_t)used <= n) {
            if (line)
                fprintf(err, "%s:%u: error: %.*s\n", file, line, (int)(n - (size_t)used),
                        msg + used);
            else
                fprintf(err, "%s: error: %.*s\n", file, (int)(n - (size_t)used), msg + used);
        } else {
            fprintf(err, "%s: %.*s\n", file, (int)n, msg);
        }
        msg += n + (eol != NULL);
    }
}

static int cmd_validate(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2) {
        fputs(usage_validate, err);
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_validate, out);
            return EXIT_ALL_OK;
        }
    int failed = 0;
    odihrx_buf in = {0};
    for (int i = 1; i < argc; i++) {
        char msg[4096];
        if (odihrx_cli_read_all(argv[i], &in, msg, sizeof msg)) {
            fprintf(err, "%s\n", msg);
            failed++;
            continue;
        }
        odihrx_status st = odihrx_validate_xml(in.data ? in.data : "", in.size, msg, sizeof msg);
        if (st == ODIHRX_OK) {
            fprintf(out, "%s: valid\n", argv[i]);
        } else {
            failed++;
            print_validation(err, argv[i], st, msg);
        }
    }
    free(in.data);
    return failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}

int odihrx_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    xmlInitParser();
    if (argc < 2) {
        fputs(usage_main, err);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, out);
        return EXIT_ALL_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        fprintf(out, "odihrx %s (output contract urn:odihrx:report:1)\n", odihrx_version());
        return EXIT_ALL_OK;
    }
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(argc - 1, argv + 1, out, err);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1, out, err);
    if (strcmp(cmd, "catalog") == 0)
        return cmd_catalog(argc - 1, argv + 1, out, err);
#ifdef ODIHRX_HAVE_DIFF
    if (strcmp(cmd, "diff") == 0)
        return odihrx_cli_diff(argc - 1, argv + 1, out, err);
#endif
#ifdef ODIHRX_HAVE_INDEX
    if (strcmp(cmd, "index") == 0)
        return odihrx_cli_index(argc - 1, argv + 1, out, err);
    if (strcmp(cmd, "search") == 0)
        return odihrx_cli_search(argc - 1, argv + 1, out, err);
#endif
    if (strcmp(cmd, "schema") == 0) {
        fputs(odihrx_schema_rng(), out);
        return EXIT_ALL_OK;
    }
    fprintf(err, "odihrx: unknown command '%s'\nTry 'odihrx --help'.\n", cmd);
    return EXIT_USAGE;
}
