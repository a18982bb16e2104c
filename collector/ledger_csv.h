/* SPDX-License-Identifier: ISC */
/* ledger_csv.h - a CSV line sheet's bytes to a grid of UTF-8 cells.
 *
 * Encoding by content: a UTF-8 BOM, else text that is valid UTF-8, else
 * Shift_JIS as Excel in Japan saves "CSV" (iconv "CP932"). Text that is not
 * CP932 (EUC-JP, UTF-16, binary, random bytes) is refused with a reason,
 * never read as mojibake. Fields by Debian's libcsv (not strict: a stray
 * quote is kept as text), CR, LF or CRLF rows, quoted cells with commas and
 * newlines. Rows are numbered as Excel shows them: a blank line is a row, a
 * quoted cell spanning lines is one. */
#ifndef EGRESSWATCH_COLLECTOR_LEDGER_CSV_H
#define EGRESSWATCH_COLLECTOR_LEDGER_CSV_H

#include <stddef.h>

#include "ledger_grid.h"

/* 0, or -1 with g->error set. encoding gets "utf-8" or "cp932". */
int ew_ledger_csv_read(const unsigned char *data, size_t len, struct ew_grid *g, char encoding[16]);

#endif
