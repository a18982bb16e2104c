/* utf8.h - one UTF-8 decoder for every writer that must not pass invalid
 * text on (the collector's exports: HTML, terminal, spreadsheet cells). */
#ifndef EGRESSWATCH_UTF8_H
#define EGRESSWATCH_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the well-formed UTF-8 sequence at s, n bytes being
 * available, with its code point in *cp; 0 when s[0] does not start one
 * (stray continuation byte, overlong form, surrogate, past U+10FFFF, cut
 * short). n must be at least 1. RFC 3629 §4. */
size_t ew_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

#endif
