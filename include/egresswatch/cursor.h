/* SPDX-License-Identifier: ISC */
/* cursor.h - the one bounds-checked reader every dissector uses for every read.
 *
 * Packet bytes are hostile. A cursor is a view (pointer, length, offset) over
 * captured bytes plus a sticky error flag: a read past the end returns zero,
 * sets the flag and leaves the offset where it was, so a dissector can read a
 * whole header and check once (`if (ew_cur_failed(c)) goto too_short;`).
 * Multi-byte reads are assembled byte by byte in network order, so nothing
 * assumes alignment and no host struct is ever laid over packet memory.
 * Sub-cursors confine a header to its declared length; a declared length that
 * exceeds what was captured fails instead of being trusted.
 */
#ifndef EGRESSWATCH_CURSOR_H
#define EGRESSWATCH_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ew_cursor {
	const uint8_t *base; /* first byte of the view */
	size_t len;          /* bytes in the view */
	size_t off;          /* next byte to read */
	bool failed;         /* sticky: a read went past the end */
};

static inline struct ew_cursor ew_cur_make(const uint8_t *base, size_t len)
{
	struct ew_cursor c = { base, base ? len : 0, 0, false };
	return c;
}

static inline size_t ew_cur_left(const struct ew_cursor *c)
{
	return c->len - c->off;
}

static inline size_t ew_cur_pos(const struct ew_cursor *c)
{
	return c->off;
}

static inline bool ew_cur_failed(const struct ew_cursor *c)
{
	return c->failed;
}

static inline bool ew_cur_has(const struct ew_cursor *c, size_t n)
{
	return !c->failed && n <= c->len - c->off;
}

/* Marks the cursor failed; returns false so callers can `return ew_cur_fail(c)`. */
static inline bool ew_cur_fail(struct ew_cursor *c)
{
	c->failed = true;
	return false;
}

static inline bool ew_cur_skip(struct ew_cursor *c, size_t n)
{
	if (!ew_cur_has(c, n))
		return ew_cur_fail(c);
	c->off += n;
	return true;
}

static inline uint8_t ew_cur_u8(struct ew_cursor *c)
{
	if (!ew_cur_has(c, 1)) {
		ew_cur_fail(c);
		return 0;
	}
	return c->base[c->off++];
}

static inline uint16_t ew_cur_u16(struct ew_cursor *c)
{
	if (!ew_cur_has(c, 2)) {
		ew_cur_fail(c);
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 2;
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t ew_cur_u24(struct ew_cursor *c)
{
	if (!ew_cur_has(c, 3)) {
		ew_cur_fail(c);
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 3;
	return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}

static inline uint32_t ew_cur_u32(struct ew_cursor *c)
{
	if (!ew_cur_has(c, 4)) {
		ew_cur_fail(c);
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 4;
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Little-endian 16/32 for the few link headers that use host order (pcap SLL2 no; radiotap-like none yet). */
static inline uint16_t ew_cur_u16le(struct ew_cursor *c)
{
	if (!ew_cur_has(c, 2)) {
		ew_cur_fail(c);
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 2;
	return (uint16_t)(p[0] | (p[1] << 8));
}

/* Copies exactly n bytes into dst; on short input dst is zeroed and the cursor fails. */
static inline bool ew_cur_copy(struct ew_cursor *c, void *dst, size_t n)
{
	if (!ew_cur_has(c, n)) {
		memset(dst, 0, n);
		return ew_cur_fail(c);
	}
	memcpy(dst, c->base + c->off, n);
	c->off += n;
	return true;
}

/* Peeks a byte at offset `at` from the current position without moving. */
static inline bool ew_cur_peek_u8(const struct ew_cursor *c, size_t at, uint8_t *out)
{
	if (c->failed || at >= c->len - c->off)
		return false;
	*out = c->base[c->off + at];
	return true;
}

static inline bool ew_cur_peek_u16(const struct ew_cursor *c, size_t at, uint16_t *out)
{
	if (c->failed || c->len - c->off < 2 || at > c->len - c->off - 2)
		return false;
	const uint8_t *p = c->base + c->off + at;
	*out = (uint16_t)((p[0] << 8) | p[1]);
	return true;
}

/* Takes the next n bytes as a sub-cursor and advances past them. A length the
 * capture does not hold fails both cursors (the sub-cursor is empty). */
static inline struct ew_cursor ew_cur_sub(struct ew_cursor *c, size_t n)
{
	struct ew_cursor s = { NULL, 0, 0, true };
	if (!ew_cur_has(c, n)) {
		ew_cur_fail(c);
		return s;
	}
	s = ew_cur_make(c->base + c->off, n);
	c->off += n;
	return s;
}

/* The rest of the view as a sub-cursor; the parent is left at its end. */
static inline struct ew_cursor ew_cur_rest(struct ew_cursor *c)
{
	return ew_cur_sub(c, c->failed ? 0 : ew_cur_left(c));
}

/* Read-only view of the next n bytes without copying, for handing a byte range
 * to another cursor or to an event as raw bytes. Returns NULL on short input. */
static inline const uint8_t *ew_cur_view(struct ew_cursor *c, size_t n)
{
	if (!ew_cur_has(c, n)) {
		ew_cur_fail(c);
		return NULL;
	}
	const uint8_t *p = c->base + c->off;
	c->off += n;
	return p;
}

/* A view of the whole underlying buffer from offset `from` (inside this view)
 * to the end of the view, used by DNS name decompression which must follow
 * pointers backwards within one message. */
static inline struct ew_cursor ew_cur_at(const struct ew_cursor *c, size_t from)
{
	struct ew_cursor s = { NULL, 0, 0, true };
	if (c->base == NULL || from > c->len)
		return s;
	s = ew_cur_make(c->base + from, c->len - from);
	return s;
}

#endif
