/* SPDX-License-Identifier: ISC */
/* ledger_grid.c - a sheet as a sparse grid of UTF-8 cells (see ledger_grid.h). */
#include "ledger_grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(EW_GRID_TEXT_MAX < UINT32_MAX, "cell offsets are 32-bit");
_Static_assert(EW_LEDGER_CELL_MAX < EW_GRID_TEXT_MAX, "a cell fits the arena");

void ew_ledger_grid_init(struct ew_grid *g)
{
	memset(g, 0, sizeof *g);
	ew_buf_init(&g->text, EW_GRID_TEXT_MAX);
}

void ew_ledger_grid_free(struct ew_grid *g)
{
	free(g->rows);
	free(g->cells);
	free(g->merges);
	ew_buf_free(&g->text);
	memset(g, 0, sizeof *g);
}

/* Grows *p (n used, *cap allocated, elements of size sz) by one, up to max. */
static bool grow(void **p, size_t n, size_t *cap, size_t sz, size_t max)
{
	if (n < *cap)
		return true;
	if (n >= max)
		return false;
	size_t nc = *cap ? *cap * 2 : 64;
	if (nc > max)
		nc = max;
	void *q = realloc(*p, nc * sz);
	if (!q)
		return false;
	*p = q;
	*cap = nc;
	return true;
}

bool ew_ledger_grid_row(struct ew_grid *g, unsigned number)
{
	if (number == 0 || number > EW_GRID_ROW_NUMBER_MAX) {
		snprintf(g->error, sizeof g->error, "row number %u is out of range", number);
		return false;
	}
	if (g->row_count > 0 && g->rows[g->row_count - 1].count == 0)
		g->row_count--; /* the previous row held nothing */
	if (!grow((void **)&g->rows, g->row_count, &g->row_cap, sizeof *g->rows, EW_GRID_ROWS_MAX)) {
		snprintf(g->error, sizeof g->error, "more than %u rows", EW_GRID_ROWS_MAX);
		return false;
	}
	struct ew_grid_row *r = &g->rows[g->row_count++];
	r->number = number;
	r->first = g->cell_count;
	r->count = 0;
	return true;
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		/* U+3000 IDEOGRAPHIC SPACE, as Japanese input leaves it */
		if (c == 0xe3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		return false;
	}
	return true;
}

bool ew_ledger_grid_cell(struct ew_grid *g, unsigned col, const char *s, size_t len)
{
	if (g->row_count == 0 && !ew_ledger_grid_row(g, 1))
		return false;
	if (blank(s, len))
		return true;
	struct ew_grid_row *r = &g->rows[g->row_count - 1];
	if (col >= EW_LEDGER_COLS_MAX) {
		if (!g->cols_cut) {
			g->cols_cut = true;
			g->cut_row = r->number;
		}
		return true;
	}
	if (!grow((void **)&g->cells, g->cell_count, &g->cell_cap, sizeof *g->cells, EW_GRID_CELLS_MAX)) {
		snprintf(g->error, sizeof g->error, "more than %u cells", EW_GRID_CELLS_MAX);
		return false;
	}
	size_t keep = ew_utf8_cut(s, len, EW_LEDGER_CELL_MAX);
	size_t off = g->text.len;
	if (!ew_buf_add(&g->text, s, keep) || !ew_buf_add(&g->text, "", 1)) {
		snprintf(g->error, sizeof g->error, "more than %u bytes of text", EW_GRID_TEXT_MAX);
		return false;
	}
	struct ew_grid_cell *c = &g->cells[g->cell_count++];
	c->col = col;
	c->off = (uint32_t)off;
	c->len = (uint32_t)keep;
	c->truncated = keep < len;
	r->count++;
	return true;
}

bool ew_ledger_grid_merge(struct ew_grid *g, const struct ew_grid_merge *m)
{
	/* merges matter for the header only, found near the top: past the cap
	 * (data cells merged down a long sheet) they are not kept */
	if (g->merge_count >= EW_GRID_MERGES_MAX)
		return true;
	if (!grow((void **)&g->merges, g->merge_count, &g->merge_cap, sizeof *g->merges, EW_GRID_MERGES_MAX)) {
		snprintf(g->error, sizeof g->error, "out of memory");
		return false;
	}
	g->merges[g->merge_count++] = *m;
	return true;
}

const char *ew_ledger_grid_get(const struct ew_grid *g, size_t i, unsigned col, bool *truncated)
{
	if (truncated)
		*truncated = false;
	if (i >= g->row_count)
		return "";
	const struct ew_grid_row *r = &g->rows[i];
	for (size_t k = 0; k < r->count; k++) {
		const struct ew_grid_cell *c = &g->cells[r->first + k];
		if (c->col == col) {
			if (truncated)
				*truncated = c->truncated;
			return g->text.data + c->off;
		}
	}
	return "";
}

static int by_number(const void *a, const void *b)
{
	const struct ew_grid_row *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first; /* stable: the file's order */
}

void ew_ledger_grid_finish(struct ew_grid *g)
{
	size_t n = 0;
	bool sorted = true;
	for (size_t i = 0; i < g->row_count; i++) {
		if (g->rows[i].count == 0)
			continue;
		if (n > 0 && g->rows[n - 1].number > g->rows[i].number)
			sorted = false;
		g->rows[n++] = g->rows[i];
	}
	g->row_count = n;
	if (!sorted)
		qsort(g->rows, n, sizeof *g->rows, by_number);
}

size_t ew_ledger_grid_find_row(const struct ew_grid *g, unsigned number)
{
	size_t lo = 0, hi = g->row_count;
	while (lo < hi) { /* the first row with that number */
		size_t mid = lo + (hi - lo) / 2;
		if (g->rows[mid].number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->row_count && g->rows[lo].number == number ? lo : (size_t)-1;
}
