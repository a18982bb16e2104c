/* SPDX-License-Identifier: ISC */
/* ledger.c - the line sheet's grid to declared lines (see ledger.h, DESIGN §5).
 *
 * Stages: bytes -> grid (ledger_csv.c or ledger_xlsx.c, chosen by content),
 * grid -> header (column names from data/ledger-columns.conf), rows -> lines
 * with every cell checked. A bad cell is an error naming the row, the column
 * as written in the header, and the text; nothing is dropped silently. */
#include "ledger.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "egresswatch/datapath.h"
#include "egresswatch/utf8.h"
#include "ledger_csv.h"
#include "ledger_grid.h"
#include "ledger_xlsx.h"

#define EW_LEDGER_COLUMNS_NAME "ledger-columns.conf"
#define COLUMNS_FILE_MAX (1024u * 1024) /* bytes of the alias file */
#define ALIASES_MAX 4096u
#define NORM_MAX (EW_LEDGER_CELL_MAX * 2 + 8) /* a normalised header: upper + lower */
#define QUOTE_MAX 80u                         /* bytes of a cell quoted in an error */

_Static_assert(EW_LEDGER_ERRORS_MAX > 0 && EW_LEDGER_ROWS_MAX <= EW_GRID_ROWS_MAX, "caps agree");

enum key {
	K_NO,
	K_VERSION,
	K_VULN,
	K_EMR,
	K_PURPOSE,
	K_SERVICE,
	K_LINE_ID,
	K_CARRIER,
	K_HOLDER,
	K_DEVICE_KIND,
	K_MAKER,
	K_MODEL,
	K_MAC,
	K_IP,
	K_LOCATION,
	K_DEPARTMENT,
	K_VENDOR,
	K_METHOD,
	K_NOTE,
	K_COUNT
};

enum kind { KIND_TEXT, KIND_YESNO, KIND_MACS, KIND_IPS };

/* Each key the alias file may name, the field it fills, the name used in
 * errors when the sheet's header cell is blank. */
static const struct keydef {
	const char *name;
	enum kind kind;
	size_t off;
	const char *label;
} keydefs[K_COUNT] = {
	[K_NO] = { "no", KIND_TEXT, offsetof(struct ew_ledger_line, no), "番号" },
	[K_VERSION] = { "want_version_check", KIND_YESNO, offsetof(struct ew_ledger_line, want_version_check),
	                "調査希望 装置バージョン確認" },
	[K_VULN] = { "want_vuln_scan", KIND_YESNO, offsetof(struct ew_ledger_line, want_vuln_scan),
	             "調査希望 脆弱性診断" },
	[K_EMR] = { "emr_connected", KIND_YESNO, offsetof(struct ew_ledger_line, emr_connected),
	            "電子カルテシステムの所属するネットワークとの接続" },
	[K_PURPOSE] = { "purpose", KIND_TEXT, offsetof(struct ew_ledger_line, purpose), "用途、システム名" },
	[K_SERVICE] = { "service", KIND_TEXT, offsetof(struct ew_ledger_line, service), "回線サービス名" },
	[K_LINE_ID] = { "line_id", KIND_TEXT, offsetof(struct ew_ledger_line, line_id), "回線ID" },
	[K_CARRIER] = { "carrier", KIND_TEXT, offsetof(struct ew_ledger_line, carrier), "回線事業者" },
	[K_HOLDER] = { "holder", KIND_TEXT, offsetof(struct ew_ledger_line, holder), "回線名義" },
	[K_DEVICE_KIND] = { "device_kind", KIND_TEXT, offsetof(struct ew_ledger_line, device_kind), "終端装置種別" },
	[K_MAKER] = { "maker", KIND_TEXT, offsetof(struct ew_ledger_line, maker), "メーカー" },
	[K_MODEL] = { "model", KIND_TEXT, offsetof(struct ew_ledger_line, model), "型番" },
	[K_MAC] = { "mac", KIND_MACS, 0, "MACアドレス" },
	[K_IP] = { "ip", KIND_IPS, 0, "IPアドレス" },
	[K_LOCATION] = { "location", KIND_TEXT, offsetof(struct ew_ledger_line, location), "設置場所" },
	[K_DEPARTMENT] = { "department", KIND_TEXT, offsetof(struct ew_ledger_line, department), "管理部門" },
	[K_VENDOR] = { "vendor", KIND_TEXT, offsetof(struct ew_ledger_line, vendor), "契約ベンダー" },
	[K_METHOD] = { "method", KIND_TEXT, offsetof(struct ew_ledger_line, method), "確認方法" },
	[K_NOTE] = { "note", KIND_TEXT, offsetof(struct ew_ledger_line, note), "備考" },
};

enum list { L_ALIAS, L_YES, L_NO, L_EXAMPLE, L_QUIET };

struct word {
	char *text; /* normalised */
	enum list list;
	int key; /* L_ALIAS */
};

struct cols {
	struct word *words;
	size_t count;
};

/* ---- text normalisation ---- */

/* Full-width ASCII (U+FF01-FF5E) to ASCII, U+3000 to a space; with `dashes`,
 * the dashes people type in addresses (‐ – — − ー ｰ) to '-' and 、 to ','. */
static uint32_t fold(uint32_t cp, bool dashes)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		return cp - 0xfee0;
	if (cp == 0x3000)
		return ' ';
	if (dashes) {
		if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30fc || cp == 0xff70)
			return '-';
		if (cp == 0x3001)
			return ',';
	}
	return cp;
}

/* Half-width katakana U+FF61-FF9D as full-width (Unicode's compatibility
 * mappings, as NFKC folds them); 0 past the table. */
static const uint16_t halfwidth_kana[] = {
	0x3002, 0x300c, 0x300d, 0x3001, 0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
	0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab, 0x30ad, 0x30af, 0x30b1, 0x30b3,
	0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd, 0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc,
	0x30cd, 0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0, 0x30e1, 0x30e2, 0x30e4,
	0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3,
};
_Static_assert(sizeof halfwidth_kana / sizeof halfwidth_kana[0] == 0xff9d - 0xff61 + 1, "one per code point");

/* The kana a half-width (semi-)voiced mark makes of prev, or 0. */
static uint32_t voiced(uint32_t prev, uint32_t mark)
{
	bool ha = prev >= 0x30cf && prev <= 0x30db && (prev - 0x30cf) % 3 == 0; /* ハヒフヘホ */
	if (mark == 0xff9f)
		return ha ? prev + 2 : 0;
	if (ha || (prev >= 0x30ab && prev <= 0x30c2 && (prev - 0x30ab) % 2 == 0) || prev == 0x30c4 || prev == 0x30c6 ||
	    prev == 0x30c8)
		return prev + 1; /* カ..チ, ツ, テ, ト */
	return prev == 0x30a6 ? 0x30f4 : 0; /* ウ -> ヴ */
}

/* For matching: folded (full-width ASCII, half-width kana), lowercase,
 * without spaces, "*", "※", "(*)". */
static void norm(const char *s, char *out, size_t n)
{
	size_t o = 0, len = strlen(s), last = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += ew_utf8_next(s + i, len - i, &cp);
		cp = fold(cp, false);
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '*' || cp == 0x203b)
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp == 0xff9e || cp == 0xff9f) {
			uint32_t v = voiced(prev, cp);
			if (v) { /* replaces the kana just written */
				o = last;
				cp = v;
			} else
				cp = cp == 0xff9e ? 0x309b : 0x309c;
		} else if (cp >= 0xff61 && cp <= 0xff9d)
			cp = halfwidth_kana[cp - 0xff61];
		prev = cp;
		last = o;
		char enc[4];
		size_t k = ew_utf8_put(cp, enc);
		if (o + k >= n)
			break;
		memcpy(out + o, enc, k);
		o += k;
	}
	out[o] = '\0';
	char *p; /* "(*)" has lost its star: drop the "()" left */
	while ((p = strstr(out, "()")) != NULL)
		memmove(p, p + 2, strlen(p + 2) + 1);
}

/* For addresses: folded with dashes, otherwise as written. */
static char *fold_value(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len + 1); /* folding never lengthens */
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += ew_utf8_next(s + i, len - i, &cp);
		o += ew_utf8_put(fold(cp, true), out + o);
	}
	out[o] = '\0';
	return out;
}

static bool is_space_at(const char *s, size_t len, size_t *k)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*k = 1;
		return true;
	}
	if (len >= 3 && c == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) {
		*k = 3;
		return true;
	}
	return false;
}

/* A copy without leading and trailing blanks (ASCII and U+3000). */
static char *trimmed(const char *s)
{
	size_t len = strlen(s), k;
	while (len && is_space_at(s, len, &k)) {
		s += k;
		len -= k;
	}
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && is_space_at(s + len - 3, 3, &k) && k == 3)
			len -= 3;
		else
			break;
	}
	char *out = malloc(len + 1);
	if (out) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

/* ---- the alias file ---- */

static void cols_free(struct cols *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->words[i].text);
	free(c->words);
	memset(c, 0, sizeof *c);
}

static int key_by_name(const char *name)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strcmp(keydefs[k].name, name) == 0)
			return k;
	return -1;
}

static char *strip(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Where the alias file is: the options', else installed or in the source
 * tree (egresswatch/datapath.h: never the working directory, so a
 * data/ledger-columns.conf wherever the admin runs from changes nothing),
 * else NULL. */
static const char *cols_path(const char *given, char *buf, size_t n)
{
	if (given)
		return given;
	return ew_find_data(buf, n, "egresswatch/" EW_LEDGER_COLUMNS_NAME, "data/" EW_LEDGER_COLUMNS_NAME);
}

static int cols_load(const char *given, struct cols *c, char *err, size_t errlen)
{
	char pathbuf[PATH_MAX];
	const char *path = cols_path(given, pathbuf, sizeof pathbuf);
	memset(c, 0, sizeof *c);
	if (!path) {
		snprintf(err, errlen, "column names " EW_LEDGER_COLUMNS_NAME
				      ": not found in PREFIX/share/egresswatch or the source tree (give --columns FILE)");
		return -1;
	}
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "column names %.120s: %s", path, strerror(errno));
		return -1;
	}
	char *text = malloc(COLUMNS_FILE_MAX + 1);
	size_t len = text ? fread(text, 1, COLUMNS_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (!text || len > COLUMNS_FILE_MAX) {
		snprintf(err, errlen, "column names %.120s: %s", path, text ? "too large" : "out of memory");
		free(text);
		return -1;
	}
	text[len] = '\0';
	c->words = calloc(ALIASES_MAX, sizeof *c->words);
	if (!c->words) {
		free(text);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = 0;
	unsigned lineno = 0;
	for (char *line = text, *next; line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *l = strip(line);
		if (!*l || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (!eq) {
			snprintf(err, errlen, "%.120s:%u: a line without '=': %.60s", path, lineno, l);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = strip(l);
		enum list list = L_ALIAS;
		int key = -1;
		if (strcmp(name, "@yes") == 0)
			list = L_YES;
		else if (strcmp(name, "@no") == 0)
			list = L_NO;
		else if (strcmp(name, "@example") == 0)
			list = L_EXAMPLE;
		else if (strcmp(name, "@not_read") == 0)
			list = L_QUIET;
		else if ((key = key_by_name(name)) < 0) {
			snprintf(err, errlen, "%.120s:%u: unknown column key \"%.60s\"", path, lineno, name);
			rc = -1;
			break;
		}
		for (char *a = eq + 1, *more; a; a = more) {
			more = strchr(a, '|');
			if (more)
				*more++ = '\0';
			a = strip(a);
			if (!*a)
				continue;
			char nb[512];
			if (!ew_utf8_valid((const unsigned char *)a, strlen(a))) {
				snprintf(err, errlen, "%.120s: not UTF-8", path);
				rc = -1;
				break;
			}
			norm(a, nb, sizeof nb);
			if (!nb[0])
				continue;
			if (c->count >= ALIASES_MAX || !(c->words[c->count].text = strdup(nb))) {
				snprintf(err, errlen, "%.120s: too many names", path);
				rc = -1;
				break;
			}
			c->words[c->count].list = list;
			c->words[c->count].key = key;
			c->count++;
		}
	}
	free(text);
	if (rc != 0)
		cols_free(c);
	return rc;
}

static int lookup(const struct cols *c, const char *normed, enum list list)
{
	if (!normed[0])
		return -1;
	for (size_t i = 0; i < c->count; i++)
		if (c->words[i].list == list && strcmp(c->words[i].text, normed) == 0)
			return list == L_ALIAS ? c->words[i].key : 1;
	return -1;
}

/* An alias, else the same without a note in brackets at its end: people
 * retype a column's name with a note, "MACアドレス（LAN側）", "回線ID（お客様
 * ID）" (full-width brackets are folded to ASCII by norm). */
static int lookup_alias(const struct cols *c, const char *normed)
{
	int key = lookup(c, normed, L_ALIAS);
	size_t n = strlen(normed);
	if (key >= 0 || n < 3 || normed[n - 1] != ')')
		return key;
	const char *open = strrchr(normed, '(');
	if (!open || open == normed)
		return -1;
	char base[NORM_MAX];
	snprintf(base, sizeof base, "%.*s", (int)(open - normed), normed);
	return lookup(c, base, L_ALIAS);
}

static bool is_example(const struct cols *c, const char *cell)
{
	char nb[512];
	norm(cell, nb, sizeof nb);
	if (!nb[0])
		return false;
	for (size_t i = 0; i < c->count; i++)
		if (c->words[i].list == L_EXAMPLE && strstr(nb, c->words[i].text))
			return true;
	return false;
}

/* ---- errors ---- */

static void add_error(struct ew_ledger_errors *e, unsigned row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_error(struct ew_ledger_errors *e, unsigned row, const char *column, const char *fmt, ...)
{
	if (e->count >= EW_LEDGER_ERRORS_MAX) {
		e->dropped++;
		return;
	}
	if (e->count % 64 == 0) {
		struct ew_ledger_error *q = realloc(e->items, (e->count + 64) * sizeof *q);
		if (!q) {
			e->dropped++;
			return;
		}
		e->items = q;
	}
	struct ew_ledger_error *it = &e->items[e->count++];
	memset(it, 0, sizeof *it);
	it->row = row;
	size_t cl = column ? strlen(column) : 0;
	cl = ew_utf8_cut(column ? column : "", cl, sizeof it->column - 1);
	if (cl)
		memcpy(it->column, column, cl);
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(it->message, sizeof it->message, fmt, ap);
	va_end(ap);
	if (w > 0 && (size_t)w >= sizeof it->message) { /* cut on a character boundary */
		size_t m = ew_utf8_cut(it->message, strlen(it->message), sizeof it->message - 1);
		it->message[m] = '\0';
	}
}

/* The cell as it goes into an error message: at most QUOTE_MAX bytes. */
static void quote(const char *s, char *out, size_t n)
{
	size_t len = strlen(s);
	size_t keep = ew_utf8_cut(s, len, QUOTE_MAX < n - 4 ? QUOTE_MAX : n - 4);
	memcpy(out, s, keep);
	if (keep < len)
		memcpy(out + keep, "…", 4); /* 3 bytes and the NUL */
	else
		out[keep] = '\0';
}

/* ---- the header ---- */

struct header {
	int col_of[K_COUNT];   /* -1: absent */
	char name[K_COUNT][96]; /* as written, for errors */
	char unread[EW_LEDGER_UNREAD_MAX]; /* header cells no key took */
	unsigned score;
	size_t index; /* stored row of the (last) header row */
};

static const struct ew_grid_merge *merge_at(const struct ew_grid *g, unsigned row, unsigned col)
{
	for (size_t i = 0; i < g->merge_count; i++) {
		const struct ew_grid_merge *m = &g->merges[i];
		if (row >= m->r1 && row <= m->r2 && col >= m->c1 && col <= m->c2)
			return m;
	}
	return NULL;
}

static const char *cell_at(const struct ew_grid *g, unsigned row, unsigned col)
{
	size_t i = ew_ledger_grid_find_row(g, row);
	return i == (size_t)-1 ? "" : ew_ledger_grid_get(g, i, col, NULL);
}

/* A header cell's own text: a merged range's text belongs to its top-left
 * cell; other cells of the range are empty (`own` false) or carry it. */
static const char *header_cell(const struct ew_grid *g, unsigned row, unsigned col, bool carry)
{
	const struct ew_grid_merge *m = merge_at(g, row, col);
	if (m) {
		if (m->r1 == row && m->c1 == col)
			return cell_at(g, row, col);
		return carry ? cell_at(g, m->r1, m->c1) : "";
	}
	const char *s = cell_at(g, row, col);
	if (*s || !carry || g->merge_count)
		return s;
	/* CSV keeps no merges: a blank upper cell belongs to the nearest text on its left */
	while (col > 0) {
		s = cell_at(g, row, --col);
		if (*s)
			return s;
	}
	return "";
}

static void set_name(char *dst, const char *a, const char *b)
{
	char tmp[EW_LEDGER_CELL_MAX * 2 + 2];
	snprintf(tmp, sizeof tmp, "%s%s%s", a, *a && *b ? " " : "", b);
	size_t n = ew_utf8_cut(tmp, strlen(tmp), 95);
	memcpy(dst, tmp, n);
	dst[n] = '\0';
}

/* Adds a header cell's text to the list of those not read. */
static void add_unread(char *list, const char *upper, const char *lower)
{
	char name[96];
	set_name(name, upper, lower);
	size_t len = strlen(list), room = EW_LEDGER_UNREAD_MAX - 1 - len;
	if (!name[0] || room < 8 || (len >= 3 && strcmp(list + len - 3, "\xe2\x80\xa6") == 0))
		return;
	const char *sep = len ? ", " : "";
	if (strlen(sep) + strlen(name) + 4 > room) { /* full: say so */
		snprintf(list + len, room + 1, "%s\xe2\x80\xa6", sep);
		return;
	}
	snprintf(list + len, room + 1, "%s%s", sep, name);
}

static unsigned max_col(const struct ew_grid *g, size_t i)
{
	unsigned m = 0;
	if (i == (size_t)-1)
		return 0;
	for (size_t k = 0; k < g->rows[i].count; k++) {
		unsigned c = g->cells[g->rows[i].first + k].col + 1;
		if (c > m)
			m = c;
	}
	return m;
}

/* Normalised header texts (on the heap: too big for a thread's stack). */
struct scratch {
	char nu[NORM_MAX], nl[NORM_MAX], both[NORM_MAX * 2];
};

static void try_header(const struct ew_grid *g, const struct cols *c, size_t i, struct header *h, struct scratch *sc)
{
	char *nu = sc->nu, *nl = sc->nl, *both = sc->both;
	unsigned row = g->rows[i].number;
	size_t ui = row > 1 ? ew_ledger_grid_find_row(g, row - 1) : (size_t)-1;
	unsigned ncols = max_col(g, i), uc = max_col(g, ui);
	if (uc > ncols)
		ncols = uc;
	for (int k = 0; k < K_COUNT; k++)
		h->col_of[k] = -1;
	h->score = 0;
	h->index = i;
	h->unread[0] = '\0';
	for (unsigned col = 0; col < ncols; col++) {
		const char *lower = header_cell(g, row, col, false);
		const struct ew_grid_merge *m = merge_at(g, row, col);
		if (m && m->r1 < row)
			lower = ""; /* merged down from the row above */
		int key = -1;
		const char *ua = "", *la = "";
		if (*lower) {
			norm(lower, nl, NORM_MAX);
			if (ui != (size_t)-1) {
				const char *upper = header_cell(g, row - 1, col, true);
				norm(upper, nu, NORM_MAX);
				snprintf(both, NORM_MAX * 2, "%s%s", nu, nl);
				if (*upper && (key = lookup_alias(c, both)) >= 0)
					ua = upper;
			}
			if (key < 0)
				key = lookup_alias(c, nl);
			la = lower;
		} else if (ui != (size_t)-1) {
			const char *upper = header_cell(g, row - 1, col, false);
			const struct ew_grid_merge *um = merge_at(g, row - 1, col);
			if (!*upper && um && um->r2 >= row) /* a range over both rows */
				upper = cell_at(g, um->r1, um->c1);
			norm(upper, nu, NORM_MAX);
			key = lookup_alias(c, nu);
			ua = upper;
			/* an upper cell over several columns (回線情報) or a title is
			 * no column of its own */
			if (key < 0 && !(um && um->r2 >= row && um->c1 == um->c2))
				continue;
		}
		if (key < 0 || h->col_of[key] >= 0) {
			/* the collector's own result columns are not news */
			if (key >= 0 || lookup(c, *la ? nl : nu, L_QUIET) < 0)
				add_unread(h->unread, ua, la);
			continue;
		}
		h->col_of[key] = (int)col;
		set_name(h->name[key], ua, la);
		h->score++;
	}
}

static int find_header(const struct ew_grid *g, const struct cols *c, struct header *best)
{
	struct header h;
	struct scratch *sc = malloc(sizeof *sc);
	if (!sc)
		return -1;
	best->score = 0;
	for (size_t i = 0, seen = 0; i < g->row_count && seen < EW_GRID_HEADER_SCAN; i++) {
		if (g->rows[i].count == 0)
			continue;
		seen++;
		try_header(g, c, i, &h, sc);
		if (h.score > best->score)
			*best = h;
	}
	free(sc);
	if (best->score < 2)
		return -1;
	/* a blank-headed first column is the line's number (回線1, 回線2, ...) */
	if (best->col_of[K_NO] < 0) {
		int left = INT_MAX;
		for (int k = 0; k < K_COUNT; k++)
			if (best->col_of[k] >= 0 && best->col_of[k] < left)
				left = best->col_of[k];
		if (left != INT_MAX && left > 0) {
			best->col_of[K_NO] = left - 1;
			set_name(best->name[K_NO], "", keydefs[K_NO].label);
		}
	}
	for (int k = 0; k < K_COUNT; k++)
		if (best->col_of[k] >= 0 && !best->name[k][0])
			set_name(best->name[k], "", keydefs[k].label);
	return 0;
}

/* ---- rows ---- */

static bool is_sep(char ch, bool slash)
{
	return ch == ';' || ch == ',' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || (slash && ch == '/');
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* MACs (or IPs) of one cell; false after adding an error. */
static bool parse_addrs(struct ew_ledger_errors *e, unsigned row, const char *column, const char *cell, bool macs,
                        struct ew_ledger_line *ln)
{
	char *v = fold_value(cell);
	if (!v) {
		add_error(e, row, column, "out of memory");
		return false;
	}
	bool ok = true;
	size_t len = strlen(v);
	char prev_sep = 0;
	for (size_t i = 0; i < len;) {
		if (is_sep(v[i], true)) {
			prev_sep = v[i++];
			continue;
		}
		size_t j = i;
		while (j < len && !is_sep(v[j], true))
			j++;
		char tok[128], q[QUOTE_MAX + 4];
		size_t tl = j - i;
		bool prefix_len = !macs && prev_sep == '/' && all_digits(v + i, tl);
		if (!prefix_len) {
			if (tl >= sizeof tok) {
				tl = ew_utf8_cut(v + i, tl, sizeof tok - 1);
			}
			memcpy(tok, v + i, tl);
			tok[tl] = '\0';
			if (macs) {
				struct ew_mac m;
				if (!ew_mac_parse(tok, &m)) {
					quote(tok, q, sizeof q);
					add_error(e, row, column, "\"%s\" is not a MAC address", q);
					ok = false;
				} else if (ln->mac_count >= EW_LEDGER_MACS_MAX) {
					add_error(e, row, column, "more than %u MAC addresses", EW_LEDGER_MACS_MAX);
					ok = false;
					break;
				} else
					ln->macs[ln->mac_count++] = m;
			} else {
				struct ew_ip ip;
				if (!ew_ip_parse(tok, &ip)) {
					quote(tok, q, sizeof q);
					add_error(e, row, column, "\"%s\" is not an IP address", q);
					ok = false;
				} else if (ln->ip_count >= EW_LEDGER_IPS_MAX) {
					add_error(e, row, column, "more than %u IP addresses", EW_LEDGER_IPS_MAX);
					ok = false;
					break;
				} else
					ln->ips[ln->ip_count++] = ip;
			}
		}
		prev_sep = 0;
		i = j;
	}
	free(v);
	return ok;
}

static void line_free(struct ew_ledger_line *ln)
{
	for (int k = 0; k < K_COUNT; k++)
		if (keydefs[k].kind == KIND_TEXT)
			free(*(char **)((char *)ln + keydefs[k].off));
}

/* The apostrophe our CSV export (and other tools, as OWASP advises) puts
 * before a cell that a spreadsheet would take for a formula: "'=1+1",
 * "'-", "'+81 3". It is not the hospital's text: a completed sheet
 * exported to CSV and imported again kept it ("=1+1" came back "'=1+1").
 * Dropped when a formula lead follows it (after blanks, as the export
 * decides); an apostrophe before anything else is the hospital's. */
static void drop_formula_guard(char *t)
{
	if (t[0] != '\'')
		return;
	const unsigned char *p = (const unsigned char *)t + 1;
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
			p++;
		else if (p[0] == 0xc2 && p[1] == 0xa0)
			p += 2;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else
			break;
	}
	/* the blanks go too: the cell is trimmed, as any other */
	if (*p == '=' || *p == '+' || *p == '-' || *p == '@')
		memmove(t, p, strlen((const char *)p) + 1);
}

/* Cells merged down over several rows (a line's 番号, 回線ID, 電子カルテ接続
 * over the rows of its ONU and its HGW): Excel shows the value on every row
 * of the range, so a data row reads it in the range's first column. Sorted
 * by column, then first row, for a binary search (the grid keeps at most
 * EW_GRID_MERGES_MAX ranges). */
struct vmerge {
	unsigned col, r1, r2;
};
struct vmerges {
	struct vmerge *v;
	size_t n;
};

static int vmerge_cmp(const void *pa, const void *pb)
{
	const struct vmerge *a = pa, *b = pb;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->r1 < b->r1 ? -1 : a->r1 > b->r1;
}

static int vmerges_init(const struct ew_grid *g, struct vmerges *vm)
{
	vm->n = 0;
	vm->v = malloc((g->merge_count ? g->merge_count : 1) * sizeof *vm->v);
	if (!vm->v)
		return -1;
	for (size_t i = 0; i < g->merge_count; i++) {
		const struct ew_grid_merge *m = &g->merges[i];
		if (m->r2 > m->r1)
			vm->v[vm->n++] = (struct vmerge){m->c1, m->r1, m->r2};
	}
	qsort(vm->v, vm->n, sizeof *vm->v, vmerge_cmp);
	return 0;
}

/* The value shown in an empty cell under a range merged down from above,
 * or "". */
static const char *merged_above(const struct ew_grid *g, const struct vmerges *vm, unsigned row, unsigned col,
                                bool *cut)
{
	/* the last range of this column starting above the row */
	size_t lo = 0, hi = vm->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct vmerge *m = &vm->v[mid];
		if (m->col < col || (m->col == col && m->r1 < row))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return "";
	const struct vmerge *m = &vm->v[lo - 1];
	if (m->col != col || row > m->r2)
		return "";
	size_t top = ew_ledger_grid_find_row(g, m->r1);
	if (top >= g->row_count || g->rows[top].number != m->r1)
		return "";
	return ew_ledger_grid_get(g, top, col, cut);
}

/* Fills ln from stored row i; false (errors added) if the row is bad. A
 * false return with oom set means memory ran out. */
static bool read_row(const struct ew_grid *g, size_t i, const struct cols *c, const struct header *h,
                     const struct vmerges *vm, struct ew_ledger_line *ln, struct ew_ledger_errors *e, bool *oom)
{
	unsigned row = g->rows[i].number;
	bool ok = true, emr_blank = true;
	memset(ln, 0, sizeof *ln);
	ln->row = row;
	for (int k = 0; k < K_COUNT; k++) {
		const struct keydef *d = &keydefs[k];
		bool cut = false;
		const char *cell = h->col_of[k] >= 0 ? ew_ledger_grid_get(g, i, (unsigned)h->col_of[k], &cut) : "";
		if (!*cell && h->col_of[k] >= 0 && vm->n)
			cell = merged_above(g, vm, row, (unsigned)h->col_of[k], &cut);
		if (cut) {
			add_error(e, row, h->name[k], "longer than %u bytes", EW_LEDGER_CELL_MAX);
			ok = false;
		}
		char *t = trimmed(cell);
		if (!t) {
			*oom = true;
			return false;
		}
		drop_formula_guard(t);
		if (k == K_EMR)
			emr_blank = !*t;
		if (d->kind == KIND_TEXT) {
			*(char **)((char *)ln + d->off) = t;
			continue;
		}
		if (d->kind == KIND_YESNO && *t) {
			char nb[512], q[QUOTE_MAX + 4];
			enum ew_yesno *yn = (enum ew_yesno *)((char *)ln + d->off);
			norm(t, nb, sizeof nb);
			if (lookup(c, nb, L_YES) > 0)
				*yn = EW_YN_YES;
			else if (lookup(c, nb, L_NO) > 0)
				*yn = EW_YN_NO;
			else {
				quote(t, q, sizeof q);
				add_error(e, row, h->name[k], "\"%s\" is neither あり nor なし", q);
				ok = false;
			}
		} else if (d->kind == KIND_MACS || d->kind == KIND_IPS) {
			if (*t && !parse_addrs(e, row, h->name[k], t, d->kind == KIND_MACS, ln))
				ok = false;
		}
		free(t);
	}
	/* required: 電子カルテ接続, and 回線ID or 回線サービス名 (docs/LEDGER.md) */
	/* (a misspelt answer is already an error; an empty cell is one here) */
	if (ln->emr_connected == EW_YN_UNSET && emr_blank) {
		add_error(e, row, h->name[K_EMR], "required: あり or なし");
		ok = false;
	}
	if (!ln->line_id[0] && !ln->service[0]) {
		int k = h->col_of[K_LINE_ID] >= 0 ? K_LINE_ID : K_SERVICE;
		add_error(e, row, h->name[k], "required: 回線ID or 回線サービス名");
		ok = false;
	}
	return ok;
}

/* A row with nothing in any column read but its number is a blank line of
 * the form (回線9 left empty), not a line. */
static bool row_blank(const struct ew_grid *g, size_t i, const struct header *h)
{
	for (int k = 0; k < K_COUNT; k++) {
		if (k == K_NO || h->col_of[k] < 0)
			continue;
		const char *s = ew_ledger_grid_get(g, i, (unsigned)h->col_of[k], NULL);
		if (*s)
			return false;
	}
	return true;
}

static int lines_from_grid(const struct ew_grid *g, const struct cols *c, const struct ew_ledger_options *opt,
                           const struct vmerges *vm, struct ew_ledger *out, struct ew_ledger_errors *e)
{
	struct header h;
	if (find_header(g, c, &h) != 0) {
		add_error(e, 0, "", "no header row found in the first %u rows (回線ID, 回線サービス名, "
		                    "電子カルテ…との接続, …: data/ledger-columns.conf)",
		          EW_GRID_HEADER_SCAN);
		return -1;
	}
	unsigned header_row = g->rows[h.index].number;
	bool missing = false;
	if (h.col_of[K_EMR] < 0) {
		add_error(e, header_row, "", "no column %s (あり/なし), which is required", keydefs[K_EMR].label);
		missing = true;
	}
	if (h.col_of[K_LINE_ID] < 0 && h.col_of[K_SERVICE] < 0) {
		add_error(e, header_row, "", "no column 回線ID or 回線サービス名, one of which is required");
		missing = true;
	}
	if (missing)
		return -1;
	out->header_row = header_row;
	snprintf(out->unread_columns, sizeof out->unread_columns, "%s", h.unread);
	bool skip = opt && (opt->flags & EW_LEDGER_SKIP_BAD_ROWS);
	size_t bad = 0, cap = 0;
	for (size_t i = h.index + 1; i < g->row_count; i++) {
		if (g->rows[i].count == 0 || g->rows[i].number <= header_row || row_blank(g, i, &h))
			continue;
		const char *first = h.col_of[K_NO] >= 0 ? ew_ledger_grid_get(g, i, (unsigned)h.col_of[K_NO], NULL)
		                                        : g->text.data + g->cells[g->rows[i].first].off;
		if (!*first && h.col_of[K_NO] >= 0) /* the second row of a 記入例 merged down */
			first = merged_above(g, vm, g->rows[i].number, (unsigned)h.col_of[K_NO], NULL);
		if (is_example(c, first)) {
			out->skipped_examples++;
			continue;
		}
		struct ew_ledger_line ln;
		bool oom = false;
		if (!read_row(g, i, c, &h, vm, &ln, e, &oom)) {
			line_free(&ln);
			if (oom) {
				add_error(e, 0, "", "out of memory");
				return -1;
			}
			bad++;
			continue;
		}
		if (out->count >= EW_LEDGER_ROWS_MAX) {
			line_free(&ln);
			add_error(e, 0, "", "more than %u lines", EW_LEDGER_ROWS_MAX);
			return -1;
		}
		if (out->count == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct ew_ledger_line *q = realloc(out->lines, nc * sizeof *q);
			if (!q) {
				line_free(&ln);
				add_error(e, 0, "", "out of memory");
				return -1;
			}
			out->lines = q;
			cap = nc;
		}
		out->lines[out->count++] = ln;
	}
	if (bad && !skip)
		return -1;
	out->skipped_bad = bad;
	return 0;
}

static int grid_to_lines(const struct ew_grid *g, const struct cols *c, const struct ew_ledger_options *opt,
                         struct ew_ledger *out, struct ew_ledger_errors *e)
{
	struct vmerges vm;
	if (vmerges_init(g, &vm) != 0) {
		add_error(e, 0, "", "out of memory");
		return -1;
	}
	int rc = lines_from_grid(g, c, opt, &vm, out, e);
	free(vm.v);
	return rc;
}

/* Whether a worksheet holds the line sheet's header (ew_ledger_xlsx_read
 * looks through the tabs with it); a sheet too wide is taken, to be refused. */
static bool sheet_has_header(struct ew_grid *g, void *cols)
{
	if (g->cols_cut)
		return true;
	ew_ledger_grid_finish(g);
	struct header *h = malloc(sizeof *h);
	bool found = h && find_header(g, cols, h) == 0;
	free(h);
	return found;
}

int ew_ledger_parse(const unsigned char *data, size_t len, const struct ew_ledger_options *opt,
                    struct ew_ledger *out, struct ew_ledger_errors *errs)
{
	struct ew_ledger_errors local = { 0 };
	struct ew_ledger_errors *e = errs ? errs : &local;
	memset(out, 0, sizeof *out);
	memset(e, 0, sizeof *e);
	int rc = -1;
	if (len == 0) {
		add_error(e, 0, "", "the file is empty");
		goto done;
	}
	if (len > EW_LEDGER_FILE_MAX) {
		add_error(e, 0, "", "larger than %u bytes", EW_LEDGER_FILE_MAX);
		goto done;
	}
	static const unsigned char ole2[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	if (len >= 8 && memcmp(data, ole2, 8) == 0) {
		add_error(e, 0, "", "an Excel 97-2003 (.xls) file is not read: save it as .xlsx or CSV");
		goto done;
	}
	struct cols c;
	char err[256];
	if (cols_load(opt ? opt->columns_file : NULL, &c, err, sizeof err) != 0) {
		add_error(e, 0, "", "%s", err);
		goto done;
	}
	struct ew_grid g;
	ew_ledger_grid_init(&g);
	int r;
	if (ew_ledger_xlsx_is_zip(data, len)) {
		snprintf(out->format, sizeof out->format, "xlsx");
		snprintf(out->encoding, sizeof out->encoding, "xlsx");
		r = ew_ledger_xlsx_read(data, len, &g, sheet_has_header, &c);
	} else {
		snprintf(out->format, sizeof out->format, "csv");
		r = ew_ledger_csv_read(data, len, &g, out->encoding);
	}
	if (r != 0)
		add_error(e, 0, "", "%s", g.error);
	else if (g.cols_cut)
		add_error(e, g.cut_row, "", "a cell past column %u, the last one read: move or delete it", EW_LEDGER_COLS_MAX);
	else {
		ew_ledger_grid_finish(&g);
		rc = grid_to_lines(&g, &c, opt, out, e);
	}
	ew_ledger_grid_free(&g);
	cols_free(&c);
done:
	if (rc != 0) {
		ew_ledger_free(out);
		memset(out, 0, sizeof *out);
	}
	if (!errs)
		ew_ledger_errors_free(&local);
	return rc;
}

void ew_ledger_free(struct ew_ledger *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		line_free(&l->lines[i]);
	free(l->lines);
	l->lines = NULL;
	l->count = 0;
}

void ew_ledger_errors_free(struct ew_ledger_errors *e)
{
	if (!e)
		return;
	free(e->items);
	memset(e, 0, sizeof *e);
}

const char *ew_yesno_str(enum ew_yesno v)
{
	return v == EW_YN_YES ? "あり" : v == EW_YN_NO ? "なし" : "";
}
