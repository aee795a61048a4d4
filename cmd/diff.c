/*
 * diff.c: `odihrx diff OLD NEW`, the recommendations of two reports matched
 * one to one. This file owns the verb (options, help, exit statuses) and
 * reading a report: odihrx XML is parsed as it is, anything else is first
 * converted with the public API, and the recommendations, keys and follow-up
 * statements are read back from the XML (so the diff sees exactly what
 * `odihrx convert` would write). Matching is in diff_match.c, output in
 * diff_out.c.
 * Exit status: 0 the diff was written, 1 an input could not be read or
 * converted (or the output failed), 2 usage error. Differences are not an
 * error: a diff of two elections always has some.
 */
#include "diff.h"
#include "cli.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <utf8proc.h>

#include "grammar.h" /* the topic lexicon: no public accessor yet */
#include "odihrx.h"
#include "xml_read.h"

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* Inputs larger than this are refused: a report is a few hundred KB. */
#define DX_MAX_INPUT ((size_t)1 << 30)
/* More recommendations than this in one report is not a report. */
#define DX_MAX_RECS 100000u

static const char usage_diff[] =
    "usage: odihrx diff [OPTIONS] OLD NEW\n"
    "\n"
    "Match the recommendations of two reports, typically the same country's\n"
    "reports on two elections, and show which ODIHR repeats, rephrases, drops\n"
    "or adds. OLD and NEW are reports in any input odihrx converts (markdown-\n"
    "like text, plain text, web-page copies, HTML) or odihrx XML; one may be -\n"
    "for standard input. The numbered recommendations are used; a news item\n"
    "without them contributes its \"Key recommendations include:\" bullets.\n"
    "\n"
    "How a pair is scored (0 to 1):\n"
    "  wording  the cosine of the two texts as weighted word stems: case\n"
    "           folded, stemmed (Snowball, English and Russian), stop words and\n"
    "           the verbs of asking (ensure, should, revise, ...) left out, each\n"
    "           stem weighted by its rarity in the two reports (IDF);\n"
    "  text     the mean of the wording and of how much of the shorter text\n"
    "           the longer one covers (a key recommendation summarising a\n"
    "           numbered one is covered by it);\n"
    "  topics   the agreement of the topic lexicon rows (grammars/topics.tsv,\n"
    "           the one recommendations are keyed with) the texts hit, so that\n"
    "           \"criminal defamation\" and \"freedom of expression\" meet;\n"
    "  score    half text, half topics (text alone where a text hits no\n"
    "           topic), scaled between 0.8x and 1x by the Copenhagen keys and\n"
    "           subheading topics both carry, where both carry some.\n"
    "Texts that share no word stem are never paired. Pairs are chosen one to\n"
    "one so that the total score is as high as possible (an optimal\n"
    "assignment, not first come first served) among those that reach the\n"
    "similar threshold.\n"
    "\n"
    "  same     wording >= 0.80: the same recommendation, reworded at most\n"
    "  similar  score >= 0.35: the same concern, with a changed ask\n"
    "  dropped  in OLD only: nothing in NEW is close enough\n"
    "  new      in NEW only\n"
    "Pairs show their score, shared Copenhagen keys and topics, and the word-\n"
    "level changes ([-old words-]{+new words+} without colour). Where a\n"
    "recommendation is close to several (a key recommendation summarising two\n"
    "numbered ones), the others are listed as related; a new or dropped one\n"
    "shows its nearest candidate when that reaches half the similar threshold.\n"
    "Where NEW states the follow-up of earlier recommendations (\"recommendations\n"
    "4, 5, 8 ... from the 2016 Final Report were mostly implemented\") and that\n"
    "year is OLD's election or issue year, the status is shown next to the OLD\n"
    "recommendation it names.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT    text (default), xml (schema grammars/diff.rng,\n"
    "                      namespace urn:odihrx:diff:1), json, or html (one\n"
    "                      self-contained page, side by side, no network use)\n"
    "      --color WHEN    colour the text output: auto (default: when standard\n"
    "                      output is a terminal and NO_COLOR is unset), always,\n"
    "                      never\n"
    "      --same X        the wording threshold of same (default 0.80)\n"
    "      --similar X     the score threshold of similar (default 0.35)\n"
    "      --grammars DIR  grammar files (the topic lexicon included) instead of\n"
    "                      the built-in ones\n"
    "  -v, --verbose       also print the warnings of converting the inputs\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  odihrx diff kz-2019-final-report.md kz-2021-final-report.md\n"
    "  odihrx diff --format html old.xml new.md > diff.html\n"
    "  odihrx diff --format json old.txt new.txt | jq '.summary'\n"
    "  odihrx diff report.md report.md      # everything same, score 1\n"
    "\n"
    "Exit status: 0 the diff was written (whatever it shows), 1 an input could\n"
    "not be read or converted, 2 usage error.\n";

typedef struct diff_opts {
    dx_format format;
    int color; /* -1 auto, 0 never, 1 always */
    dx_params params;
    const char *grammars;
    bool verbose;
    const char *paths[2];
} diff_opts;

/* Shared by the reading of both inputs: one grammar converts non-XML
 * inputs and gives the topic lexicon for every recommendation. */
typedef struct reader {
    const diff_opts *o;
    odihrx_grammar *g;
    pcre2_match_data *md;
    FILE *err;
} reader;

/* ------------------------------------------------------------- reading */

static int read_bytes(const char *path, char **data, size_t *len, FILE *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t size = 0, cap = 0;
    int rc = -1;
    if (!f) {
        fprintf(err, "odihrx diff: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (cap - size < 65536) {
            size_t ncap = cap ? cap * 2 : 131072;
            char *p = ncap <= DX_MAX_INPUT ? realloc(buf, ncap) : NULL;
            if (!p) {
                fprintf(err, "odihrx diff: %s: %s\n", path,
                        ncap > DX_MAX_INPUT ? "larger than 1 GiB" : "out of memory");
                goto done;
            }
            buf = p;
            cap = ncap;
        }
        size_t got = fread(buf + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(err, "odihrx diff: %s: read error: %s\n", path, strerror(errno));
        goto done;
    }
    *data = buf;
    *len = size;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    if (f != stdin)
        fclose(f);
    return rc;
}

/* The bytes are odihrx XML (or other XML) rather than a report's text:
 * they open, after a BOM and white space, with a declaration or <report. */
static bool looks_like_xml(const char *s, size_t len)
{
    size_t i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return (len - i >= 5 && memcmp(s + i, "<?xml", 5) == 0) ||
           (len - i >= 7 && memcmp(s + i, "<report", 7) == 0);
}

static bool is_odihrx_root(const xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    return root && root->ns && xmlStrEqual(root->name, (const xmlChar *)"report") &&
           xmlStrEqual(root->ns->href, (const xmlChar *)ODIHRX_NAMESPACE);
}

/* NULL on failure, with the reason on err. */
static xmlDoc *parse_xml(const char *data, size_t len, const char *path, FILE *err)
{
    char msg[1024];
    xmlDoc *doc = odihrx_cli_read_xml(data, len, path, 0, msg, sizeof msg);
    if (!doc)
        fprintf(err, "odihrx diff: %s\n", msg);
    return doc;
}

static void print_diags(const odihrx_doc *doc, bool verbose, FILE *err)
{
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++) {
        const odihrx_diag *d = odihrx_doc_diag_at(doc, i);
        if (d->severity == ODIHRX_ERROR || (verbose && d->severity == ODIHRX_WARNING))
            fprintf(err, "%s:%u: %s: %s [%s]\n", d->file, d->line,
                    d->severity == ODIHRX_ERROR ? "error" : "warning", d->message, d->code);
    }
}

/* Convert a report's text with the library and parse the XML it writes. */
static xmlDoc *convert_to_xml(reader *rd, const char *data, size_t len, const char *path)
{
    odihrx_doc *doc = NULL;
    odihrx_buf xml = {0};
    xmlDoc *out = NULL;
    odihrx_status st = ODIHRX_OK;
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH,
                          .source_name = strcmp(path, "-") == 0 ? "<stdin>" : path};
    st = odihrx_doc_parse(data, len, rd->g, &opt, &doc);
    if (doc)
        print_diags(doc, rd->o->verbose, rd->err);
    if (!st)
        st = odihrx_doc_write_xml(doc, &xml);
    if (st) {
        fprintf(rd->err, "odihrx diff: %s: not converted: %s\n", path, odihrx_status_string(st));
        goto done;
    }
    out = parse_xml(xml.data, xml.size, path, rd->err);
done:
    odihrx_doc_free(doc);
    odihrx_buf_free(&xml);
    return out;
}

/* ------------------------------------------------- XML to dx_report */

/* Reading the tree: allocation failures are sticky so that the walkers stay
 * straight-line; the caller checks once at the end. */
typedef struct extract {
    bool oom;
} extract;

static bool is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, (const xmlChar *)ODIHRX_NAMESPACE) &&
           xmlStrEqual(n->name, (const xmlChar *)name);
}

static xmlNode *child_el(const xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

static char *dup_or_oom(extract *x, const char *s)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    x->oom |= !p;
    return p;
}

/* An attribute as a malloc'd string, NULL when absent. */
static char *prop(extract *x, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *p = dup_or_oom(x, (const char *)v);
    xmlFree(v);
    return p;
}

/* All text below n, runs of white space (NBSP included: web copies use it
 * between words) made single spaces, trimmed. */
static char *text_of(extract *x, const xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = raw ? (const char *)raw : "";
    size_t len = strlen(s), o = 0;
    char *t = malloc(len + 1);
    if (!t) {
        x->oom = true;
        xmlFree(raw);
        return NULL;
    }
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        bool ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        bool nbsp = (unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0;
        if (ws || nbsp) {
            space = o > 0;
            i += nbsp;
            continue;
        }
        if (space)
            t[o++] = ' ';
        space = false;
        t[o++] = s[i];
    }
    t[o] = '\0';
    xmlFree(raw);
    return t;
}

/* The first plausible year (1900-2099) standing alone in s, 0 when none. */
static int year_in(const char *s)
{
    for (size_t i = 0; s && s[i]; i++) {
        bool start = i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9');
        if (!start || !(s[i] == '1' || s[i] == '2'))
            continue;
        size_t k = i;
        while (k < i + 5 && s[k] >= '0' && s[k] <= '9')
            k++;
        int y = k == i + 4 ? atoi(s + i) : 0;
        if (y >= 1900 && y <= 2099)
            return y;
    }
    return 0;
}

static int date_year(extract *x, const xmlNode *n)
{
    if (!n)
        return 0;
    char *d = prop(x, n, "date");
    int y = year_in(d);
    free(d);
    return y;
}

/* Copenhagen paragraphs compare as dotted numbers: 5.10 after 5.9. */
static int cmp_paragraph(const void *a, const void *b)
{
    const char *p = *(const char *const *)a, *q = *(const char *const *)b;
    while (*p && *q) {
        char *pe, *qe;
        unsigned long x = strtoul(p, &pe, 10), y = strtoul(q, &qe, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (pe == p || qe == q)
            return strcmp(p, q);
        p = *pe == '.' ? pe + 1 : pe;
        q = *qe == '.' ? qe + 1 : qe;
        if ((*pe == '.') != (*qe == '.'))
            return *pe == '.' ? 1 : -1;
    }
    return strcmp(p, q);
}

static void read_keys(extract *x, const xmlNode *rn, dx_rec *rec)
{
    size_t count = 0;
    for (const xmlNode *c = rn->children; c; c = c->next)
        count += is_el(c, "key");
    if (!count)
        return;
    rec->keys = calloc(count, sizeof *rec->keys);
    if (!rec->keys) {
        x->oom = true;
        return;
    }
    for (const xmlNode *c = rn->children; c; c = c->next) {
        char *p = is_el(c, "key") ? prop(x, c, "paragraph") : NULL;
        if (p)
            rec->keys[rec->nkeys++] = p;
    }
    if (rec->nkeys > 1)
        qsort(rec->keys, rec->nkeys, sizeof *rec->keys, cmp_paragraph);
    size_t u = 0;
    for (size_t i = 0; i < rec->nkeys; i++) {
        if (u && strcmp(rec->keys[u - 1], rec->keys[i]) == 0)
            free(rec->keys[i]);
        else
            rec->keys[u++] = rec->keys[i];
    }
    rec->nkeys = u;
}

static void read_recommendation(extract *x, const xmlNode *rn, unsigned position, dx_rec *rec)
{
    char *n = prop(x, rn, "n");
    rec->n = n && atoi(n) > 0 ? (unsigned)atoi(n) : position;
    free(n);
    rec->id = prop(x, rn, "id");
    rec->priority = prop(x, rn, "priority");
    rec->topic = prop(x, rn, "topic");
    const xmlNode *t = child_el(rn, "text");
    rec->text = text_of(x, t ? t : rn);
    rec->numbered = !rec->priority || strcmp(rec->priority, "key") != 0;
    read_keys(x, rn, rec);
    if (!rec->id) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "rec%u", rec->n);
        rec->id = dup_or_oom(x, tmp);
    }
}

static int grow_recs(dx_report *r, size_t *cap)
{
    if (r->nrecs < *cap)
        return 0;
    if (r->nrecs >= DX_MAX_RECS)
        return -1;
    size_t ncap = *cap ? *cap * 2 : 32;
    dx_rec *p = realloc(r->recs, ncap * sizeof *p);
    if (!p)
        return -1;
    memset(p + *cap, 0, (ncap - *cap) * sizeof *p);
    r->recs = p;
    *cap = ncap;
    return 0;
}

static void read_recommendations(extract *x, const xmlNode *root, dx_report *r)
{
    size_t cap = 0;
    for (const xmlNode *c = child_el(child_el(root, "recommendations"), "recommendation"); c;
         c = c->next) {
        if (!is_el(c, "recommendation"))
            continue;
        if (grow_recs(r, &cap)) {
            x->oom = true;
            return;
        }
        read_recommendation(x, c, (unsigned)r->nrecs + 1, &r->recs[r->nrecs]);
        r->nrecs++;
    }
    if (r->nrecs)
        r->origin = DX_ORIGIN_RECOMMENDATIONS;
}

/* ---------------------------------------------- fallback: key lists */

/*
 * FALLBACK, until the library extracts key recommendations of news items
 * itself: a report without recommendation elements contributes the items of
 * every bulleted list that directly follows a paragraph ending in
 * "recommendations include:" (case-insensitive), as web copies of ODIHR news
 * items write them. Once the library emits them as recommendation elements
 * with priority "key", this path is no longer taken.
 */
static const char key_list_lead[] = "recommendations include:";

static bool ends_with_lead(extract *x, const xmlNode *p)
{
    char *t = text_of(x, p);
    size_t n = t ? strlen(t) : 0, k = sizeof key_list_lead - 1;
    bool yes = n >= k && strncasecmp(t + n - k, key_list_lead, k) == 0;
    free(t);
    return yes;
}

static bool is_key_list(extract *x, const xmlNode *n)
{
    if (!is_el(n, "list"))
        return false;
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
    bool bullet = type && xmlStrEqual(type, (const xmlChar *)"bullet");
    xmlFree(type);
    const xmlNode *prev = n->prev;
    while (prev && prev->type != XML_ELEMENT_NODE)
        prev = prev->prev;
    return bullet && is_el(prev, "p") && ends_with_lead(x, prev);
}

/* A key recommendation is one sentence; the segmenter may have joined the
 * next paragraph of the page onto the last bullet ("... Commission. ODIHR
 * deployed ..."), so the text ends at the first sentence end followed by a
 * capital letter. */
static void cut_after_first_sentence(char *t)
{
    for (size_t i = 0; t[i]; i++) {
        if ((t[i] != '.' && t[i] != '!' && t[i] != '?') || t[i + 1] != ' ')
            continue;
        utf8proc_int32_t cp = 0;
        if (utf8proc_iterate((const utf8proc_uint8_t *)t + i + 2, -1, &cp) > 0 &&
            utf8proc_category(cp) == UTF8PROC_CATEGORY_LU) {
            t[i + 1] = '\0';
            return;
        }
    }
}

static void read_key_list(extract *x, const xmlNode *list, dx_report *r, size_t *cap)
{
    for (const xmlNode *it = list->children; it && !x->oom; it = it->next) {
        if (!is_el(it, "item"))
            continue;
        if (grow_recs(r, cap)) {
            x->oom = true;
            return;
        }
        dx_rec *rec = &r->recs[r->nrecs++];
        rec->n = (unsigned)r->nrecs;
        rec->id = prop(x, it, "id");
        rec->text = text_of(x, it);
        if (rec->text)
            cut_after_first_sentence(rec->text);
        if (!rec->id) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "key%u", rec->n);
            rec->id = dup_or_oom(x, tmp);
        }
    }
}

/* Pre-order walk of body without recursion (the input controls depth). */
static void read_key_lists(extract *x, const xmlNode *root, dx_report *r)
{
    const xmlNode *body = child_el(root, "body");
    const xmlNode *n = body ? body->children : NULL;
    size_t cap = 0;
    while (n && !x->oom) {
        if (is_key_list(x, n)) {
            read_key_list(x, n, r, &cap);
        } else if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n->parent != body)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    if (r->nrecs)
        r->origin = DX_ORIGIN_KEY_LIST;
}

/* ------------------------------------------------------- follow-up */

static void read_prior(extract *x, const xmlNode *pn, dx_prior *p)
{
    p->report = prop(x, pn, "report");
    p->status = prop(x, pn, "status");
    p->year = year_in(p->report);
    char *nums = prop(x, pn, "recommendations");
    size_t count = 0;
    for (const char *s = nums; s && *s; s++)
        count += (*s >= '0' && *s <= '9') && (s == nums || s[-1] == ' ');
    p->nums = count ? calloc(count, sizeof *p->nums) : NULL;
    x->oom |= count && !p->nums;
    for (char *s = nums, *end; p->nums && s && *s; s = end) {
        unsigned long v = strtoul(s, &end, 10);
        if (end == s) {
            end = s + 1;
            continue;
        }
        if (v > 0 && v <= 1000000 && p->nnums < count)
            p->nums[p->nnums++] = (unsigned)v;
    }
    free(nums);
}

static void read_followup(extract *x, const xmlNode *root, dx_report *r)
{
    const xmlNode *f = child_el(root, "followup");
    size_t count = 0;
    for (const xmlNode *c = f ? f->children : NULL; c; c = c->next)
        count += is_el(c, "prior");
    if (!count)
        return;
    r->priors = calloc(count, sizeof *r->priors);
    if (!r->priors) {
        x->oom = true;
        return;
    }
    for (const xmlNode *c = f->children; c; c = c->next)
        if (is_el(c, "prior"))
            read_prior(x, c, &r->priors[r->npriors++]);
}

static void read_meta(extract *x, const xmlNode *root, dx_report *r)
{
    const xmlNode *meta = child_el(root, "meta");
    const xmlNode *title = child_el(meta, "title");
    r->kind = prop(x, root, "kind");
    r->title = title ? text_of(x, title) : NULL;
    r->election_year = date_year(x, child_el(meta, "election"));
    r->issued_year = date_year(x, child_el(meta, "issued"));
    r->title_year = year_in(r->title);
}

/* The report model of an odihrx XML document; -1 on out of memory. */
static int extract_report(const xmlDoc *doc, dx_report *r)
{
    extract x = {false};
    const xmlNode *root = xmlDocGetRootElement(doc);
    read_meta(&x, root, r);
    read_recommendations(&x, root, r);
    if (!r->nrecs && !x.oom)
        read_key_lists(&x, root, r);
    read_followup(&x, root, r);
    for (size_t i = 0; i < r->nrecs; i++)
        x.oom |= !r->recs[i].text || !r->recs[i].id;
    return x.oom ? -1 : 0;
}

void dx_report_free(dx_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrecs; i++) {
        dx_rec *c = &r->recs[i];
        free(c->id);
        free(c->priority);
        free(c->topic);
        free(c->text);
        for (size_t k = 0; k < c->nkeys; k++)
            free(c->keys[k]);
        free(c->keys);
        free(c->concepts);
    }
    free(r->recs);
    for (size_t i = 0; i < r->npriors; i++) {
        free(r->priors[i].report);
        free(r->priors[i].status);
        free(r->priors[i].nums);
    }
    free(r->priors);
    free(r->path);
    free(r->title);
    free(r->kind);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------- topic concepts */

/* Matches of one lexicon pattern in text, non-overlapping. The text comes
 * from libxml2, which only hands out valid UTF-8: no UTF check per call. */
static uint32_t count_hits(const pcre2_code *re, const char *text, size_t len, pcre2_match_data *md,
                           pcre2_match_context *mctx)
{
    uint32_t hits = 0;
    PCRE2_SIZE start = 0;
    while (start <= len && hits < UINT32_MAX) {
        int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, md, mctx);
        if (rc < 0) /* no match, or the match limit: count what was found */
            break;
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        hits++;
        if (ov[1] > ov[0]) {
            start = ov[1];
            continue;
        }
        start = ov[1] + 1; /* an empty match: step over one character */
        while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
            start++;
    }
    return hits;
}

/* Which rows of the topic lexicon (the one the library keys with; --grammars
 * replaces it) each recommendation's text hits, and how often. */
static int find_concepts(const reader *rd, dx_report *r)
{
    const odihrx_lexicon *lex = &rd->g->topics;
    for (size_t i = 0; i < r->nrecs; i++) {
        dx_rec *rec = &r->recs[i];
        size_t len = strlen(rec->text);
        for (uint32_t row = 0; row < lex->count; row++) {
            uint32_t hits = count_hits(lex->rows[row].re, rec->text, len, rd->md, rd->g->mctx);
            if (!hits)
                continue;
            dx_concept *c = realloc(rec->concepts, (rec->nconcepts + 1) * sizeof *c);
            if (!c)
                return -1;
            rec->concepts = c;
            rec->concepts[rec->nconcepts++] = (dx_concept){row, hits};
        }
    }
    return 0;
}

/* One input into r: read, convert unless it is odihrx XML, extract. */
static int load_report(reader *rd, const char *path, dx_report *r)
{
    char *data = NULL;
    size_t len = 0;
    xmlDoc *doc = NULL;
    int rc = -1;
    r->path = strdup(path);
    if (!r->path || read_bytes(path, &data, &len, rd->err))
        goto done;
    if (looks_like_xml(data, len)) {
        doc = parse_xml(data, len, path, rd->err);
        if (!doc)
            goto done;
        if (!is_odihrx_root(doc)) { /* XHTML and the like: a report's text */
            xmlFreeDoc(doc);
            doc = NULL;
        } else if (doc->intSubset || doc->extSubset) {
            /* odihrx never writes one, and reading text through entity
             * references could expand it without bound. */
            fprintf(rd->err, "odihrx diff: %s: odihrx XML has no DOCTYPE; refusing one\n", path);
            goto done;
        }
    }
    if (!doc)
        doc = convert_to_xml(rd, data, len, path);
    if (!doc)
        goto done;
    if (extract_report(doc, r) || find_concepts(rd, r)) {
        fprintf(rd->err, "odihrx diff: %s: out of memory or more than %u recommendations\n", path,
                DX_MAX_RECS);
        goto done;
    }
    if (!r->nrecs)
        fprintf(rd->err, "odihrx diff: %s: note: no recommendations found\n", path);
    rc = 0;
done:
    xmlFreeDoc(doc);
    free(data);
    return rc;
}

/* ----------------------------------------------------------- options */

/* "--name VALUE" or "--name=VALUE"; advances *i past a separate value. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_threshold(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0.0 && v <= 1.0))
        return -1;
    *out = v;
    return 0;
}

static int parse_format(const char *s, dx_format *out)
{
    static const char *const names[] = {"text", "xml", "json", "html"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (dx_format)i;
            return 0;
        }
    return -1;
}

static int parse_color(const char *s, int *out)
{
    if (strcmp(s, "auto") == 0)
        *out = -1;
    else if (strcmp(s, "never") == 0)
        *out = 0;
    else if (strcmp(s, "always") == 0)
        *out = 1;
    else
        return -1;
    return 0;
}

static int bad_value(const char *arg, const char *v, const char *expected, FILE *err)
{
    int name_len = (int)strcspn(arg, "=");
    fprintf(err, "odihrx diff: %.*s '%s': expected %s\n", name_len, arg, v, expected);
    return EXIT_USAGE;
}

/* One option at argv[*i]; returns -1 when it is handled, else an exit status. */
static int parse_option(int argc, char **argv, int *i, diff_opts *o, FILE *out, FILE *err)
{
    const char *a = argv[*i], *v;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        fputs(usage_diff, out);
        return EXIT_ALL_OK;
    }
    if ((v = opt_value(argc, argv, i, "--format")) || (v = opt_value(argc, argv, i, "-f")))
        return parse_format(v, &o->format) ? bad_value(a, v, "text, xml, json or html", err) : -1;
    if (strcmp(a, "--color") == 0 || strcmp(a, "--colour") == 0) {
        /* Bare --color means always (GNU style); a separate WHEN is taken
         * only when it is one, so "--color old.md new.md" still works. */
        if (*i + 1 < argc && parse_color(argv[*i + 1], &o->color) == 0)
            ++*i;
        else
            o->color = 1;
        return -1;
    }
    if ((v = opt_value(argc, argv, i, "--color")) || (v = opt_value(argc, argv, i, "--colour")))
        return parse_color(v, &o->color) ? bad_value(a, v, "auto, always or never", err) : -1;
    if ((v = opt_value(argc, argv, i, "--same")))
        return parse_threshold(v, &o->params.same_min) ? bad_value(a, v, "0 to 1", err) : -1;
    if ((v = opt_value(argc, argv, i, "--similar")))
        return parse_threshold(v, &o->params.similar_min) ? bad_value(a, v, "0 to 1", err) : -1;
    if ((v = opt_value(argc, argv, i, "--grammars"))) {
        o->grammars = v;
        return -1;
    }
    if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
        o->verbose = true;
        return -1;
    }
    fprintf(err, "odihrx diff: unknown or incomplete option '%s'\nTry 'odihrx diff --help'.\n", a);
    return EXIT_USAGE;
}

/* Options and the two paths into o; -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, diff_opts *o, FILE *out, FILE *err)
{
    int npaths = 0;
    bool only_paths = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_paths && strcmp(a, "--") == 0) {
            only_paths = true;
        } else if (!only_paths && a[0] == '-' && a[1] != '\0') {
            int rc = parse_option(argc, argv, &i, o, out, err);
            if (rc >= 0)
                return rc;
        } else if (npaths < 2) {
            o->paths[npaths++] = a;
        } else {
            fprintf(err, "odihrx diff: unexpected argument '%s' (two reports: OLD NEW)\n", a);
            return EXIT_USAGE;
        }
    }
    if (npaths < 2) {
        fprintf(err, "usage: odihrx diff [OPTIONS] OLD NEW\nTry 'odihrx diff --help'.\n");
        return EXIT_USAGE;
    }
    if (strcmp(o->paths[0], "-") == 0 && strcmp(o->paths[1], "-") == 0) {
        fprintf(err, "odihrx diff: only one of OLD and NEW can be standard input\n");
        return EXIT_USAGE;
    }
    return -1;
}

/* The grammar, match data for its lexicon, and the lexicon's row names. */
static int open_grammar(reader *rd, const char ***names, dx_params *params)
{
    char msg[512];
    odihrx_status st =
        odihrx_cli_grammar(rd->o->grammars, rd->o->paths, 2, &rd->g, msg, sizeof msg);
    if (st) {
        fprintf(rd->err, "odihrx: grammar: %s\n", msg[0] ? msg : odihrx_status_string(st));
        return -1;
    }
    const odihrx_lexicon *lex = &rd->g->topics;
    rd->md = pcre2_match_data_create(32, NULL);
    *names = calloc(lex->count + 1, sizeof **names);
    if (!rd->md || !*names) {
        fprintf(rd->err, "odihrx diff: out of memory\n");
        return -1;
    }
    for (uint32_t row = 0; row < lex->count; row++)
        (*names)[row] = lex->rows[row].value;
    params->concept_names = *names;
    params->nconcept_names = lex->count;
    return 0;
}

static bool want_color(int setting, FILE *out)
{
    if (setting >= 0)
        return setting == 1;
    const char *term = getenv("TERM");
    return isatty(fileno(out)) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
}

static int write_result(const dx_result *res, const diff_opts *o, FILE *out)
{
    switch (o->format) {
    case DX_FORMAT_XML:
        return dx_write_xml(res, out);
    case DX_FORMAT_JSON:
        return dx_write_json(res, out);
    case DX_FORMAT_HTML:
        return dx_write_html(res, out);
    case DX_FORMAT_TEXT:
        break;
    }
    return dx_write_text(res, want_color(o->color, out), out);
}

int odihrx_cli_diff(int argc, char **argv, FILE *out, FILE *err)
{
    diff_opts o = {.format = DX_FORMAT_TEXT,
                   .color = -1,
                   .params = {.same_min = DX_SAME_MIN, .similar_min = DX_SIMILAR_MIN}};
    int rc = parse_args(argc, argv, &o, out, err);
    if (rc >= 0)
        return rc;
    reader rd = {.o = &o, .err = err};
    dx_report old = {0}, new = {0};
    dx_result res = {0};
    const char **names = NULL;
    rc = EXIT_SOME_FAILED;
    if (open_grammar(&rd, &names, &o.params) || load_report(&rd, o.paths[0], &old) ||
        load_report(&rd, o.paths[1], &new))
        goto done;
    if (dx_match(&old, &new, &o.params, &res)) {
        fprintf(err, "odihrx diff: out of memory\n");
        goto done;
    }
    if (res.approximated)
        fprintf(err, "odihrx diff: note: a very large group of mutually similar "
                     "recommendations was paired greedily, not optimally\n");
    if (write_result(&res, &o, out) || fflush(out) != 0) {
        fprintf(err, "odihrx diff: cannot write the output: %s\n", strerror(errno));
        goto done;
    }
    rc = EXIT_ALL_OK;
done:
    dx_result_free(&res);
    dx_report_free(&old);
    dx_report_free(&new);
    free(names);
    pcre2_match_data_free(rd.md);
    odihrx_grammar_free(rd.g);
    return rc;
}
