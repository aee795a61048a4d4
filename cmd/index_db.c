/*
 * index_db.c: the SQLite store of `odihrx index --sqlite DB` and the query
 * behind `odihrx search`.
 *
 * Tables (schema version 1, PRAGMA user_version; application_id 'ODIX'):
 *   sources   one row per indexed file: canonical path, size, mtime, sha256,
 *             odihrx version; an unchanged file is skipped without reading
 *   docs      one row per search document, every field of index.h (arrays
 *             as JSON text, usable with SQLite's json_each)
 *   doc_keys  (doc, paragraph, basis, via): the Copenhagen facet, for --key
 *   docs_fts  FTS5 over docs(text, section_heading, topic), external
 *             content, porter stemming, so "assemblies" finds "assembly"
 *
 * A file's documents are replaced in one transaction (delete the old rows
 * and their FTS entries, insert the new ones); any failure rolls back, so
 * the store holds either the old documents or the new ones, never a mix.
 * A batch (odihrx_index_db_batch_begin) puts the replacements of several
 * files in one transaction: a commit per file cost half the writer's time
 * (every commit writes the touched b-tree pages to the WAL again, and FTS5
 * writes a segment per transaction, which later merges rewrite). No
 * SAVEPOINT per file: FTS5 flushes its pending terms to a new segment at
 * every savepoint, which takes back most of the gain; the caller instead
 * rolls the batch back on a failure and replays its files one at a time.
 * An existing database is updated in WAL mode with synchronous=NORMAL: a
 * commit is atomic and durable against a process crash without an fsync
 * per file (an OS crash may lose the last commits, never consistency); the
 * WAL is checkpointed every 20000 pages rather than 1000, as each
 * checkpoint syncs and stalls the writer.
 * A new database is built in a temporary file beside it that no other
 * process knows of, with an in-memory rollback journal, no syncs and an
 * exclusive lock: every page is written once instead of to the WAL and
 * again at the checkpoint. A failing file or batch still rolls back alone.
 * When the run is done the file is switched to WAL, synced and renamed
 * into place (odihrx_index_db_publish), so the path holds no database or a
 * complete one, whatever happens to the run; a killed run leaves only its
 * DB.tmpXXXXXX behind.
 * A new database gets 16 KiB pages (SQLite's default is 4 KiB; an existing
 * database keeps its size): a build writes every page twice, to the WAL
 * and at the checkpoint, one system call per frame and per page, and the
 * longer sections no longer spill into chains of overflow pages; with 1000
 * reports the writer's CPU time fell by about a tenth, its commits' by a
 * quarter.
 * Every statement is prepared once in odihrx_index_db_open and reused.
 *
 * Tokens: the worker threads run the FTS5 tokenizer over each document
 * (odihrx_index_tokenize, index_tok.c) and the writer's connection replays them through
 * a wrapper registered under the tokenizer's name, so the single writer
 * spends its time on the index, not on Unicode folding and stemming. The
 * schema names the built-in tokenizer: the index is the one SQLite builds
 * (tests/test_index.py compares it with a 'rebuild'), and any SQLite reads it.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* renameat2 */
#endif
#include "cli.h"
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "odihrx.h"

#define SCHEMA_VERSION 1
#define APPLICATION_ID 0x4F444958 /* "ODIX" */

/* bm25 weights of the FTS columns text, section_heading, topic: a
 * document's own words count most; the heading and topic say where it
 * stands, which helps but must not outweigh what it says. */
#define BM25 "bm25(docs_fts, 1.0, 0.5, 0.5)"

#define TOKENIZER ODIHRX_INDEX_TOKENIZER
#define TOKENIZER_ARGS ODIHRX_INDEX_TOKENIZER_ARGS
static const char *const tok_args[] = {ODIHRX_INDEX_TOKENIZER_ARGV};
enum { TOK_NARGS = sizeof tok_args / sizeof tok_args[0], FTS_COLUMNS = ODIHRX_INDEX_FTS_COLUMNS };

static const char schema_sql[] =
    "CREATE TABLE sources("
    " source_id INTEGER PRIMARY KEY,"
    " key TEXT NOT NULL UNIQUE," /* canonical path */
    " given TEXT,"               /* as given on the command line */
    " size INTEGER, mtime_ns INTEGER, sha256 TEXT, version TEXT,"
    " indexed_at TEXT, docs INTEGER);"
    "CREATE TABLE docs("
    " rowid INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES sources(source_id),"
    " id TEXT NOT NULL, kind TEXT NOT NULL, elem TEXT,"
    " country TEXT, country_code TEXT, election_type TEXT, election_date TEXT,"
    " year INTEGER, report_kind TEXT, report_date TEXT, title TEXT,"
    " section_id TEXT, section_num TEXT, section_heading TEXT,"
    " recommendation INTEGER, priority TEXT, topic TEXT, footnote INTEGER,"
    " text TEXT NOT NULL, keys TEXT, key_bases TEXT, instruments TEXT, footnotes TEXT,"
    " source TEXT, line INTEGER, input TEXT, sha256 TEXT);"
    /* No index on docs(id): the searches never look a document up by id,
     * and each index costs every insert; a program that does can add it. */
    "CREATE INDEX docs_source ON docs(source_id);"
    /* keyed by doc first: the --key filter probes (doc, paragraph) for a
     * candidate document, and a re-index deletes by doc */
    "CREATE TABLE doc_keys("
    " doc INTEGER NOT NULL, paragraph TEXT NOT NULL, basis TEXT, via TEXT,"
    " PRIMARY KEY(doc, paragraph)) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE docs_fts USING fts5(text, section_heading, topic,"
    " content='docs', content_rowid='rowid',"
    " tokenize='" TOKENIZER " " TOKENIZER_ARGS "');"
    /* One transaction per file leaves one small FTS5 segment per file;
     * merging them 16 at a time instead of 4 spends ~15% less time per file
     * and still keeps a query to a few dozen segments. Stored in the
     * table's config, so it holds for every later run. */
    "INSERT INTO docs_fts(docs_fts, rank) VALUES('automerge', 16);";

/* The writer's tokenizer wrapper: the tokens a worker recorded for the
 * row being inserted, column by column. */
typedef struct replay {
    fts5_tokenizer real; /* the built-in tokenizer it stands in front of */
    void *real_data;
    const char *text[FTS_COLUMNS];
    size_t len[FTS_COLUMNS];
    const char *tok[FTS_COLUMNS], *tok_end[FTS_COLUMNS];
    int next, armed;
} replay;

struct ix_db {
    sqlite3 *db;
    replay replay;
    sqlite3_stmt *begin, *commit, *rollback;
    sqlite3_stmt *get_source, *ins_source, *upd_source, *del_source;
    sqlite3_stmt *del_fts, *del_keys, *del_docs;
    sqlite3_stmt *ins_doc, *ins_fts, *ins_key;
    sqlite3_stmt *count_docs, *count_sources;
    ix_buf scratch; /* JSON arrays of the document being inserted */
    int64_t *rowids; /* of the report being inserted, in document order */
    size_t caprowids;
    bool in_batch;  /* a batch transaction is open */
    char *path;     /* the database */
    char *building; /* a new database: the temporary file it is built in,
                     * until odihrx_index_db_publish; NULL otherwise */
    int building_fd; /* that file, for writeback hints; -1 when none */
};

/* ------------------------------------------------------------- helpers */

static int fail(ix_db *db, char *msg, size_t msglen, const char *what)
{
    snprintf(msg, msglen, "%s: %s", what, db && db->db ? sqlite3_errmsg(db->db) : "?");
    return -1;
}

/* Run a statement that returns no row, and reset it for its next use
 * (a statement left unreset would keep COMMIT from running). */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    int rc2 = sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? (rc2 == SQLITE_OK ? 0 : -1) : -1;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static int prepare(ix_db *db, sqlite3_stmt **st, const char *sql)
{
    return sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK
               ? 0
               : -1;
}

static int64_t pragma_int(sqlite3 *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ------------------------------------------------------------ tokens */

/* The wrapper registered under the tokenizer's own name on the writer's
 * connection (FTS5 takes the latest registration of a name), so the schema
 * names the built-in tokenizer and any SQLite can read the database. It
 * replays a worker's tokens only for a document column whose text is
 * byte for byte the one they came from; queries, snippets and deletions,
 * and any text it was not given, go to the built-in tokenizer. */
typedef struct replay_tok {
    Fts5Tokenizer *real;
    replay *rp;
    int same_args; /* created with tok_args: the workers' configuration */
} replay_tok;

static int replay_create(void *data, const char **argv, int argc, Fts5Tokenizer **out)
{
    replay *rp = data;
    replay_tok *t = sqlite3_malloc(sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->rp = rp;
    t->same_args = argc == TOK_NARGS;
    for (int i = 0; t->same_args && i < argc; i++)
        t->same_args = strcmp(argv[i], tok_args[i]) == 0;
    int rc = rp->real.xCreate(rp->real_data, argv, argc, &t->real);
    if (rc != SQLITE_OK) {
        sqlite3_free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void replay_delete(Fts5Tokenizer *p)
{
    replay_tok *t = (replay_tok *)p;
    t->rp->real.xDelete(t->real);
    sqlite3_free(t);
}

static int replay_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                           int (*token)(void *, int, const char *, int, int, int))
{
    replay_tok *t = (replay_tok *)p;
    replay *rp = t->rp;
    if (t->same_args && rp->armed && flags == FTS5_TOKENIZE_DOCUMENT && n >= 0) {
        for (int c = rp->next; c < FTS_COLUMNS; c++) {
            /* SQLite hands over the buffer bound with SQLITE_STATIC itself,
             * so the pointer usually answers without comparing the bytes */
            if (rp->len[c] != (size_t)n ||
                (n && rp->text[c] != text && memcmp(rp->text[c], text, (size_t)n) != 0))
                continue;
            rp->next = c + 1;
            return odihrx_index_tokens_replay(rp->tok[c], rp->tok_end[c], ctx, token);
        }
    }
    return rp->real.xTokenize(t->real, ctx, flags, text, n, token);
}

static int install_replay(ix_db *db)
{
    static const fts5_tokenizer methods = {replay_create, replay_delete, replay_tokenize};
    fts5_api *api = odihrx_index_fts5_api(db->db);
    if (!api || api->xFindTokenizer(api, TOKENIZER, &db->replay.real_data, &db->replay.real))
        return -1;
    return api->xCreateTokenizer(api, TOKENIZER, &db->replay, (fts5_tokenizer *)&methods, NULL) ==
                   SQLITE_OK
               ? 0
               : -1;
}

/* ---------------------------------------------------------------- open */

/* A new database gets the schema; an existing one must be ours and of a
 * version we know, so a wrong path is never written into. */
static int check_or_create(ix_db *db, int readonly, const char *path, char *msg, size_t msglen)
{
    int64_t app = pragma_int(db->db, "PRAGMA application_id");
    int64_t ver = pragma_int(db->db, "PRAGMA user_version");
    int64_t tables = pragma_int(db->db, "SELECT count(*) FROM sqlite_master");
    if (app < 0 || ver < 0 || tables < 0)
        return fail(db, msg, msglen, path);
    if (app == APPLICATION_ID && ver == SCHEMA_VERSION)
        return 0;
    if (app == APPLICATION_ID && ver > SCHEMA_VERSION) {
        snprintf(msg, msglen, "%s: made by a newer odihrx (schema %lld)", path, (long long)ver);
        return -1;
    }
    if (tables > 0 || readonly) {
        snprintf(msg, msglen, "%s: not an odihrx index database", path);
        return -1;
    }
    char *err = NULL;
    char sql[sizeof schema_sql + 128];
    snprintf(sql, sizeof sql, "BEGIN;%sPRAGMA application_id=%d;PRAGMA user_version=%d;COMMIT;",
             schema_sql, APPLICATION_ID, SCHEMA_VERSION);
    if (sqlite3_exec(db->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        snprintf(msg, msglen, "%s: cannot create the tables: %s%s", path, err ? err : "?",
                 err && strstr(err, "fts5") ? " (this SQLite lacks FTS5)" : "");
        sqlite3_free(err);
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

static int prepare_writes(ix_db *db)
{
    return prepare(db, &db->begin, "BEGIN IMMEDIATE") || prepare(db, &db->commit, "COMMIT") ||
           prepare(db, &db->rollback, "ROLLBACK") ||
           prepare(db, &db->get_source,
                   "SELECT source_id, size, mtime_ns, version FROM sources WHERE key = ?1") ||
           prepare(db, &db->ins_source,
                   "INSERT INTO sources(key, given, size, mtime_ns, sha256, version,"
                   " indexed_at, docs) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
                   " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7)") ||
           prepare(db, &db->upd_source,
                   "UPDATE sources SET given = ?2, size = ?3, mtime_ns = ?4, sha256 = ?5,"
                   " version = ?6, indexed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                   " docs = ?7 WHERE source_id = ?1") ||
           prepare(db, &db->del_source, "DELETE FROM sources WHERE source_id = ?1") ||
           /* external content: FTS5 forgets a row only when told its old
            * values, which the docs row still holds */
           prepare(db, &db->del_fts,
                   "INSERT INTO docs_fts(docs_fts, rowid, text, section_heading, topic)"
                   " SELECT 'delete', rowid, text, section_heading, topic"
                   " FROM docs WHERE source_id = ?1") ||
           prepare(db, &db->del_keys,
                   "DELETE FROM doc_keys WHERE doc IN"
                   " (SELECT rowid FROM docs WHERE source_id = ?1)") ||
           prepare(db, &db->del_docs, "DELETE FROM docs WHERE source_id = ?1") ||
           prepare(db, &db->ins_doc,
                   "INSERT INTO docs(source_id, id, kind, elem, country, country_code,"
                   " election_type, election_date, year, report_kind, report_date, title,"
                   " section_id, section_num, section_heading, recommendation, priority,"
                   " topic, footnote, text, keys, key_bases, instruments, footnotes,"
                   " source, line, input, sha256) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                   " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
                   " ?23, ?24, ?25, ?26, ?27, ?28)") ||
           prepare(db, &db->ins_fts,
                   "INSERT INTO docs_fts(rowid, text, section_heading, topic)"
                   " VALUES(?1, ?2, ?3, ?4)") ||
           prepare(db, &db->ins_key,
                   "INSERT OR IGNORE INTO doc_keys(paragraph, doc, basis, via)"
                   " VALUES(?1, ?2, ?3, ?4)");
}

/* The settings of a connection. An existing database: WAL, see the top of
 * this file. A new one, built in its temporary file: nothing else can see
 * that file, so no WAL (which writes every page twice, to the WAL and at the
 * checkpoint, with a checksum per frame) and no syncs until it is complete;
 * the rollback journal stays, in memory, so that a batch or a file that
 * fails still rolls back alone; an exclusive lock spares a lock and unlock
 * per transaction; and a page cache of 16 MB, not 64: a build appends to
 * every b-tree, so few pages are read again, and each page of the cache
 * cost a page fault the first time (1000 reports: 25,000 faults -> 11,000,
 * the writer's CPU 2.5 -> 2.2 s; 8 and 32 MB gave the same, 2 and 4 MB a
 * little more). */
static const char existing_pragmas[] = "PRAGMA page_size=16384;"
                                       " PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                       " PRAGMA cache_size=-65536;"
                                       " PRAGMA wal_autocheckpoint=20000;";
static const char building_pragmas[] = "PRAGMA page_size=16384;"
                                       " PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;"
                                       " PRAGMA locking_mode=EXCLUSIVE;"
                                       " PRAGMA cache_size=-16384;";

static void finalize_statements(ix_db *db)
{
    sqlite3_stmt **all[] = {&db->begin,      &db->commit,     &db->rollback,   &db->get_source,
                            &db->ins_source, &db->upd_source, &db->del_source, &db->del_fts,
                            &db->del_keys,   &db->del_docs,   &db->ins_doc,    &db->ins_fts,
                            &db->ins_key,    &db->count_docs, &db->count_sources};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

/* Close the connection; -1 when SQLite could not (the file may then lack
 * its last writes). */
static int close_connection(ix_db *db)
{
    finalize_statements(db);
    int rc = sqlite3_close(db->db);
    db->db = NULL;
    return rc == SQLITE_OK ? 0 : -1;
}

/* Open file (the database, or the temporary file a new one is built in),
 * apply its settings, create or check the schema, prepare the statements. */
static int open_connection(ix_db *db, const char *file, int readonly, const char *shown,
                           char *msg, size_t msglen)
{
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(file, &db->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(msg, msglen, "%s: cannot open: %s", shown,
                 db->db ? sqlite3_errmsg(db->db) : "out of memory");
        return -1;
    }
    sqlite3_extended_result_codes(db->db, 1);
    sqlite3_busy_timeout(db->db, 10000); /* another writer holds the lock */
    const char *pragmas = db->building ? building_pragmas : existing_pragmas;
    if (!readonly && sqlite3_exec(db->db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, msg, msglen, shown);
    /* before the FTS table is first opened: it takes its tokenizer then;
     * without FTS5 the schema check below says so */
    if (!readonly)
        install_replay(db);
    if (check_or_create(db, readonly, shown, msg, msglen))
        return -1;
    if ((!readonly && prepare_writes(db)) ||
        prepare(db, &db->count_docs, "SELECT count(*) FROM docs") ||
        prepare(db, &db->count_sources, "SELECT count(*) FROM sources"))
        return fail(db, msg, msglen, shown);
    return 0;
}

/* A database's own files: SQLite takes a -wal or -journal beside it as
 * part of it (and would replay one left without its database). */
static const char *const db_suffixes[] = {"", "-wal", "-journal"};
enum { DB_FILES = sizeof db_suffixes / sizeof *db_suffixes };

/* path with the i-th suffix in name; false when it does not fit */
static bool db_file(char (*name)[PATH_MAX], const char *path, size_t i)
{
    return (size_t)snprintf(*name, sizeof *name, "%s%s", path, db_suffixes[i]) < sizeof *name;
}

/* A database that is not there yet, nor any file of one. */
static bool absent(const char *path)
{
    char name[PATH_MAX];
    struct stat sb;
    for (size_t i = 0; i < DB_FILES; i++)
        if (!db_file(&name, path, i) || lstat(name, &sb) == 0 || errno != ENOENT)
            return false;
    return true;
}

/* A new database: have the kernel start writing the pages of each batch to
 * disk once it is committed, so that the sync at publish waits for the last
 * batches only, not for the whole file (270 MB for 1000 reports; the sync
 * took 0.25 s at the end of the run, now 0.14 s). Only a hint: nothing is
 * waited for, and a failure changes nothing. */
static void start_writeback(ix_db *db)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    if (db->building_fd >= 0)
        sync_file_range(db->building_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)db;
#endif
}

static void close_building_fd(ix_db *db)
{
    if (db->building_fd >= 0)
        close(db->building_fd);
    db->building_fd = -1;
}

/* SQLite keeps memory statistics by default, counting every allocation
 * under one mutex of the whole process, which the writer and the workers'
 * tokenizers then take in turn for figures nothing here reads. Off, before
 * SQLite is first used (the main thread opens the store before any worker
 * starts; once SQLite is initialised the call is refused and changes
 * nothing). 1000 reports, -j 2, 11 interleaved runs: CPU 5.79 -> 5.54 s,
 * wall 3.27 -> 3.16 s. */
static void memstatus_off(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int odihrx_index_db_open(const char *path, int readonly, ix_db **out, char *msg, size_t msglen)
{
    int rc = -1;
    *out = NULL;
    memstatus_off();
    ix_db *db = calloc(1, sizeof *db);
    if (db)
        db->building_fd = -1;
    if (!db || !(db->path = strdup(path))) {
        snprintf(msg, msglen, "%s: out of memory", path);
        goto done;
    }
    /* a new database is built in a temporary file beside it, so that the
     * rename at the end stays within one file system (an empty file is an
     * empty database to SQLite; the descriptor stays open for
     * start_writeback) */
    if (!readonly && absent(path) &&
        (db->building_fd = odihrx_cli_temp_beside(path, &db->building, msg, msglen)) < 0)
        goto done;
    if (open_connection(db, db->building ? db->building : path, readonly, path, msg, msglen))
        goto done;
    *out = db;
    db = NULL;
    rc = 0;
done:
    odihrx_index_db_close(db);
    return rc;
}

/* Rename tmp to path unless path exists by now (another run created it):
 * renameat2 where the file system has RENAME_NOREPLACE, else link, else a
 * check and a plain rename. */
static int rename_noreplace(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    if (link(tmp, path) == 0)
        return unlink(tmp) == 0 || errno == ENOENT ? 0 : -1;
    if (errno == EEXIST)
        return -1;
    struct stat sb;
    if (lstat(path, &sb) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(tmp, path);
}

/* fsync a file, or a directory so that a rename in it is durable. */
static int sync_path(const char *path, bool dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    errno = err;
    return rc;
}

static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sync_path(".", true);
    if (slash == path)
        return sync_path("/", true);
    char *dir = strndup(path, (size_t)(slash - path));
    int rc = dir ? sync_path(dir, true) : -1;
    free(dir);
    return rc;
}

int odihrx_index_db_publish(ix_db *db, char *msg, size_t msglen)
{
    if (!db->building)
        return 0;
    /* WAL from now on, as for any existing database (the mode is kept in
     * the file); the exclusive lock lets the switch go without shared
     * memory, and closing checkpoints and removes the WAL */
    sqlite3_stmt *st = NULL;
    const unsigned char *mode = NULL;
    if (sqlite3_prepare_v2(db->db, "PRAGMA journal_mode=WAL", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        mode = sqlite3_column_text(st, 0);
    bool wal = mode && strcmp((const char *)mode, "wal") == 0;
    sqlite3_finalize(st);
    if (!wal) {
        fail(db, msg, msglen, db->path);
        return -1;
    }
    if (close_connection(db)) {
        snprintf(msg, msglen, "%s: cannot close the new database", db->path);
        return -1;
    }
    close_building_fd(db);
    if (sync_path(db->building, false) || rename_noreplace(db->building, db->path) ||
        sync_parent(db->path)) {
        snprintf(msg, msglen, "%s: cannot put the new database in place: %s%s", db->path,
                 strerror(errno),
                 errno == EEXIST ? " (another run created it meanwhile; run again to add"
                                   " these files to it)"
                                 : "");
        return -1;
    }
    free(db->building);
    db->building = NULL;
    /* from here on an ordinary existing database: the caller may go on
     * reading it (the summary's totals) */
    return open_connection(db, db->path, 0, db->path, msg, msglen);
}

void odihrx_index_db_close(ix_db *db)
{
    if (!db)
        return;
    close_connection(db);
    close_building_fd(db);
    if (db->building) {
        /* a new database that was never completed: no trace of it */
        char name[PATH_MAX];
        for (size_t i = 0; i < DB_FILES; i++)
            if (db_file(&name, db->building, i))
                unlink(name);
        free(db->building);
    }
    free(db->path);
    odihrx_index_buf_free(&db->scratch);
    free(db->rowids);
    free(db);
}

/* ---------------------------------------------------------------- write */

/* source_id of key, 0 when absent, -1 on error; the size, mtime and
 * version columns stay readable in get_source until it is reset. */
static int64_t find_source(ix_db *db, const char *key)
{
    sqlite3_bind_text(db->get_source, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(db->get_source);
    if (rc == SQLITE_ROW)
        return sqlite3_column_int64(db->get_source, 0);
    sqlite3_reset(db->get_source);
    return rc == SQLITE_DONE ? 0 : -1;
}

int odihrx_index_db_unchanged(ix_db *db, const ix_source *src)
{
    int64_t id = find_source(db, src->key);
    if (id <= 0)
        return 0;
    const unsigned char *ver = sqlite3_column_text(db->get_source, 3);
    int same = sqlite3_column_int64(db->get_source, 1) == src->size &&
               sqlite3_column_int64(db->get_source, 2) == src->mtime_ns && ver &&
               strcmp((const char *)ver, odihrx_version()) == 0;
    sqlite3_reset(db->get_source);
    return same;
}

/* Delete the documents of source id (their FTS entries and keys first). */
static int delete_docs(ix_db *db, int64_t id)
{
    sqlite3_bind_int64(db->del_fts, 1, id);
    sqlite3_bind_int64(db->del_keys, 1, id);
    sqlite3_bind_int64(db->del_docs, 1, id);
    return run(db->del_fts) || run(db->del_keys) || run(db->del_docs);
}

/* Append a JSON array of the n strings at v (stride bytes apart) and a NUL;
 * returns where the array starts in b. */
static size_t json_strings(ix_buf *b, const char *const *v, size_t n, size_t stride)
{
    size_t at = b->len;
    odihrx_index_buf_put(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            odihrx_index_buf_put(b, ",", 1);
        odihrx_index_json_string(b, *(const char *const *)((const char *)v + i * stride));
    }
    odihrx_index_buf_put(b, "]", 2); /* with the NUL that ends it */
    return at;
}

static size_t json_numbers(ix_buf *b, const uint32_t *v, size_t n)
{
    size_t at = b->len;
    odihrx_index_buf_put(b, "[", 1);
    for (size_t i = 0; i < n; i++)
        odihrx_index_buf_printf(b, i ? ",%u" : "%u", (unsigned)v[i]);
    odihrx_index_buf_put(b, "]", 2);
    return at;
}

/* The JSON array columns (21 to 24), built one after the other in one
 * scratch buffer and bound in place once it stops moving: SQLite copies
 * them into the record when the statement runs, so no per-column copy
 * (SQLITE_TRANSIENT) is needed before. Returns -1 on NOMEM. */
static int bind_json_arrays(ix_db *db, const ix_doc *d)
{
    ix_buf *b = &db->scratch;
    b->len = 0;
    bool keys = d->nkeys > 0; /* keys may be NULL then: no offset from it */
    size_t at[4] = {
        json_strings(b, keys ? &d->keys[0].paragraph : NULL, d->nkeys, sizeof *d->keys),
        json_strings(b, keys ? &d->keys[0].facet : NULL, d->nkeys, sizeof *d->keys),
        json_strings(b, d->instruments, d->ninstruments, sizeof *d->instruments),
        json_numbers(b, d->footnotes, d->nfootnotes),
    };
    if (b->failed)
        return -1;
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(db->ins_doc, 21 + i, b->data + at[i], -1, SQLITE_STATIC);
    return 0;
}

/* The docs row of d and its doc_keys rows; its rowid in *rowid_out. */
static int insert_row(ix_db *db, int64_t source_id, const ix_report *r, const ix_doc *d,
                      int64_t *rowid_out)
{
    sqlite3_stmt *st = db->ins_doc;
    sqlite3_bind_int64(st, 1, source_id);
    bind_text(st, 2, d->id);
    bind_text(st, 3, odihrx_index_kind_name(d->kind));
    bind_text(st, 4, d->elem);
    bind_text(st, 5, r->country);
    bind_text(st, 6, r->country_code);
    bind_text(st, 7, r->election_type);
    bind_text(st, 8, r->election_date);
    bind_int(st, 9, r->year);
    bind_text(st, 10, r->report_kind);
    bind_text(st, 11, r->report_date);
    bind_text(st, 12, r->title);
    bind_text(st, 13, d->section_id);
    bind_text(st, 14, d->section_num);
    bind_text(st, 15, d->section_heading);
    bind_int(st, 16, d->recommendation);
    bind_text(st, 17, d->priority);
    bind_text(st, 18, d->topic);
    bind_int(st, 19, d->footnote);
    bind_text(st, 20, d->text);
    if (bind_json_arrays(db, d))
        return -1;
    bind_text(st, 25, r->source);
    bind_int(st, 26, d->line);
    bind_text(st, 27, r->input);
    bind_text(st, 28, r->sha256);
    if (run(st))
        return -1;
    int64_t rowid = sqlite3_last_insert_rowid(db->db);
    *rowid_out = rowid;
    for (size_t k = 0; k < d->nkeys; k++) {
        bind_text(db->ins_key, 1, d->keys[k].paragraph);
        sqlite3_bind_int64(db->ins_key, 2, rowid);
        bind_text(db->ins_key, 3, d->keys[k].basis);
        bind_text(db->ins_key, 4, d->keys[k].via);
        if (run(db->ins_key))
            return -1;
    }
    return 0;
}

/* The FTS5 entry of d, whose docs row is rowid. */
static int insert_fts(ix_db *db, const ix_report *r, const ix_doc *d, int64_t rowid)
{
    sqlite3_bind_int64(db->ins_fts, 1, rowid);
    bind_text(db->ins_fts, 2, d->text);
    bind_text(db->ins_fts, 3, d->section_heading);
    bind_text(db->ins_fts, 4, d->topic);
    replay *rp = &db->replay;
    if (r->tokenized && r->tokens.data) {
        const char *col[FTS_COLUMNS] = {d->text, d->section_heading, d->topic};
        for (int c = 0; c < FTS_COLUMNS; c++) {
            rp->text[c] = col[c];
            rp->len[c] = col[c] ? strlen(col[c]) : 0;
            rp->tok[c] = r->tokens.data + d->tok[c];
            rp->tok_end[c] = r->tokens.data + d->tok[c + 1];
        }
        rp->next = 0;
        rp->armed = 1;
    }
    int rc = run(db->ins_fts);
    rp->armed = 0;
    return rc ? -1 : 0;
}

/* Every document of r: the rows first, then the FTS5 entries, so that
 * FTS5 adds to its table of pending terms in one run instead of between
 * rows that push it out of the cache: the writer's CPU time fell by about
 * 3% (median of 26 paired runs of 1000 reports, 17 of them faster). */
static int insert_docs(ix_db *db, int64_t source_id, const ix_report *r)
{
    if (r->ndocs > db->caprowids) {
        int64_t *p = r->ndocs <= SIZE_MAX / sizeof *p ? realloc(db->rowids, r->ndocs * sizeof *p)
                                                      : NULL;
        if (!p)
            return -1;
        db->rowids = p;
        db->caprowids = r->ndocs;
    }
    for (size_t i = 0; i < r->ndocs; i++)
        if (insert_row(db, source_id, r, &r->docs[i], &db->rowids[i]))
            return -1;
    for (size_t i = 0; i < r->ndocs; i++)
        if (insert_fts(db, r, &r->docs[i], db->rowids[i]))
            return -1;
    return 0;
}

/* Insert or update the sources row; its id in *id. */
static int put_source(ix_db *db, const ix_source *src, const ix_report *r, int64_t *id)
{
    sqlite3_stmt *st = *id ? db->upd_source : db->ins_source;
    if (*id)
        sqlite3_bind_int64(st, 1, *id);
    else
        bind_text(st, 1, src->key);
    bind_text(st, 2, src->given);
    sqlite3_bind_int64(st, 3, src->size);
    sqlite3_bind_int64(st, 4, src->mtime_ns);
    bind_text(st, 5, r->sha256);
    bind_text(st, 6, odihrx_version());
    sqlite3_bind_int64(st, 7, (int64_t)r->ndocs);
    if (run(st))
        return -1;
    if (!*id)
        *id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

int odihrx_index_db_batch_begin(ix_db *db, char *msg, size_t msglen)
{
    if (run(db->begin))
        return fail(db, msg, msglen, "cannot begin a transaction");
    db->in_batch = true;
    return 0;
}

int odihrx_index_db_batch_commit(ix_db *db, char *msg, size_t msglen)
{
    if (!db->in_batch)
        return 0;
    if (run(db->commit)) {
        fail(db, msg, msglen, "cannot commit");
        odihrx_index_db_batch_rollback(db);
        return -1;
    }
    db->in_batch = false;
    start_writeback(db);
    return 0;
}

void odihrx_index_db_batch_rollback(ix_db *db)
{
    /* SQLite has already rolled back after some errors (SQLITE_FULL,
     * SQLITE_IOERR, SQLITE_NOMEM) */
    if (!sqlite3_get_autocommit(db->db))
        run(db->rollback);
    db->in_batch = false;
}

int odihrx_index_db_replace(ix_db *db, const ix_source *src, const ix_report *r, char *msg,
                            size_t msglen)
{
    int rc = -1;
    bool open_tx = false;
    if (db->in_batch) {
        /* inside a batch: on failure the caller rolls the batch back */
        int64_t id = find_source(db, src->key);
        if (id > 0)
            sqlite3_reset(db->get_source);
        if (id < 0 || (id > 0 && delete_docs(db, id)) || put_source(db, src, r, &id))
            return fail(db, msg, msglen, src->given);
        if (insert_docs(db, id, r))
            return fail(db, msg, msglen, src->given);
        return 0;
    }
    if (run(db->begin))
        goto done;
    open_tx = true;
    int64_t id = find_source(db, src->key);
    if (id > 0)
        sqlite3_reset(db->get_source);
    if (id < 0 || (id > 0 && delete_docs(db, id)) || put_source(db, src, r, &id))
        goto done;
    if (insert_docs(db, id, r))
        goto done;
    if (run(db->commit))
        goto done;
    open_tx = false;
    rc = 0;
done:
    if (rc) {
        fail(db, msg, msglen, src->given);
        if (open_tx)
            run(db->rollback);
    }
    return rc;
}

int odihrx_index_db_remove(ix_db *db, const char *key, char *msg, size_t msglen)
{
    int rc = -1;
    bool open_tx = false;
    int64_t id = 0;
    if (run(db->begin))
        goto done;
    open_tx = true;
    id = find_source(db, key);
    if (id > 0) {
        sqlite3_reset(db->get_source);
        sqlite3_bind_int64(db->del_source, 1, id);
        if (delete_docs(db, id) || run(db->del_source))
            goto done;
    }
    if (id < 0 || run(db->commit))
        goto done;
    open_tx = false;
    rc = id > 0;
done:
    if (rc < 0) {
        fail(db, msg, msglen, key);
        if (open_tx)
            run(db->rollback);
    }
    return rc;
}

int odihrx_index_db_totals(ix_db *db, int64_t *docs, int64_t *sources)
{
    int rc = -1;
    if (sqlite3_step(db->count_docs) == SQLITE_ROW &&
        sqlite3_step(db->count_sources) == SQLITE_ROW) {
        *docs = sqlite3_column_int64(db->count_docs, 0);
        *sources = sqlite3_column_int64(db->count_sources, 0);
        rc = 0;
    }
    sqlite3_reset(db->count_docs);
    sqlite3_reset(db->count_sources);
    return rc;
}

/* --------------------------------------------------------------- search */

#define HIT_COLUMNS                                                                                \
    "d.id, d.kind, d.country, d.country_code, d.election_type, d.election_date, d.year,"           \
    " d.report_kind, d.report_date, d.title, d.section_id, d.section_num, d.section_heading,"      \
    " d.recommendation, d.priority, d.topic, d.footnote, d.text, d.keys, d.key_bases,"             \
    " d.instruments, d.footnotes, d.source, d.line, d.input, d.sha256"

/* The filters, the same in both statements; a NULL parameter disables one.
 * --key 7 also matches 7.1, 7.2 ...: paragraphs nest. */
#define FILTERS                                                                                    \
    " (?2 IS NULL OR EXISTS (SELECT 1 FROM doc_keys k WHERE k.doc = d.rowid AND"                   \
    "  (k.paragraph = ?2 OR substr(k.paragraph, 1, length(?2) + 1) = ?2 || '.')))"                 \
    " AND (?3 IS NULL OR d.country_code = upper(?3) OR d.country = ?3 COLLATE NOCASE)"             \
    " AND (?4 IS NULL OR d.year = ?4)"                                                             \
    " AND (?5 IS NULL OR d.kind = ?5)"                                                             \
    " AND (?6 IS NULL OR d.report_kind = ?6)"

/* Weight of a document by kind, applied to its bm25 score: recommendations
 * are what the people who search these reports look for (what to change,
 * keyed to commitments); sections and footnotes are the findings and
 * sources behind them, so a recommendation comes first among documents of
 * similar relevance, not before a much better match. */
#define KIND_WEIGHT "(CASE d.kind WHEN 'recommendation' THEN 1.5 ELSE 1.0 END)"

/* Full-text: best weighted bm25 first (bm25 is negative: lower is better);
 * the snippet marks every matched term. */
static const char search_sql[] =
    "SELECT " HIT_COLUMNS ", -" BM25 " * " KIND_WEIGHT " AS score,"
    " snippet(docs_fts, -1, ?9, ?10, '…', 32) AS snippet"
    " FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid"
    " WHERE docs_fts MATCH ?1 AND" FILTERS " ORDER BY score DESC, d.rowid LIMIT ?7 OFFSET ?8";

/* Filters only: recommendations, then sections, then footnotes; with --key
 * the strongest evidence first within each (a citation, then the section's
 * citation, then the topic lexicon); then the latest election first, and
 * document order. */
static const char list_sql[] =
    "SELECT " HIT_COLUMNS ", NULL AS score, NULL AS snippet"
    " FROM docs d WHERE ?1 IS NULL AND" FILTERS
    " ORDER BY CASE d.kind WHEN 'recommendation' THEN 0 WHEN 'section' THEN 1 ELSE 2 END,"
    " (SELECT min(CASE k.basis WHEN 'cited' THEN 0 WHEN 'section' THEN 1 ELSE 2 END)"
    "  FROM doc_keys k WHERE k.doc = d.rowid AND (k.paragraph = ?2 OR"
    "  substr(k.paragraph, 1, length(?2) + 1) = ?2 || '.')),"
    " d.election_date DESC, d.source_id, d.rowid"
    " LIMIT ?7 OFFSET ?8";

static bool json_column(const char *name)
{
    return strcmp(name, "keys") == 0 || strcmp(name, "key_bases") == 0 ||
           strcmp(name, "instruments") == 0 || strcmp(name, "footnotes") == 0;
}

static void read_hit(sqlite3_stmt *st, ix_hit *hit)
{
    int n = sqlite3_column_count(st);
    hit->n = 0;
    for (int i = 0; i < n && hit->n < IX_HIT_MAX; i++) {
        ix_field *f = &hit->f[hit->n++];
        *f = (ix_field){.name = sqlite3_column_name(st, i)};
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
            f->type = IX_INT;
            f->i = sqlite3_column_int64(st, i);
            break;
        case SQLITE_FLOAT:
            f->type = IX_REAL;
            f->r = sqlite3_column_double(st, i);
            break;
        case SQLITE_NULL:
            f->type = IX_NULL;
            break;
        default:
            f->type = json_column(f->name) ? IX_JSON : IX_TEXT;
            f->text = (const char *)sqlite3_column_text(st, i);
            if (!f->text)
                f->type = IX_NULL;
        }
    }
}

const ix_field *odihrx_index_hit_get(const ix_hit *hit, const char *name)
{
    static const ix_field none = {.name = "", .type = IX_NULL};
    for (size_t i = 0; i < hit->n; i++)
        if (strcmp(hit->f[i].name, name) == 0)
            return &hit->f[i];
    return &none;
}

long odihrx_index_db_search(ix_db *db, const ix_query *q, int (*each)(const ix_hit *hit, void *arg),
                            void *arg, char *msg, size_t msglen)
{
    long count = -1;
    sqlite3_stmt *st = NULL;
    ix_hit *hit = malloc(sizeof *hit);
    if (!hit) {
        snprintf(msg, msglen, "out of memory");
        goto done;
    }
    if (prepare(db, &st, q->match ? search_sql : list_sql)) {
        fail(db, msg, msglen, "cannot prepare the search");
        goto done;
    }
    bind_text(st, 1, q->match);
    bind_text(st, 2, q->key);
    bind_text(st, 3, q->country);
    bind_int(st, 4, q->year);
    bind_text(st, 5, q->kind);
    bind_text(st, 6, q->report_kind);
    sqlite3_bind_int64(st, 7, q->limit);
    sqlite3_bind_int64(st, 8, q->offset);
    if (q->match) {
        bind_text(st, 9, q->mark_open);
        bind_text(st, 10, q->mark_close);
    }
    int rc;
    count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_hit(st, hit);
        count++;
        if (each(hit, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        /* The statement itself compiled, so a plain SQLITE_ERROR while it
         * runs comes from FTS5 parsing the expression ("unterminated
         * string", "no such column", "syntax error near ..."); I/O errors
         * and corruption have codes of their own. */
        bool bad_query = q->match && (rc & 0xff) == SQLITE_ERROR;
        snprintf(msg, msglen, "%s%s", bad_query ? "bad query: " : "", sqlite3_errmsg(db->db));
        count = -1;
    }
done:
    sqlite3_finalize(st);
    free(hit);
    return count;
}
