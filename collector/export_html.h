/* SPDX-License-Identifier: ISC */
/* export_html.h - a site's page: server-rendered HTML, Japanese with English
 * labels, readable without JavaScript and printed. Unlisted first, then
 * conflicts, matched, unseen; each device's evidence. Every string is
 * HTML-escaped. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_HTML_H
#define EGRESSWATCH_COLLECTOR_EXPORT_HTML_H

#include "egresswatch/buf.h"
#include "reconcile.h"

int ew_export_html_write(const struct ew_reconciliation *rc, struct ew_buf *out);

#endif
