/* SPDX-License-Identifier: ISC */
/* ledger_csv.c - a CSV line sheet's bytes to a grid of UTF-8 cells (see ledger_csv.h). */
#include "ledger_csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/utf8.h"

struct csv_ctx {
	struct ew_grid *g;
	unsigned row;    /* the row being read, 1-based */
	unsigned col;    /* next column */
	size_t fields;   /* fields seen in this row */
	int last_term;   /* what ended the previous row */
	bool failed;
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_ctx *x = data;
	if (x->failed)
		return;
	if (x->fields == 0 && !ew_ledger_grid_row(x->g, x->row)) {
		x->failed = true;
		return;
	}
	x->fields++;
	if (!ew_ledger_grid_cell(x->g, x->col, s ? s : "", s ? len : 0))
		x->failed = true;
	if (x->col < EW_LEDGER_COLS_MAX)
		x->col++;
}

static void on_row(int c, void *data)
{
	struct csv_ctx *x = data;
	if (x->failed)
		return;
	if (x->fields == 0 && c == '\n' && x->last_term == '\r') {
		x->last_term = 0; /* the LF of a CRLF: not a row of its own */
		return;
	}
	x->last_term = c;
	x->fields = 0;
	x->col = 0;
	if (x->row >= EW_GRID_ROW_NUMBER_MAX) {
		snprintf(x->g->error, sizeof x->g->error, "more than %u rows", EW_GRID_ROW_NUMBER_MAX);
		x->failed = true;
		return;
	}
	x->row++;
}

/* Converts from `from` to UTF-8; NULL if the bytes are not that encoding
 * (*bad = offset of the first byte that is not) or out of memory. */
static char *convert(const char *from, const unsigned char *data, size_t len, size_t *out_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 3 + 4; /* a half-width kana: 1 byte in, 3 out */
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		return NULL;
	}
	char *in = (char *)(uintptr_t)data;
	size_t inleft = len, outleft = cap;
	char *op = out;
	size_t r = iconv(cd, &in, &inleft, &op, &outleft);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &op, &outleft);
	iconv_close(cd);
	if (r == (size_t)-1) {
		*bad = len - inleft;
		free(out);
		return NULL;
	}
	*out_len = (size_t)(op - out);
	return out;
}

/* Tab-separated when the first line has tabs and no commas (Excel's "text"). */
static unsigned char pick_delim(const char *s, size_t len)
{
	size_t tabs = 0, commas = 0;
	for (size_t i = 0; i < len && s[i] != '\n' && s[i] != '\r'; i++) {
		tabs += s[i] == '\t';
		commas += s[i] == ',';
	}
	return tabs > 0 && commas == 0 ? '\t' : ',';
}

int ew_ledger_csv_read(const unsigned char *data, size_t len, struct ew_grid *g, char encoding[16])
{
	if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff))) {
		snprintf(g->error, sizeof g->error,
		         "UTF-16 text (Excel's \"Unicode text\") is not read: save as \"CSV UTF-8\" or \"CSV\"");
		return -1;
	}
	const unsigned char *nul = memchr(data, '\0', len);
	if (nul) {
		/* the line, so that a stray NUL in a sheet can be found */
		size_t line = 1;
		for (const unsigned char *p = data; (p = memchr(p, '\n', (size_t)(nul - p))) != NULL; p++)
			line++;
		snprintf(g->error, sizeof g->error,
		         "not a CSV or XLSX file: binary data (a NUL byte on line %zu, at byte offset %zu)", line,
		         (size_t)(nul - data));
		return -1;
	}
	const char *text = (const char *)data;
	size_t tlen = len;
	char *owned = NULL;
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
		text += 3;
		tlen -= 3;
		snprintf(encoding, 16, "utf-8");
		size_t bad = ew_utf8_invalid_at((const unsigned char *)text, tlen);
		if (bad != tlen) {
			snprintf(g->error, sizeof g->error, "marked UTF-8 (BOM) but not UTF-8 at byte %zu", bad + 3);
			return -1;
		}
	} else if (ew_utf8_valid(data, len)) {
		snprintf(encoding, 16, "utf-8");
	} else {
		size_t bad = 0, olen = 0;
		/* Shift_JIS Japanese nearly always has lead bytes 0x81-0x9f, which
		 * EUC-JP never has but for 0x8e/0x8f: text valid as EUC-JP is EUC-JP,
		 * and would read as CP932 mojibake without an error. (A CP932
		 * file of half-width kana and no other Japanese may be taken for
		 * EUC-JP: refused with a clear reason rather than misread.) */
		bool c1 = false; /* glibc's EUC-JP passes C1 bytes, which EUC-JP text never has */
		for (size_t i = 0; i < len && !c1; i++)
			c1 = data[i] >= 0x80 && data[i] <= 0x8d;
		char *euc = c1 ? NULL : convert("EUC-JP", data, len, &olen, &bad);
		if (euc) {
			free(euc);
			snprintf(g->error, sizeof g->error,
			         "the file is EUC-JP, which is not read: save it as \"CSV UTF-8\" or \"CSV\" (Shift_JIS)");
			return -1;
		}
		owned = convert("CP932", data, len, &olen, &bad);
		if (!owned) {
			snprintf(g->error, sizeof g->error,
			         "neither UTF-8 nor Shift_JIS/CP932 text (byte %zu cannot be read); "
			         "save the sheet as \"CSV UTF-8\" or \"CSV\"",
			         bad);
			return -1;
		}
		text = owned;
		tlen = olen;
		snprintf(encoding, 16, "cp932");
	}

	struct csv_parser p;
	if (csv_init(&p, CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
		free(owned);
		snprintf(g->error, sizeof g->error, "out of memory");
		return -1;
	}
	csv_set_delim(&p, pick_delim(text, tlen));
	struct csv_ctx x = { .g = g, .row = 1 };
	size_t done = csv_parse(&p, text, tlen, on_field, on_row, &x);
	int rc = 0;
	if (done != tlen) {
		snprintf(g->error, sizeof g->error, "CSV: %s", csv_strerror(csv_error(&p)));
		rc = -1;
	} else if (csv_fini(&p, on_field, on_row, &x) != 0) {
		snprintf(g->error, sizeof g->error, "CSV: %s", csv_strerror(csv_error(&p)));
		rc = -1;
	}
	if (x.failed)
		rc = -1;
	csv_free(&p);
	free(owned);
	return rc;
}
