/* SPDX-License-Identifier: ISC */
/* export_text.h - a short table for a terminal: counts, then unlisted,
 * conflict, matched and unseen rows. Control characters from the wire are
 * shown escaped, never sent to the terminal. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_TEXT_H
#define EGRESSWATCH_COLLECTOR_EXPORT_TEXT_H

#include "egresswatch/buf.h"
#include "reconcile.h"

int ew_export_text_write(const struct ew_reconciliation *rc, struct ew_buf *out);

#endif
