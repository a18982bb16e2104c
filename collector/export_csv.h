/* SPDX-License-Identifier: ISC */
/* export_csv.h - the completed sheet as CSV, in the sheet's layout with its
 * Japanese headers: declared rows first with 照合結果, then each unlisted
 * device as a 要確認 row. UTF-8 with BOM (Excel) or CP932. Cells from the wire
 * that begin with = + - @ tab or CR are neutralised. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_CSV_H
#define EGRESSWATCH_COLLECTOR_EXPORT_CSV_H

#include "egresswatch/buf.h"
#include "reconcile.h"

enum ew_csv_encoding { EW_CSV_UTF8_BOM = 0, EW_CSV_CP932 };
/* 0, or -1 (out of memory, buffer cap). */
int ew_export_csv_write(const struct ew_reconciliation *rc, enum ew_csv_encoding enc, struct ew_buf *out);

#endif
