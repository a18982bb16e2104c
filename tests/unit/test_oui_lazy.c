/* SPDX-License-Identifier: ISC */
/* test_oui_lazy.c - the lazy registry (ew_oui_open + ew_oui_resolve) answers
 * what the full load (ew_oui_load) answers: for every assignment in the real
 * Debian ieee-data files, and for crafted files with quoted names holding
 * commas, quotes and line breaks, duplicates, overlapping MA-L/MA-M/MA-S
 * blocks, malformed lines and a last line cut short. Also that opening fails
 * exactly when the full load fails, with the same message. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "egresswatch/oui.h"

static const char *const names[] = { "oui.csv", "mam.csv", "oui36.csv", "iab.csv" };
#define NAMES (sizeof names / sizeof names[0])

struct fixture {
	char dir[64];
};

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	write_file(dir, name, text, strlen(text));
}

static void clear_dir(const char *dir)
{
	char path[256];
	for (size_t i = 0; i < NAMES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
}

static int make_dir(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ew-ouilazy-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int drop_dir(void **state)
{
	struct fixture *fx = *state;
	clear_dir(fx->dir);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	assert_non_null(b);
	size_t k;
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
			assert_non_null(b);
		}
	}
	fclose(f);
	*len = n;
	return b;
}

struct macs {
	struct ew_mac *v;
	size_t n, cap;
};

static void push_mac(struct macs *m, uint64_t v48)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->v = realloc(m->v, m->cap * sizeof *m->v);
		assert_non_null(m->v);
	}
	for (int i = 0; i < EW_MAC_LEN; i++)
		m->v[m->n].b[i] = (uint8_t)(v48 >> (8 * (EW_MAC_LEN - 1 - i)));
	m->n++;
}

/* Every run of 6, 7 or 9 hex digits in the text, bounded by non-hex bytes,
 * taken as an assignment whatever field it is in (so malformed and duplicate
 * records are covered too): the first, last and a middle MAC of its block,
 * with the multicast and local bits cleared so they are looked up. */
static void macs_from_text(struct macs *m, const char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (!isxdigit((unsigned char)t[i])) {
			i++;
			continue;
		}
		size_t j = i;
		uint64_t v = 0;
		while (j < n && isxdigit((unsigned char)t[j]) && j - i < 12) {
			char c = (char)tolower((unsigned char)t[j]);
			v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
			j++;
		}
		size_t len = j - i;
		if (len == 6 || len == 7 || len == 9) {
			unsigned rest = 48 - 4 * (unsigned)len;
			uint64_t base = v << rest, span = ((uint64_t)1 << rest) - 1;
			const uint64_t clear = ~((uint64_t)0x03 << 40); /* multicast, local */
			push_mac(m, base & clear);
			push_mac(m, (base | span) & clear);
			push_mac(m, (base | span / 3) & clear);
		}
		while (j < n && isxdigit((unsigned char)t[j]))
			j++;
		i = j;
	}
}

static void macs_from_dir(struct macs *m, const char *dir)
{
	for (size_t i = 0; i < NAMES; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size_t len = 0;
		char *t = slurp(path, &len);
		if (t)
			macs_from_text(m, t, len);
		free(t);
	}
}

static void assert_same(const char *full, const char *lazy, const struct ew_mac *mac)
{
	if (full && lazy && strcmp(full, lazy) == 0)
		return;
	if (!full && !lazy)
		return;
	fail_msg("%02x:%02x:%02x:%02x:%02x:%02x: full load \"%s\", lazy \"%s\"", mac->b[0], mac->b[1], mac->b[2],
		 mac->b[3], mac->b[4], mac->b[5], full ? full : "(none)", lazy ? lazy : "(none)");
}

/* Resolves in batches (a batch is at most what a lazy db remembers) and
 * compares every MAC of a batch right after it. */
static void compare(const char *dir, const struct macs *m, size_t batch)
{
	char err[256] = "";
	struct ew_oui_db *full = ew_oui_load(dir, err, sizeof err);
	assert_non_null(full);
	struct ew_oui_db *lazy = ew_oui_open(dir, err, sizeof err);
	assert_non_null(lazy);
	assert_int_equal(ew_oui_count(lazy), 0);
	for (size_t at = 0; at < m->n; at += batch) {
		size_t k = m->n - at < batch ? m->n - at : batch;
		assert_int_equal(ew_oui_resolve(lazy, m->v + at, k), 0);
		for (size_t i = at; i < at + k; i++)
			assert_same(ew_oui_lookup(full, &m->v[i]), ew_oui_lookup(lazy, &m->v[i]), &m->v[i]);
	}
	/* a MAC resolved before is still answered after other passes */
	if (m->n) {
		assert_int_equal(ew_oui_resolve(lazy, m->v, 1), 0);
		assert_same(ew_oui_lookup(full, &m->v[0]), ew_oui_lookup(lazy, &m->v[0]), &m->v[0]);
	}
	ew_oui_free(full);
	ew_oui_free(lazy);
}

static void real_registry_agrees(void **state)
{
	(void)state;
	if (access(EW_OUI_DEFAULT_DIR "/oui.csv", R_OK) != 0) {
		skip();
		return;
	}
	struct macs m = { 0 };
	macs_from_dir(&m, EW_OUI_DEFAULT_DIR);
	assert_true(m.n > 3 * 30000);
	/* and some MACs no assignment covers, or only a shorter one */
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < 5000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		push_mac(&m, (x >> 16) & ~((uint64_t)0x03 << 40));
	}
	compare(EW_OUI_DEFAULT_DIR, &m, 30000);
	free(m.v);
}

/* CRLF, quoted names with commas, doubled quotes and line breaks, blanks,
 * tabs, a BOM, duplicates (within a file and across files), blocks inside
 * blocks, malformed records of every kind, a last record without its line
 * end and, in iab.csv, a last record cut inside its quotes. */
static const char crafted_oui[] =
	"\xef\xbb\xbfRegistry,Assignment,Organization Name,Organization Address\r\n"
	"MA-L,001122,\"Quoted, Comma Inc.\",1 Road Town JP 100 \r\n"
	"MA-L,A8BBCC,\"He Said \"\"Hi\"\" Ltd\",\"2 Street\r\nMA-L,334455,Not A Record,x\r\nFloor 3\"\r\n"
	"MA-L,080b0c,   Spaced Name   ,3 Lane \r\n"
	"MA-L,0C0E0F,\"Tabbed\tName\r\nSecond Line\",4 Lane\r\n"
	"MA-L,100E0E,Joint Stock Company \"\"Inner\"\",5 Lane\r\n"
	"MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane\r\n"
	"\r\n"
	"\"\"\r\n"
	"MA-L,\"A0B0C0\",Quoted Assignment,x\r\n"
	"MA-L,\"A0B0C1\"\"\",Escaped Assignment,x\r\n"
	"MA-L, A0B0C2 ,Blank Assignment,x\r\n"
	"MA-L,021122,Locally Administered Block,6 Lane\r\n"
	"MA-L,XYZ123,Bad Hex,7 Lane\r\n"
	"MA-L,0011,Short Assignment,8 Lane\r\n"
	"MA-L,001166,Too,Many,Fields\r\n"
	"MA-L,001177,,9 Lane\r\n"
	"MA-L,001178,\"  \"\"\"\"  \",9 Lane\r\n"
	"MA-L,001188,\"Closed\"junk,10 Lane\r\n"
	"MA-L,001122,Second Owner,11 Lane\r\n"
	"MA-L,001199,\"Unterminated,12 Lane\r\n"
	"MA-L,0011AA,After Bad Quote,13 Lane\r\n"
	"MA-L,0011BB\r\n"
	"MA-L,0011CC,Last Without Line End,14 Lane";

static const char crafted_mam[] =
	"Registry,Assignment,Organization Name,Organization Address\n"
	"MA-M,70B3D51,Medium Block Co,1 Way\n"
	"MA-M,70B3D51,Medium Duplicate,1 Way\n"
	"MA-M,0011225,\"Medium, Inside Quoted\",2 Way\n"
	"MA-L,0011CC,Cross-file Duplicate,3 Way\n"
	"MA-M,A8BBCC0,\"Name\nWith Break\",4 Way\n";

static const char crafted_oui36[] =
	"Registry,Assignment,Organization Name,Organization Address\n"
	"MA-S,70B3D51F2,Small Block Co,\"1 Way, Suite 2\"\n"
	"MA-S,001122500,Smallest Inside Medium,2 Way\n"
	"MA-S,70B3D51F2,Small Duplicate,3 Way\n";

static const char crafted_iab[] =
	"Registry,Assignment,Organization Name,Organization Address\n"
	"IAB,0050C2ABC,\"  \"\"Quoted Whole\"\"  \",1 Way\n"
	"IAB,0050C2ABD,\"Cut Short Inside Its Quotes,2 Way";

static void crafted_files_agree(void **state)
{
	struct fixture *fx = *state;
	write_text(fx->dir, "oui.csv", crafted_oui);
	write_text(fx->dir, "mam.csv", crafted_mam);
	write_text(fx->dir, "oui36.csv", crafted_oui36);
	write_text(fx->dir, "iab.csv", crafted_iab);
	struct macs m = { 0 };
	macs_from_dir(&m, fx->dir);
	assert_true(m.n > 3 * 20);
	compare(fx->dir, &m, m.n); /* one pass */
	compare(fx->dir, &m, 1);   /* a pass a MAC */
	compare(fx->dir, &m, 7);

	/* the answers themselves, for the cases the rules are about */
	char err[256];
	struct ew_oui_db *db = ew_oui_open(fx->dir, err, sizeof err);
	assert_non_null(db);
	static const char *const mac_text[] = {
		"00:11:22:33:44:55", "00:11:22:50:00:01", "00:11:22:5f:00:01", "70:b3:d5:1f:20:01",
		"70:b3:d5:1f:30:01", "a8:bb:cc:00:00:01", "0c:0e:0f:00:00:01", "33:44:55:00:00:01",
		"00:11:cc:00:00:01", "00:50:c2:ab:d0:01", "00:11:bb:00:00:01",
	};
	struct ew_mac mac[sizeof mac_text / sizeof mac_text[0]];
	for (size_t i = 0; i < sizeof mac / sizeof mac[0]; i++)
		assert_true(ew_mac_parse(mac_text[i], &mac[i]));
	assert_int_equal(ew_oui_resolve(db, mac, sizeof mac / sizeof mac[0]), 0);
	assert_string_equal(ew_oui_lookup(db, &mac[0]), "Quoted, Comma Inc.");     /* first duplicate */
	assert_string_equal(ew_oui_lookup(db, &mac[1]), "Smallest Inside Medium"); /* MA-S in MA-M in MA-L */
	assert_string_equal(ew_oui_lookup(db, &mac[2]), "Medium, Inside Quoted");
	assert_string_equal(ew_oui_lookup(db, &mac[3]), "Small Block Co");
	assert_string_equal(ew_oui_lookup(db, &mac[4]), "Medium Block Co");
	assert_string_equal(ew_oui_lookup(db, &mac[5]), "Name With Break");
	assert_string_equal(ew_oui_lookup(db, &mac[6]), "Tabbed Name  Second Line");
	assert_null(ew_oui_lookup(db, &mac[7]));                                   /* inside a quoted address */
	assert_string_equal(ew_oui_lookup(db, &mac[8]), "Last Without Line End");  /* before mam.csv's */
	assert_null(ew_oui_lookup(db, &mac[9]));                                   /* quote cut by the end */
	assert_null(ew_oui_lookup(db, &mac[10]));                                  /* two fields */
	ew_oui_free(db);
	free(m.v);
}

/* What the splitter must keep doing, whichever way it scans: a quoted
 * assignment, quotes inside an unquoted field (text, not quoting: the comma
 * after one still splits), a bare CR ending a record, NUL bytes, a last
 * record whose quote never closes, and records past the caps (a field past
 * OUI_RECORD_MAX, a quoted one whose doubled quotes carry it past it while
 * its text is shorter, blanks that carry a quote past it, blanks after a
 * closing quote, which are not text). The answers were those of the byte-at-a-time
 * splitter before the fast one; the lazy pass must give them too. */
static void splitter_edges(void **state)
{
	struct fixture *fx = *state;
	static const char head[] =
		"Registry,Assignment,Organization Name,Organization Address\r\n"
		"MA-L,\"A0B0C0\",Quoted Assignment,x\r\n"
		"MA-L,  \"A0B0C1\"  ,Blank Quoted Assignment,x\r\n"
		"MA-L,A0B0C2,Joint \"Stock\" Co,x\r\n"
		"MA-L,A0B0C3,Five Fields,a \"b,c\" d\r\n"
		"MA-L,A0B0C4,Bare CR\rMA-L,A0B0C5,After Bare CR,x\r\n"
		"MA-L,A0B0C6,Nul\0Inside,x\n"
		"MA-L,A0B0C7,\"Q\0,uoted\",x\n"
		"MA-L,A0B\0C8,Nul Assignment,x\n"
		"MA-L,A0B0C9,\"Quoted\"\"\r\nPair, Break\"\"\",\"x\"\"y\"\n";
	static const char tail[] = "MA-L,A0B0CF,\"Cut Inside Its Quotes,x\r\n";
	size_t cap = 16384, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	memcpy(t, head, sizeof head - 1);
	n += sizeof head - 1;
	n += (size_t)snprintf(t + n, cap - n, "MA-L,A0B0CA,Long Address,");
	memset(t + n, 'a', 3000); /* past the cap: malformed */
	n += 3000;
	n += (size_t)snprintf(t + n, cap - n, "\nMA-L,A0B0CB,");
	memset(t + n, ' ', 3000); /* the quote lies past the cap: malformed */
	n += 3000;
	n += (size_t)snprintf(t + n, cap - n, "\"Far Quote\",x\nMA-L,A0B0CC,\"Blanks After\"");
	memset(t + n, ' ', 3000); /* blanks after a closing quote are not text */
	n += 3000;
	n += (size_t)snprintf(t + n, cap - n, "\r\nMA-L,A0B0CD,\"Blanks, Then Comma\"");
	memset(t + n, ' ', 3000); /* but the field after them lies past the cap */
	n += 3000;
	n += (size_t)snprintf(t + n, cap - n, ",x\nMA-L,A0B0D0,Pairs Past The Cap,\"");
	for (int k = 0; k < 1100; k++) /* 1,100 bytes of text, 2,200 of input: past the cap */
		n += (size_t)snprintf(t + n, cap - n, "\"\"");
	n += (size_t)snprintf(t + n, cap - n, "\"\nMA-L,A0B0CE,Fine Again,x\n");
	memcpy(t + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	write_file(fx->dir, "oui.csv", t, n);

	struct macs m = { 0 };
	macs_from_text(&m, t, n);
	free(t);
	compare(fx->dir, &m, m.n);
	compare(fx->dir, &m, 1);
	free(m.v);

	char err[256];
	struct ew_oui_db *full = ew_oui_load(fx->dir, err, sizeof err);
	assert_non_null(full);
	/* A0B0C3 (five fields), A0B0C8, A0B0CA, A0B0CB, A0B0CD, A0B0D0 and A0B0CF */
	assert_int_equal(ew_oui_malformed(full), 7);
	static const struct {
		const char *mac, *name;
	} want[] = {
		{ "a0:b0:c0:00:00:01", "Quoted Assignment" },
		{ "a0:b0:c1:00:00:01", "Blank Quoted Assignment" },
		{ "a0:b0:c2:00:00:01", "Joint \"Stock\" Co" },
		{ "a0:b0:c3:00:00:01", NULL },
		{ "a0:b0:c4:00:00:01", "Bare CR" },
		{ "a0:b0:c5:00:00:01", "After Bare CR" },
		{ "a0:b0:c6:00:00:01", "Nul Inside" },
		{ "a0:b0:c7:00:00:01", "Q ,uoted" },
		{ "a0:b0:c9:00:00:01", "Quoted\"  Pair, Break\"" },
		{ "a0:b0:ca:00:00:01", NULL },
		{ "a0:b0:cb:00:00:01", NULL },
		{ "a0:b0:cc:00:00:01", "Blanks After" },
		{ "a0:b0:cd:00:00:01", NULL },
		{ "a0:b0:ce:00:00:01", "Fine Again" },
		{ "a0:b0:cf:00:00:01", NULL },
		{ "a0:b0:d0:00:00:01", NULL },
	};
	struct ew_oui_db *lazy = ew_oui_open(fx->dir, err, sizeof err);
	assert_non_null(lazy);
	struct ew_mac mac[sizeof want / sizeof want[0]];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(ew_mac_parse(want[i].mac, &mac[i]));
	assert_int_equal(ew_oui_resolve(lazy, mac, sizeof mac / sizeof mac[0]), 0);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct ew_oui_db *db[] = { full, lazy };
		for (int k = 0; k < 2; k++) {
			const char *got = ew_oui_lookup(db[k], &mac[i]);
			if (want[i].name)
				assert_string_equal(got, want[i].name);
			else
				assert_null(got);
		}
	}
	/* the lazy pass counts what the full load counts when its MACs
	 * cover every assignment the full load kept */
	assert_int_equal(ew_oui_malformed(lazy), ew_oui_malformed(full));
	ew_oui_free(lazy);
	ew_oui_free(full);
}

/* A file read in pieces (ew_oui_resolve reads 128 KiB at a time): records of
 * every kind, each assignment once, so a record split wrongly at a piece's
 * end shows; over-long lines, one longer than a piece. */
static void pieces_agree(void **state)
{
	struct fixture *fx = *state;
	size_t cap = 8u << 20, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (unsigned i = 0; i < 24000; i++) {
		size_t room = cap - n;
		int k;
		switch (i % 6) {
		case 0:
			k = snprintf(t + n, room, "MA-L,%06X,\"Name, %u\",\"Addr\r\nline %u\"\r\n", 0x100000 + i, i, i);
			break;
		case 1:
			k = snprintf(t + n, room, "MA-M,%07X,Plain %u,addr\r\n", 0x2000000 + i, i);
			break;
		case 2:
			k = snprintf(t + n, room, "MA-S,3%08X,\"Q \"\"%u\"\"\",x\r\n", i, i);
			break;
		case 3:
			k = snprintf(t + n, room, "MA-L,%06X,\"Unterminated %u,x\r\n", 0x400000 + i, i);
			break;
		case 4:
			k = snprintf(t + n, room, "MA-L,%06X,  \"Blank, Then Quoted %u\"  ,x\n", 0x500000 + i, i);
			break;
		default:
			k = snprintf(t + n, room, "MA-L,%06X,%u\n", 0x600000 + i, i); /* two fields */
			break;
		}
		n += (size_t)k;
		if (i % 4000 == 3999) { /* an over-long line, the last one longer than a piece */
			size_t len = i == 23999 ? 300000 : 3000;
			memset(t + n, 'x', len);
			n += len;
			t[n++] = '\n';
		}
	}
	n += (size_t)snprintf(t + n, cap - n, "MA-L,ABCDEF,Last Without Line End,x");
	write_file(fx->dir, "oui.csv", t, n);
	free(t);
	struct macs m = { 0 };
	macs_from_dir(&m, fx->dir);
	assert_true(m.n > 3 * 20000);
	compare(fx->dir, &m, 30000);
	free(m.v);
}

/* Lookups before any resolve find nothing; a full db ignores resolve. */
static void resolve_is_needed_and_harmless(void **state)
{
	struct fixture *fx = *state;
	write_text(fx->dir, "oui.csv", crafted_oui);
	char err[256];
	struct ew_mac mac;
	assert_true(ew_mac_parse("00:11:22:33:44:55", &mac));
	struct ew_oui_db *lazy = ew_oui_open(fx->dir, err, sizeof err);
	assert_non_null(lazy);
	assert_null(ew_oui_lookup(lazy, &mac));
	assert_int_equal(ew_oui_resolve(lazy, &mac, 1), 0);
	assert_string_equal(ew_oui_lookup(lazy, &mac), "Quoted, Comma Inc.");
	assert_int_equal(ew_oui_count(lazy), 1);
	/* the files gone: a new MAC cannot be resolved, a known one still is */
	struct ew_mac other;
	assert_true(ew_mac_parse("00:11:aa:00:00:01", &other));
	clear_dir(fx->dir);
	assert_int_equal(ew_oui_resolve(lazy, &mac, 1), 0);
	assert_int_equal(ew_oui_resolve(lazy, &other, 1), -1);
	assert_string_equal(ew_oui_lookup(lazy, &mac), "Quoted, Comma Inc.");
	ew_oui_free(lazy);

	write_text(fx->dir, "oui.csv", crafted_oui);
	struct ew_oui_db *full = ew_oui_load(fx->dir, err, sizeof err);
	assert_non_null(full);
	size_t count = ew_oui_count(full);
	assert_int_equal(ew_oui_resolve(full, &mac, 1), 0);
	assert_int_equal(ew_oui_count(full), count);
	assert_int_equal(ew_oui_resolve(NULL, &mac, 1), 0);
	ew_oui_free(full);
}

/* ew_oui_open fails when ew_oui_load fails, with its message. */
static void open_fails_as_load_does(const char *dir, bool fails)
{
	char e1[512] = "", e2[512] = "";
	struct ew_oui_db *full = ew_oui_load(dir, e1, sizeof e1);
	struct ew_oui_db *lazy = ew_oui_open(dir, e2, sizeof e2);
	assert_int_equal(full == NULL, fails);
	assert_int_equal(lazy == NULL, fails);
	if (fails)
		assert_string_equal(e1, e2);
	ew_oui_free(full);
	ew_oui_free(lazy);
}

static void open_failures(void **state)
{
	struct fixture *fx = *state;
	char gone[128];
	snprintf(gone, sizeof gone, "%s/absent", fx->dir);
	open_fails_as_load_does(gone, true);
	open_fails_as_load_does(fx->dir, true); /* no file */
	write_text(fx->dir, "oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,zz,x,y\n");
	open_fails_as_load_does(fx->dir, true); /* a header and a broken line */
	write_text(fx->dir, "mam.csv", "MA-M,0011223,,y\n");
	open_fails_as_load_does(fx->dir, true); /* an empty name */

	/* longer than what ew_oui_open reads first: all junk, then one entry
	 * at the very end, then one whose quote closes past the first read */
	size_t n = 100000;
	char *t = malloc(n + 256);
	assert_non_null(t);
	size_t k = 0;
	while (k + 16 < n)
		k += (size_t)snprintf(t + k, 64, "MA-L,zz%05zu,x,y\n", k % 100000);
	write_file(fx->dir, "oui.csv", t, k);
	open_fails_as_load_does(fx->dir, true);
	int extra = snprintf(t + k, 256, "MA-L,001122,At The End,y\n");
	write_file(fx->dir, "oui.csv", t, k + (size_t)extra);
	open_fails_as_load_does(fx->dir, false);

	k = (size_t)snprintf(t, 64, "MA-L,001122,\"");
	memset(t + k, '\n', 16384 - 20 - k); /* a quoted field of line breaks across the read's end */
	k = 16384 - 20;
	k += (size_t)snprintf(t + k, 64, "\",y\nMA-L,zz,x,y\n");
	write_file(fx->dir, "oui.csv", t, k);
	snprintf(gone, sizeof gone, "%s/mam.csv", fx->dir);
	unlink(gone);
	open_fails_as_load_does(fx->dir, true); /* the field is over-long: no entry */
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_registry_agrees),
		cmocka_unit_test_setup_teardown(crafted_files_agree, make_dir, drop_dir),
		cmocka_unit_test_setup_teardown(splitter_edges, make_dir, drop_dir),
		cmocka_unit_test_setup_teardown(pieces_agree, make_dir, drop_dir),
		cmocka_unit_test_setup_teardown(resolve_is_needed_and_harmless, make_dir, drop_dir),
		cmocka_unit_test_setup_teardown(open_failures, make_dir, drop_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
