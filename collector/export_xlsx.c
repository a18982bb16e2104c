/* SPDX-License-Identifier: ISC */
/* export_xlsx.c - the completed sheet as XLSX with libxlsxwriter
 * (export_xlsx.h). Sheet 1 回線・機器情報: a title row, the header (row 3),
 * declared rows, then 要確認 rows; sheet 2 検出根拠: each device's evidence.
 *
 * Every cell goes through worksheet_write_string: a cell is a string cell
 * (t="inlineStr") whatever it starts with, so "=HYPERLINK(...)" from the wire
 * stays text; nothing is ever written with worksheet_write_formula or _url.
 *
 * libxlsxwriter's constant_memory mode: each row goes to the worksheet's
 * temporary file as soon as the next one starts (rows are written strictly
 * in order, both sheets), strings inline instead of a shared-string table.
 * At 100,000 devices the table's sorted tree of a million strings and the
 * cells held until workbook_close cost more CPU (about 1.5 s) and memory
 * (400 MB) than deflating the longer XML; openpyxl reads the same values. */
#include "export_xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "egresswatch/jsonw.h"
#include "export_sheet.h"

#define XLSX_SHEET_MAIN "回線・機器情報"
#define XLSX_SHEET_EVIDENCE "検出根拠"
#define XLSX_HEADER_ROW 2u /* 0-based: title, blank, header */
#define XLSX_FILE_MAX (256u * 1024 * 1024) /* bytes of a workbook handed back in memory */

/* Column widths (characters) of sheet 1, by column; the rest 14. */
static const double main_widths[EW_SHEET_COLS] = {
	10, 12, 12, 14, 18, 22, 14, 14, 16, 18, 16, 12, 20, 18, 14, 14, 16, 10, 20, 10, 48, 36, 21, 21, 48,
};
static const double evidence_widths[EW_SHEET_EVIDENCE_COLS] = {10, 19, 6, 10, 18, 18, 8, 28, 28, 80};

struct xfmt {
	lxw_format *title, *header, *cell, *unlisted, *conflict, *unseen;
};

static void formats(lxw_workbook *wb, struct xfmt *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_bg_color(f->header, 0xD9E1F2);
	format_set_border(f->header, LXW_BORDER_THIN);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
	f->cell = workbook_add_format(wb);
	format_set_border(f->cell, LXW_BORDER_THIN);
	format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->cell, "@"); /* text: what a person types stays text too */
	f->unlisted = workbook_add_format(wb);
	format_set_border(f->unlisted, LXW_BORDER_THIN);
	format_set_align(f->unlisted, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->unlisted, "@");
	format_set_bg_color(f->unlisted, 0xFFF2CC);
	f->conflict = workbook_add_format(wb);
	format_set_border(f->conflict, LXW_BORDER_THIN);
	format_set_align(f->conflict, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->conflict, "@");
	format_set_bg_color(f->conflict, 0xF8CBAD);
	f->unseen = workbook_add_format(wb);
	format_set_border(f->unseen, LXW_BORDER_THIN);
	format_set_align(f->unseen, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->unseen, "@");
	format_set_font_color(f->unseen, 0x595959);
}

static lxw_format *row_format(const struct xfmt *f, const struct ew_sheet_row *r)
{
	if (r->kind == EW_SHEET_UNLISTED)
		return f->unlisted;
	if (r->verdict == (int)EW_LINE_CONFLICT)
		return f->conflict;
	if (r->verdict == (int)EW_LINE_UNSEEN)
		return f->unseen;
	return f->cell;
}

static lxw_error put(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt)
{
	/* an empty string would be a blank cell; keep the format (borders) */
	if (s == NULL || s[0] == '\0')
		return worksheet_write_blank(ws, row, col, fmt);
	return worksheet_write_string(ws, row, col, s, fmt);
}

static lxw_error write_table(lxw_worksheet *ws, const struct ew_sheet *sh, lxw_row_t top, const struct xfmt *f,
                             bool evidence)
{
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < sh->ncols && !e; c++)
		e = put(ws, top, (lxw_col_t)c, sh->headers[c], f->header);
	for (size_t i = 0; i < sh->nrows && !e; i++) {
		const struct ew_sheet_row *r = &sh->rows[i];
		lxw_format *fmt = row_format(f, r);
		if (evidence) /* sheet 2 colours by device verdict */
			fmt = r->verdict == (int)EW_DEVICE_UNLISTED ? f->unlisted
			      : r->verdict == (int)EW_DEVICE_CONFLICT ? f->conflict : f->cell;
		for (size_t c = 0; c < sh->ncols && !e; c++)
			e = put(ws, (lxw_row_t)(top + 1 + i), (lxw_col_t)c, r->cells[c], fmt);
	}
	if (!e && sh->nrows < LXW_ROW_MAX - top - 1)
		e = worksheet_autofilter(ws, top, 0, (lxw_row_t)(top + sh->nrows), (lxw_col_t)(sh->ncols - 1));
	worksheet_freeze_panes(ws, top + 1, 1);
	return e;
}

static void errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (err == NULL || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int ew_export_xlsx_file(const struct ew_reconciliation *rc, const char *path, char *err, size_t errlen)
{
	struct ew_sheet sh, ev;
	if (ew_export_sheet_build(rc, &sh) != 0) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	if (ew_export_sheet_evidence(rc, &ev) != 0) {
		ew_export_sheet_free(&sh);
		errf(err, errlen, "out of memory");
		return -1;
	}
	int rv = -1;
	lxw_error e = LXW_NO_ERROR;
	if (sh.nrows + XLSX_HEADER_ROW + 1 >= LXW_ROW_MAX || ev.nrows + 1 >= LXW_ROW_MAX) {
		errf(err, errlen, "too many rows for one worksheet");
		goto out;
	}
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE}; /* rows in order: see the top */
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		errf(err, errlen, "%s: cannot create the workbook (%s)", path, strerror(errno));
		goto out;
	}
	lxw_doc_properties props = {.title = "回線・機器情報記入シート（照合結果）", .author = "egresswatch"};
	workbook_set_properties(wb, &props);
	struct xfmt f;
	formats(wb, &f);
	lxw_worksheet *ws = workbook_add_worksheet(wb, XLSX_SHEET_MAIN);
	lxw_worksheet *we = workbook_add_worksheet(wb, XLSX_SHEET_EVIDENCE);
	if (ws == NULL || we == NULL) {
		workbook_close(wb);
		errf(err, errlen, "cannot add a worksheet");
		goto out;
	}
	for (size_t c = 0; c < EW_SHEET_COLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, main_widths[c], NULL);
	for (size_t c = 0; c < EW_SHEET_EVIDENCE_COLS; c++)
		worksheet_set_column(we, (lxw_col_t)c, (lxw_col_t)c, evidence_widths[c], NULL);
	char title[512], t0[64] = "", t1[64] = "";
	if (rc->window_start)
		ew_rfc3339(rc->window_start, t0);
	if (rc->window_end)
		ew_rfc3339(rc->window_end, t1);
	snprintf(title, sizeof title, "回線・機器情報記入シート（照合結果）  site: %s  window: %s – %s  reports: %zu", rc->site,
	         t0, t1, rc->reports);
	/* the site name comes from a person or a report: a string, as all cells */
	e = worksheet_write_string(ws, 0, 0, title, f.title);
	if (!e) {
		char counts[256];
		snprintf(counts, sizeof counts,
		         "一致 %zu / 矛盾 %zu / 未検出 %zu 回線;  要確認（未記載の装置） %zu 台, 矛盾 %zu 台, 一致 %zu 台",
		         rc->summary.lines_matched, rc->summary.lines_conflict, rc->summary.lines_unseen,
		         rc->summary.devices_unlisted, rc->summary.devices_conflict, rc->summary.devices_matched);
		e = worksheet_write_string(ws, 1, 0, counts, NULL);
	}
	if (!e)
		e = write_table(ws, &sh, XLSX_HEADER_ROW, &f, false);
	if (!e)
		e = write_table(we, &ev, 0, &f, true);
	lxw_error ce = workbook_close(wb);
	if (e || ce) {
		errf(err, errlen, "%s: %s", path, lxw_strerror(e ? e : ce));
		goto out;
	}
	rv = 0;
out:
	ew_export_sheet_free(&sh);
	ew_export_sheet_free(&ev);
	return rv;
}

int ew_export_xlsx_write(const struct ew_reconciliation *rc, struct ew_buf *out, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/egresswatch-xlsx-XXXXXX", dir && dir[0] ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	int rv = ew_export_xlsx_file(rc, path, err, errlen);
	FILE *fp = rv == 0 ? fopen(path, "rb") : NULL;
	if (rv == 0 && fp == NULL) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		rv = -1;
	}
	if (fp) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			if (out->len + n > XLSX_FILE_MAX || !ew_buf_add(out, chunk, n)) {
				errf(err, errlen, "workbook too large for memory");
				rv = -1;
				break;
			}
		if (ferror(fp))
			rv = -1;
		fclose(fp);
	}
	unlink(path);
	return rv;
}
