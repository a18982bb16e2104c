/* SPDX-License-Identifier: ISC */
/* tematch.h - which time exceeded answers which TTL-1 test (pure).
 *
 * A time exceeded proves forwarding only when it answers a test packet this
 * probe sent: its Ethernet source is the MAC the test was sent to, it is
 * addressed to the test's source, and the datagram it quotes is the test's
 * (source, target, UDP ports, IPv4 identification or IPv6 flow label, and the
 * payload cookie whenever the quote reaches it; RFC 792 only promises 8 bytes
 * past the IP header, RFC 4443 as much as fits, so the cookie is required for
 * IPv6 and for IPv4 quotes long enough). A forged or unrelated time exceeded
 * is UNMATCHED, never evidence. */
#ifndef EW_PROBES_TEMATCH_H
#define EW_PROBES_TEMATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pkt.h"

#define EW_TEMATCH_MAX 4096 /* tests kept per run (two per candidate MAC) */

struct ew_tematch {
	size_t n;
	struct ew_pkt_test t[EW_TEMATCH_MAX];
	uint32_t answers[EW_TEMATCH_MAX];
};

enum ew_te_result {
	EW_TE_NONE = 0,   /* not an ICMP/ICMPv6 time exceeded (hop limit) */
	EW_TE_MATCH,      /* answers test *idx */
	EW_TE_UNMATCHED,  /* a time exceeded that answers none of our tests */
};

void ew_tematch_init(struct ew_tematch *m);
/* False when the table is full. */
bool ew_tematch_add(struct ew_tematch *m, const struct ew_pkt_test *t);
/* frame: one Ethernet frame (up to two VLAN tags). */
enum ew_te_result ew_tematch_frame(const struct ew_tematch *m, const uint8_t *frame, size_t len, size_t *idx);

#endif
