/*
 * diff_out.c: a dx_result written for people or programs.
 *   text  grouped by status, word-level changes inline ([-old-]{+new+}, or
 *         red and green on a terminal), wrapped at 80 columns;
 *   xml   namespace urn:odihrx:diff:1, schema grammars/diff.rng, written
 *         with libxml2's xmlTextWriter (escaping and well-formedness);
 *   json  the same tree as the XML;
 *   html  one page, side by side, CSS inline: no script, no external
 *         resource, so it opens offline and can be mailed as it is.
 * Reads: the result and both reports. Writes: the caller's stream.
 */
#include "diff.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

static const dx_rec *old_rec(const dx_result *res, const dx_entry *e)
{
    return e->old_index == SIZE_MAX ? NULL : &res->old->recs[e->old_index];
}

static const dx_rec *new_rec(const dx_result *res, const dx_entry *e)
{
    return e->new_index == SIZE_MAX ? NULL : &res->new->recs[e->new_index];
}

static const dx_rec *link_rec(const dx_result *res, const dx_link *l)
{
    return l->in_new ? &res->new->recs[l->index] : &res->old->recs[l->index];
}

static const char *origin_name(dx_origin o)
{
    return o == DX_ORIGIN_RECOMMENDATIONS ? "recommendations"
           : o == DX_ORIGIN_KEY_LIST      ? "key-list"
                                          : "none";
}

/* ============================================================== text */

enum { TEXT_WIDTH = 80, TEXT_INDENT = 4 };

typedef struct text_out {
    FILE *f;
    bool color;
    int col;
    int indent; /* of continuation lines */
} text_out;

static const char *const status_color[DX_NSTATUS] = {"\033[36m", "\033[33m", "\033[31m",
                                                     "\033[32m"};
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RESET "\033[0m"

/* Columns a UTF-8 string takes, one per code point (close enough for the
 * Latin and Cyrillic text of reports). */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static void text_newline(text_out *t)
{
    fputc('\n', t->f);
    t->col = 0;
}

/* One word of wrapped, indented text, with optional markers and colour. */
static void text_word(text_out *t, const char *pre, const char *w, size_t n, const char *post,
                      const char *color)
{
    int width = columns(pre, strlen(pre)) + columns(w, n) + columns(post, strlen(post));
    if (t->col > t->indent && t->col + 1 + width > TEXT_WIDTH)
        text_newline(t);
    if (t->col == 0) {
        fprintf(t->f, "%*s", t->indent, "");
        t->col = t->indent;
    } else {
        fputc(' ', t->f);
        t->col++;
    }
    bool c = t->color && color;
    fprintf(t->f, "%s%s%.*s%s%s", c ? color : "", pre, (int)n, w, post, c ? C_RESET : "");
    t->col += width;
}

/* A run of words; in plain text, del and ins runs get wdiff markers. */
static void text_run(text_out *t, const char *s, char op)
{
    const char *open = "", *close = "", *color = NULL;
    if (op == '-') {
        open = t->color ? "" : "[-";
        close = t->color ? "" : "-]";
        color = C_RED;
    } else if (op == '+') {
        open = t->color ? "" : "{+";
        close = t->color ? "" : "+}";
        color = C_GREEN;
    }
    for (const char *p = s; *p;) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        bool first = p == s, last = !sp;
        text_word(t, first ? open : "", p, n, last ? close : "", color);
        p = sp ? sp + 1 : p + n;
    }
}

static void text_end_block(text_out *t)
{
    if (t->col)
        text_newline(t);
}

/* A run as one side wrote it. */
static const char *seg_text(const dx_seg *s, bool old_side)
{
    return old_side && s->old_text ? s->old_text : s->text;
}

/* A line led by a marker ("- ", "+ "), its continuation lines aligned. */
static void text_lead(text_out *t, const char *lead)
{
    fprintf(t->f, "%*s%s", TEXT_INDENT, "", lead);
    t->col = TEXT_INDENT + (int)strlen(lead); /* text_word adds a space */
    t->indent = t->col + 1;
}

/* One side of a pair: its words, with the changes of that side marked. */
static void text_side(text_out *t, const dx_entry *e, char side_op, const char *lead)
{
    text_lead(t, lead);
    for (size_t k = 0; k < e->nsegs; k++)
        if (e->segs[k].op == '=' || e->segs[k].op == side_op)
            text_run(t, seg_text(&e->segs[k], side_op == '-'), e->segs[k].op);
    text_end_block(t);
    t->indent = TEXT_INDENT;
}

static void text_report(text_out *t, const char *label, const dx_report *r)
{
    fprintf(t->f, "%s%s%s %s: %zu recommendation%s%s\n", t->color ? C_BOLD : "", label,
            t->color ? C_RESET : "", r->path, r->nrecs, r->nrecs == 1 ? "" : "s",
            r->origin == DX_ORIGIN_KEY_LIST ? " (key recommendations of a news item)" : "");
    if (r->title) {
        text_run(t, r->title, '=');
        text_end_block(t);
    }
}

static void text_shared(text_out *t, const dx_entry *e)
{
    if (e->nshared)
        fputs("\n    shared keys:", t->f);
    for (size_t k = 0; k < e->nshared; k++)
        fprintf(t->f, " %s", e->shared_keys[k]);
    if (e->nshared_topics)
        fputs(e->nshared ? "; topics:" : "\n    shared topics:", t->f);
    for (size_t k = 0; k < e->nshared_topics; k++)
        fprintf(t->f, " %s", e->shared_topics[k]);
}

static void text_notes(text_out *t, const dx_result *res, const dx_entry *e)
{
    for (size_t k = 0; k < e->nfollowup; k++) {
        const dx_prior *p = &res->new->priors[e->followup[k]];
        fprintf(t->f, "%*sfollow-up stated in NEW: %s, %s implemented\n", TEXT_INDENT, "",
                p->report ? p->report : "", p->status ? p->status : "?");
    }
    if (e->nrelated) {
        fprintf(t->f, "%*srelated:", TEXT_INDENT, "");
        for (size_t k = 0; k < e->nrelated; k++)
            fprintf(t->f, "%s %s %u (%.3f)", k ? "," : "", e->related[k].in_new ? "NEW" : "OLD",
                    link_rec(res, &e->related[k])->n, e->related[k].score);
        fputc('\n', t->f);
    }
}

static void text_entry(text_out *t, const dx_result *res, const dx_entry *e)
{
    const dx_rec *o = old_rec(res, e), *n = new_rec(res, e);
    bool c = t->color;
    fprintf(t->f, "%s%-8s%s", c ? status_color[e->status] : "", dx_status_name(e->status),
            c ? C_RESET : "");
    if (o && n)
        fprintf(t->f, " %.3f  OLD %u -> NEW %u  (wording %.3f)", e->score, o->n, n->n, e->wording);
    else
        fprintf(t->f, " %s %u", o ? "OLD" : "NEW", o ? o->n : n->n);
    text_shared(t, e);
    if (e->has_nearest)
        fprintf(t->f, "%s  (nearest: %s %u, %.3f)%s", c ? C_DIM : "",
                e->nearest.in_new ? "NEW" : "OLD", link_rec(res, &e->nearest)->n, e->nearest.score,
                c ? C_RESET : "");
    fputc('\n', t->f);
    if (e->status == DX_SAME) { /* few changes: one line reads best */
        for (size_t k = 0; k < e->nsegs; k++)
            text_run(t, e->segs[k].text, e->segs[k].op);
        text_end_block(t);
    } else if (e->status == DX_SIMILAR) { /* many: each side on its own */
        text_side(t, e, '-', "-");
        text_side(t, e, '+', "+");
    } else {
        text_run(t, (o ? o : n)->text, '=');
        text_end_block(t);
    }
    text_notes(t, res, e);
    fputc('\n', t->f);
}

int dx_write_text(const dx_result *res, bool color, FILE *out)
{
    text_out t = {out, color, 0, TEXT_INDENT};
    text_report(&t, "OLD", res->old);
    text_report(&t, "NEW", res->new);
    fprintf(out,
            "\n%zu same, %zu similar, %zu dropped, %zu new "
            "(same: wording >= %.2f; similar: score >= %.2f)\n\n",
            res->count[DX_SAME], res->count[DX_SIMILAR], res->count[DX_DROPPED], res->count[DX_NEW],
            res->same_min, res->similar_min);
    for (size_t k = 0; k < res->nentries; k++)
        text_entry(&t, res, &res->entries[k]);
    for (size_t p = 0; p < res->new->npriors; p++) {
        const dx_prior *pr = &res->new->priors[p];
        if (p == 0)
            fputs("Follow-up of earlier reports stated in NEW:\n", out);
        fprintf(out, "%*s%s, %s implemented:", TEXT_INDENT, "", pr->report ? pr->report : "?",
                pr->status ? pr->status : "?");
        for (size_t k = 0; k < pr->nnums; k++)
            fprintf(out, " %u", pr->nums[k]);
        fprintf(out, "%s%s\n", pr->nnums ? "" : " none named",
                res->prior_applies[p] ? "  [OLD is this report]" : "");
    }
    return ferror(out) ? -1 : 0;
}

/* =============================================================== xml */

typedef struct xml_out {
    xmlTextWriterPtr w;
    int rc; /* first libxml2 failure, sticky */
} xml_out;

#define W(call)                                                                                    \
    do {                                                                                           \
        if (x->rc >= 0) {                                                                          \
            int r_ = (call);                                                                       \
            if (r_ < 0)                                                                            \
                x->rc = r_;                                                                        \
        }                                                                                          \
    } while (0)

static const xmlChar *X(const char *s)
{
    return (const xmlChar *)s;
}

static void x_start(xml_out *x, const char *name)
{
    W(xmlTextWriterStartElement(x->w, X(name)));
}

static void x_end(xml_out *x)
{
    W(xmlTextWriterEndElement(x->w));
}

static void x_attr(xml_out *x, const char *name, const char *value)
{
    if (value)
        W(xmlTextWriterWriteAttribute(x->w, X(name), X(value)));
}

static void x_attr_u(xml_out *x, const char *name, unsigned long long v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%llu", v);
    x_attr(x, name, tmp);
}

static void x_attr_score(xml_out *x, const char *name, double v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.3f", v);
    x_attr(x, name, tmp);
}

static void x_text_el(xml_out *x, const char *name, const char *text)
{
    x_start(x, name);
    W(xmlTextWriterWriteString(x->w, X(text)));
    x_end(x);
}

static void x_report(xml_out *x, const char *role, const dx_report *r)
{
    x_start(x, "report");
    x_attr(x, "role", role);
    x_attr(x, "name", r->path);
    x_attr(x, "kind", r->kind);
    if (r->election_year)
        x_attr_u(x, "election-year", (unsigned)r->election_year);
    if (r->issued_year)
        x_attr_u(x, "issued-year", (unsigned)r->issued_year);
    x_attr_u(x, "recommendations", r->nrecs);
    x_attr(x, "source", origin_name(r->origin));
    if (r->title)
        x_text_el(x, "title", r->title);
    x_end(x);
}

static void x_rec(xml_out *x, const char *name, const dx_rec *r)
{
    x_start(x, name);
    x_attr_u(x, "n", r->n);
    x_attr(x, "id", r->id);
    x_attr(x, "priority", r->priority);
    x_attr(x, "topic", r->topic);
    x_text_el(x, "text", r->text);
    for (size_t k = 0; k < r->nkeys; k++) {
        x_start(x, "key");
        x_attr(x, "paragraph", r->keys[k]);
        x_end(x);
    }
    x_end(x);
}

static void x_link(xml_out *x, const char *name, const dx_result *res, const dx_link *l)
{
    x_start(x, name);
    x_attr(x, "side", l->in_new ? "new" : "old");
    x_attr_u(x, "n", link_rec(res, l)->n);
    x_attr(x, "id", link_rec(res, l)->id);
    x_attr_score(x, "score", l->score);
    x_end(x);
}

static void x_changes(xml_out *x, const dx_entry *e)
{
    if (!e->nsegs)
        return;
    x_start(x, "changes");
    for (size_t k = 0; k < e->nsegs; k++) {
        const dx_seg *sg = &e->segs[k];
        x_start(x, sg->op == '-' ? "del" : sg->op == '+' ? "ins" : "eq");
        x_attr(x, "old", sg->old_text); /* OLD's spelling, where it differs */
        W(xmlTextWriterWriteString(x->w, X(sg->text)));
        x_end(x);
    }
    x_end(x);
}

static void x_entry(xml_out *x, const dx_result *res, const dx_entry *e)
{
    x_start(x, "entry");
    x_attr(x, "status", dx_status_name(e->status));
    if (e->status == DX_SAME || e->status == DX_SIMILAR) {
        x_attr_score(x, "score", e->score);
        x_attr_score(x, "wording", e->wording);
    }
    if (old_rec(res, e))
        x_rec(x, "old", old_rec(res, e));
    if (new_rec(res, e))
        x_rec(x, "new", new_rec(res, e));
    for (size_t k = 0; k < e->nshared; k++) {
        x_start(x, "shared-key");
        x_attr(x, "paragraph", e->shared_keys[k]);
        x_end(x);
    }
    for (size_t k = 0; k < e->nshared_topics; k++) {
        x_start(x, "shared-topic");
        x_attr(x, "name", e->shared_topics[k]);
        x_end(x);
    }
    x_changes(x, e);
    for (size_t k = 0; k < e->nfollowup; k++) {
        const dx_prior *p = &res->new->priors[e->followup[k]];
        x_start(x, "followup");
        x_attr(x, "report", p->report ? p->report : "");
        x_attr(x, "status", p->status ? p->status : "");
        x_end(x);
    }
    for (size_t k = 0; k < e->nrelated; k++)
        x_link(x, "related", res, &e->related[k]);
    if (e->has_nearest)
        x_link(x, "nearest", res, &e->nearest);
    x_end(x);
}

static void x_priors(xml_out *x, const dx_result *res)
{
    if (!res->new->npriors)
        return;
    x_start(x, "followup");
    for (size_t p = 0; p < res->new->npriors; p++) {
        const dx_prior *pr = &res->new->priors[p];
        char nums[4096];
        size_t o = 0;
        nums[0] = '\0';
        for (size_t k = 0; k < pr->nnums && o + 12 < sizeof nums; k++)
            o += (size_t)snprintf(nums + o, sizeof nums - o, "%s%u", k ? " " : "", pr->nums[k]);
        x_start(x, "prior");
        x_attr(x, "report", pr->report ? pr->report : "");
        x_attr(x, "status", pr->status ? pr->status : "");
        x_attr(x, "recommendations", nums);
        x_attr(x, "applies", res->prior_applies[p] ? "true" : "false");
        x_end(x);
    }
    x_end(x);
}

static void x_summary(xml_out *x, const dx_result *res)
{
    x_start(x, "thresholds");
    x_attr_score(x, "same", res->same_min);
    x_attr_score(x, "similar", res->similar_min);
    x_end(x);
    x_start(x, "summary");
    for (int s = 0; s < DX_NSTATUS; s++)
        x_attr_u(x, dx_status_name((dx_status)s), res->count[s]);
    x_end(x);
}

int dx_write_xml(const dx_result *res, FILE *out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    xml_out xo = {w, w ? 0 : -1}, *x = &xo;
    int rc = -1;
    if (!w)
        goto done;
    W(xmlTextWriterSetIndent(w, 1));
    W(xmlTextWriterSetIndentString(w, X("  ")));
    W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElementNS(w, NULL, X("diff"), X(DX_NAMESPACE)));
    x_attr(x, "version", "1");
    x_report(x, "old", res->old);
    x_report(x, "new", res->new);
    x_summary(x, res);
    for (size_t k = 0; k < res->nentries; k++)
        x_entry(x, res, &res->entries[k]);
    x_priors(x, res);
    x_end(x);
    W(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w); /* flushes into buf */
    w = NULL;
    if (xo.rc >= 0 && fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out) ==
                          (size_t)xmlBufferLength(buf))
        rc = 0;
done:
    xmlFreeTextWriter(w);
    xmlBufferFree(buf);
    return rc;
}

/* ============================================================== json */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_key_str(FILE *f, const char *key, const char *value, bool comma)
{
    fprintf(f, "%s\"%s\":", comma ? "," : "", key);
    if (value)
        json_str(f, value);
    else
        fputs("null", f);
}

static void json_year(FILE *f, const char *key, int year)
{
    if (year)
        fprintf(f, ",\"%s\":%d", key, year);
    else
        fprintf(f, ",\"%s\":null", key);
}

static void json_report(FILE *f, const dx_report *r)
{
    json_key_str(f, "name", r->path, false);
    json_key_str(f, "title", r->title, true);
    json_key_str(f, "kind", r->kind, true);
    json_year(f, "election_year", r->election_year);
    json_year(f, "issued_year", r->issued_year);
    fprintf(f, ",\"recommendations\":%zu", r->nrecs);
    json_key_str(f, "source", origin_name(r->origin), true);
}

static void json_rec(FILE *f, const char *name, const dx_rec *r)
{
    fprintf(f, ",\"%s\":", name);
    if (!r) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"n\":%u", r->n);
    json_key_str(f, "id", r->id, true);
    json_key_str(f, "priority", r->priority, true);
    json_key_str(f, "topic", r->topic, true);
    json_key_str(f, "text", r->text, true);
    fputs(",\"keys\":[", f);
    for (size_t k = 0; k < r->nkeys; k++) {
        fputs(k ? "," : "", f);
        json_str(f, r->keys[k]);
    }
    fputs("]}", f);
}

static void json_link(FILE *f, const dx_result *res, const dx_link *l)
{
    fprintf(f, "{\"side\":\"%s\",\"n\":%u", l->in_new ? "new" : "old", link_rec(res, l)->n);
    json_key_str(f, "id", link_rec(res, l)->id, true);
    fprintf(f, ",\"score\":%.3f}", l->score);
}

static void json_lists(FILE *f, const dx_result *res, const dx_entry *e)
{
    fputs(",\"shared_keys\":[", f);
    for (size_t k = 0; k < e->nshared; k++) {
        fputs(k ? "," : "", f);
        json_str(f, e->shared_keys[k]);
    }
    fputs("],\"shared_topics\":[", f);
    for (size_t k = 0; k < e->nshared_topics; k++) {
        fputs(k ? "," : "", f);
        json_str(f, e->shared_topics[k]);
    }
    fputs("],\"changes\":[", f);
    for (size_t k = 0; k < e->nsegs; k++) {
        const char op = e->segs[k].op;
        fprintf(f, "%s{\"op\":\"%s\"", k ? "," : "", op == '-' ? "del" : op == '+' ? "ins" : "eq");
        json_key_str(f, "text", e->segs[k].text, true);
        if (e->segs[k].old_text)
            json_key_str(f, "old_text", e->segs[k].old_text, true);
        fputc('}', f);
    }
    fputs("],\"followup\":[", f);
    for (size_t k = 0; k < e->nfollowup; k++) {
        const dx_prior *p = &res->new->priors[e->followup[k]];
        fputs(k ? ",{" : "{", f);
        json_key_str(f, "report", p->report, false);
        json_key_str(f, "status", p->status, true);
        fputc('}', f);
    }
    fputs("],\"related\":[", f);
    for (size_t k = 0; k < e->nrelated; k++) {
        fputs(k ? "," : "", f);
        json_link(f, res, &e->related[k]);
    }
    fputs("],\"nearest\":", f);
    if (e->has_nearest)
        json_link(f, res, &e->nearest);
    else
        fputs("null", f);
}

static void json_entry(FILE *f, const dx_result *res, const dx_entry *e, bool comma)
{
    fprintf(f, "%s\n  {\"status\":\"%s\",", comma ? "," : "", dx_status_name(e->status));
    if (e->status == DX_SAME || e->status == DX_SIMILAR)
        fprintf(f, "\"score\":%.3f,\"wording\":%.3f", e->score, e->wording);
    else
        fputs("\"score\":null,\"wording\":null", f);
    json_rec(f, "old", old_rec(res, e));
    json_rec(f, "new", new_rec(res, e));
    json_lists(f, res, e);
    fputc('}', f);
}

static void json_priors(FILE *f, const dx_result *res)
{
    fputs(",\n \"followup\":[", f);
    for (size_t p = 0; p < res->new->npriors; p++) {
        const dx_prior *pr = &res->new->priors[p];
        fputs(p ? ",\n  {" : "\n  {", f);
        json_key_str(f, "report", pr->report, false);
        json_key_str(f, "status", pr->status, true);
        fputs(",\"recommendations\":[", f);
        for (size_t k = 0; k < pr->nnums; k++)
            fprintf(f, "%s%u", k ? "," : "", pr->nums[k]);
        fprintf(f, "],\"applies\":%s}", res->prior_applies[p] ? "true" : "false");
    }
    fputs("]", f);
}

int dx_write_json(const dx_result *res, FILE *out)
{
    fputs("{\"format\":\"odihrx-diff\",\"version\":1,\n \"old\":{", out);
    json_report(out, res->old);
    fputs("},\n \"new\":{", out);
    json_report(out, res->new);
    fprintf(out, "},\n \"thresholds\":{\"same\":%.3f,\"similar\":%.3f},\n \"summary\":{",
            res->same_min, res->similar_min);
    for (int s = 0; s < DX_NSTATUS; s++)
        fprintf(out, "%s\"%s\":%zu", s ? "," : "", dx_status_name((dx_status)s), res->count[s]);
    fputs("},\n \"entries\":[", out);
    for (size_t k = 0; k < res->nentries; k++)
        json_entry(out, res, &res->entries[k], k > 0);
    fputs("]", out);
    json_priors(out, res);
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}

/* ============================================================== html */

static void html_esc(FILE *f, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*p, f);
        }
    }
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    "<style>\n"
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}\n"
    "h1{font-size:1.3em}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "table.reports td,table.reports th{text-align:left;padding:.2em .6em;vertical-align:top}\n"
    "table.diff{table-layout:fixed}\n"
    "table.diff th{background:#eee;text-align:left;padding:.4em}\n"
    "table.diff td{border-top:1px solid #ccc;padding:.5em;vertical-align:top}\n"
    "col.st{width:7em}\n"
    ".head{font-weight:600;margin-bottom:.3em}\n"
    "del{background:#fdd;color:#900;text-decoration:line-through}\n"
    "ins{background:#dfd;color:#060;text-decoration:none}\n"
    ".badge{display:inline-block;font-size:.8em;font-weight:400;padding:0 .45em;margin:0 .15em;"
    "border-radius:.8em;border:1px solid #99b;color:#336;background:#eef}\n"
    ".badge.shared{background:#336;color:#fff;border-color:#336}\n"
    ".badge.fu{border-color:#a70;color:#630;background:#ffe9c0}\n"
    ".badge.topic{border-color:#8a8;color:#353;background:#efe;border-radius:.2em}\n"
    ".status{font-weight:700}\n"
    "tr.same .status{color:#067}tr.similar .status{color:#a60}\n"
    "tr.dropped .status{color:#b00}tr.new .status{color:#070}\n"
    "tr.dropped td.old{background:#fff4f4}tr.new td.new{background:#f4fff4}\n"
    ".note{color:#666;font-size:.85em;margin-top:.3em}\n"
    ".score{font-variant-numeric:tabular-nums;color:#444}\n"
    "</style>\n";

static void html_badges(FILE *f, const dx_rec *r, const dx_entry *e)
{
    for (size_t k = 0; k < r->nkeys; k++) {
        bool shared = false;
        for (size_t s = 0; s < e->nshared; s++)
            shared |= strcmp(e->shared_keys[s], r->keys[k]) == 0;
        fprintf(f, "<span class=\"badge%s\" title=\"Copenhagen Document paragraph%s\">",
                shared ? " shared" : "", shared ? ", in both" : "");
        html_esc(f, r->keys[k]);
        fputs("</span>", f);
    }
}

static void html_links(FILE *f, const dx_result *res, const dx_entry *e, bool in_new)
{
    bool any = false;
    for (size_t k = 0; k < e->nrelated; k++) {
        if (e->related[k].in_new != in_new)
            continue;
        fprintf(f, "%s %s %u (%.3f)",
                any ? "," : "<div class=\"note\">related:", in_new ? "NEW" : "OLD",
                link_rec(res, &e->related[k])->n, e->related[k].score);
        any = true;
    }
    if (e->has_nearest && e->nearest.in_new == in_new) {
        fprintf(f, "%snearest: %s %u (%.3f), below the similar threshold",
                any ? "; " : "<div class=\"note\">", in_new ? "NEW" : "OLD",
                link_rec(res, &e->nearest)->n, e->nearest.score);
        any = true;
    }
    if (any)
        fputs("</div>", f);
}

/* One side of a row: the header with badges, then the text with this
 * side's changes marked (del on the old side, ins on the new). */
static void html_cell(FILE *f, const dx_result *res, const dx_entry *e, bool is_new)
{
    const dx_rec *r = is_new ? new_rec(res, e) : old_rec(res, e);
    fprintf(f, "<td class=\"%s\">", is_new ? "new" : "old");
    if (r) {
        fprintf(f, "<div class=\"head\">%s %u ", is_new ? "NEW" : "OLD", r->n);
        html_badges(f, r, e);
        for (size_t k = 0; !is_new && k < e->nfollowup; k++) {
            const dx_prior *p = &res->new->priors[e->followup[k]];
            fputs("<span class=\"badge fu\" title=\"follow-up stated in NEW\">", f);
            html_esc(f, p->status);
            fputs(" implemented</span>", f);
        }
        fputs("</div><div class=\"text\">", f);
        for (size_t k = 0; k < e->nsegs; k++) {
            char op = e->segs[k].op;
            if (op == (is_new ? '-' : '+'))
                continue;
            const char *tag = op == '-' ? "del" : op == '+' ? "ins" : NULL;
            fprintf(f, "%s%s%s%s", k ? " " : "", tag ? "<" : "", tag ? tag : "", tag ? ">" : "");
            html_esc(f, seg_text(&e->segs[k], !is_new));
            fprintf(f, "%s%s%s", tag ? "</" : "", tag ? tag : "", tag ? ">" : "");
        }
        if (!e->nsegs)
            html_esc(f, r->text);
        fputs("</div>", f);
    }
    html_links(f, res, e, !is_new);
    fputs("</td>", f);
}

static void html_row(FILE *f, const dx_result *res, const dx_entry *e)
{
    fprintf(f, "<tr class=\"%s\"><td><span class=\"status\">%s</span>", dx_status_name(e->status),
            dx_status_name(e->status));
    if (e->status == DX_SAME || e->status == DX_SIMILAR)
        fprintf(f,
                "<br/><span class=\"score\" title=\"score\">%.3f</span>"
                "<br/><span class=\"note\" title=\"wording\">wording %.3f</span>",
                e->score, e->wording);
    for (size_t k = 0; k < e->nshared_topics; k++) {
        fputs("<br/><span class=\"badge topic\" title=\"topic both texts name\">", f);
        html_esc(f, e->shared_topics[k]);
        fputs("</span>", f);
    }
    fputs("</td>", f);
    html_cell(f, res, e, false);
    html_cell(f, res, e, true);
    fputs("</tr>\n", f);
}

static void html_report(FILE *f, const char *label, const dx_report *r)
{
    fprintf(f, "<tr><th>%s</th><td>", label);
    html_esc(f, r->path);
    if (r->title) {
        fputs("<br/>", f);
        html_esc(f, r->title);
    }
    fprintf(f, "<br/>%zu recommendation%s%s</td></tr>\n", r->nrecs, r->nrecs == 1 ? "" : "s",
            r->origin == DX_ORIGIN_KEY_LIST ? " (key recommendations of a news item)" : "");
}

static void html_priors(FILE *f, const dx_result *res)
{
    if (!res->new->npriors)
        return;
    fputs("<h2>Follow-up of earlier reports stated in NEW</h2>\n<ul>\n", f);
    for (size_t p = 0; p < res->new->npriors; p++) {
        const dx_prior *pr = &res->new->priors[p];
        fputs("<li>", f);
        html_esc(f, pr->report);
        fputs(": ", f);
        html_esc(f, pr->status);
        fputs(" implemented:", f);
        for (size_t k = 0; k < pr->nnums; k++)
            fprintf(f, " %u", pr->nums[k]);
        fprintf(f, "%s%s</li>\n", pr->nnums ? "" : " (none named)",
                res->prior_applies[p] ? " <span class=\"badge fu\">OLD is this report</span>" : "");
    }
    fputs("</ul>\n", f);
}

int dx_write_html(const dx_result *res, FILE *out)
{
    fputs(html_head, out);
    fputs("<title>odihrx diff: ", out);
    html_esc(out, res->old->path);
    fputs(" &#8594; ", out);
    html_esc(out, res->new->path);
    fputs("</title>\n</head>\n<body>\n", out);
    fputs("<h1>Recommendations compared</h1>\n<table class=\"reports\">\n", out);
    html_report(out, "OLD", res->old);
    html_report(out, "NEW", res->new);
    fputs("</table>\n<p>", out);
    for (int s = 0; s < DX_NSTATUS; s++)
        fprintf(out, "%s<b>%zu</b> %s", s ? ", " : "", res->count[s], dx_status_name((dx_status)s));
    fprintf(out,
            ". <span class=\"note\">same: wording &#8805; %.2f (reworded at most); "
            "similar: score &#8805; %.2f (same concern, changed ask); dropped: in OLD "
            "only; new: in NEW only. Round badges: Copenhagen paragraphs (dark: in "
            "both); square: topics both texts name.</span></p>\n",
            res->same_min, res->similar_min);
    fputs("<table class=\"diff\">\n<colgroup><col class=\"st\"/><col/><col/></colgroup>\n"
          "<thead><tr><th>status</th><th>OLD</th><th>NEW</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t k = 0; k < res->nentries; k++)
        html_row(out, res, &res->entries[k]);
    fputs("</tbody>\n</table>\n", out);
    html_priors(out, res);
    fputs("</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}
