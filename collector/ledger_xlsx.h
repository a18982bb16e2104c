/* SPDX-License-Identifier: ISC */
/* ledger_xlsx.h - an XLSX line sheet's bytes to a grid of UTF-8 cells.
 *
 * One worksheet, found as Excel finds it: _rels/.rels names the workbook,
 * the workbook's <sheet>s name relationships (in tab order; hidden tabs
 * last), the workbook's .rels names the part. Shared strings (rich-text runs joined,
 * phonetic guides <rPh> left out), inline strings, formula results; numbers
 * as text without ".0" or an exponent for integers (a 回線ID typed as a
 * number); cells placed by their reference (AB12) when empty cells are
 * omitted; merged ranges kept for the header. Hostile input: the zip is read
 * from memory (libzip), entry count and inflated sizes capped while reading
 * (a zip bomb stops at the cap), XML (expat) with entity declarations refused
 * and nesting capped. */
#ifndef EGRESSWATCH_COLLECTOR_LEDGER_XLSX_H
#define EGRESSWATCH_COLLECTOR_LEDGER_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger_grid.h"

#define EW_XLSX_ENTRIES_MAX 10000u
#define EW_XLSX_PART_MAX (256u * 1024 * 1024) /* inflated bytes of the sheet or the strings */
#define EW_XLSX_SMALL_MAX (4u * 1024 * 1024)  /* workbook.xml and .rels */
#define EW_XLSX_STRINGS_MAX (1024u * 1024)    /* shared strings */
#define EW_XLSX_DEPTH_MAX 64u                 /* XML element nesting */
#define EW_XLSX_SHEETS_MAX 16u                /* worksheets looked at for the header */
#define EW_XLSX_TOTAL_MAX (512u * 1024 * 1024) /* inflated bytes of all parts read, together */

/* True if the bytes start like a zip file (what an XLSX is). */
bool ew_ledger_xlsx_is_zip(const unsigned char *data, size_t len);
/* Reads into g the first worksheet (in tab order, at most
 * EW_XLSX_SHEETS_MAX) that accept(g, arg) takes, or the first worksheet
 * when none does (accept NULL: the first). 0, or -1 with g->error set. */
int ew_ledger_xlsx_read(const unsigned char *data, size_t len, struct ew_grid *g,
                        bool (*accept)(struct ew_grid *, void *), void *arg);

#endif
