/* SPDX-License-Identifier: ISC */
/* export_xlsx.h - the completed sheet as XLSX (libxlsxwriter): sheet 1 in the
 * sheet's layout (declared rows with 照合結果, then 要確認 rows), sheet 2 each
 * device's evidence. Every cell is written as a string, never a formula. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_XLSX_H
#define EGRESSWATCH_COLLECTOR_EXPORT_XLSX_H

#include "egresswatch/buf.h"
#include "reconcile.h"

/* Writes the workbook to path. 0, or -1 with err filled. */
int ew_export_xlsx_file(const struct ew_reconciliation *rc, const char *path, char *err, size_t errlen);
/* The same workbook in memory (for the HTTP API). */
int ew_export_xlsx_write(const struct ew_reconciliation *rc, struct ew_buf *out, char *err, size_t errlen);

#endif
