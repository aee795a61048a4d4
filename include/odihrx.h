/*
 * odihrx.h: the public API of libodihrx.
 *
 * libodihrx turns the text of OSCE/ODIHR election observation reports into
 * structured XML (namespace urn:odihrx:report:1). A document is parsed once
 * from bytes into an opaque odihrx_doc; diagnostics are read back from it and
 * the XML is written into a caller-owned buffer.
 *
 * The library never prints, never exits and keeps no mutable global state.
 * An odihrx_grammar (compiled patterns) is immutable after creation and may
 * be shared by any number of threads; an odihrx_doc belongs to one thread.
 */
#ifndef ODIHRX_H
#define ODIHRX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ODIHRX_BUILDING) && defined(__GNUC__)
#define ODIHRX_API __attribute__((visibility("default")))
#else
#define ODIHRX_API
#endif

#define ODIHRX_VERSION_STRING "0.1.0"
/** XML namespace of the report output, version 1 of the contract. */
#define ODIHRX_NAMESPACE "urn:odihrx:report:1"

/** Result of every fallible call; 0 means success. */
typedef enum odihrx_status {
    ODIHRX_OK = 0,
    ODIHRX_ERR_NOMEM,   /**< an allocation failed; nothing was leaked */
    ODIHRX_ERR_LIMIT,   /**< a named limit (see lib/limits.h) was hit */
    ODIHRX_ERR_INPUT,   /**< the input cannot be used (see diagnostics) */
    ODIHRX_ERR_GRAMMAR, /**< a grammar file is missing or does not compile */
    ODIHRX_ERR_IO,      /**< a file could not be read or written */
    ODIHRX_ERR_XML,     /**< libxml2 failed to write or validate */
    ODIHRX_ERR_INVALID  /**< an XML document does not match the schema */
} odihrx_status;

/** A short English description of a status; never NULL, static storage. */
ODIHRX_API const char *odihrx_status_string(odihrx_status status);

/** The library version, e.g. "0.1.0"; static storage. */
ODIHRX_API const char *odihrx_version(void);

/* ---------------------------------------------------------------- grammar */

/** Compiled patterns and catalogs (grammars/), immutable once created. */
typedef struct odihrx_grammar odihrx_grammar;

/**
 * Compile the grammar. With dir == NULL the defaults built into the library
 * are used; otherwise each file found in dir replaces the built-in file of
 * the same name. On failure *out is NULL and, when errbuf is not NULL, a
 * message naming the file and line is written to it (NUL-terminated, cut to
 * errlen bytes). Free with odihrx_grammar_free().
 */
ODIHRX_API odihrx_status odihrx_grammar_new(const char *dir, odihrx_grammar **out,
                                            char *errbuf, size_t errlen);
/** How the patterns of a grammar run. */
typedef enum odihrx_grammar_mode {
    /** Compiled to machine code (PCRE2 JIT) as the grammar is created: about
     *  10 ms more to create, then matching several times faster. For many
     *  reports; what odihrx_grammar_new() gives. */
    ODIHRX_GRAMMAR_JIT,
    /** Run by PCRE2's interpreter: the grammar is ready about 10 ms sooner,
     *  and each report of 125 KB takes about 0.3 ms more. For one report or
     *  a few. */
    ODIHRX_GRAMMAR_INTERPRETED
} odihrx_grammar_mode;

/** odihrx_grammar_new() with the way its patterns run chosen. */
ODIHRX_API odihrx_status odihrx_grammar_new_mode(const char *dir, odihrx_grammar_mode mode,
                                                 odihrx_grammar **out, char *errbuf,
                                                 size_t errlen);
/** Release a grammar; NULL is a no-op. No document may still use it. */
ODIHRX_API void odihrx_grammar_free(odihrx_grammar *grammar);

/** One paragraph of the Copenhagen Document catalog (grammars/copenhagen.tsv);
 *  strings are owned by the grammar. */
typedef struct odihrx_catalog_entry {
    const char *paragraph; /**< "7.6" */
    const char *subject;   /**< short subject line */
    int election;          /**< 1 if election-related */
    int certain;           /**< 0 where the catalog marks it uncertain */
} odihrx_catalog_entry;

ODIHRX_API size_t odihrx_grammar_catalog_count(const odihrx_grammar *grammar);
/** Entry i (0-based); returns 0 when i is out of range. */
ODIHRX_API int odihrx_grammar_catalog_at(const odihrx_grammar *grammar, size_t i,
                                         odihrx_catalog_entry *out);

/* --------------------------------------------------------------- document */

typedef struct odihrx_doc odihrx_doc;

/** Source formats, detected by decode or forced through options. */
typedef enum odihrx_format {
    ODIHRX_FORMAT_AUTO = 0,
    ODIHRX_FORMAT_MARKDOWN, /**< markdown-like text from a PDF converter */
    ODIHRX_FORMAT_TEXT,     /**< plain text (pdftotext, web copies) */
    ODIHRX_FORMAT_HTML
} odihrx_format;

/** Options are bit flags. */
enum {
    ODIHRX_OPT_DEFAULT = 0,
    /** Run the internal invariant checker after the pipeline. */
    ODIHRX_OPT_CHECK = 1u << 0,
    /** Leave the sha256 attribute out of meta/source (faster, for tests). */
    ODIHRX_OPT_NO_HASH = 1u << 1,
    /** data[len] is a readable NUL byte. Input that is already clean UTF-8
     *  with LF line ends is then parsed in place instead of copied, which
     *  takes a copy of the input out of the peak memory. The data must stay
     *  unchanged until odihrx_doc_parse returns (not until the doc is freed). */
    ODIHRX_OPT_INPUT_TERMINATED = 1u << 2,
    /** With ODIHRX_OPT_INPUT_TERMINATED: the data also stays valid and
     *  unchanged until the document is freed, so the text of a paragraph
     *  that needs no change is used where it stands instead of copied (the
     *  document then holds about one copy of the input less). */
    ODIHRX_OPT_INPUT_BORROWED = 1u << 3
};

/** Parse options; set abi_version to ODIHRX_OPTIONS_VERSION. */
typedef struct odihrx_options {
    unsigned abi_version;
    unsigned flags;       /**< ODIHRX_OPT_* */
    odihrx_format format; /**< ODIHRX_FORMAT_AUTO to detect */
    /** Name used in diagnostics and meta/source/@name, e.g. the file name. */
    const char *source_name;
    /** Input encoding, NULL to detect: "utf-8", "utf-16le", "utf-16be",
     *  "windows-1252" (also "cp1252"). Anything else is ODIHRX_ERR_INPUT. */
    const char *encoding;
    /** report/@kind to use instead of the detected one, or NULL. */
    const char *kind;
} odihrx_options;

#define ODIHRX_OPTIONS_VERSION 1u

/**
 * Run the whole pipeline on data[0..len) (no terminating NUL needed). Any
 * byte sequence gives a document: problems become diagnostics. On ODIHRX_OK
 * or ODIHRX_ERR_LIMIT / ODIHRX_ERR_INPUT, *out holds a document whose
 * diagnostics explain the problem (and must be freed); on ODIHRX_ERR_NOMEM
 * *out is NULL. options may be NULL. Free with odihrx_doc_free().
 */
ODIHRX_API odihrx_status odihrx_doc_parse(const char *data, size_t len,
                                          const odihrx_grammar *grammar,
                                          const odihrx_options *options,
                                          odihrx_doc **out);
/** Release a document and everything it owns; NULL is a no-op. */
ODIHRX_API void odihrx_doc_free(odihrx_doc *doc);

typedef enum odihrx_severity {
    ODIHRX_NOTE = 0,
    ODIHRX_WARNING,
    ODIHRX_ERROR
} odihrx_severity;

/** One diagnostic; strings are owned by the document. */
typedef struct odihrx_diag {
    odihrx_severity severity;
    const char *code;    /**< stable short id, e.g. "footnote-orphan" */
    const char *message; /**< English sentence */
    const char *file;    /**< source_name, or "<input>" */
    uint32_t line;       /**< 1-based line of the input, 0 if none */
    uint32_t column;     /**< 1-based column in bytes, 0 if unknown */
    uint64_t offset;     /**< byte offset in the raw input */
} odihrx_diag;

ODIHRX_API size_t odihrx_doc_diag_count(const odihrx_doc *doc);
/** Diagnostic i (0-based) or NULL when out of range; owned by doc. */
ODIHRX_API const odihrx_diag *odihrx_doc_diag_at(const odihrx_doc *doc, size_t i);

/** Counts of what the pipeline found, for manifests and progress lines. */
typedef struct odihrx_counts {
    size_t sections, paragraphs, footnotes, recommendations, citations, keys;
} odihrx_counts;
ODIHRX_API void odihrx_doc_counts(const odihrx_doc *doc, odihrx_counts *out);

/** SHA-256 of the input bytes as 64 hex digits, or "" with ODIHRX_OPT_NO_HASH;
 *  owned by doc. */
ODIHRX_API const char *odihrx_doc_sha256(const odihrx_doc *doc);

/* ------------------------------------------------------------------ output */

/** A growable byte buffer owned by the caller. */
typedef struct odihrx_buf {
    char *data;  /**< NUL-terminated when size > 0 */
    size_t size; /**< bytes used, excluding the NUL */
    size_t cap;
} odihrx_buf;

/** Release the buffer's memory and reset it to empty; NULL is a no-op. */
ODIHRX_API void odihrx_buf_free(odihrx_buf *buf);

/** Append the document as XML (UTF-8, namespace ODIHRX_NAMESPACE) to out. */
ODIHRX_API odihrx_status odihrx_doc_write_xml(const odihrx_doc *doc, odihrx_buf *out);

/** Receives the XML in order, in pieces; returns 0 to go on, nonzero to
 *  stop the write (which then returns ODIHRX_ERR_IO). */
typedef int (*odihrx_write_fn)(void *ctx, const char *data, size_t len);

/** Write the document as XML through write, in pieces of about 64 KiB, the
 *  same bytes odihrx_doc_write_xml appends: the XML is never held whole.
 *  On failure the pieces already handed over are an incomplete document. */
ODIHRX_API odihrx_status odihrx_doc_write_xml_to(const odihrx_doc *doc, odihrx_write_fn write,
                                                 void *ctx);

/* -------------------------------------------------------------- validation */

/**
 * Validate an XML document against the RELAX NG schema built into the
 * library (grammars/odihrx.rng). Returns ODIHRX_OK when valid,
 * ODIHRX_ERR_INVALID when not, with the first 20 problems written to errbuf
 * as "line N: not well-formed: message" or "line N: schema: message" lines
 * (N is 0 when libxml2 knows no line), then "K more problems not shown"
 * if there were more; cut to errlen bytes. No libxml2 message of the call
 * reaches stderr.
 */
ODIHRX_API odihrx_status odihrx_validate_xml(const char *data, size_t len,
                                             char *errbuf, size_t errlen);

/** The schema text built into the library (NUL-terminated, static). */
ODIHRX_API const char *odihrx_schema_rng(void);

#ifdef __cplusplus
}
#endif
#endif
