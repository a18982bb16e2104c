/* SPDX-License-Identifier: ISC */
/* oui.c - vendor names from the IEEE registry CSVs that Debian's ieee-data
 * ships (oui.csv MA-L, mam.csv MA-M, oui36.csv MA-S, iab.csv IAB).
 *
 * Each file is "Registry,Assignment,Organization Name,Organization Address"
 * with RFC 4180 quoting: quoted fields may hold commas, doubled quotes and
 * line breaks (the real files have all three, and CRLF line ends). Entries
 * go into one sorted array per assignment length and the names into one
 * string arena (not interned), so ~46k entries cost about 2 MB. A lookup is
 * three binary searches, longest assignment first. A lazy db (ew_oui_open)
 * holds only what ew_oui_resolve found for the MACs it was given: the same
 * code splits every record, and copies out the name of those whose
 * assignment covers one of them. No record is copied whole: a field is
 * where it lies in the input, and only a kept name is unescaped.
 *
 * The files are system data, not packet bytes, but they are still parsed
 * defensively: a record that does not parse is skipped and counted, and every
 * size is capped. */
#include "egresswatch/oui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define OUI_FILE_MAX (32u << 20)    /* oui.csv is ~3 MB; anything far larger is not the registry */
#define OUI_RECORD_MAX 2048         /* bytes in one record; longer is malformed */
#define OUI_FIELDS_MAX 4            /* Registry, Assignment, Organization Name, Organization Address */
#define OUI_ENTRIES_MAX (1u << 20)  /* total entries kept */
#define OUI_ARENA_MAX (64u << 20)
#define OUI_RESOLVED_MAX (1u << 16) /* prefixes a lazy db remembers; past it, it starts over */
#define OUI_PROBE_BYTES (16u << 10)  /* ew_oui_open reads this much of a file to find an entry */
#define OUI_SCAN_CHUNK (128u << 10)  /* ew_oui_resolve reads a file in pieces of this size */

struct oui_ent {
	uint64_t key;  /* the assignment's bits, right-aligned */
	uint32_t name; /* offset into the arena */
	uint32_t seq;  /* load order: the first of duplicate assignments wins */
};

struct oui_table {
	struct oui_ent *v;
	size_t n, cap;
};

/* Longest first: that is the lookup order. */
enum { T36, T28, T24, T__COUNT };
static const unsigned table_bits[T__COUNT] = { 36, 28, 24 };

struct ew_oui_db {
	struct oui_table t[T__COUNT];
	char *arena;
	size_t arena_len, arena_cap;
	size_t malformed;
	uint32_t seq;
	/* lazy (ew_oui_open): the directory ew_oui_resolve scans, and the
	 * 36-bit prefixes it has scanned for (sorted), so a MAC is looked for
	 * once; NULL for a full load */
	char *dir;
	uint64_t *resolved;
	size_t resolved_n;
};

__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- CSV (RFC 4180, lenient only where ieee-data needs it) ---- */

/* One record's fields, where they lie in the input: nothing is copied (only
 * a kept record's name is, by field_unescape). A field that held "" (esc) has
 * its text in two-byte runs there: flen counts them as one byte each. */
struct csv_rec {
	size_t at[OUI_FIELDS_MAX], flen[OUI_FIELDS_MAX];
	bool esc[OUI_FIELDS_MAX];
	int nf; /* may exceed OUI_FIELDS_MAX: then bad */
	bool bad;
	char text[OUI_RECORD_MAX]; /* a kept record's name, unescaped */
};

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Nonzero when some byte of w is b (the exact zero-byte test on w ^ b...b). */
static inline uint64_t has_byte(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (0x0101010101010101ULL * b);
	return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* The end of an unquoted field starting at i: the first ',', CR or LF, or n.
 * Eight bytes a test: the unquoted fields (the addresses most of all) are
 * most of the registry's bytes, and this scan was a fifth of the load. */
static inline size_t unquoted_end(const char *p, size_t i, size_t n)
{
#ifdef __SSE2__
	/* sixteen bytes a test where the target has SSE2 (every x86-64): a
	 * third of the instructions of the eight-byte test below */
	const __m128i comma = _mm_set1_epi8(','), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, cr)),
					   _mm_cmpeq_epi8(v, lf));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);
		if (m)
			return i + (unsigned)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (n - i >= 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		uint64_t m = has_byte(w, ',') | has_byte(w, '\r') | has_byte(w, '\n');
		if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* the lowest flag is exact: a false one only follows a true one */
			return i + ((unsigned)__builtin_ctzll(m) >> 3);
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && p[i] != ',' && p[i] != '\r' && p[i] != '\n')
		i++;
	return i;
}

/* Skips to the line after the one where a bad record started, so one broken
 * quote costs one line, not the rest of the file. */
static size_t resync(const char *p, size_t n, size_t start)
{
	const char *lf = memchr(p + start, '\n', n - start);
	return lf ? (size_t)(lf - p) + 1 : n;
}

/* The bytes that, first in a field, may open a quoted one: blanks (skipped
 * before an opening quote) and the quote. Any other first byte starts an
 * unquoted field, whose end one scan finds. */
static const bool opens_field[256] = { [' '] = true, ['\t'] = true, ['"'] = true };

/* The first quote in [i, lim), or lim: sixteen bytes a test, inline (a
 * call to memchr a quoted field cost about as much as the search). */
static inline size_t quote_at(const char *p, size_t i, size_t lim)
{
	if (i >= lim)
		return lim;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	while (lim - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
		if (m)
			return i + (unsigned)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (i < lim && p[i] != '"')
		i++;
	return i;
}

/* A quoted field whose opening quote is at *i - 1: its closing quote must
 * lie before lim. Sets *i past the blanks after it, *flen (each "" counts
 * one) and *esc. False when it does not close before lim or text follows. */
static inline __attribute__((always_inline)) bool quoted_field(const char *p, size_t n, size_t *i, size_t lim,
								size_t *flen, bool *esc)
{
	size_t k = *i, at = *i, pairs = 0;
	for (;;) {
		size_t q = quote_at(p, k, lim);
		if (q == lim)
			return false; /* unterminated quote */
		k = q + 1;
		if (k < n && p[k] == '"') { /* rule 7: "" is one quote */
			pairs++;
			k++;
			continue;
		}
		break;
	}
	*flen = k - 1 - at - pairs;
	*esc = pairs > 0;
	while (k < n && is_blank(p[k]))
		k++;
	*i = k;
	return k >= n || p[k] == ',' || p[k] == '\r' || p[k] == '\n'; /* else text after the closing quote */
}

/* Reads one record at *pos. Returns 1 (parsed; r->bad says whether it is
 * usable), 0 at end of input. */
static int csv_next(const char *p, size_t n, size_t *pos, struct csv_rec *r)
{
	size_t i = *pos, start = *pos;
	size_t cap_end = start + OUI_RECORD_MAX + 1; /* a field ending past it is over-long */
	int nf = 0;
	size_t text = 0;
	if (i >= n)
		return 0;
	for (;;) {
		size_t at = i, flen;
		bool esc = false;
		if (i < n && opens_field[(unsigned char)p[i]]) {
			/* RFC 4180 §2 rule 5: a field may be enclosed in double
			 * quotes. Blanks before the opening quote are tolerated. */
			size_t j = i;
			while (j < n && is_blank(p[j]))
				j++;
			if (j < n && p[j] == '"') {
				at = i = j + 1;
				if (!quoted_field(p, n, &i, n < cap_end ? n : cap_end, &flen, &esc))
					goto resync;
				goto field;
			}
		}
		size_t e = unquoted_end(p, i, n);
		if (e > cap_end && e > i)
			goto resync; /* some byte lies past the cap */
		flen = e - i;
		i = e;
	field:;
		if (nf < OUI_FIELDS_MAX) { /* a fifth one makes the record bad */
			r->at[nf] = at;
			r->flen[nf] = flen;
			r->esc[nf] = esc;
		}
		text += flen;
		nf++;
		if (i < n && p[i] == ',') {
			i++;
			continue;
		}
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
		break;
	}
	*pos = i;
	r->nf = nf;
	r->bad = nf > OUI_FIELDS_MAX || text >= sizeof r->text;
	return 1;
resync:
	*pos = resync(p, n, start);
	r->nf = nf;
	r->bad = true;
	return 1;
}

/* Copies field f's text into r->text, each "" as one quote. */
static void field_unescape(struct csv_rec *r, const char *p, int f)
{
	const char *s = p + r->at[f];
	size_t n = r->flen[f]; /* < sizeof r->text: csv_next's check */
	if (!r->esc[f]) {
		memcpy(r->text, s, n);
		return;
	}
	for (size_t o = 0, k = 0; o < n; o++, k++) {
		r->text[o] = s[k];
		if (s[k] == '"')
			k++; /* the second of the pair */
	}
}

/* ---- names ---- */

/* Returns the arena offset of a copy of name, or UINT32_MAX when out of
 * memory or over the arena's cap. Not interned: a hash table of the names
 * to share duplicates cost a cache miss a record (a tenth of the agent's
 * start-up) to save a few hundred kilobytes. */
static uint32_t arena_add(struct ew_oui_db *db, const char *name, size_t n)
{
	if (db->arena_len + n + 1 > db->arena_cap) {
		size_t cap = db->arena_cap ? db->arena_cap * 2 : (size_t)1 << 20;
		while (cap < db->arena_len + n + 1)
			cap *= 2;
		if (cap > OUI_ARENA_MAX)
			return UINT32_MAX;
		char *a = realloc(db->arena, cap);
		if (!a)
			return UINT32_MAX;
		db->arena = a;
		db->arena_cap = cap;
	}
	uint32_t off = (uint32_t)db->arena_len;
	memcpy(db->arena + off, name, n);
	db->arena[off + n] = '\0';
	db->arena_len += n + 1;
	return off;
}

/* Cleans a name in place: control characters (the registry has tabs and line
 * breaks inside quoted fields) become spaces, then surrounding blanks and
 * quotes are trimmed and the length capped on a UTF-8 boundary. */
static size_t clean_name(char *s, size_t n, const char **out)
{
	size_t a = 0, b = n, quotes = 0, i = 0;
	/* most names have no control character and no quote: eight bytes a
	 * test until one shows up (0x80 sets the has-less test's top bit on
	 * bytes >= 0x80, so those are not taken for control characters) */
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t ctl = (w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL;
		if (ctl | has_byte(w, 0x7f) | has_byte(w, '"'))
			break;
	}
	for (; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
		quotes += s[i] == '"';
	}
	for (;;) {
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		/* Surrounding quotes go as a pair when they are the only
		 * ones, a stray one at either end when the count is odd;
		 * inner quotes stay: `Joint Stock Company "Name"`. */
		if (quotes == 2 && b - a >= 2 && s[a] == '"' && s[b - 1] == '"') {
			a++, b--, quotes -= 2;
		} else if (quotes % 2 && b > a && s[a] == '"') {
			a++, quotes--;
		} else if (quotes % 2 && b > a && s[b - 1] == '"') {
			b--, quotes--;
		} else {
			break;
		}
	}
	if (b - a > EW_OUI_NAME_MAX) {
		b = a + EW_OUI_NAME_MAX;
		while (b > a && ((unsigned char)s[b] & 0xc0) == 0x80)
			b--; /* do not split a UTF-8 sequence */
		while (b > a && s[b - 1] == ' ')
			b--;
	}
	*out = s + a;
	return b - a;
}

/* ---- entries ---- */

/* A hex digit's value with 0x10 set, 0 for any other byte: a table, not
 * three range tests, and one AND over the digits says whether all were
 * (the assignments are ~300k digits a pass). */
static const uint8_t hex_digit[256] = {
	['0'] = 0x10, ['1'] = 0x11, ['2'] = 0x12, ['3'] = 0x13, ['4'] = 0x14,
	['5'] = 0x15, ['6'] = 0x16, ['7'] = 0x17, ['8'] = 0x18, ['9'] = 0x19,
	['a'] = 0x1a, ['b'] = 0x1b, ['c'] = 0x1c, ['d'] = 0x1d, ['e'] = 0x1e, ['f'] = 0x1f,
	['A'] = 0x1a, ['B'] = 0x1b, ['C'] = 0x1c, ['D'] = 0x1d, ['E'] = 0x1e, ['F'] = 0x1f,
};

/* The value of n hex digits at s; *all keeps 0x10 only if each byte was one.
 * The digits are added with their 0x10 bits, which are taken off at once at
 * the end (they are 0x111...10 when every byte was a digit). Inlined with n
 * a constant, the loop unrolls. */
static inline __attribute__((always_inline)) uint64_t hex_run(const char *s, size_t n, unsigned *all)
{
	uint64_t v = 0;
	unsigned a = 0x10;
#pragma GCC unroll 9
	for (size_t i = 0; i < n; i++) {
		unsigned h = hex_digit[(unsigned char)s[i]];
		a &= h;
		v = (v << 4) + h;
	}
	*all = a;
	return v - ((((uint64_t)1 << (4 * n)) - 1) / 15 << 4);
}

/* "6CE4DA" (MA-L), "741AE09" (MA-M), "70B3D5F2F" (MA-S/IAB). */
static bool parse_assignment(const char *s, size_t n, int *table, uint64_t *key)
{
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	unsigned all;
	switch (n) {
	case 6:
		*key = hex_run(s, 6, &all);
		*table = T24;
		break;
	case 7:
		*key = hex_run(s, 7, &all);
		*table = T28;
		break;
	case 9:
		*key = hex_run(s, 9, &all);
		*table = T36;
		break;
	default:
		return false;
	}
	return all != 0;
}

static bool add_entry(struct ew_oui_db *db, int table, uint64_t key, uint32_t name)
{
	struct oui_table *t = &db->t[table];
	if (db->seq >= OUI_ENTRIES_MAX)
		return false;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct oui_ent *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return false;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (struct oui_ent){ .key = key, .name = name, .seq = db->seq++ };
	return true;
}

/* A field that held "" has a quote in its text: it is never a word or an
 * assignment, so it need not be unescaped to say so. */
static bool field_is(const struct csv_rec *r, const char *p, int f, const char *word)
{
	if (r->esc[f])
		return false;
	const char *s = p + r->at[f];
	size_t n = r->flen[f];
	while (n && is_blank(*s))
		s++, n--;
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

static bool field_assignment(const struct csv_rec *r, const char *p, int f, int *table, uint64_t *key)
{
	if (r->esc[f])
		return false;
	return parse_assignment(p + r->at[f], r->flen[f], table, key);
}

/* The 36-bit prefixes a lazy scan looks for (sorted, v), and which values
 * of their first 12 bits they have (top): most assignments are dropped on
 * one bit, without a binary search. */
struct want_set {
	const uint64_t *v;
	size_t n;
	uint64_t top[4096 / 64];
};

static void want_set_init(struct want_set *ws, const uint64_t *v, size_t n)
{
	*ws = (struct want_set){ .v = v, .n = n };
	for (size_t i = 0; i < n; i++) {
		unsigned t = (unsigned)(v[i] >> 24) & 0xfff;
		ws->top[t / 64] |= (uint64_t)1 << (t % 64);
	}
}

/* Whether an assignment covers one of the wanted prefixes: the first wanted
 * prefix at or above the block's first one is inside it. A block lies
 * within one value of the first 12 bits (a 24-bit one is 12 bits long). */
static bool wanted(const struct want_set *ws, int table, uint64_t key)
{
	unsigned shift = 36 - table_bits[table];
	uint64_t lo = key << shift, hi = (key + 1) << shift;
	unsigned t = (unsigned)(lo >> 24) & 0xfff;
	if (!(ws->top[t / 64] >> (t % 64) & 1))
		return false;
	size_t a = 0, b = ws->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (ws->v[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a < ws->n && ws->v[a] < hi;
}

/* Parses a registry file's text from pos. partial: p is only part of the
 * file; a record is taken only when every byte its parse may look at
 * (OUI_RECORD_MAX and two from its start) was read and it ended before the
 * end of p, so it is split exactly as in the whole file, and *done is where
 * the first record not taken starts (n when all were). *first: no record
 * but blank lines seen yet (the header's place). want NULL: every entry is
 * kept (the full load); otherwise (the lazy scan) a record whose assignment
 * covers none of the wanted prefixes is dropped before its name is looked
 * at. Either way a record is split without being copied, and only the name
 * of one that is kept is copied out, so the lazy scan keeps what the full
 * load keeps, by the same code. Returns false only
 * when out of memory or over the entry cap. */
static bool load_span(struct ew_oui_db *db, const char *p, size_t n, size_t pos, const struct want_set *want,
		      bool partial, bool *first, size_t *done)
{
	struct csv_rec *r = malloc(sizeof *r);
	if (!r)
		return false;
	size_t start;
	bool ok = true;
	*done = n;
	for (;;) {
		start = pos;
		if (partial && n - start < OUI_RECORD_MAX + 2) {
			*done = start; /* its end may not have been read */
			break;
		}
		if (!csv_next(p, n, &pos, r))
			break;
		if (partial && pos == n) {
			*done = start; /* it may go on past what was read */
			break;
		}
		if (!r->bad && r->nf == 1 && r->flen[0] == 0)
			continue; /* blank line */
		bool header = *first && !r->bad && r->nf >= 1 && field_is(r, p, 0, "Registry");
		*first = false;
		if (header)
			continue;
		int table;
		uint64_t key;
		if (r->bad || r->nf < 3 || !field_assignment(r, p, 1, &table, &key)) {
			db->malformed++;
			continue;
		}
		if (want && !wanted(want, table, key))
			continue;
		const char *name;
		field_unescape(r, p, 2);
		size_t len = clean_name(r->text, r->flen[2], &name);
		if (len == 0) {
			db->malformed++;
			continue;
		}
		uint32_t off = arena_add(db, name, len);
		if (off == UINT32_MAX || !add_entry(db, table, key, off)) {
			ok = false;
			break;
		}
	}
	free(r);
	return ok;
}

static bool load_text(struct ew_oui_db *db, const char *p, size_t n, bool partial)
{
	bool first = true;
	size_t done;
	/* a UTF-8 byte order mark is not part of the header */
	size_t pos = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	return load_span(db, p, n, pos, NULL, partial, &first, &done);
}

/* Opens a registry file for reading: its descriptor and size, or 0 absent,
 * -1 present but unusable (not a regular file, over OUI_FILE_MAX).
 * O_NONBLOCK so a FIFO planted in the directory cannot hang the start; it
 * is then refused as not regular. */
static int open_regular(const char *path, int *fd_out, size_t *size)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (unsigned long long)st.st_size > OUI_FILE_MAX) {
		close(fd);
		return -1;
	}
	*fd_out = fd;
	*size = (size_t)st.st_size;
	return 1;
}

/* Reads a whole regular file into *buf (grown as needed, kept for the next
 * file: one buffer for the four files, so the pages the first one faulted in
 * serve the others; page faults were a third of the agent's start-up).
 * Returns 1 read, 0 absent, -1 present but unusable (open_regular). */
static int read_file(const char *path, char **buf, size_t *cap, size_t *outlen)
{
	int fd;
	size_t n, got = 0;
	int o = open_regular(path, &fd, &n);
	if (o != 1)
		return o;
	if (!*buf || *cap < n) {
		char *b = realloc(*buf, n ? n : 1);
		if (!b) {
			close(fd);
			return -1;
		}
		*buf = b;
		*cap = n ? n : 1;
	}
	while (got < n) {
		ssize_t k = read(fd, *buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break; /* error, or the file shrank: use what was read */
		got += (size_t)k;
	}
	close(fd);
	*outlen = got;
	return 1;
}

static int ent_cmp(const void *a, const void *b)
{
	const struct oui_ent *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts a table and keeps the first-loaded entry of any duplicate assignment
 * (oui.csv lists a few historic blocks twice). */
/* Sorts by (key, seq). Entries are appended in seq order, so a stable sort
 * by key is that order: an LSD radix sort, 8 bits a pass over the key's
 * 36 bits at most, instead of qsort's callback per comparison (a sixth of
 * the load). qsort remains the fallback when the scratch array cannot be had. */
static void sort_entries(struct oui_ent *v, size_t n)
{
	struct oui_ent *tmp = malloc(n * sizeof *tmp);
	if (!tmp) {
		qsort(v, n, sizeof *v, ent_cmp);
		return;
	}
	struct oui_ent *from = v, *to = tmp;
	for (unsigned shift = 0; shift < 40; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((from[i].key >> shift) & 0xff) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		struct oui_ent *x = from;
		from = to;
		to = x;
	}
	if (from != v) /* an odd number of passes ends in tmp */
		memcpy(v, from, n * sizeof *v);
	free(tmp);
}

static void finish_table(struct oui_table *t)
{
	if (t->n == 0)
		return;
	sort_entries(t->v, t->n);
	size_t w = 1;
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].key != t->v[w - 1].key)
			t->v[w++] = t->v[i];
	t->n = w;
	struct oui_ent *v = realloc(t->v, t->n * sizeof *v);
	if (v)
		t->v = v;
	t->cap = t->n;
}

static const char *const registry_files[] = { "oui.csv", "mam.csv", "oui36.csv", "iab.csv" };
#define REGISTRY_FILES (sizeof registry_files / sizeof registry_files[0])

const char *ew_oui_file_name(size_t i)
{
	return i < REGISTRY_FILES ? registry_files[i] : NULL;
}

static bool dir_usable(const char *dir, char *err, size_t errlen)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		set_err(err, errlen, "%s: IEEE registry directory: %s", dir, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		set_err(err, errlen, "%s: IEEE registry directory: not a directory", dir);
		return false;
	}
	return true;
}

struct ew_oui_db *ew_oui_load(const char *dir, char *err, size_t errlen)
{
	if (!dir || !*dir)
		dir = EW_OUI_DEFAULT_DIR;
	if (!dir_usable(dir, err, errlen))
		return NULL;
	struct ew_oui_db *db = calloc(1, sizeof *db);
	if (!db) {
		set_err(err, errlen, "%s: out of memory", dir);
		return NULL;
	}
	int read_any = 0;
	char *text = NULL;
	size_t text_cap = 0;
	for (size_t i = 0; i < REGISTRY_FILES; i++) {
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, registry_files[i]) >= sizeof path)
			continue;
		size_t n = 0;
		if (read_file(path, &text, &text_cap, &n) != 1)
			continue;
		read_any++;
		if (!load_text(db, text, n, false)) {
			set_err(err, errlen, "%s: out of memory or more than %u entries", path, OUI_ENTRIES_MAX);
			free(text);
			ew_oui_free(db);
			return NULL;
		}
	}
	free(text);
	for (int t = 0; t < T__COUNT; t++)
		finish_table(&db->t[t]);
	if (!read_any) {
		set_err(err, errlen, "%s: no IEEE registry file (oui.csv, mam.csv, oui36.csv, iab.csv) could be read",
			dir);
		ew_oui_free(db);
		return NULL;
	}
	if (ew_oui_count(db) == 0) {
		set_err(err, errlen, "%s: the IEEE registry files hold no valid entry (%zu malformed)", dir,
			db->malformed);
		ew_oui_free(db);
		return NULL;
	}
	return db;
}

/* Reads the file at path as ew_oui_load would, up to its first entry: the
 * first OUI_PROBE_BYTES are enough for the real files (the record after the
 * header is one); the whole file is read only when they hold none. Returns 1
 * read (*has: an entry was found; *malformed grows by what the whole file
 * holds when it has none), 0 absent, -1 unusable, as read_file. */
static int probe_file(const char *path, char **buf, size_t *cap, bool *has, size_t *malformed)
{
	int fd;
	size_t fsize;
	int o = open_regular(path, &fd, &fsize);
	if (o != 1)
		return o;
	char head[OUI_PROBE_BYTES];
	size_t got = 0;
	while (got < sizeof head) {
		ssize_t k = read(fd, head + got, sizeof head - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	struct ew_oui_db scratch = { 0 };
	bool whole = got < sizeof head; /* the file ended (or failed) within the probe */
	bool ok = load_text(&scratch, head, got, !whole);
	if (ok && ew_oui_count(&scratch) == 0 && !whole) {
		size_t n = 0;
		scratch.malformed = 0;
		if (read_file(path, buf, cap, &n) == 1)
			ok = load_text(&scratch, *buf, n, false);
	}
	*has = ew_oui_count(&scratch) > 0 || !ok; /* out of memory: the scan will say */
	*malformed += scratch.malformed;
	for (int t = 0; t < T__COUNT; t++)
		free(scratch.t[t].v);
	free(scratch.arena);
	return 1;
}

struct ew_oui_db *ew_oui_open(const char *dir, char *err, size_t errlen)
{
	if (!dir || !*dir)
		dir = EW_OUI_DEFAULT_DIR;
	if (!dir_usable(dir, err, errlen))
		return NULL;
	struct ew_oui_db *db = calloc(1, sizeof *db);
	if (!db || !(db->dir = strdup(dir))) {
		free(db);
		set_err(err, errlen, "%s: out of memory", dir);
		return NULL;
	}
	int read_any = 0;
	bool has = false;
	size_t malformed = 0;
	char *text = NULL;
	size_t text_cap = 0;
	for (size_t i = 0; i < REGISTRY_FILES && !has; i++) {
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, registry_files[i]) >= sizeof path)
			continue;
		if (probe_file(path, &text, &text_cap, &has, &malformed) == 1)
			read_any++;
	}
	free(text);
	if (!read_any) {
		set_err(err, errlen, "%s: no IEEE registry file (oui.csv, mam.csv, oui36.csv, iab.csv) could be read",
			dir);
		ew_oui_free(db);
		return NULL;
	}
	if (!has) { /* every file was read whole: the count is ew_oui_load's */
		set_err(err, errlen, "%s: the IEEE registry files hold no valid entry (%zu malformed)", dir,
			malformed);
		ew_oui_free(db);
		return NULL;
	}
	return db;
}

/* Scans the file at path for the wanted prefixes in OUI_SCAN_CHUNK pieces
 * (a record cut by a piece's end is taken with the next one): a live agent
 * does this once a window, after its device table has grown, and a buffer of
 * the whole file was 3 MB more resident memory and 750 page faults each
 * time. Returns 1 read, 0 absent, -1 unusable (as read_file), -2 out of
 * memory or over the entry cap. */
static int scan_file(struct ew_oui_db *db, const char *path, char **buf, size_t *cap, const struct want_set *want)
{
	int fd;
	size_t size, total = 0, have = 0;
	int o = open_regular(path, &fd, &size);
	if (o != 1)
		return o;
	bool first = true, eof = false, start_of_file = true;
	int rc = 1;
	for (;;) {
		if (have == *cap) { /* one record longer than the buffer: grow it */
			size_t ncap = *cap ? *cap * 2 : OUI_SCAN_CHUNK;
			char *b = ncap <= 2 * (size_t)OUI_FILE_MAX ? realloc(*buf, ncap) : NULL;
			if (!b) {
				rc = -2;
				break;
			}
			*buf = b;
			*cap = ncap;
		}
		while (have < *cap && total < size) { /* read no more than ew_oui_load would */
			size_t want_n = *cap - have < size - total ? *cap - have : size - total;
			ssize_t k = read(fd, *buf + have, want_n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				eof = true; /* error, or the file shrank: use what was read */
				break;
			}
			have += (size_t)k;
			total += (size_t)k;
		}
		eof = eof || total >= size;
		size_t pos = 0, done;
		/* a UTF-8 byte order mark is not part of the header */
		if (start_of_file && have >= 3 && memcmp(*buf, "\xef\xbb\xbf", 3) == 0)
			pos = 3;
		start_of_file = false;
		if (!load_span(db, *buf, have, pos, want, !eof, &first, &done)) {
			rc = -2;
			break;
		}
		if (eof)
			break;
		memmove(*buf, *buf + done, have - done);
		have -= done;
	}
	close(fd);
	return rc;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool u64_has(const uint64_t *v, size_t n, uint64_t x)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (v[mid] < x)
			a = mid + 1;
		else if (v[mid] > x)
			b = mid;
		else
			return true;
	}
	return false;
}

/* Drops what a lazy db has kept: its memory stays bounded however many
 * devices a long run sees. */
static void lazy_forget(struct ew_oui_db *db)
{
	for (int t = 0; t < T__COUNT; t++) {
		free(db->t[t].v);
		db->t[t] = (struct oui_table){ 0 };
	}
	free(db->arena);
	db->arena = NULL;
	db->arena_len = db->arena_cap = 0;
	db->seq = 0;
	db->resolved_n = 0;
}

int ew_oui_resolve(struct ew_oui_db *db, const struct ew_mac *macs, size_t n)
{
	if (!db || !db->dir || !n)
		return 0; /* a full load has every entry already */
	if (n > OUI_RESOLVED_MAX)
		n = OUI_RESOLVED_MAX;
	uint64_t *want = malloc(n * sizeof *want);
	if (!want)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (ew_mac_is_multicast(&macs[i]) || ew_mac_is_local(&macs[i]))
			continue; /* never looked up */
		uint64_t v = 0;
		for (int b = 0; b < EW_MAC_LEN; b++)
			v = v << 8 | macs[i].b[b];
		want[k++] = v >> 12; /* the longest assignment's 36 bits decide */
	}
	qsort(want, k, sizeof *want, u64_cmp);
	size_t u = 0, fresh = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || want[i] != want[u - 1]) {
			want[u++] = want[i];
			fresh += !u64_has(db->resolved, db->resolved_n, want[i]);
		}
	if (fresh == 0) {
		free(want);
		return 0;
	}
	/* too many to remember: start over with these MACs alone, else look
	 * only for the prefixes not looked for before */
	if (db->resolved_n + fresh > OUI_RESOLVED_MAX)
		lazy_forget(db);
	size_t w = 0;
	for (size_t i = 0; i < u; i++)
		if (!u64_has(db->resolved, db->resolved_n, want[i]))
			want[w++] = want[i];
	/* one pass over the files for every new prefix */
	struct want_set ws;
	want_set_init(&ws, want, w);
	char *text = NULL;
	size_t text_cap = 0;
	int read_any = 0;
	bool ok = true;
	db->malformed = 0;
	for (size_t i = 0; i < REGISTRY_FILES && ok; i++) {
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", db->dir, registry_files[i]) >= sizeof path)
			continue;
		int got = scan_file(db, path, &text, &text_cap, &ws);
		read_any += got == 1;
		ok = got != -2;
	}
	free(text);
	for (int t = 0; t < T__COUNT; t++)
		finish_table(&db->t[t]);
	if (!ok || !read_any) {
		free(want);
		return -1; /* not remembered: the next report tries again */
	}
	/* remember the new prefixes: merge two sorted arrays */
	uint64_t *all = malloc((db->resolved_n + w) * sizeof *all);
	if (!all) {
		free(want);
		return 0; /* resolved, only not remembered */
	}
	size_t a = 0, b = 0, o = 0;
	while (a < db->resolved_n || b < w)
		all[o++] = b == w || (a < db->resolved_n && db->resolved[a] < want[b]) ? db->resolved[a++] : want[b++];
	free(db->resolved);
	free(want);
	db->resolved = all;
	db->resolved_n = o;
	return 0;
}

void ew_oui_free(struct ew_oui_db *db)
{
	if (!db)
		return;
	for (int t = 0; t < T__COUNT; t++)
		free(db->t[t].v);
	free(db->arena);
	free(db->dir);
	free(db->resolved);
	free(db);
}

size_t ew_oui_count(const struct ew_oui_db *db)
{
	if (!db)
		return 0;
	return db->t[T24].n + db->t[T28].n + db->t[T36].n;
}

size_t ew_oui_malformed(const struct ew_oui_db *db) { return db ? db->malformed : 0; }

static const struct oui_ent *find(const struct oui_table *t, uint64_t key)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].key < key)
			lo = mid + 1;
		else if (t->v[mid].key > key)
			hi = mid;
		else
			return &t->v[mid];
	}
	return NULL;
}

const char *ew_oui_lookup(const struct ew_oui_db *db, const struct ew_mac *mac)
{
	if (!db || !mac || ew_mac_is_multicast(mac) || ew_mac_is_local(mac))
		return NULL;
	uint64_t v = 0;
	for (int i = 0; i < EW_MAC_LEN; i++)
		v = v << 8 | mac->b[i];
	for (int t = 0; t < T__COUNT; t++) {
		const struct oui_ent *e = find(&db->t[t], v >> (48 - table_bits[t]));
		if (e)
			return db->arena + e->name;
	}
	return NULL;
}
