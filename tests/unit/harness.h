/* SPDX-License-Identifier: ISC */
/* harness.h - feeds byte arrays written in a test through the dissectors and
 * keeps the events, for cmocka tests. Header-only; include once per test file.
 * Event views (ew_bytes) point into the test's own array, which outlives them. */
#ifndef EGRESSWATCH_TEST_HARNESS_H
#define EGRESSWATCH_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "egresswatch/dissect.h"

#define HARNESS_MAX_EVENTS 64

struct harness {
	struct ew_dissector d;
	size_t n;
	struct ew_event ev[HARNESS_MAX_EVENTS];
	struct ew_frame frame[HARNESS_MAX_EVENTS];
};

static void harness_cb(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	struct harness *h = user;
	if (h->n < HARNESS_MAX_EVENTS) {
		h->ev[h->n] = *ev;
		h->frame[h->n] = *f;
		h->n++;
	}
}

/* Allocated: the events array is large. Free with free(). */
static inline struct harness *harness_new(void)
{
	struct harness *h = calloc(1, sizeof *h);
	assert_non_null(h);
	ew_dissector_init(&h->d, harness_cb, h);
	return h;
}

static inline void harness_reset(struct harness *h)
{
	h->n = 0;
	ew_dissector_init(&h->d, harness_cb, h);
}

/* Copies the first `n` bytes of a frame into an exact-size allocation (so
 * ASan sees any over-read), dissects it as `linktype` with wire length
 * `wirelen` (more than n: cut by the snaplen), and frees the copy. */
static inline void harness_frame_cut(struct harness *h, int linktype, const uint8_t *bytes, size_t n, size_t wirelen)
{
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, bytes, n);
	ew_dissect_frame(&h->d, linktype, copy, n, wirelen, 1700000000000000LL);
	free(copy);
	/* views into the copy are gone now: clear them so no test reads freed memory */
	for (size_t i = 0; i < h->n; i++) {
		struct ew_event *e = &h->ev[i];
		if (e->type == EW_EV_DHCP4) {
			e->u.dhcp4.client_id.p = NULL;
			for (unsigned k = 0; k < e->u.dhcp4.opt_count && k < EW_DHCP_OPT_MAX; k++)
				e->u.dhcp4.opts[k].data.p = NULL;
		} else if (e->type == EW_EV_DHCP6) {
			e->u.dhcp6.client_duid.p = e->u.dhcp6.server_duid.p = NULL;
			for (unsigned k = 0; k < e->u.dhcp6.vendor_count && k < EW_DHCP6_VENDOR_MAX; k++)
				e->u.dhcp6.vendors[k].data.p = NULL;
		} else if (e->type == EW_EV_PPPOE_DISC) {
			e->u.pppoe.host_uniq.p = e->u.pppoe.ac_cookie.p = e->u.pppoe.relay_session_id.p = NULL;
		}
	}
}

/* The whole frame captured. */
static inline void harness_frame(struct harness *h, int linktype, const uint8_t *bytes, size_t n)
{
	harness_frame_cut(h, linktype, bytes, n, n);
}

static inline void harness_eth(struct harness *h, const uint8_t *bytes, size_t n)
{
	harness_frame(h, EW_LINKTYPE_ETHERNET, bytes, n);
}

/* Number of events of a type; the first one, or NULL. */
static inline size_t harness_count(const struct harness *h, enum ew_event_type t)
{
	size_t c = 0;
	for (size_t i = 0; i < h->n; i++)
		c += h->ev[i].type == t;
	return c;
}

static inline const struct ew_event *harness_first(const struct harness *h, enum ew_event_type t)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->ev[i].type == t)
			return &h->ev[i];
	return NULL;
}

/* Feeds every truncation of a frame (length 0..n-1): nothing may crash, and
 * the dissector must never report more than it was given. */
static inline void harness_all_truncations(struct harness *h, int linktype, const uint8_t *bytes, size_t n)
{
	for (size_t len = 0; len < n; len++) {
		harness_reset(h);
		harness_frame(h, linktype, bytes, len);
	}
}

#endif
