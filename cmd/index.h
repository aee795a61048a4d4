/*
 * index.h: search documents for `odihrx index` and `odihrx search`.
 *
 * Shared by the files of `odihrx index` and `odihrx search`:
 *   index.c         `odihrx index`: options, the batch of inputs, outputs
 *   index_search.c  `odihrx search`: the query, the filters, printing hits
 *   index_doc.c     odihrx XML -> search documents (never the library's
 *                   internals), the NDJSON and Solr XML writers
 *   index_xml.c     the tree index_doc.c walks: from libxml2, or read
 *                   straight from the XML a report was just converted to
 *   index_db.c      the SQLite FTS5 store (incremental, one transaction per
 *                   file) and the query behind `odihrx search`
 *   index_tok.c     the FTS5 tokens of a report, made by a worker thread
 *                   for the store's single writer to replay
 *
 * One search document per recommendation, section and footnote of a report.
 * Every output (NDJSON, Solr XML, the SQLite columns, the mapping and schema
 * files in index/) uses the same field names; `odihrx index --help` lists
 * them and tests/test_index.py checks that they agree.
 */
#ifndef ODIHRX_INDEX_H
#define ODIHRX_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------- buffers */

/* A growable byte buffer, always NUL-terminated once anything was added.
 * An allocation failure sets `failed` and later appends do nothing, so a
 * writer checks once at the end instead of after every call. */
typedef struct ix_buf {
    char *data;
    size_t len, cap;
    int failed;
} ix_buf;

void odihrx_index_buf_put(ix_buf *b, const char *s, size_t n);
void odihrx_index_buf_puts(ix_buf *b, const char *s);
/* Room for n more bytes (and the NUL) without another allocation; returns
 * -1, and sets failed, when that cannot be had. */
int odihrx_index_buf_reserve(ix_buf *b, size_t n);
void odihrx_index_buf_printf(ix_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void odihrx_index_buf_free(ix_buf *b);

/* s as a JSON string: quotes, every control character, DEL, U+2028/2029
 * escaped; invalid UTF-8 replaced by U+FFFD, so the output is always valid
 * JSON in valid UTF-8. */
void odihrx_index_json_string(ix_buf *b, const char *s);

/* ------------------------------------------------------------ documents */

typedef enum ix_kind { IX_RECOMMENDATION, IX_SECTION, IX_FOOTNOTE } ix_kind;

/* "recommendation", "section", "footnote" */
const char *odihrx_index_kind_name(ix_kind kind);

/* One Copenhagen key: paragraph "7.6", basis cited|section|lexicon, via
 * (the id of what justifies it: a paragraph, a footnote, a topic), and the
 * facet value "7.6:section" that the outputs carry in key_bases. */
typedef struct ix_key {
    const char *paragraph, *basis, *via, *facet;
} ix_key;

/* One search document. Strings are NUL-terminated, owned by the report's
 * arena; NULL means absent (null in JSON, no field in Solr). */
typedef struct ix_doc {
    ix_kind kind;
    const char *id;   /* stable: "<source key>-<element id>" */
    const char *elem; /* element id in the XML: rec3, sec-XI.A, fn12 */
    const char *section_id, *section_num, *section_heading;
    uint32_t recommendation; /* its number, 0 for other kinds */
    uint32_t footnote;       /* its number, 0 for other kinds */
    uint32_t line;           /* line in the source report, 0 if unknown */
    const char *priority;    /* "true" | "false" | "key", recommendations only */
    const char *topic;
    const char *text;
    const ix_key *keys;
    size_t nkeys;
    const char *const *instruments; /* distinct cite/@instrument values */
    size_t ninstruments;
    const uint32_t *footnotes; /* footnote numbers its text refers to */
    size_t nfootnotes;
    /* After odihrx_index_tokenize: the tokens of the FTS columns text,
     * section_heading and topic are report->tokens.data[tok[c] .. tok[c+1]) */
    size_t tok[4];
} ix_doc;

/* The documents of one input, and the report-level fields they share. */
typedef struct ix_report {
    const char *input;  /* the file indexed, as given on the command line */
    const char *source; /* meta/source/@name: the report that `line` is in */
    const char *sha256;
    const char *title, *country, *country_code;
    const char *election_type, *election_date;
    const char *report_kind, *report_date;
    int year; /* of the election, else of the report; 0 if unknown */
    ix_doc *docs;
    size_t ndocs, capdocs;
    struct ix_arena *arena;
    ix_buf tokens;  /* see odihrx_index_tokenize */
    int tokenized;
} ix_report;

/* Build the search documents of an odihrx XML document (xml[0..len)).
 * `input` names the file in messages and in the `input` field. Returns 0 and
 * *out (free with odihrx_index_report_free), or -1 with a message. */
int odihrx_index_report_from_xml(const char *xml, size_t len, const char *input, ix_report **out,
                                 char *msg, size_t msglen);

/* The same for the XML that odihrx_doc_write_xml has just written into xml
 * (a report converted on the fly): the same documents, without building a
 * libxml2 tree (see index_xml.c). The buffer is the caller's to give up: it
 * is overwritten, and must not be read as XML afterwards. */
int odihrx_index_report_from_written_xml(char *xml, size_t len, const char *input, ix_report **out,
                                         char *msg, size_t msglen);
void odihrx_index_report_free(ix_report *report);

/* Append the report's documents as an Elasticsearch/OpenSearch _bulk body:
 * for each document an action line {"index":{"_id":...}} (with "_index"
 * when es_index is not NULL) and a source line. Returns -1 on NOMEM. */
int odihrx_index_write_ndjson(const ix_report *report, const char *es_index, ix_buf *out);

/* Append the report's documents as Solr <doc> elements; the caller writes
 * ODIHRX_INDEX_SOLR_HEAD before the first and ODIHRX_INDEX_SOLR_TAIL after
 * the last. Dates become Solr instants (2021-01-10T00:00:00Z). */
int odihrx_index_write_solr(const ix_report *report, ix_buf *out);
#define ODIHRX_INDEX_SOLR_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<add>\n"
#define ODIHRX_INDEX_SOLR_TAIL "</add>\n"

/* ------------------------------------------------------------ XML trees */

/* What index_doc.c walks to build the documents: the elements of the
 * odihrx namespace by name, their attributes without a prefix, and text.
 * index_xml.c reads it with libxml2 (any XML file) or straight from the XML
 * that odihrx has just written. */

/* Elements the walk looks for; IX_EL_OTHER is any other element, or one of
 * another namespace. */
typedef enum ix_el {
    IX_EL_OTHER,
    IX_EL_BODY,
    IX_EL_CELL,
    IX_EL_CITE,
    IX_EL_COUNTRY,
    IX_EL_ELECTION,
    IX_EL_FNREF,
    IX_EL_FOOTNOTE,
    IX_EL_FOOTNOTES,
    IX_EL_FRONT,
    IX_EL_HEADING,
    IX_EL_INLINE,
    IX_EL_ISSUED,
    IX_EL_ITEM,
    IX_EL_KEY,
    IX_EL_LIST,
    IX_EL_META,
    IX_EL_P,
    IX_EL_RECOMMENDATION,
    IX_EL_RECOMMENDATIONS,
    IX_EL_REPORT,
    IX_EL_ROW,
    IX_EL_SECTION,
    IX_EL_SOURCE,
    IX_EL_SUBHEADING,
    IX_EL_TABLE,
    IX_EL_TEXT,
    IX_EL_TITLE,
    IX_EL_COUNT
} ix_el;

/* An attribute: value NULL when libxml2 holds it as anything but one text
 * node (an entity reference), as the DOM walk used to treat it. */
typedef struct ix_attr {
    const char *name, *value;
    size_t name_len, value_len;
} ix_attr;

typedef struct ix_node {
    struct ix_node *parent, *children, *last, *next;
    const char *text; /* a text node's characters (NUL-terminated), else NULL */
    size_t len;       /* of text */
    const ix_attr *attrs;
    size_t nattrs;
    ix_el el;
    bool decode; /* the strict reader's: text or attributes hold references */
} ix_node;

typedef struct ix_tree {
    ix_node *nodes;
    size_t nnodes;
    ix_attr *attrs;
    size_t nattrs, capattrs;
    const ix_node *root; /* the document element */
    void *dom;           /* the libxml2 document the strings are in, if any */
} ix_tree;

/* libxml2: any XML. Returns -1 with a message when it is not well-formed. */
int odihrx_index_tree_read(const char *xml, size_t len, const char *input, ix_tree *t, char *msg,
                           size_t msglen);
/* The strict reader: 0 and the tree, with xml overwritten; or -1, with xml
 * untouched, for anything it is not certain to read as libxml2 does. */
int odihrx_index_tree_read_written(char *xml, size_t len, ix_tree *t);
void odihrx_index_tree_free(ix_tree *t);

/* ----------------------------------------------------------------- store */

typedef struct ix_db ix_db;

/* The file's identity in the store: its canonical path, size and mtime, so
 * an unchanged file is skipped without being read. */
typedef struct ix_source {
    const char *key;   /* canonical path ("<stdin>" for standard input) */
    const char *given; /* as given on the command line */
    int64_t size, mtime_ns;
} ix_source;

/* Open the database and prepare every statement once. For writing, a
 * database that does not exist yet is built in a temporary file beside
 * path (path.tmpXXXXXX) with settings for a bulk load, and appears at path
 * only through odihrx_index_db_publish: a build that fails or is
 * interrupted never leaves a half-built database at path. */
int odihrx_index_db_open(const char *path, int readonly, ix_db **out, char *msg, size_t msglen);

/* For a new database: switch it to WAL (as an existing one is), sync it,
 * rename it into place (never over a database that another run created
 * meanwhile) and reopen it there. Nothing to do for an existing one.
 * Returns -1 with a message; the new database is then discarded by
 * odihrx_index_db_close, and the connection is unusable. */
int odihrx_index_db_publish(ix_db *db, char *msg, size_t msglen);

/* Close; a new database that was not published is deleted. */
void odihrx_index_db_close(ix_db *db);

/* 1 when the store holds src with the same size and mtime, indexed by this
 * version of odihrx; 0 otherwise (or on error: re-indexing is the safe side). */
int odihrx_index_db_unchanged(ix_db *db, const ix_source *src);

/* Replace every document of src by the report's documents in one
 * transaction; on failure it is rolled back and the store is unchanged. */
int odihrx_index_db_replace(ix_db *db, const ix_source *src, const ix_report *report, char *msg,
                            size_t msglen);

/* A batch: the replacements between begin and commit form one transaction
 * (far cheaper than one per file). Inside a batch odihrx_index_db_replace
 * neither begins nor commits, and when it fails the caller must call
 * odihrx_index_db_batch_rollback, which undoes every replacement of the
 * batch; to keep the others, replay them without a batch. A failed commit
 * rolls back by itself. */
int odihrx_index_db_batch_begin(ix_db *db, char *msg, size_t msglen);
int odihrx_index_db_batch_commit(ix_db *db, char *msg, size_t msglen);
void odihrx_index_db_batch_rollback(ix_db *db);

/* The FTS5 tokenizer of the store, as the schema names it, and the
 * columns it indexes (text, section_heading, topic). */
#define ODIHRX_INDEX_TOKENIZER "porter"
#define ODIHRX_INDEX_TOKENIZER_ARGS "unicode61 remove_diacritics 2"
#define ODIHRX_INDEX_TOKENIZER_ARGV "unicode61", "remove_diacritics", "2"
enum { ODIHRX_INDEX_FTS_COLUMNS = 3 };

/* The FTS5 tokenizer of the store, for a worker thread (index_tok.c):
 * tokenising is the largest part of an FTS5 insert that does not need the
 * database, so the workers do it in parallel and the single writer replays
 * their tokens (odihrx_index_db_open puts a replaying wrapper in front of
 * the table's tokenizer, which falls back to tokenising whenever the text
 * differs). One per thread. */
typedef struct ix_tokenizer ix_tokenizer;
int odihrx_index_tokenizer_new(ix_tokenizer **out, char *msg, size_t msglen);
void odihrx_index_tokenizer_free(ix_tokenizer *t);

/* Record the tokens of every document's FTS columns in report->tokens
 * (and sets report->tokenized). Returns -1 on failure; the report is then
 * indexed as if never tokenised. */
int odihrx_index_tokenize(ix_tokenizer *t, ix_report *report);

/* Hand the tokens recorded in [from, to) (one column of one document) to
 * `token`, as the tokenizer would have; stops at and returns the first
 * result that is not SQLITE_OK (0). */
int odihrx_index_tokens_replay(const char *from, const char *to, void *ctx,
                               int (*token)(void *, int, const char *, int, int, int));

/* The fts5_api of a connection, or NULL without FTS5. */
struct sqlite3;
struct fts5_api;
struct fts5_api *odihrx_index_fts5_api(struct sqlite3 *db);

/* Remove src and its documents (one transaction); 1 removed, 0 not there. */
int odihrx_index_db_remove(ix_db *db, const char *key, char *msg, size_t msglen);

/* Documents and sources in the store, for the closing summary line. */
int odihrx_index_db_totals(ix_db *db, int64_t *docs, int64_t *sources);

/* A search: match is an FTS5 expression, or NULL to list by filters only;
 * filters are NULL / 0 when not given. */
typedef struct ix_query {
    const char *match;
    const char *key;     /* Copenhagen paragraph, "7" also matches 7.x */
    const char *country; /* name or two-letter code, any case */
    const char *kind;    /* recommendation | section | footnote */
    const char *report_kind;
    int year;
    long limit, offset;
    const char *mark_open, *mark_close; /* around matched terms in snippets */
} ix_query;

/* A field of a hit; JSON fields hold a JSON array as text. */
typedef enum ix_type { IX_NULL, IX_INT, IX_REAL, IX_TEXT, IX_JSON } ix_type;
typedef struct ix_field {
    const char *name;
    ix_type type;
    const char *text;
    int64_t i;
    double r;
} ix_field;
#define IX_HIT_MAX 32
typedef struct ix_hit {
    ix_field f[IX_HIT_MAX];
    size_t n;
} ix_hit;

/* The field called name, or a static IX_NULL field when there is none. */
const ix_field *odihrx_index_hit_get(const ix_hit *hit, const char *name);

/* Run q; call each(hit, arg) for every hit, best first, until it returns
 * nonzero. Returns the number of hits, or -1 with a message (for a query
 * that FTS5 rejects the message says so). */
long odihrx_index_db_search(ix_db *db, const ix_query *q, int (*each)(const ix_hit *hit, void *arg),
                            void *arg, char *msg, size_t msglen);

#endif
