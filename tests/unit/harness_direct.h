/* SPDX-License-Identifier: ISC */
/* harness_direct.h - calls one protocol's entry point directly on a byte
 * array, for protocols whose lower layers are tested elsewhere (UDP- and
 * IP-carried ones). Include after harness.h. The bytes are copied into an
 * exact-size allocation so ASan sees a one-byte over-read. The frame context
 * (d.frame.ip_version, ports...) is whatever the test set in h->d.frame. */
#ifndef EGRESSWATCH_TEST_HARNESS_DIRECT_H
#define EGRESSWATCH_TEST_HARNESS_DIRECT_H

typedef void (*harness_entry_fn)(struct ew_dissector *d, struct ew_cursor *c);

static inline void harness_call(struct harness *h, harness_entry_fn fn, const uint8_t *bytes, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, bytes, n);
	struct ew_cursor c = ew_cur_make(copy, n);
	fn(&h->d, &c);
	free(copy);
}

/* Every truncation 0..n-1 of the bytes through the entry point; the frame
 * context set by the caller is kept across the runs. */
static inline void harness_call_truncations(struct harness *h, harness_entry_fn fn, const uint8_t *bytes, size_t n)
{
	struct ew_frame f = h->d.frame;
	for (size_t len = 0; len < n; len++) {
		harness_reset(h);
		h->d.frame = f;
		harness_call(h, fn, bytes, len);
	}
}

/* Number of malformed events for a protocol. */
static inline size_t harness_malformed(const struct harness *h, enum ew_proto p)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n; i++)
		n += h->ev[i].type == EW_EV_MALFORMED && h->ev[i].u.malformed.proto == p;
	return n;
}

#endif
