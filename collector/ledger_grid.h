/* SPDX-License-Identifier: ISC */
/* ledger_grid.h - a sheet as a grid of UTF-8 cells, what ledger_csv and
 * ledger_xlsx produce and ledger reads.
 *
 * Only non-empty cells are stored (sparse), their text in one arena, so a
 * hostile sheet costs memory in proportion to what it holds, within caps:
 * EW_GRID_ROWS_MAX rows that hold something, EW_GRID_CELLS_MAX cells,
 * EW_GRID_TEXT_MAX bytes of text. A cell longer than EW_LEDGER_CELL_MAX is cut
 * at a character boundary and marked, so the reader can name it. */
#ifndef EGRESSWATCH_COLLECTOR_LEDGER_GRID_H
#define EGRESSWATCH_COLLECTOR_LEDGER_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/buf.h"
#include "egresswatch/utf8.h"
#include "ledger.h"

#define EW_GRID_HEADER_SCAN 50u                                  /* rows searched for the header */
#define EW_GRID_ROWS_MAX (EW_LEDGER_ROWS_MAX + EW_GRID_HEADER_SCAN) /* non-blank rows kept */
#define EW_GRID_CELLS_MAX (4u * 1024 * 1024)                     /* non-empty cells */
#define EW_GRID_TEXT_MAX (64u * 1024 * 1024)                     /* bytes of cell text */
#define EW_GRID_MERGES_MAX 1000u /* ranges kept for the header; more are ignored */
#define EW_GRID_ROW_NUMBER_MAX 1048576u /* Excel's last row */

struct ew_grid_cell {
	uint32_t col; /* 0-based */
	uint32_t off; /* into the text arena; NUL-terminated there */
	uint32_t len;
	bool truncated;
};

struct ew_grid_row {
	unsigned number; /* 1-based, as a person counts rows in the sheet */
	size_t first;    /* index of its first cell */
	size_t count;
};

struct ew_grid_merge {
	unsigned r1, r2; /* rows, 1-based, inclusive */
	unsigned c1, c2; /* columns, 0-based, inclusive */
};

struct ew_grid {
	struct ew_grid_row *rows;
	size_t row_count, row_cap;
	struct ew_grid_cell *cells;
	size_t cell_count, cell_cap;
	struct ew_grid_merge *merges;
	size_t merge_count, merge_cap;
	struct ew_buf text;
	bool cols_cut;    /* a non-empty cell lay past EW_LEDGER_COLS_MAX */
	unsigned cut_row; /* the first row where that happened */
	char error[256];  /* why the last call returned false */
};

void ew_ledger_grid_init(struct ew_grid *g);
void ew_ledger_grid_free(struct ew_grid *g);
/* Starts row `number`; rows without cells are dropped when the next starts. */
bool ew_ledger_grid_row(struct ew_grid *g, unsigned number);
/* Adds a cell to the current row. Empty or all-blank text is not stored. The
 * text must be valid UTF-8 without NUL (the callers check). */
bool ew_ledger_grid_cell(struct ew_grid *g, unsigned col, const char *s, size_t len);
bool ew_ledger_grid_merge(struct ew_grid *g, const struct ew_grid_merge *m);
/* After the last cell: rows in sheet order (an XLSX may list them in any
 * order), empty ones dropped, so a row is found by binary search. */
void ew_ledger_grid_finish(struct ew_grid *g);
/* The cell text ("" if empty) of stored row i at a column. */
const char *ew_ledger_grid_get(const struct ew_grid *g, size_t i, unsigned col, bool *truncated);
/* Stored row index of row `number`, or (size_t)-1 (after finish). */
size_t ew_ledger_grid_find_row(const struct ew_grid *g, unsigned number);

#endif
