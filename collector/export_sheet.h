/* SPDX-License-Identifier: ISC */
/* export_sheet.h - the completed line sheet as a table of text cells, shared
 * by the CSV and XLSX exports: the sheet's columns (DESIGN §5) with its
 * Japanese headers, then the reconciliation's columns; declared rows first
 * (照合結果 一致 / 未検出 / 矛盾 and why), then each unlisted device as a new row
 * marked 要確認. Every cell is valid UTF-8 (invalid bytes become U+FFFD) and at
 * most EW_SHEET_CELL_MAX bytes; neutralising formulas is the writer's job.
 * A second table lists each device's evidence, one entry a row. Pure. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_SHEET_H
#define EGRESSWATCH_COLLECTOR_EXPORT_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "reconcile.h"

#define EW_SHEET_COLS 25u
#define EW_SHEET_EVIDENCE_COLS 10u
#define EW_SHEET_CELL_MAX 32767u /* Excel's limit for one cell */

enum ew_sheet_row_kind { EW_SHEET_DECLARED = 0, EW_SHEET_UNLISTED };

struct ew_sheet_row {
	enum ew_sheet_row_kind kind;
	int verdict;   /* enum ew_line_verdict (declared) or ew_device_verdict (unlisted) */
	char **cells;  /* ncols cells, never NULL */
};

struct ew_sheet {
	size_t ncols;
	const char *const *headers; /* ncols Japanese headers */
	struct ew_sheet_row *rows;
	size_t nrows;
};

/* Column numbers of the main table (0-based). */
enum {
	EW_SHEET_COL_NO = 0,
	EW_SHEET_COL_VERDICT = 19, /* 照合結果 */
};

/* 0, or -1 out of memory. */
int ew_export_sheet_build(const struct ew_reconciliation *rc, struct ew_sheet *out);
int ew_export_sheet_evidence(const struct ew_reconciliation *rc, struct ew_sheet *out);
void ew_export_sheet_free(struct ew_sheet *s);
/* The first cell characters a spreadsheet takes for a formula or command:
 * = + - @ tab CR (and LF). */
int ew_export_sheet_is_formula_lead(unsigned char c);
/* True when a cell must be neutralised: its first character, or its first
 * after blanks (spaces, tabs, CR/LF, VT/FF, U+00A0, U+3000), is a formula
 * lead. Spreadsheets trim leading blanks on import (LibreOffice's "trim
 * spaces", Excel's Power Query): " =cmd" is a formula there. */
bool ew_export_sheet_needs_quote(const char *s);

#endif
