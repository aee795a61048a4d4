/*
 * index_search.c: the `odihrx search` verb.
 *
 * Turns a plain query into an FTS5 expression (so that no character a user
 * types is read as FTS5 syntax unless asked with --raw), runs it with the
 * filters through index_db.c, and prints the hits for people (a snippet
 * with the matched words marked, where the document stands, its keys) or
 * as one JSON document for programs.
 *
 * Exit status: 0 hits found, 1 none (or the database cannot be read), 2
 * usage error or a query FTS5 rejects.
 */
#include "cli.h"
#include "index.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_search[] =
    "usage: odihrx search [OPTIONS] DB [QUERY]\n"
    "\n"
    "Search the database that `odihrx index --sqlite DB` built. Hits are\n"
    "ranked by BM25 (the document's text counts most, its section heading and\n"
    "topic half as much; a recommendation's score is weighted 1.5, as they\n"
    "are what most searches are after), each with a snippet whose matched\n"
    "words are marked.\n"
    "\n"
    "QUERY: words that must all occur, in any form (porter stemming: assembly\n"
    "finds assemblies); \"a phrase\" in double quotes; OR and NOT between terms;\n"
    "word* for a prefix; parentheses group. Without QUERY the filters alone\n"
    "select: recommendations, then sections, then footnotes, and for --key the\n"
    "strongest evidence first (cited, then section, then lexicon). Options\n"
    "may come before or after DB and QUERY; put -- before a QUERY that\n"
    "starts with -.\n"
    "\n"
    "Filters:\n"
    "      --key P          keyed to Copenhagen paragraph P; 7 also takes 7.1,\n"
    "                       7.2 ... (a recommendation's keys, or the paragraphs\n"
    "                       a section or footnote cites)\n"
    "      --country C      country name or two-letter code (KZ), any case\n"
    "      --year Y         election year (the report's year when unknown)\n"
    "      --kind K         recommendation, section or footnote\n"
    "      --report-kind K  final-report, interim-report, preliminary-statement,\n"
    "                       press-release, news-item, statement, other\n"
    "Output:\n"
    "  -n, --limit N        at most N hits (default 10)\n"
    "      --offset N       skip the first N hits (paging)\n"
    "      --format F       text (default) or json: one object with the query,\n"
    "                       the FTS5 expression run, and the hits, each with\n"
    "                       every field of `odihrx index --help`, score and\n"
    "                       snippet\n"
    "      --mark-start S   text before a matched word (default: bold on a\n"
    "      --mark-end S     terminal, ** otherwise; <em> and </em> in json)\n"
    "      --raw            QUERY is FTS5 syntax, passed as it is (columns:\n"
    "                       text, section_heading, topic; NEAR(...), ^)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Examples:\n"
    "  odihrx search odihrx.db \"peaceful assembly\"\n"
    "  odihrx search odihrx.db --key 7.6 --kind recommendation\n"
    "  odihrx search odihrx.db 'observers OR observation' --country KZ --year 2021\n"
    "  odihrx search odihrx.db --format json 'media*' | jq '.hits[].id'\n"
    "\n"
    "Exit status: 0 hits found, 1 no hits (or the database cannot be read),\n"
    "2 usage error or a malformed query.\n";

typedef struct search_opts {
    const char *db;
    ix_buf query; /* the positional words, joined by spaces */
    ix_query q;
    bool raw, json;
} search_opts;

static bool has_token_char(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return true;
    }
    return false;
}

/* One term as an FTS5 string: in double quotes, inner quotes doubled, so no
 * character of a user's word is ever read as FTS5 syntax ("long-standing",
 * "7.6" and "don't" all become phrases of their tokens). */
static void fts_phrase(ix_buf *b, const char *s, size_t n)
{
    odihrx_index_buf_puts(b, b->len ? " \"" : "\"");
    for (size_t i = 0; i < n; i++)
        odihrx_index_buf_put(b, s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
    odihrx_index_buf_put(b, "\"", 1);
}

/* A plain query to an FTS5 expression: words (implicitly ANDed), "phrases",
 * OR/NOT/AND, word* prefixes, parentheses. Returns the number of terms. */
static size_t to_fts(const char *q, ix_buf *b)
{
    size_t terms = 0;
    for (const char *p = q; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else if (*p == '(' || *p == ')') {
            odihrx_index_buf_puts(b, *p == '(' ? (b->len ? " (" : "(") : ")");
            p++;
        } else if (*p == '"') {
            const char *end = strchr(p + 1, '"');
            size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
            if (has_token_char(p + 1, len)) {
                fts_phrase(b, p + 1, len);
                terms++;
            }
            p += len + 1 + (end != NULL);
            if (*p == '*' && terms)
                odihrx_index_buf_put(b, "*", 1), p++;
        } else {
            size_t len = strcspn(p, " \t\r\n\"()");
            bool op = (len == 2 && memcmp(p, "OR", 2) == 0) ||
                      (len == 3 && (memcmp(p, "AND", 3) == 0 || memcmp(p, "NOT", 3) == 0));
            bool prefix = len > 1 && p[len - 1] == '*';
            if (op) {
                odihrx_index_buf_put(b, " ", 1);
                odihrx_index_buf_put(b, p, len);
            } else if (has_token_char(p, len - prefix)) {
                fts_phrase(b, p, len - prefix);
                if (prefix)
                    odihrx_index_buf_put(b, "*", 1);
                terms++;
            }
            p += len;
        }
    }
    return terms;
}

static int parse_search_number(const char *opt, const char *s, long min, long max, long *out,
                               FILE *err)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || !*s || v < min || v > max) {
        fprintf(err, "odihrx search: %s takes a number from %ld to %ld\n", opt, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* One option at argv[*i]; 1 consumed, 0 not an option of ours, -1 usage
 * error (reported). */
static int search_option(search_opts *o, int argc, char **argv, int *i, FILE *err)
{
    const char *a = argv[*i];
    static const char *const valued[] = {"--key",         "--country",    "--year",    "--kind",
                                         "--report-kind", "-n",           "--limit",   "--offset",
                                         "--format",      "--mark-start", "--mark-end"};
    bool takes_value = false;
    for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
        takes_value |= strcmp(a, valued[k]) == 0;
    if (!takes_value) {
        if (strcmp(a, "--raw") != 0)
            return 0;
        o->raw = true;
        return 1;
    }
    if (*i + 1 >= argc) {
        fprintf(err, "odihrx search: %s needs a value\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    long num;
    if (strcmp(a, "--key") == 0) {
        o->q.key = v;
    } else if (strcmp(a, "--country") == 0) {
        o->q.country = v;
    } else if (strcmp(a, "--year") == 0) {
        if (parse_search_number(a, v, 1, 9999, &num, err))
            return -1;
        o->q.year = (int)num;
    } else if (strcmp(a, "--kind") == 0) {
        if (strcmp(v, "recommendation") && strcmp(v, "section") && strcmp(v, "footnote")) {
            fprintf(err, "odihrx search: --kind takes recommendation, section or footnote\n");
            return -1;
        }
        o->q.kind = v;
    } else if (strcmp(a, "--report-kind") == 0) {
        o->q.report_kind = v;
    } else if (strcmp(a, "-n") == 0 || strcmp(a, "--limit") == 0) {
        if (parse_search_number(a, v, 1, 1000000, &o->q.limit, err))
            return -1;
    } else if (strcmp(a, "--offset") == 0) {
        if (parse_search_number(a, v, 0, 1000000000, &o->q.offset, err))
            return -1;
    } else if (strcmp(a, "--format") == 0) {
        if (strcmp(v, "json") && strcmp(v, "text")) {
            fprintf(err, "odihrx search: --format takes text or json\n");
            return -1;
        }
        o->json = strcmp(v, "json") == 0;
    } else if (strcmp(a, "--mark-start") == 0) {
        o->q.mark_open = v;
    } else {
        o->q.mark_close = v;
    }
    return 1;
}

/* Options anywhere; the first other word is DB, the rest is the query.
 * Returns 0, 1 after --help, -1 on a usage error. */
static int parse_search_opts(int argc, char **argv, search_opts *o, FILE *out, FILE *err)
{
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            fputs(usage_search, out);
            return 1;
        }
        if (options && strcmp(a, "--") == 0) {
            options = false;
            continue;
        }
        if (options && a[0] == '-' && a[1] != '\0') {
            int r = search_option(o, argc, argv, &i, err);
            if (r < 0)
                return -1;
            if (r == 0) {
                fprintf(err,
                        "odihrx search: unknown option '%s'\n"
                        "Try 'odihrx search --help'.\n",
                        a);
                return -1;
            }
        } else if (!o->db) {
            o->db = a;
        } else {
            if (o->query.len)
                odihrx_index_buf_put(&o->query, " ", 1);
            odihrx_index_buf_puts(&o->query, a);
        }
    }
    if (!o->db) {
        fprintf(err, "odihrx search: no database\nTry 'odihrx search --help'.\n");
        return -1;
    }
    return 0;
}

typedef struct printer {
    FILE *out;
    ix_buf json;
    long rank;
    bool json_mode;
} printer;

/* The elements of a JSON array of plain strings or numbers, space
 * separated, for people ("7.6:section" -> "7.6 (section)"). */
static void print_list(FILE *out, const char *json, bool bases)
{
    bool first = true;
    for (const char *p = json ? json : ""; *p;) {
        if (*p == '[' || *p == ']' || *p == ',' || *p == '"') {
            p++;
            continue;
        }
        size_t len = strcspn(p, "\",]");
        const char *colon = bases ? memchr(p, ':', len) : NULL;
        if (colon)
            fprintf(out, "%s%.*s (%.*s)", first ? "" : ", ", (int)(colon - p), p,
                    (int)(len - (size_t)(colon - p) - 1), colon + 1);
        else
            fprintf(out, "%s%.*s", first ? "" : " ", (int)len, p);
        first = false;
        p += len;
    }
}

/* Text on one line: line breaks become spaces; without a snippet, the
 * first 200 bytes, cut at a word boundary. */
static void print_excerpt(FILE *out, const char *s, bool cut)
{
    size_t n = strlen(s);
    if (cut && n > 200) {
        n = 200;
        while (n > 120 && s[n] != ' ')
            n--;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* never inside a UTF-8 sequence */
    }
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\n' ? ' ' : s[i], out);
    if (n < strlen(s))
        fputs(" …", out);
}

static const char *text_of(const ix_hit *h, const char *name)
{
    const ix_field *f = odihrx_index_hit_get(h, name);
    return f->type == IX_TEXT || f->type == IX_JSON ? f->text : NULL;
}

static long long int_of(const ix_hit *h, const char *name)
{
    const ix_field *f = odihrx_index_hit_get(h, name);
    return f->type == IX_INT ? (long long)f->i : 0;
}

/* A hit for people: what and where, the snippet, then the evidence. */
static void print_hit_text(printer *pr, const ix_hit *h)
{
    FILE *out = pr->out;
    const char *kind = text_of(h, "kind"), *sec = text_of(h, "section_num");
    fprintf(out, "%ld. %s", ++pr->rank, kind ? kind : "?");
    if (int_of(h, "recommendation"))
        fprintf(out, " %lld", int_of(h, "recommendation"));
    if (int_of(h, "footnote"))
        fprintf(out, " %lld", int_of(h, "footnote"));
    if (kind && strcmp(kind, "section") == 0 && sec)
        fprintf(out, " %s", sec);
    const char *prio = text_of(h, "priority"), *topic = text_of(h, "topic");
    if (prio && strcmp(prio, "true") == 0)
        fputs(" (priority)", out);
    if (topic)
        fprintf(out, " [%s]", topic);
    const char *country = text_of(h, "country"), *etype = text_of(h, "election_type");
    const char *edate = text_of(h, "election_date"), *rkind = text_of(h, "report_kind");
    fprintf(out, " · %s", country ? country : "?");
    if (etype)
        fprintf(out, " %s", etype);
    if (edate)
        fprintf(out, " %s", edate);
    else if (int_of(h, "year"))
        fprintf(out, " %lld", int_of(h, "year"));
    if (rkind)
        fprintf(out, " · %s", rkind);
    const ix_field *score = odihrx_index_hit_get(h, "score");
    if (score->type == IX_REAL)
        fprintf(out, " · score %.2f", score->r);
    fputc('\n', out);
    const char *heading = text_of(h, "section_heading");
    if (heading) {
        /* "XI.A: A. LEGAL FRAMEWORK", but "IX. ELECTION CAMPAIGN" once */
        bool numbered = !sec || strncmp(heading, sec, strlen(sec)) == 0;
        fprintf(out, "   %s%s%s%s\n", kind && strcmp(kind, "section") ? "in " : "",
                numbered ? "" : sec, numbered ? "" : ": ", heading);
    }
    const char *snippet = text_of(h, "snippet"), *text = text_of(h, "text");
    fputs("   ", out);
    print_excerpt(out, snippet ? snippet : text ? text : "", !snippet);
    fputc('\n', out);
    const char *bases = text_of(h, "key_bases");
    if (bases && strcmp(bases, "[]") != 0) {
        fputs("   keys: ", out);
        print_list(out, bases, true);
        fputc('\n', out);
    }
    const char *source = text_of(h, "source"), *id = text_of(h, "id");
    fprintf(out, "   %s:%lld · %s\n\n", source ? source : "?", int_of(h, "line"), id ? id : "?");
}

static void json_hit(ix_buf *b, const ix_hit *h, bool first)
{
    odihrx_index_buf_puts(b, first ? "\n{" : ",\n{");
    for (size_t i = 0; i < h->n; i++) {
        const ix_field *f = &h->f[i];
        if (i)
            odihrx_index_buf_put(b, ",", 1);
        odihrx_index_json_string(b, f->name);
        odihrx_index_buf_put(b, ":", 1);
        if (f->type == IX_INT)
            odihrx_index_buf_printf(b, "%lld", (long long)f->i);
        else if (f->type == IX_REAL)
            odihrx_index_buf_printf(b, "%.6g", f->r);
        else if (f->type == IX_JSON)
            odihrx_index_buf_puts(b, f->text); /* stored as a JSON array */
        else if (f->type == IX_TEXT)
            odihrx_index_json_string(b, f->text);
        else
            odihrx_index_buf_puts(b, "null");
    }
    odihrx_index_buf_put(b, "}", 1);
}

static int each_hit(const ix_hit *h, void *arg)
{
    printer *pr = arg;
    if (pr->json_mode)
        json_hit(&pr->json, h, pr->rank++ == 0);
    else
        print_hit_text(pr, h);
    return pr->json.failed;
}

static void json_string_or_null(ix_buf *b, const char *v)
{
    if (v)
        odihrx_index_json_string(b, v);
    else
        odihrx_index_buf_puts(b, "null");
}

static void json_opt_string(ix_buf *b, const char *name, const char *v)
{
    odihrx_index_buf_printf(b, ",\"%s\":", name);
    json_string_or_null(b, v);
}

/* The JSON document's head: what was asked and what was run. */
static void json_head(ix_buf *b, const search_opts *o)
{
    odihrx_index_buf_puts(b, "{\"query\":");
    odihrx_index_json_string(b, o->query.data ? o->query.data : "");
    json_opt_string(b, "match", o->q.match);
    odihrx_index_buf_puts(b, ",\"filters\":{\"key\":");
    json_string_or_null(b, o->q.key);
    json_opt_string(b, "country", o->q.country);
    if (o->q.year)
        odihrx_index_buf_printf(b, ",\"year\":%d", o->q.year);
    else
        odihrx_index_buf_puts(b, ",\"year\":null");
    json_opt_string(b, "kind", o->q.kind);
    json_opt_string(b, "report_kind", o->q.report_kind);
    odihrx_index_buf_printf(b, "},\"limit\":%ld,\"offset\":%ld,\"hits\":[", o->q.limit,
                            o->q.offset);
}

int odihrx_cli_search(int argc, char **argv, FILE *out, FILE *err)
{
    int rc = EXIT_USAGE;
    search_opts o = {.q = {.limit = 10}};
    ix_buf fts = {0};
    ix_db *db = NULL;
    printer pr = {.out = out};
    char msg[1024];
    int p = parse_search_opts(argc, argv, &o, out, err);
    if (p) {
        rc = p > 0 ? EXIT_ALL_OK : EXIT_USAGE; /* --help, or a usage error */
        goto done;
    }
    rc = EXIT_SOME_FAILED;
    const char *query = o.query.data ? o.query.data : "";
    if (o.raw && *query) {
        o.q.match = query;
    } else if (*query) {
        if (to_fts(query, &fts) == 0) {
            fprintf(err, "odihrx search: no word to search for in '%s'\n", query);
            rc = EXIT_USAGE;
            goto done;
        }
        o.q.match = fts.data;
    }
    if (o.query.failed || fts.failed) {
        fprintf(err, "odihrx search: out of memory\n");
        goto done;
    }
    bool tty = isatty(fileno(out));
    if (!o.q.mark_open)
        o.q.mark_open = o.json ? "<em>" : tty ? "\033[1m" : "**";
    if (!o.q.mark_close)
        o.q.mark_close = o.json ? "</em>" : tty ? "\033[0m" : "**";
    if (odihrx_index_db_open(o.db, 1, &db, msg, sizeof msg)) {
        fprintf(err, "odihrx search: %s\n", msg);
        goto done;
    }
    pr.json_mode = o.json;
    if (o.json)
        json_head(&pr.json, &o);
    long hits = odihrx_index_db_search(db, &o.q, each_hit, &pr, msg, sizeof msg);
    if (hits < 0) {
        fprintf(err, "odihrx search: %s\n", msg);
        rc = strncmp(msg, "bad query", 9) == 0 ? EXIT_USAGE : EXIT_SOME_FAILED;
        goto done;
    }
    if (o.json) {
        odihrx_index_buf_printf(&pr.json, "%s],\"count\":%ld}\n", hits ? "\n" : "", hits);
        if (pr.json.failed) {
            fprintf(err, "odihrx search: out of memory\n");
            goto done;
        }
        fwrite(pr.json.data, 1, pr.json.len, out);
    } else if (hits == 0) {
        fprintf(err, "odihrx search: no hits\n");
    }
    rc = hits ? EXIT_ALL_OK : EXIT_SOME_FAILED;
done:
    odihrx_index_db_close(db);
    odihrx_index_buf_free(&fts);
    odihrx_index_buf_free(&o.query);
    odihrx_index_buf_free(&pr.json);
    return rc;
}
