/* SPDX-License-Identifier: ISC */
/* export_json.h - the reconciliation as egresswatch.reconciliation/1
 * (include/egresswatch/reconciliation.schema.json). */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_JSON_H
#define EGRESSWATCH_COLLECTOR_EXPORT_JSON_H

#include "egresswatch/buf.h"
#include "reconcile.h"

int ew_export_json_write(const struct ew_reconciliation *rc, struct ew_buf *out);

#endif
