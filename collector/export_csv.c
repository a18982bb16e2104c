/* SPDX-License-Identifier: ISC */
/* export_csv.c - the completed sheet as CSV (export_csv.h).
 *
 * RFC 4180: every field quoted, a quote doubled, records end in CRLF. A cell
 * whose first character a spreadsheet would take for a formula or command
 * (= + - @ tab CR LF, also after leading blanks; export_sheet.h) gets a
 * single quote in front, which Excel shows as text (OWASP "CSV injection").
 *
 * UTF-8 starts with a BOM so Excel reads it as UTF-8. CP932 (Shift_JIS as
 * Windows writes it) is made with iconv; a character CP932 cannot encode
 * (emoji, most of Unicode outside JIS X 0208 and the NEC/IBM extensions)
 * becomes '?', never a failure. */
#include "export_csv.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "export_sheet.h"

#define CSV_UTF8_BOM "\xEF\xBB\xBF"
#define CSV_CP932_UNMAPPABLE '?'

static bool csv_cell(struct ew_buf *b, const char *s)
{
	bool ok = ew_buf_adds(b, "\"");
	if (ok && ew_export_sheet_needs_quote(s))
		ok = ew_buf_adds(b, "'");
	for (const char *p = s; ok && *p;) {
		const char *q = strchr(p, '"');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		ok = ew_buf_add(b, p, n);
		if (ok && q)
			ok = ew_buf_adds(b, "\"\"");
		p += n + (q ? 1 : 0);
	}
	return ok && ew_buf_adds(b, "\"");
}

static bool csv_record(struct ew_buf *b, char *const *cells, size_t n)
{
	bool ok = true;
	for (size_t c = 0; c < n && ok; c++) {
		if (c)
			ok = ew_buf_adds(b, ",");
		ok = ok && csv_cell(b, cells[c]);
	}
	return ok && ew_buf_adds(b, "\r\n");
}

/* UTF-8 in → CP932 appended to out; an unmappable or invalid character
 * becomes one '?'. */
static int to_cp932(const char *in, size_t len, struct ew_buf *out)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	if (cd == (iconv_t)-1)
		return -1;
	char chunk[4096];
	char *ip = (char *)in;
	size_t il = len;
	int rv = 0;
	while (il > 0 && rv == 0) {
		char *op = chunk;
		size_t ol = sizeof chunk;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		int err = r == (size_t)-1 ? errno : 0;
		if (!ew_buf_add(out, chunk, (size_t)(op - chunk)))
			rv = -1;
		else if (err == EILSEQ || err == EINVAL) {
			/* skip the whole UTF-8 character (or one invalid byte) */
			unsigned char c = (unsigned char)*ip;
			size_t skip = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			for (size_t k = 1; k < skip; k++)
				if (k >= il || ((unsigned char)ip[k] & 0xC0) != 0x80) {
					skip = k;
					break;
				}
			if (skip > il)
				skip = il;
			ip += skip;
			il -= skip;
			char q = CSV_CP932_UNMAPPABLE;
			if (!ew_buf_add(out, &q, 1))
				rv = -1;
		} else if (err != 0 && err != E2BIG) {
			rv = -1;
		}
	}
	iconv_close(cd);
	return rv;
}

int ew_export_csv_write(const struct ew_reconciliation *rc, enum ew_csv_encoding enc, struct ew_buf *out)
{
	struct ew_sheet sh;
	if (ew_export_sheet_build(rc, &sh) != 0)
		return -1;
	struct ew_buf u;
	ew_buf_init(&u, out->max);
	bool ok = enc == EW_CSV_CP932 || ew_buf_adds(&u, CSV_UTF8_BOM);
	ok = ok && csv_record(&u, (char *const *)sh.headers, sh.ncols);
	for (size_t i = 0; i < sh.nrows && ok; i++)
		ok = csv_record(&u, sh.rows[i].cells, sh.ncols);
	ew_export_sheet_free(&sh);
	int rv = -1;
	if (ok && enc == EW_CSV_CP932)
		rv = to_cp932(u.data ? u.data : "", u.len, out);
	else if (ok)
		rv = ew_buf_add(out, u.data ? u.data : "", u.len) ? 0 : -1;
	ew_buf_free(&u);
	return rv;
}
