/* SPDX-License-Identifier: ISC */
/* ledger_xlsx.c - an XLSX line sheet's bytes to a grid (see ledger_xlsx.h).
 * Part names and relationships: ECMA-376 Part 2 (OPC) §9; the sheet's XML:
 * Part 1 §18.3 (sheetData, c, mergeCells), §18.4 (sst, si, r, rPh). */
#include "ledger_xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "egresswatch/utf8.h"

#define CHUNK 65536
#define PATH_MAX_XLSX 512
#define RELS_MAX 1000u
#define VALUE_MAX (EW_LEDGER_CELL_MAX + 4) /* kept of one text; the grid cuts and marks past the cell cap */
#define XF_MAX 65536u      /* cell formats read from styles.xml (Excel allows 64,000) */
#define DATE_FMTS_MAX 1024u /* custom number formats that show a date or time */

struct rel {
	char id[64];
	char type[128]; /* the last path segment of the Type URI, e.g. "worksheet" */
	char target[PATH_MAX_XLSX];
};

/* What every part's parse shares: the parser, the depth, the first error. */
struct xml_ctx {
	XML_Parser p;
	unsigned depth;
	size_t inflated; /* bytes of every part read so far (EW_XLSX_TOTAL_MAX) */
	char error[200];
	/* _rels */
	struct rel *rels;
	size_t rel_count;
	/* workbook.xml: its sheets' relationship ids, in tab order */
	char sheet_rids[EW_XLSX_SHEETS_MAX][64];
	bool sheet_hidden[EW_XLSX_SHEETS_MAX];
	size_t sheet_count;
	bool in_sheets;
	/* sharedStrings.xml */
	struct ew_buf sst_text;
	uint32_t *sst_off; /* offset of each string in sst_text */
	size_t sst_count, sst_cap;
	/* text being collected (<t>, <v>) */
	struct ew_buf val;
	bool collecting;
	unsigned in_rph; /* inside a phonetic guide: its text is not the cell's */
	bool in_si;
	/* sheet */
	struct ew_grid *g;
	bool in_row, in_cell;
	unsigned row, col;
	char cell_type[16];
	unsigned cell_style; /* its s: an index into xf_date */
	struct ew_buf inl;   /* an inline string's text */
	bool in_is;
	/* styles.xml: which cell formats show a date (§18.8.30, §18.8.31) */
	bool date1904;
	unsigned date_fmts[DATE_FMTS_MAX];
	size_t date_fmt_count;
	bool in_cellxfs;
	bool *xf_date;
	size_t xf_count;
};

static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static void fail(struct xml_ctx *x, const char *msg)
{
	if (!x->error[0])
		snprintf(x->error, sizeof x->error, "%.180s", msg);
	XML_StopParser(x->p, XML_FALSE);
}

static const char *attr(const char **atts, const char *name, bool namespaced)
{
	for (size_t i = 0; atts[i]; i += 2) {
		bool has_ns = strchr(atts[i], '|') != NULL;
		if (has_ns == namespaced && strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* "AB12" -> column 27 (0-based), row 12. False if it is not a reference. */
static bool parse_ref(const char *s, unsigned *col, unsigned *row)
{
	unsigned c = 0, r = 0;
	size_t letters = 0, digits = 0;
	while (*s == '$')
		s++;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		if (++letters > 3)
			return false;
		c = c * 26 + (unsigned)((*s | 0x20) - 'a' + 1);
	}
	while (*s == '$')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return false;
		r = r * 10 + (unsigned)(*s - '0');
	}
	if (*s || letters == 0 || digits == 0 || r == 0 || r > EW_GRID_ROW_NUMBER_MAX || c > 16384)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static void on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value, int vlen, const XML_Char *base,
                      const XML_Char *sys, const XML_Char *pub, const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)vlen, (void)base, (void)sys, (void)pub, (void)notation;
	fail(ud, "the XML declares entities (refused: an XLSX never does)");
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct xml_ctx *x = ud;
	if (!x->collecting || x->in_rph || len <= 0)
		return;
	struct ew_buf *b = x->in_is ? &x->inl : &x->val;
	size_t room = VALUE_MAX > b->len ? VALUE_MAX - b->len : 0;
	size_t n = (size_t)len < room ? (size_t)len : ew_utf8_cut(s, (size_t)len, room);
	if (n && !ew_buf_add(b, s, n))
		fail(x, "out of memory");
}

static bool enter(struct xml_ctx *x)
{
	if (++x->depth > EW_XLSX_DEPTH_MAX) {
		fail(x, "XML nested too deeply");
		return false;
	}
	return true;
}

/* ---- relationships ---- */

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_ctx *x = ud;
	if (!enter(x) || strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id", false), *type = attr(atts, "Type", false), *target = attr(atts, "Target", false);
	if (!id || !type || !target || x->rel_count >= RELS_MAX)
		return;
	struct rel *r = &x->rels[x->rel_count++];
	const char *slash = strrchr(type, '/');
	snprintf(r->id, sizeof r->id, "%s", id);
	snprintf(r->type, sizeof r->type, "%s", slash ? slash + 1 : type);
	snprintf(r->target, sizeof r->target, "%s", target);
}

static void any_end(void *ud, const XML_Char *name)
{
	(void)name;
	struct xml_ctx *x = ud;
	if (x->depth)
		x->depth--;
}

/* ---- workbook ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_ctx *x = ud;
	if (!enter(x))
		return;
	const char *l = local(name);
	if (strcmp(l, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904", false);
		x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(l, "sheets") == 0)
		x->in_sheets = true;
	else if (x->in_sheets && strcmp(l, "sheet") == 0 && x->sheet_count < EW_XLSX_SHEETS_MAX) {
		const char *id = attr(atts, "id", true), *state = attr(atts, "state", false);
		if (id) {
			x->sheet_hidden[x->sheet_count] = state && strcmp(state, "visible") != 0;
			snprintf(x->sheet_rids[x->sheet_count++], sizeof x->sheet_rids[0], "%s", id);
		}
	}
}

static void wb_end(void *ud, const XML_Char *name)
{
	struct xml_ctx *x = ud;
	if (strcmp(local(name), "sheets") == 0)
		x->in_sheets = false;
	any_end(ud, name);
}

/* ---- shared strings ---- */

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct xml_ctx *x = ud;
	if (!enter(x))
		return;
	const char *l = local(name);
	if (strcmp(l, "si") == 0) {
		x->in_si = true;
		ew_buf_reset(&x->val);
	} else if (strcmp(l, "rPh") == 0)
		x->in_rph++;
	else if (x->in_si && strcmp(l, "t") == 0)
		x->collecting = true;
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct xml_ctx *x = ud;
	const char *l = local(name);
	if (strcmp(l, "t") == 0)
		x->collecting = false;
	else if (strcmp(l, "rPh") == 0 && x->in_rph)
		x->in_rph--;
	else if (strcmp(l, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->sst_count >= EW_XLSX_STRINGS_MAX) {
			fail(x, "too many shared strings");
			return;
		}
		if (x->sst_count == x->sst_cap) {
			size_t nc = x->sst_cap ? x->sst_cap * 2 : 256;
			uint32_t *q = realloc(x->sst_off, nc * sizeof *q);
			if (!q) {
				fail(x, "out of memory");
				return;
			}
			x->sst_off = q;
			x->sst_cap = nc;
		}
		size_t off = x->sst_text.len;
		if (!ew_buf_add(&x->sst_text, x->val.data ? x->val.data : "", x->val.len) ||
		    !ew_buf_add(&x->sst_text, "", 1)) {
			fail(x, "shared strings too large");
			return;
		}
		x->sst_off[x->sst_count++] = (uint32_t)off;
	}
	any_end(ud, name);
}

/* ---- styles: which cell formats are dates ---- */

/* A number format code that shows a date or a time: y, d, h or s outside
 * quoted text, [colour]/[$-locale] sections and the character after \, _
 * or * (m alone is months or minutes, and never alone in a date format). */
static bool date_code(const char *code)
{
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			if (!p)
				return false;
			break;
		case '[':
			/* [h], [mm], [ss]: elapsed time; anything else is not */
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 's' || p[1] == 'S')
				return true;
			p = strchr(p + 1, ']');
			if (!p)
				return false;
			break;
		case '\\':
		case '_':
		case '*':
			if (!p[1])
				return false;
			p++;
			break;
		case 'y': case 'Y': case 'd': case 'D': case 'h': case 'H': case 's': case 'S':
			return true;
		default:
			break;
		}
	}
	return false;
}

/* The built-in formats that are dates or times in a Japanese Excel: 14-22,
 * 45-47, and 27-36 and 50-58 (era and 年月日 formats of the ja-JP locale). */
static bool date_builtin(unsigned id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_ctx *x = ud;
	if (!enter(x))
		return;
	const char *l = local(name);
	unsigned id;
	if (strcmp(l, "numFmt") == 0) {
		const char *i = attr(atts, "numFmtId", false), *code = attr(atts, "formatCode", false);
		if (i && code && parse_uint(i, UINT32_MAX / 2, &id) && date_code(code) && x->date_fmt_count < DATE_FMTS_MAX)
			x->date_fmts[x->date_fmt_count++] = id;
	} else if (strcmp(l, "cellXfs") == 0) {
		x->in_cellxfs = true;
	} else if (x->in_cellxfs && strcmp(l, "xf") == 0 && x->xf_count < XF_MAX) {
		const char *i = attr(atts, "numFmtId", false);
		bool date = false;
		if (i && parse_uint(i, UINT32_MAX / 2, &id)) {
			date = date_builtin(id);
			for (size_t k = 0; k < x->date_fmt_count && !date; k++)
				date = x->date_fmts[k] == id;
		}
		x->xf_date[x->xf_count++] = date;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct xml_ctx *x = ud;
	if (strcmp(local(name), "cellXfs") == 0)
		x->in_cellxfs = false;
	any_end(ud, name);
}

/* ---- the worksheet ---- */

/* A number as a person typed it: integers without ".0" or an exponent. */
static void format_number(const char *v, char *out, size_t n)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || errno) {
		snprintf(out, n, "%s", v);
		return;
	}
	if (d == floor(d) && fabs(d) < 1e21) /* an integer: all its digits, never an exponent */
		snprintf(out, n, "%.0f", d == 0 ? 0.0 : d);
	else
		snprintf(out, n, "%.15g", d);
}

/* A date cell's serial (days since 1899-12-30, or since 1904-01-01) as a
 * Japanese Excel shows it by default: 2024/4/1, 2024/1/2 3:04:05, 13:30.
 * False when it is no date Excel could show (the number is kept). */
static bool format_date(const char *v, bool date1904, char *out, size_t n)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || errno || d < 0 || d >= 2958466) /* 9999-12-31 */
		return false;
	double days = floor(d);
	long secs = lround((d - days) * 86400.0);
	if (secs >= 86400) {
		days += 1;
		secs -= 86400;
	}
	char clock[32] = "";
	if (secs) {
		if (secs % 60)
			snprintf(clock, sizeof clock, "%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
		else
			snprintf(clock, sizeof clock, "%ld:%02ld", secs / 3600, secs / 60 % 60);
	}
	if (days == 0) { /* a time alone */
		snprintf(out, n, "%s", secs ? clock : "0:00");
		return true;
	}
	/* days since 1970-01-01 (serial 25569, or 24107 from 1904); Excel
	 * counts a 1900-02-29 that never was, so serials before it are a day
	 * later than they say */
	long long epoch = (long long)days - (date1904 ? 24107 : 25569);
	if (!date1904 && days < 61)
		epoch += 1;
	time_t t = (time_t)(epoch * 86400);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return false;
	snprintf(out, n, "%d/%d/%d%s%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, secs ? " " : "", clock);
	return true;
}

static void cell_done(struct xml_ctx *x)
{
	char num[64];
	const char *text = "";
	size_t len = 0;
	const char *v = x->val.data ? x->val.data : "";
	const char *t = x->cell_type;
	if (strcmp(t, "s") == 0) {
		unsigned idx;
		if (!x->val.len)
			return;
		if (!parse_uint(v, UINT32_MAX / 2, &idx) || idx >= x->sst_count) {
			fail(x, "a cell refers to a shared string that does not exist");
			return;
		}
		text = x->sst_text.data + x->sst_off[idx];
		len = strlen(text);
	} else if (strcmp(t, "inlineStr") == 0) {
		text = x->inl.data ? x->inl.data : "";
		len = x->inl.len;
	} else if (strcmp(t, "b") == 0) {
		text = strcmp(v, "1") == 0 ? "TRUE" : x->val.len ? "FALSE" : "";
		len = strlen(text);
	} else if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0) {
		text = v;
		len = x->val.len;
	} else { /* "n" or absent: a number */
		if (!x->val.len)
			return;
		if (x->val.len < 48 && x->cell_style < x->xf_count && x->xf_date[x->cell_style] &&
		    format_date(v, x->date1904, num, sizeof num)) {
			text = num;
			len = strlen(num);
		} else if (x->val.len < 48) {
			format_number(v, num, sizeof num);
			text = num;
			len = strlen(num);
		} else {
			text = v;
			len = x->val.len;
		}
	}
	if (len && !ew_ledger_grid_cell(x->g, x->col, text, len))
		fail(x, x->g->error);
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_ctx *x = ud;
	if (!enter(x))
		return;
	const char *l = local(name);
	if (strcmp(l, "row") == 0) {
		const char *r = attr(atts, "r", false);
		unsigned n = x->row + 1;
		if (r && !parse_uint(r, EW_GRID_ROW_NUMBER_MAX, &n)) {
			fail(x, "a row with a bad number");
			return;
		}
		x->row = n;
		x->col = (unsigned)-1; /* the next cell without a reference is column A */
		x->in_row = true;
		if (!ew_ledger_grid_row(x->g, n))
			fail(x, x->g->error);
	} else if (strcmp(l, "c") == 0 && x->in_row) {
		const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
		unsigned col = x->col + 1, row;
		if (r && !parse_ref(r, &col, &row)) {
			fail(x, "a cell with a bad reference");
			return;
		}
		x->col = col;
		snprintf(x->cell_type, sizeof x->cell_type, "%s", t ? t : "n");
		const char *st = attr(atts, "s", false);
		if (!st || !parse_uint(st, XF_MAX, &x->cell_style))
			x->cell_style = 0;
		x->in_cell = true;
		ew_buf_reset(&x->val);
		ew_buf_reset(&x->inl);
	} else if (x->in_cell && strcmp(l, "v") == 0) {
		x->collecting = true;
	} else if (x->in_cell && strcmp(l, "is") == 0) {
		x->in_is = true;
	} else if (x->in_is && strcmp(l, "t") == 0) {
		x->collecting = true;
	} else if (strcmp(l, "rPh") == 0) {
		x->in_rph++;
	} else if (strcmp(l, "mergeCell") == 0) {
		const char *ref = attr(atts, "ref", false);
		char a[32], b[32];
		const char *colon = ref ? strchr(ref, ':') : NULL;
		if (!colon || (size_t)(colon - ref) >= sizeof a || strlen(colon + 1) >= sizeof b)
			return;
		memcpy(a, ref, (size_t)(colon - ref));
		a[colon - ref] = '\0';
		snprintf(b, sizeof b, "%s", colon + 1);
		struct ew_grid_merge m;
		if (!parse_ref(a, &m.c1, &m.r1) || !parse_ref(b, &m.c2, &m.r2) || m.r2 < m.r1 || m.c2 < m.c1)
			return;
		if (!ew_ledger_grid_merge(x->g, &m))
			fail(x, x->g->error);
	}
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xml_ctx *x = ud;
	const char *l = local(name);
	if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0)
		x->collecting = false;
	else if (strcmp(l, "is") == 0)
		x->in_is = false;
	else if (strcmp(l, "rPh") == 0 && x->in_rph)
		x->in_rph--;
	else if (strcmp(l, "c") == 0 && x->in_cell) {
		x->in_cell = false;
		cell_done(x);
	} else if (strcmp(l, "row") == 0)
		x->in_row = false;
	any_end(ud, name);
}

/* ---- reading a part ---- */

/* Streams part `name` through expat with the handlers given. 1 if the part
 * is absent, 0 on success, -1 with err set. */
static int parse_part(zip_t *za, const char *name, size_t cap, struct xml_ctx *x, XML_StartElementHandler start,
                      XML_EndElementHandler end, char *err, size_t errlen)
{
	zip_int64_t idx = zip_name_locate(za, name, 0);
	if (idx < 0)
		return 1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
		snprintf(err, errlen, "%.120s: %.100s", name, zip_strerror(za));
		return -1;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
		snprintf(err, errlen, "%.120s: larger than %zu bytes inflated", name, cap);
		return -1;
	}
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		snprintf(err, errlen, "%.120s: %.100s", name, zip_strerror(za));
		return -1;
	}
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	char *buf = malloc(CHUNK);
	if (!p || !buf) {
		if (p)
			XML_ParserFree(p);
		free(buf);
		zip_fclose(zf);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	x->p = p;
	x->depth = 0;
	x->error[0] = '\0';
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetEntityDeclHandler(p, on_entity);
	int rc = 0;
	size_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			snprintf(err, errlen, "%.120s: %.100s", name, zip_file_strerror(zf));
			rc = -1;
			break;
		}
		total += (size_t)n;
		x->inflated += (size_t)n;
		if (total > cap) { /* counted, not trusted from the directory */
			snprintf(err, errlen, "%.120s: larger than %zu bytes inflated", name, cap);
			rc = -1;
			break;
		}
		if (x->inflated > EW_XLSX_TOTAL_MAX) { /* sheet after sheet without a header */
			snprintf(err, errlen, "the workbook's parts are larger than %u bytes inflated together",
			         EW_XLSX_TOTAL_MAX);
			rc = -1;
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->error[0])
				snprintf(err, errlen, "%.60s: %.180s", name, x->error);
			else
				snprintf(err, errlen, "%.120s: bad XML at line %lu: %.80s", name,
				         (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	x->p = NULL;
	free(buf);
	zip_fclose(zf);
	return rc;
}

/* Resolves an OPC Target against the folder of the part that names it. */
static bool resolve(const char *dir, const char *target, char *out, size_t n)
{
	int w;
	if (target[0] == '/')
		w = snprintf(out, n, "%s", target + 1);
	else if (dir[0])
		w = snprintf(out, n, "%s/%s", dir, target);
	else
		w = snprintf(out, n, "%s", target);
	return w > 0 && (size_t)w < n;
}

static const struct rel *find_rel(const struct xml_ctx *x, const char *id, const char *type)
{
	for (size_t i = 0; i < x->rel_count; i++)
		if ((id && strcmp(x->rels[i].id, id) == 0) || (type && strcmp(x->rels[i].type, type) == 0))
			return &x->rels[i];
	return NULL;
}

bool ew_ledger_xlsx_is_zip(const unsigned char *data, size_t len)
{
	return len >= 4 && data[0] == 'P' && data[1] == 'K' &&
	       ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6) || (data[2] == 7 && data[3] == 8));
}

/* The parts every sheet shares: the workbook, its sheets' part names (in
 * x->rels after this), shared strings and styles. 0, or -1 with g->error. */
static int read_book(zip_t *za, struct xml_ctx *x, struct ew_grid *g, char *dir, size_t dirlen)
{
	char err[256] = "";
	char book[PATH_MAX_XLSX] = "xl/workbook.xml", rels[PATH_MAX_XLSX * 2 + 16];
	int r;

	/* the package's relationships name the workbook */
	x->rel_count = 0;
	r = parse_part(za, "_rels/.rels", EW_XLSX_SMALL_MAX, x, rels_start, any_end, err, sizeof err);
	if (r < 0)
		goto bad;
	const struct rel *doc = r == 0 ? find_rel(x, NULL, "officeDocument") : NULL;
	if (doc && !resolve("", doc->target, book, sizeof book)) {
		snprintf(err, sizeof err, "the workbook's name is too long");
		goto bad;
	}
	const char *slash = strrchr(book, '/');
	snprintf(dir, dirlen, "%.*s", slash ? (int)(slash - book) : 0, book);
	snprintf(rels, sizeof rels, "%s%s_rels/%s.rels", dir, dir[0] ? "/" : "", slash ? slash + 1 : book);

	r = parse_part(za, book, EW_XLSX_SMALL_MAX, x, wb_start, wb_end, err, sizeof err);
	if (r < 0)
		goto bad;
	if (r > 0) {
		snprintf(g->error, sizeof g->error, "a zip file but not an XLSX workbook (no %.160s)", book);
		return -1;
	}
	if (x->sheet_count == 0) {
		snprintf(g->error, sizeof g->error, "the workbook has no worksheet");
		return -1;
	}
	x->rel_count = 0;
	r = parse_part(za, rels, EW_XLSX_SMALL_MAX, x, rels_start, any_end, err, sizeof err);
	if (r < 0)
		goto bad;
	char sst[PATH_MAX_XLSX];
	const struct rel *strings = find_rel(x, NULL, "sharedStrings");
	if (!strings || !resolve(dir, strings->target, sst, sizeof sst))
		resolve(dir, "sharedStrings.xml", sst, sizeof sst);
	r = parse_part(za, sst, EW_XLSX_PART_MAX, x, sst_start, sst_end, err, sizeof err);
	if (r < 0)
		goto bad;
	/* the styles say which numbers are dates; without them none is */
	char styles[PATH_MAX_XLSX];
	const struct rel *st = find_rel(x, NULL, "styles");
	if (st && resolve(dir, st->target, styles, sizeof styles)) {
		r = parse_part(za, styles, EW_XLSX_SMALL_MAX, x, styles_start, styles_end, err, sizeof err);
		if (r < 0)
			goto bad;
	}
	return 0;
bad:
	snprintf(g->error, sizeof g->error, "XLSX: %.240s", err);
	return -1;
}

/* Worksheet sheet_no (tab order) into g: 0; 1 when it is no worksheet (a
 * chart sheet); -1 with g->error set. */
static int read_sheet(zip_t *za, struct xml_ctx *x, struct ew_grid *g, const char *dir, size_t sheet_no)
{
	char err[256] = "", path[PATH_MAX_XLSX];
	const char *rid = x->sheet_rids[sheet_no];
	const struct rel *sheet = find_rel(x, rid, NULL);
	if (!sheet || !resolve(dir, sheet->target, path, sizeof path)) {
		snprintf(g->error, sizeof g->error, "the workbook's sheet %zu (%.60s) has no part in its relationships",
		         sheet_no + 1, rid);
		return -1;
	}
	if (strcmp(sheet->type, "worksheet") != 0)
		return 1;
	x->collecting = false;
	x->in_rph = 0;
	x->in_row = x->in_cell = x->in_is = false;
	x->row = 0;
	x->g = g;
	int r = parse_part(za, path, EW_XLSX_PART_MAX, x, sheet_start, sheet_end, err, sizeof err);
	if (r < 0) {
		snprintf(g->error, sizeof g->error, "XLSX: %.240s", err);
		return -1;
	}
	if (r > 0) {
		snprintf(g->error, sizeof g->error, "the workbook's sheet %zu, %.160s, is missing", sheet_no + 1, path);
		return -1;
	}
	return 0;
}

/* The worksheets in tab order, visible ones first (a hidden tab holds
 * dropdown lists or an old copy), until `accept` takes one (the lines may
 * be on the second tab, after 記入要領); none taken: the first worksheet
 * again, whose missing header the caller reports. */
static int read_sheets(zip_t *za, struct xml_ctx *x, struct ew_grid *g, bool (*accept)(struct ew_grid *, void *),
                       void *arg)
{
	char dir[PATH_MAX_XLSX];
	if (read_book(za, x, g, dir, sizeof dir) != 0)
		return -1;
	size_t first = SIZE_MAX, order[EW_XLSX_SHEETS_MAX], n = 0;
	for (int hidden = 0; hidden < 2; hidden++)
		for (size_t k = 0; k < x->sheet_count; k++)
			if (x->sheet_hidden[k] == (hidden == 1))
				order[n++] = k;
	for (size_t o = 0; o < n; o++) {
		size_t k = order[o];
		if (o > 0) {
			ew_ledger_grid_free(g);
			ew_ledger_grid_init(g);
		}
		int r = read_sheet(za, x, g, dir, k);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (first == SIZE_MAX)
			first = k;
		if (!accept || accept(g, arg))
			return 0;
	}
	if (first == SIZE_MAX) {
		snprintf(g->error, sizeof g->error, "the workbook has no worksheet (only charts)");
		return -1;
	}
	ew_ledger_grid_free(g);
	ew_ledger_grid_init(g);
	return read_sheet(za, x, g, dir, first) == 0 ? 0 : -1;
}

int ew_ledger_xlsx_read(const unsigned char *data, size_t len, struct ew_grid *g,
                        bool (*accept)(struct ew_grid *, void *), void *arg)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		snprintf(g->error, sizeof g->error, "out of memory");
		zip_error_fini(&ze);
		return -1;
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		snprintf(g->error, sizeof g->error, "not an XLSX file: a damaged zip (%s)", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	int rc = -1;
	struct xml_ctx x;
	memset(&x, 0, sizeof x);
	ew_buf_init(&x.sst_text, EW_GRID_TEXT_MAX);
	ew_buf_init(&x.val, VALUE_MAX + 1);
	ew_buf_init(&x.inl, VALUE_MAX + 1);
	x.rels = calloc(RELS_MAX, sizeof *x.rels);
	x.xf_date = calloc(XF_MAX, sizeof *x.xf_date);
	zip_int64_t entries = zip_get_num_entries(za, 0);
	if (!x.rels || !x.xf_date)
		snprintf(g->error, sizeof g->error, "out of memory");
	else if (entries < 0 || (zip_uint64_t)entries > EW_XLSX_ENTRIES_MAX)
		snprintf(g->error, sizeof g->error, "not an XLSX file: more than %u zip entries", EW_XLSX_ENTRIES_MAX);
	else
		rc = read_sheets(za, &x, g, accept, arg);
	free(x.rels);
	free(x.xf_date);
	free(x.sst_off);
	ew_buf_free(&x.sst_text);
	ew_buf_free(&x.val);
	ew_buf_free(&x.inl);
	zip_discard(za); /* frees src too */
	return rc;
}
