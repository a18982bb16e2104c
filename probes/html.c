/* SPDX-License-Identifier: ISC */
/* html.c - an admin page's title (html.h). */
#include "html.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static const char *find_ci(const char *h, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= hlen; i++)
		if (strncasecmp(h + i, needle, n) == 0)
			return h + i;
	return NULL;
}

void ew_html_title(const char *body, size_t len, char out[EW_HTML_TITLE_LEN + 1])
{
	out[0] = '\0';
	const char *t = find_ci(body, len, "<title");
	if (!t)
		return;
	const char *end = body + len;
	const char *gt = memchr(t, '>', (size_t)(end - t));
	if (!gt)
		return;
	const char *s = gt + 1;
	const char *e = find_ci(s, (size_t)(end - s), "</title");
	if (!e)
		e = end;
	size_t n = 0;
	bool space = false;
	for (const char *p = s; p < e && n < EW_HTML_TITLE_LEN; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			space = n > 0;
			continue;
		}
		if (ch < 0x20 || ch == 0x7f)
			continue;
		if (space && n < EW_HTML_TITLE_LEN) {
			out[n++] = ' ';
			space = false;
			if (n >= EW_HTML_TITLE_LEN)
				break;
		}
		out[n++] = (char)ch;
	}
	out[n] = '\0';
}
