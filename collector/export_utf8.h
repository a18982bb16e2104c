/* SPDX-License-Identifier: ISC */
/* export_utf8.h - one UTF-8 decoder for the exports' writers (HTML, the
 * terminal table, spreadsheet cells), which must not pass invalid text on
 * and must see each code point to escape it. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_UTF8_H
#define EGRESSWATCH_COLLECTOR_EXPORT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the well-formed UTF-8 sequence at s, n >= 1 bytes
 * being available, with its code point in *cp; 0 when s[0] does not start
 * one (stray continuation byte, overlong form, surrogate, past U+10FFFF, cut
 * short). RFC 3629 §4. */
size_t ew_export_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

#endif
