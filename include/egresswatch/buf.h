/* SPDX-License-Identifier: ISC */
/* buf.h - a growable byte buffer with a maximum size (after curl's dynbuf).
 *
 * Every buffer that grows on input someone else controls is created with the
 * largest size it may reach; an append past it fails and leaves the buffer as
 * it was. The contents are always NUL-terminated (the NUL is not counted). */
#ifndef EGRESSWATCH_BUF_H
#define EGRESSWATCH_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct ew_buf {
	char *data;  /* NULL until the first append */
	size_t len;  /* bytes held, without the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* largest len allowed */
};

void ew_buf_init(struct ew_buf *b, size_t max);
void ew_buf_free(struct ew_buf *b);
void ew_buf_reset(struct ew_buf *b); /* len = 0, keeps the memory */
/* Each returns false (buffer unchanged) when out of memory or past max. */
bool ew_buf_add(struct ew_buf *b, const void *p, size_t n);
bool ew_buf_adds(struct ew_buf *b, const char *s);
bool ew_buf_printf(struct ew_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ew_buf_vprintf(struct ew_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Drops the first n bytes (all of them when n >= len), keeping the memory:
 * a stream's consumed frames. */
void ew_buf_consume(struct ew_buf *b, size_t n);
/* Hands the contents to the caller (free() them) and empties the buffer. */
char *ew_buf_take(struct ew_buf *b, size_t *len);

#endif
