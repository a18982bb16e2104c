/* SPDX-License-Identifier: ISC */
/* buf.c - growable byte buffer with a cap (buf.h). */
#include "egresswatch/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ew_buf_init(struct ew_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void ew_buf_free(struct ew_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void ew_buf_reset(struct ew_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Makes room for n more bytes and the NUL; doubles, but never past max + 1. */
static bool ew_buf_grow(struct ew_buf *b, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return false;
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (b->max + 1) / 2 ? b->max + 1 : cap * 2;
	char *p = realloc(b->data, cap);
	if (p == NULL)
		return false;
	b->data = p;
	b->cap = cap;
	return true;
}

bool ew_buf_add(struct ew_buf *b, const void *p, size_t n)
{
	if (!ew_buf_grow(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool ew_buf_adds(struct ew_buf *b, const char *s)
{
	return ew_buf_add(b, s, strlen(s));
}

bool ew_buf_vprintf(struct ew_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !ew_buf_grow(b, (size_t)n))
		return false;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return true;
}

bool ew_buf_printf(struct ew_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = ew_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return ok;
}

void ew_buf_consume(struct ew_buf *b, size_t n)
{
	if (n >= b->len) {
		ew_buf_reset(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

char *ew_buf_take(struct ew_buf *b, size_t *len)
{
	char *p = b->data;
	if (p == NULL)
		p = calloc(1, 1);
	if (len)
		*len = p ? b->len : 0;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
