/* SPDX-License-Identifier: ISC */
/* html.h - the one thing read from an admin page: its <title> (pure). */
#ifndef EW_PROBES_HTML_H
#define EW_PROBES_HTML_H

#include <stddef.h>

#define EW_HTML_TITLE_LEN 128

/* The text of the first <title>...</title> in body, blanks collapsed and
 * control bytes dropped, at most EW_HTML_TITLE_LEN bytes; "" if none. No
 * entity is decoded: the report escapes what it writes. */
void ew_html_title(const char *body, size_t len, char out[EW_HTML_TITLE_LEN + 1]);

#endif
