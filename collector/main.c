/* SPDX-License-Identifier: ISC */
/* main.c - egresswatch-collector: the command line. One subcommand per
 * action, each with its own getopt_long options; --db on every one.
 * Exit 0 on success, 1 when an input or the store failed (stderr names the
 * file and the row, column or JSON path), 2 on a usage error. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "egresswatch/buf.h"
#include "egresswatch/jsonw.h"
#include "egresswatch/log.h"
#include "egresswatch/report_read.h"
#include "egresswatch/utf8.h"
#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_text.h"
#include "export_xlsx.h"
#include "http.h"
#include "ledger.h"
#include "reconcile.h"
#include "store.h"
#include "token.h"

#define PROG "egresswatch-collector"
#define VERSION "0.1.0"
#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define INGEST_FILE_MAX (1024u * 1024 * 1024) /* bytes of one ingested file (JSON lines of a live agent) */
#define EXPORT_MAX (512u * 1024 * 1024)       /* bytes of one export */
#define INGEST_ERRORS_SHOWN 20u               /* bad reports listed per file; the rest are counted */

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " [--db URL] COMMAND [options]\n"
		   "  ledger import FILE --site S [--skip-bad-rows] [--columns FILE]\n"
		   "  ingest FILE...\n"
		   "  reconcile --site S [--since RFC3339] [--format text|json|csv|xlsx|html] [--encoding utf-8|cp932]\n"
		   "            [--ledger-version N] [-o FILE] [--timing]\n"
		   "  sites\n"
		   "  token add --role agent|viewer --site S\n"
		   "  token add --role admin\n"
		   "  serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--log syslog|stderr]\n"
		   "        (default --listen " EW_HTTP_DEFAULT_LISTEN ", --log stderr)\n"
		   "--db URL: a path or sqlite:PATH (default " EW_STORE_DEFAULT_URL "), or postgresql://...\n");
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A whole regular file, NUL-terminated, at most max bytes. NULL with errno. */
static char *read_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	struct ew_buf b;
	ew_buf_init(&b, max);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			ew_buf_free(&b);
			close(fd);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		if (!ew_buf_add(&b, chunk, (size_t)n)) {
			ew_buf_free(&b);
			close(fd);
			errno = EFBIG;
			return NULL;
		}
	}
	close(fd);
	if (!ew_buf_adds(&b, "")) {
		ew_buf_free(&b);
		errno = ENOMEM;
		return NULL;
	}
	return ew_buf_take(&b, len);
}

/* The store's URL as it may be shown: a password in it becomes "***",
 * both user:PASSWORD@ and a password=PASSWORD parameter of the query
 * (libpq takes both, docs 34.1.1). Anything else unusual: not shown. */
static const char *db_name(const char *url)
{
	static char shown[512];
	if (!url)
		return "(the default store)";
	const char *scheme = strstr(url, "://");
	const char *query = scheme ? strchr(scheme + 3, '?') : NULL;
	size_t auth_end = query ? (size_t)(query - url) : strlen(url);
	const char *at = scheme ? memchr(scheme + 3, '@', auth_end - (size_t)(scheme + 3 - url)) : NULL;
	const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	size_t o = 0;
	for (size_t i = 0; url[i] && o + 4 < sizeof shown;) {
		const char *p = url + i;
		if (colon && p == colon) {
			memcpy(shown + o, ":***", 4);
			o += 4;
			i = (size_t)(at - url);
			continue;
		}
		if (query && p > query && (p[-1] == '?' || p[-1] == '&') && strncasecmp(p, "password=", 9) == 0) {
			if (o + 13 >= sizeof shown)
				break;
			memcpy(shown + o, "password=***", 12);
			o += 12;
			i += 9;
			while (url[i] && url[i] != '&')
				i++;
			continue;
		}
		shown[o++] = url[i++];
	}
	if (o + 4 >= sizeof shown)
		return "(the --db URL)";
	shown[o] = '\0';
	return shown;
}

static struct ew_store *store_open(const char *url)
{
	struct ew_store *s;
	char err[EW_STORE_ERR_MAX];
	if (ew_store_open(url, &s, err, sizeof err) < 0) {
		ew_log_err("%s: %s", db_name(url), err);
		return NULL;
	}
	return s;
}

/* getopt_long over a subcommand's arguments (argv[0] is the subcommand). */
static void opt_reset(void)
{
	optind = 1;
	opterr = 1;
}

/* ---- ingest ---- */

/* A file holds one JSON document (the agent's -o in file mode) or JSON lines
 * (live mode): JSON lines when its first non-blank line is a whole value. */
static bool is_json_lines(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	const char *nl = memchr(text + i, '\n', len - i);
	size_t end = nl ? (size_t)(nl - text) : len;
	if (end == len)
		return false;
	struct json_tokener *tok = json_tokener_new_ex(EW_REPORT_DEPTH_MAX);
	if (!tok)
		return false;
	struct json_object *o = json_tokener_parse_ex(tok, text + i, (int)(end - i));
	bool whole = o && json_tokener_get_error(tok) == json_tokener_success;
	json_object_put(o);
	json_tokener_free(tok);
	return whole;
}

/* True when text is the start of a JSON value cut short (a live agent's last
 * line, still being written). */
static bool json_cut_short(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(EW_REPORT_DEPTH_MAX);
	if (!tok)
		return false;
	struct json_object *o = json_tokener_parse_ex(tok, text, (int)len);
	bool cut = !o && json_tokener_get_error(tok) == json_tokener_continue;
	json_object_put(o);
	json_tokener_free(tok);
	return cut;
}

struct ingest_totals {
	size_t files_bad, stored, duplicates, reports;
	char site[EW_STORE_SITE_MAX]; /* the reports' site (the first one's) */
	bool sites;                   /* and another */
};

/* A site name for the terminal: it came from a report or the command line,
 * so no C0 or C1 control, bidirectional override or byte that is not UTF-8
 * (each is '?'). */
static void plain_site(const char *in, char out[EW_STORE_SITE_MAX])
{
	size_t k = 0, len = strlen(in);
	for (size_t j = 0; j < len && k + 1 < EW_STORE_SITE_MAX;) {
		uint32_t cp;
		size_t l = ew_utf8_next(in + j, len - j, &cp);
		if (!ew_utf8_is_plain(cp) || (cp == 0xfffd && l == 1) || k + l >= EW_STORE_SITE_MAX) {
			out[k++] = '?';
		} else {
			memcpy(out + k, in + j, l);
			k += l;
		}
		j += l;
	}
	out[k] = '\0';
}

/* One report: checked, then stored unless the file already failed. */
static int ingest_one(struct ew_store *s, const char *file, unsigned line, const char *text, size_t len,
		      bool *bad, size_t *bad_count, struct ingest_totals *t)
{
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	char where[32] = "";
	if (line)
		snprintf(where, sizeof where, ":%u", line);
	if (ew_report_read(text, len, &r, err, sizeof err) < 0) {
		if (*bad_count < INGEST_ERRORS_SHOWN)
			ew_log_err("%s%s: %s", file, where, err);
		(*bad_count)++;
		*bad = true;
		return 0;
	}
	int rc = 0;
	if (!*bad) {
		char *raw = strndup(text, len);
		const char *why = "out of memory";
		rc = -1;
		if (raw) {
			rc = ew_store_report_add(s, &r, raw);
			why = ew_store_error(s);
			free(raw);
		}
		if (rc < 0) {
			ew_log_err("%s%s: report %s: %s", file, where, r.report_id, why);
		} else if (rc == 1) {
			printf("%s%s: report %s is stored already (duplicate, not stored again)\n", file, where,
			       r.report_id);
			t->duplicates++;
			rc = 0;
		} else {
			t->stored++;
		}
	}
	t->reports++;
	if (!t->site[0])
		snprintf(t->site, sizeof t->site, "%s", r.site);
	else if (strcmp(t->site, r.site) != 0)
		t->sites = true;
	ew_report_read_free(&r);
	return rc;
}

static int ingest_file(struct ew_store *s, const char *file, struct ingest_totals *t)
{
	size_t len;
	char *text = read_file(file, INGEST_FILE_MAX, &len);
	if (!text) {
		ew_log_err("%s: %s", file, errno == EFBIG ? "larger than the ingest limit (1 GiB)" : strerror(errno));
		return -1;
	}
	/* a report carried by hand may have been saved again on the way
	 * (Notepad, PowerShell's Out-File): its UTF-8 BOM is no part of it */
	char *all = text;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	struct ingest_totals mine = {0};
	bool bad = false;
	size_t bad_count = 0, seen = 0;
	int rc = ew_store_begin(s);
	if (rc < 0) {
		ew_log_err("%s: %s", file, ew_store_error(s));
		free(all);
		return -1;
	}
	size_t blank = 0;
	while (blank < len && (text[blank] == ' ' || text[blank] == '\t' || text[blank] == '\r' || text[blank] == '\n'))
		blank++;
	if (blank == len) {
		/* nothing at all: "no report in the file" below */
	} else if (is_json_lines(text, len)) {
		unsigned line = 0;
		for (size_t i = 0; i < len && rc == 0;) {
			const char *nl = memchr(text + i, '\n', len - i);
			size_t end = nl ? (size_t)(nl - text) : len;
			line++;
			size_t a = i;
			while (a < end && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
				a++;
			if (a < end && !nl && len - a <= EW_REPORT_TEXT_MAX && json_cut_short(text + a, end - a)) {
				/* appended to as we read: the next ingest of the file takes it */
				ew_log_warn("%s:%u: the last line is incomplete (still being written?): left for the next ingest",
					    file, line);
			} else if (a < end) {
				seen++;
				rc = ingest_one(s, file, line, text + a, end - a, &bad, &bad_count, &mine);
			}
			i = end + 1;
		}
	} else {
		seen = 1;
		rc = ingest_one(s, file, 0, text, len, &bad, &bad_count, &mine);
	}
	free(all);
	if (rc == 0 && seen == 0) {
		ew_log_err("%s: no report in the file", file);
		bad = true;
	}
	if (rc < 0 || bad) {
		ew_store_rollback(s);
		if (bad_count > INGEST_ERRORS_SHOWN)
			ew_log_err("%s: %zu more bad reports", file, bad_count - INGEST_ERRORS_SHOWN);
		if (bad)
			ew_log_err("%s: %zu of %zu reports bad: nothing stored from this file", file, bad_count, seen);
		return -1;
	}
	if (ew_store_commit(s) < 0) {
		ew_log_err("%s: %s", file, ew_store_error(s));
		return -1;
	}
	/* the site, so that an agent set up with the wrong site code shows */
	char site[EW_STORE_SITE_MAX];
	plain_site(mine.site, site);
	printf("%s: %zu report%s stored, %zu duplicate%s (site %s%s)\n", file, mine.stored,
	       mine.stored == 1 ? "" : "s", mine.duplicates, mine.duplicates == 1 ? "" : "s", site,
	       mine.sites ? " and others" : "");
	t->stored += mine.stored;
	t->duplicates += mine.duplicates;
	t->reports += mine.reports;
	return 0;
}

static int cmd_ingest(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"timing", no_argument, NULL, 't'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	bool timing = false;
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 't':
			timing = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		ew_log_err("ingest: no file given");
		return EXIT_USAGE;
	}
	struct ew_store *s = store_open(db);
	if (!s)
		return EXIT_FAIL;
	struct ingest_totals t = {0};
	double t0 = now_sec(), c0 = cpu_sec();
	for (int i = optind; i < argc; i++)
		if (ingest_file(s, argv[i], &t) < 0)
			t.files_bad++;
	double dt = now_sec() - t0, dc = cpu_sec() - c0;
	if (timing)
		fprintf(stderr, "ingest: %zu reports (%zu stored, %zu duplicates) in %.3f s: %.0f reports/s (%s; cpu %.3f s)\n",
			t.reports, t.stored, t.duplicates, dt, dt > 0 ? (double)t.reports / dt : 0.0,
			ew_store_backend_name(s), dc);
	ew_store_close(s);
	return t.files_bad ? EXIT_FAIL : 0;
}

/* ---- ledger import ---- */

static int cmd_ledger(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"site", required_argument, NULL, 's'},
					     {"skip-bad-rows", no_argument, NULL, 'k'},
					     {"columns", required_argument, NULL, 'c'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		ew_log_err("ledger: the only subcommand is import");
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	const char *site = NULL;
	struct ew_ledger_options lo = {0, NULL};
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 'k':
			lo.flags |= EW_LEDGER_SKIP_BAD_ROWS;
			break;
		case 'c':
			lo.columns_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !site || !*site) {
		ew_log_err("ledger import: one FILE and --site S are required");
		return EXIT_USAGE;
	}
	if (strlen(site) >= EW_STORE_SITE_MAX) {
		ew_log_err("ledger import: --site: longer than %u bytes", EW_STORE_SITE_MAX - 1);
		return EXIT_USAGE;
	}
	const char *file = argv[optind];
	size_t len;
	char *data = read_file(file, EW_LEDGER_FILE_MAX, &len);
	if (!data) {
		ew_log_err("%s: %s", file, errno == EFBIG ? "larger than the sheet limit (32 MiB)" : strerror(errno));
		return EXIT_FAIL;
	}
	struct ew_ledger l;
	struct ew_ledger_errors errs;
	memset(&l, 0, sizeof l);
	memset(&errs, 0, sizeof errs);
	int rc = ew_ledger_parse((const unsigned char *)data, len, &lo, &l, &errs);
	free(data);
	for (size_t i = 0; i < errs.count; i++) {
		const struct ew_ledger_error *e = &errs.items[i];
		const char *sev = rc < 0 ? "" : "skipped: ";
		if (e->row == 0)
			ew_log_err("%s: %s%s", file, sev, e->message);
		else if (e->column[0])
			ew_log_err("%s: %srow %u, column %s: %s", file, sev, e->row, e->column, e->message);
		else
			ew_log_err("%s: %srow %u: %s", file, sev, e->row, e->message);
	}
	if (errs.dropped)
		ew_log_err("%s: %zu more errors", file, errs.dropped);
	ew_ledger_errors_free(&errs);
	if (rc < 0) {
		ew_log_err("%s: not imported", file);
		ew_ledger_free(&l);
		return EXIT_FAIL;
	}
	struct ew_store *s = store_open(db);
	if (!s) {
		ew_ledger_free(&l);
		return EXIT_FAIL;
	}
	unsigned version = 0;
	const char *base = strrchr(file, '/');
	rc = ew_store_ledger_replace(s, site, &l, base ? base + 1 : file, &version);
	if (rc < 0)
		ew_log_err("%s: %s", file, ew_store_error(s));
	else
		printf("%s: %zu line%s imported for site %s (ledger version %u; %s, %s; header row %u; %zu example "
		       "row%s skipped, %zu bad row%s skipped)\n",
		       file, l.count, l.count == 1 ? "" : "s", site, version, l.format, l.encoding, l.header_row,
		       l.skipped_examples, l.skipped_examples == 1 ? "" : "s", l.skipped_bad,
		       l.skipped_bad == 1 ? "" : "s");
	if (rc >= 0 && l.unread_columns[0]) /* escaped by the log: text from the sheet */
		ew_log_warn("%s: columns not read (no name in ledger-columns.conf matches): %s", file,
		            l.unread_columns);
	ew_ledger_free(&l);
	ew_store_close(s);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* ---- reconcile ---- */

/* Whether the store knows the site (a ledger or a report): 1, 0 (said on
 * standard error, with the site of another case if there is one: a typo
 * must not read as a clean site), -1 on a store error. */
static int site_known(struct ew_store *s, const char *db, const char *site)
{
	struct ew_store_site *v;
	size_t n;
	if (ew_store_sites(s, &v, &n) < 0) {
		ew_log_err("%s: %s", db_name(db), ew_store_error(s));
		return -1;
	}
	const char *like = NULL;
	int found = 0;
	for (size_t i = 0; i < n && !found; i++) {
		found = strcmp(v[i].name, site) == 0;
		if (!like && strcasecmp(v[i].name, site) == 0)
			like = v[i].name;
	}
	if (!found) {
		if (like)
			ew_log_err("no site %s in %s (site names are case-sensitive: %s?)", site, db_name(db), like);
		else
			ew_log_err("no site %s in %s: it has no ledger and no report (%zu site%s: see `sites`)", site,
			           db_name(db), n, n == 1 ? "" : "s");
	}
	free(v);
	return found;
}

enum out_format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_XLSX, FMT_HTML };

/* -o FILE: created 0600 (with the umask main sets), never through a
 * symbolic link (O_NOFOLLOW: a link planted in a shared folder would have
 * sent the export anywhere the admin may write), and an existing regular
 * file only when it is ours (one planted by another user in a sticky folder
 * such as /tmp would keep that user's read access to the export). The file
 * is cut to length only after those checks. */
static FILE *open_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		if (errno == ELOOP)
			ew_log_err("%s: a symbolic link: refused (give the file itself)", path);
		else
			ew_log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		ew_log_err("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && st.st_uid != geteuid()) {
		ew_log_err("%s: belongs to another user: refused", path);
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0) {
		ew_log_err("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		ew_log_err("%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

static int write_out(const char *path, const char *data, size_t len)
{
	FILE *f = path ? open_out(path) : stdout;
	if (!f)
		return -1;
	bool ok = fwrite(data, 1, len, f) == len;
	ok = (path ? fclose(f) == 0 : fflush(f) == 0) && ok;
	if (!ok) {
		ew_log_err("%s: write failed: %s", path ? path : "stdout", strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_reconcile(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"site", required_argument, NULL, 's'},
					     {"since", required_argument, NULL, 'S'},
					     {"format", required_argument, NULL, 'f'},
					     {"encoding", required_argument, NULL, 'e'},
					     {"ledger-version", required_argument, NULL, 'v'},
					     {"output", required_argument, NULL, 'o'},
					     {"timing", no_argument, NULL, 't'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *site = NULL, *out = NULL;
	int64_t since = 0;
	enum out_format fmt = FMT_TEXT;
	enum ew_csv_encoding enc = EW_CSV_UTF8_BOM;
	bool enc_given = false, timing = false;
	unsigned lversion = 0;
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 'S':
			if (!ew_report_read_time(optarg, &since)) {
				ew_log_err("reconcile: --since %s: not an RFC 3339 date-time (2026-11-30T00:00:00Z)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "xlsx") == 0)
				fmt = FMT_XLSX;
			else if (strcmp(optarg, "html") == 0)
				fmt = FMT_HTML;
			else {
				ew_log_err("reconcile: --format %s: not text, json, csv, xlsx or html", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e':
			enc_given = true;
			if (strcmp(optarg, "cp932") == 0 || strcmp(optarg, "shift_jis") == 0)
				enc = EW_CSV_CP932;
			else if (strcmp(optarg, "utf-8") == 0 || strcmp(optarg, "utf8") == 0)
				enc = EW_CSV_UTF8_BOM;
			else {
				ew_log_err("reconcile: --encoding %s: not utf-8 or cp932", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'v': {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || optarg[0] == '-' || v < 1 || v > 1000000) {
				ew_log_err("reconcile: --ledger-version %s: not a number from 1 to 1000000", optarg);
				return EXIT_USAGE;
			}
			lversion = (unsigned)v;
			break;
		}
		case 'o':
			out = strcmp(optarg, "-") ? optarg : NULL; /* -: standard output */
			break;
		case 't':
			timing = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !site || !*site) {
		ew_log_err("reconcile: --site S is required (and takes no other arguments)");
		return EXIT_USAGE;
	}
	if (enc_given && fmt != FMT_CSV) {
		ew_log_err("reconcile: --encoding applies to --format csv only");
		return EXIT_USAGE;
	}
	if (fmt == FMT_XLSX && !out && isatty(STDOUT_FILENO)) {
		ew_log_err("reconcile: --format xlsx writes a binary file: give -o FILE");
		return EXIT_USAGE;
	}
	struct ew_store *s = store_open(db);
	if (!s)
		return EXIT_FAIL;
	int status = EXIT_FAIL;
	struct ew_ledger l;
	struct ew_device *devs = NULL;
	size_t ndev = 0;
	struct ew_store_window w;
	struct ew_reconciliation rc;
	bool have_rc = false;
	memset(&rc, 0, sizeof rc);
	double t0 = now_sec(), c0 = cpu_sec();
	unsigned loaded = 0;
	int lr = ew_store_ledger_load(s, site, lversion, &l, &loaded);
	if (lr < 0) {
		ew_log_err("%s: %s", db_name(db), ew_store_error(s));
		goto done_noledger;
	}
	if (lr == 1) {
		if (site_known(s, db, site) != 1)
			goto done_noledger;
		if (lversion) {
			ew_log_err("site %s has no ledger version %u", site, lversion);
			goto done_noledger;
		}
		ew_log_warn("site %s has no ledger: every device it has is unlisted", site);
	}
	double t1 = now_sec();
	if (ew_store_devices(s, site, since, &devs, &ndev, &w) < 0) {
		ew_log_err("%s: %s", db_name(db), ew_store_error(s));
		goto done;
	}
	double t2 = now_sec();
	if (ew_reconcile(&l, devs, ndev, &rc) < 0) {
		ew_log_err("reconcile: out of memory");
		goto done;
	}
	have_rc = true;
	double t3 = now_sec(), c3 = cpu_sec();
	snprintf(rc.site, sizeof rc.site, "%s", site);
	rc.reports = w.reports;
	rc.window_start = w.start;
	rc.window_end = w.end;
	struct ew_buf b;
	ew_buf_init(&b, EXPORT_MAX);
	char xerr[256] = "";
	int xr;
	switch (fmt) {
	case FMT_JSON:
		xr = ew_export_json_write(&rc, &b);
		break;
	case FMT_CSV:
		xr = ew_export_csv_write(&rc, enc, &b);
		break;
	case FMT_HTML:
		xr = ew_export_html_write(&rc, &b);
		break;
	case FMT_XLSX:
		/* in memory (libxlsxwriter's own file is a mkstemp one), then
		 * write_out: libxlsxwriter would fopen -o through a link */
		xr = ew_export_xlsx_write(&rc, &b, xerr, sizeof xerr);
		break;
	default:
		xr = ew_export_text_write(&rc, &b);
		break;
	}
	if (xr < 0) {
		ew_log_err("%s: export failed: %s", out ? out : "stdout", xerr[0] ? xerr : "out of memory or too large");
	} else if (write_out(out, b.data ? b.data : "", b.len) == 0) {
		status = 0;
	}
	ew_buf_free(&b);
	double t4 = now_sec();
	if (timing)
		fprintf(stderr,
			"reconcile: %zu ledger lines (%.3f s), %zu devices loaded from %s (%.3f s), reconciled (%.3f s), "
			"exported (%.3f s); load+reconcile %.3f s (cpu %.3f s)\n",
			l.count, t1 - t0, ndev, ew_store_backend_name(s), t2 - t1, t3 - t2, t4 - t3, t3 - t0, c3 - c0);
done:
	if (have_rc)
		ew_reconciliation_free(&rc);
	ew_devices_free(devs, ndev);
	ew_store_ledger_free(&l);
done_noledger:
	ew_store_close(s);
	return status;
}

/* ---- sites ---- */

static int cmd_sites(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'h') {
			usage(stdout);
			return 0;
		} else
			return EXIT_USAGE;
	}
	if (optind != argc) {
		ew_log_err("sites: takes no arguments");
		return EXIT_USAGE;
	}
	struct ew_store *s = store_open(db);
	if (!s)
		return EXIT_FAIL;
	struct ew_store_site *v;
	size_t n;
	int rc = ew_store_sites(s, &v, &n);
	if (rc < 0) {
		ew_log_err("%s: %s", db_name(db), ew_store_error(s));
	} else {
		printf("%-24s %8s %10s %7s %6s  %s\n", "site", "reports", "candidates", "ledger", "lines", "last report");
		for (size_t i = 0; i < n; i++) {
			char t[64] = "-", lv[16] = "-";
			if (v[i].last_window_end)
				ew_rfc3339(v[i].last_window_end, t);
			if (v[i].ledger_version)
				snprintf(lv, sizeof lv, "v%u", v[i].ledger_version);
			char name[EW_STORE_SITE_MAX];
			plain_site(v[i].name, name);
			printf("%-24s %8zu %10zu %7s %6zu  %s\n", name, v[i].reports, v[i].candidates, lv, v[i].ledger_lines,
			       t);
		}
		free(v);
	}
	ew_store_close(s);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* ---- token ---- */

static int cmd_token(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"site", required_argument, NULL, 's'},
					     {"role", required_argument, NULL, 'r'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		ew_log_err("token: the only subcommand is add");
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	const char *site = NULL, *role = NULL;
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !role) {
		ew_log_err("token add: --role agent|viewer|admin is required");
		return EXIT_USAGE;
	}
	bool admin = strcmp(role, "admin") == 0;
	if (!admin && strcmp(role, "agent") != 0 && strcmp(role, "viewer") != 0) {
		ew_log_err("token add: --role %s: not agent, viewer or admin", role);
		return EXIT_USAGE;
	}
	if (admin && site) {
		ew_log_err("token add: an admin token is for every site: no --site");
		return EXIT_USAGE;
	}
	if (!admin && (!site || !*site || strlen(site) >= EW_STORE_SITE_MAX)) {
		ew_log_err("token add: an %s token needs --site S (at most %u bytes)", role, EW_STORE_SITE_MAX - 1);
		return EXIT_USAGE;
	}
	char tok[EW_TOKEN_HEXLEN + 1], hash[EW_TOKEN_HASH_HEXLEN + 1];
	if (ew_token_new(tok, hash) < 0) {
		ew_log_err("token add: getrandom: %s", strerror(errno));
		return EXIT_FAIL;
	}
	struct ew_store *s = store_open(db);
	if (!s)
		return EXIT_FAIL;
	int rc = ew_store_token_add(s, hash, role, site);
	if (rc < 0)
		ew_log_err("%s: %s", db_name(db), ew_store_error(s));
	else {
		printf("%s\n", tok);
		fprintf(stderr, PROG ": %s token%s%s added; it is shown once: only its SHA-256 is stored\n", role,
			site ? " for site " : "", site ? site : "");
	}
	memset(tok, 0, sizeof tok);
	ew_store_close(s);
	return rc < 0 ? EXIT_FAIL : 0;
}

static int cmd_serve(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"listen", required_argument, NULL, 'l'},
					     {"tls-cert", required_argument, NULL, 'c'},
					     {"tls-key", required_argument, NULL, 'k'},
					     {"log", required_argument, NULL, 'L'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct ew_http_options ho = {EW_HTTP_DEFAULT_LISTEN, NULL, NULL, 0, 0, 0, 0};
	bool use_syslog = false;
	int c;
	opt_reset();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'l':
			ho.listen = optarg;
			break;
		case 'c':
			ho.tls_cert = optarg;
			break;
		case 'k':
			ho.tls_key = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "syslog") != 0 && strcmp(optarg, "stderr") != 0) {
				ew_log_err("serve: --log %s: expected syslog or stderr", optarg);
				return EXIT_USAGE;
			}
			use_syslog = strcmp(optarg, "syslog") == 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !ho.tls_cert != !ho.tls_key) {
		ew_log_err("serve: takes no arguments; --tls-cert and --tls-key go together");
		return EXIT_USAGE;
	}
	/* from here on a daemon: its messages and access log go where --log says
	 * (the errors above are the command line's, on stderr) */
	ew_log_init(PROG, use_syslog, EW_LOG_INFO);
	struct ew_store *s = store_open(db);
	if (!s)
		return EXIT_FAIL;
	struct ew_api *api = ew_api_new(s, ho.tls_cert != NULL);
	int rc = api ? ew_http_serve(api, &ho) : -1;
	ew_api_free(api);
	ew_store_close(s);
	return rc < 0 ? EXIT_FAIL : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **, const char *);
	} cmds[] = {{"ingest", cmd_ingest},   {"ledger", cmd_ledger}, {"reconcile", cmd_reconcile},
		    {"sites", cmd_sites},     {"token", cmd_token},   {"serve", cmd_serve}};
	ew_log_init(PROG, false, EW_LOG_INFO);
	/* the store holds token hashes and every report: not for other users */
	umask(077);
	const char *db = getenv("EGRESSWATCH_DB");
	if (!db || !*db)
		db = EW_STORE_DEFAULT_URL;
	int i = 1;
	/* --db before the command, as well as after it */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf(PROG " " VERSION "\n");
			return 0;
		} else {
			ew_log_err("unknown option %s", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			return cmds[k].run(argc - i, argv + i, db);
	ew_log_err("unknown command %s", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
