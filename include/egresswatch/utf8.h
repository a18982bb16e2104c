/* SPDX-License-Identifier: ISC */
/* utf8.h - checking and cutting UTF-8 text from untrusted input. */
#ifndef EGRESSWATCH_UTF8_H
#define EGRESSWATCH_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool ew_utf8_valid(const unsigned char *s, size_t len);
/* Offset of the first invalid byte, or len if all of it is valid. */
size_t ew_utf8_invalid_at(const unsigned char *s, size_t len);
/* Largest n <= max such that valid UTF-8 s[0..n) ends on a character boundary. */
size_t ew_utf8_cut(const char *s, size_t len, size_t max);
/* Decodes one character of valid UTF-8 at s (len > 0); returns its length. */
size_t ew_utf8_next(const char *s, size_t len, uint32_t *cp);
/* False for what a terminal or a reader may take for something else than
 * text: C0 controls, DEL, C1 controls (U+0080..U+009F: U+009B is CSI to
 * some terminals) and the bidirectional format characters (U+061C,
 * U+200E/F, U+202A..U+202E, U+2066..U+2069: Trojan Source, CVE-2021-42574). */
bool ew_utf8_is_plain(uint32_t cp);
/* Encodes cp (<= U+10FFFF, not a surrogate) into out[4]; returns the length. */
size_t ew_utf8_put(uint32_t cp, char out[4]);

#endif
