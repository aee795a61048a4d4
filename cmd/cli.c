/*
 * cli.c: the odihrx command line. Kept apart from main.c so tests and
 * fuzzers call odihrx_cli_main() with their own streams, without a process.
 * Exit status: 0 all inputs converted, 1 some failed, 2 usage error.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    "\n"
    "Convert each FILE (markdown-like text from a PDF converter, or plain text)\n"
    "to XML in the urn:odihrx:report:1 namespace. With one input and no -o the\n"
    "XML goes to standard output; FILE - reads standard input.\n"
    "Warnings (gaps in footnotes, a paragraph cut mid-sentence, a contents entry\n"
    "without its heading, ...) go to standard error as FILE:LINE: message.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR    write DIR/NAME.xml for each input (NAME: the input's\n"
    "                      base name without extension); each file is written\n"
    "                      to a temporary name and renamed, so a failure never\n"
    "                      leaves a partial file\n"
    "      --grammars DIR  use grammar files from DIR instead of the built-in\n"
    "                      ones (any file missing there keeps its default)\n"
    "  -q, --quiet         do not print warnings\n"
    "      --no-hash       leave meta/source/@sha256 out\n"
    "  -h, --help          show this help\n"
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
    bool quiet;
    bool no_hash;
} convert_opts;

/* Whole file (or stdin for "-") into a malloc'd buffer. */
static int read_all(const char *path, char **data, size_t *len, FILE *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(err, "%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap > ((size_t)1 << 30)) {
                fprintf(err, "%s: file larger than 1 GiB\n", path);
                rc = -1;
                break;
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    if (!buf) {
        fprintf(err, "%s: out of memory\n", path);
        rc = -1;
    } else if (ferror(f)) {
        fprintf(err, "%s: read error: %s\n", path, strerror(errno));
        rc = -1;
    }
    if (f != stdin)
        fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    *data = buf;
    *len = n;
    return 0;
}

static const char *severity_name(odihrx_severity s)
{
    return s == ODIHRX_ERROR ? "error" : s == ODIHRX_WARNING ? "warning" : "note";
}

static void print_diags(const odihrx_doc *doc, bool quiet, FILE *err)
{
    size_t n = odihrx_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
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

/* Write then rename, so readers never see a partial file. */
static int write_atomic(const char *path, const char *data, size_t len, FILE *err)
{
    size_t need = strlen(path) + 16;
    char *tmp = malloc(need);
    if (!tmp)
        return -1;
    snprintf(tmp, need, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(err, "%s: cannot create temporary file: %s\n", path, strerror(errno));
        free(tmp);
        return -1;
    }
    size_t off = 0;
    int rc = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    if (close(fd) != 0)
        rc = -1;
    if (rc == 0 && fchmodat(AT_FDCWD, tmp, 0644, 0) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc) {
        fprintf(err, "%s: cannot write: %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

static int convert_one(const char *path, const convert_opts *o, const odihrx_grammar *g,
                       FILE *out, FILE *err)
{
    char *data = NULL;
    size_t len = 0;
    if (read_all(path, &data, &len, err))
        return -1;
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = o->no_hash ? ODIHRX_OPT_NO_HASH : 0,
                          .source_name = strcmp(path, "-") == 0 ? "<stdin>" : path};
    odihrx_doc *doc = NULL;
    odihrx_status st = odihrx_doc_parse(data, len, g, &opt, &doc);
    free(data);
    int rc = 0;
    if (doc)
        print_diags(doc, o->quiet, err);
    if (st) {
        fprintf(err, "%s: not converted: %s\n", path, odihrx_status_string(st));
        odihrx_doc_free(doc);
        return -1;
    }
    odihrx_buf xml = {0};
    st = odihrx_doc_write_xml(doc, &xml);
    odihrx_doc_free(doc);
    if (st) {
        fprintf(err, "%s: not converted: %s\n", path, odihrx_status_string(st));
        odihrx_buf_free(&xml);
        return -1;
    }
    if (o->outdir) {
        char *dest = output_path(o->outdir, path);
        rc = dest ? write_atomic(dest, xml.data, xml.size, err) : -1;
        free(dest);
    } else if (fwrite(xml.data, 1, xml.size, out) != xml.size || fflush(out) != 0) {
        fprintf(err, "%s: cannot write the XML: %s\n", path, strerror(errno));
        rc = -1;
    }
    odihrx_buf_free(&xml);
    return rc;
}

static int cmd_convert(int argc, char **argv, FILE *out, FILE *err)
{
    convert_opts o = {0};
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_convert, out);
            return EXIT_ALL_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            o.outdir = argv[++i];
        } else if (strcmp(a, "--grammars") == 0 && i + 1 < argc) {
            o.grammars = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = true;
        } else if (strcmp(a, "--no-hash") == 0) {
            o.no_hash = true;
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
    int nfiles = argc - first;
    if (nfiles <= 0) {
        fprintf(err, "odihrx convert: no input files\nTry 'odihrx convert --help'.\n");
        return EXIT_USAGE;
    }
    for (int i = first; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i - 1], "--") != 0) {
            fprintf(err, "odihrx convert: options go before the files ('%s')\n", argv[i]);
            return EXIT_USAGE;
        }
    if (nfiles > 1 && !o.outdir) {
        fprintf(err, "odihrx convert: %d inputs need an output directory (-o DIR)\n", nfiles);
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
    odihrx_grammar *g = NULL;
    odihrx_status st = odihrx_grammar_new(o.grammars, &g, msg, sizeof msg);
    if (st) {
        fprintf(err, "odihrx: grammar: %s\n", msg[0] ? msg : odihrx_status_string(st));
        return EXIT_SOME_FAILED;
    }
    int failed = 0;
    for (int i = first; i < argc; i++)
        if (convert_one(argv[i], &o, g, out, err))
            failed++;
    odihrx_grammar_free(g);
    return failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
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
    for (int i = 1; i < argc; i++) {
        char *data;
        size_t len;
        if (read_all(argv[i], &data, &len, err)) {
            failed++;
            continue;
        }
        char msg[4096];
        odihrx_status st = odihrx_validate_xml(data, len, msg, sizeof msg);
        free(data);
        if (st == ODIHRX_OK) {
            fprintf(out, "%s: valid\n", argv[i]);
        } else {
            failed++;
            fprintf(err, "%s: %s\n%s", argv[i], odihrx_status_string(st), msg);
        }
    }
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
    if (strcmp(cmd, "schema") == 0) {
        fputs(odihrx_schema_rng(), out);
        return EXIT_ALL_OK;
    }
    fprintf(err, "odihrx: unknown command '%s'\nTry 'odihrx --help'.\n", cmd);
    return EXIT_USAGE;
}
