/* SPDX-License-Identifier: ISC */
/* udp_frame.h - builds one Ethernet + IPv4/IPv6 + UDP frame around a payload
 * and dissects it, for the tests of the shape rules (which protocol a UDP
 * datagram goes to depends on its addresses, TTL and ports, not one port).
 * Include after harness.h. Checksums are left zero: the dissectors do not
 * verify them. */
#ifndef EGRESSWATCH_TEST_UDP_FRAME_H
#define EGRESSWATCH_TEST_UDP_FRAME_H

#include "egresswatch/addr.h"

#define UDP_FRAME_MAX 1600

struct udp_shape {
	const char *src, *dst; /* addresses: IPv4 or IPv6, both the same family */
	uint8_t ttl;           /* TTL or hop limit */
	uint16_t sport, dport;
};

static inline void udp_frame_put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Resets h and dissects the frame; returns the frame's length. */
static inline size_t udp_frame_run(struct harness *h, const struct udp_shape *s, const void *payload, size_t n)
{
	static const uint8_t src_mac[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t dst_mac[6] = { 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa };
	struct ew_ip src, dst;
	assert_true(ew_ip_parse(s->src, &src));
	assert_true(ew_ip_parse(s->dst, &dst));
	assert_int_equal(src.family, dst.family);
	uint8_t f[UDP_FRAME_MAX] = { 0 };
	size_t at = 0;
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	at = 12;
	size_t udp_len = 8 + n;
	if (src.family == EW_AF_INET) {
		udp_frame_put16(f + at, EW_ETHERTYPE_IPV4);
		at += 2;
		f[at] = 0x45;
		udp_frame_put16(f + at + 2, 20 + udp_len);
		f[at + 8] = s->ttl;
		f[at + 9] = 17;
		memcpy(f + at + 12, src.a, 4);
		memcpy(f + at + 16, dst.a, 4);
		at += 20;
	} else {
		udp_frame_put16(f + at, EW_ETHERTYPE_IPV6);
		at += 2;
		f[at] = 0x60;
		udp_frame_put16(f + at + 4, udp_len);
		f[at + 6] = 17;
		f[at + 7] = s->ttl;
		memcpy(f + at + 8, src.a, 16);
		memcpy(f + at + 24, dst.a, 16);
		at += 40;
	}
	udp_frame_put16(f + at, s->sport);
	udp_frame_put16(f + at + 2, s->dport);
	udp_frame_put16(f + at + 4, udp_len);
	at += 8;
	assert_true(at + n <= sizeof f);
	if (n)
		memcpy(f + at, payload, n);
	at += n;
	harness_reset(h);
	harness_eth(h, f, at);
	return at;
}

/* Nothing but the IP event: the datagram went to no protocol, and nothing
 * was counted as malformed or reached any application protocol. */
static inline void udp_frame_assert_ordinary(const struct harness *h)
{
	if (h->n != 1)
		for (size_t i = 0; i < h->n; i++)
			print_message("event %zu: %s (frame ports %u -> %u)\n", i, ew_event_name(h->ev[i].type),
				      h->frame[i].sport, h->frame[i].dport);
	assert_int_equal(h->n, 1);
	assert_true(h->ev[0].type == EW_EV_IPV4 || h->ev[0].type == EW_EV_IPV6);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	for (int p = EW_P_UDP + 1; p < EW_P__COUNT; p++) {
		if (p == EW_P_TCP || p == EW_P_ICMP || p == EW_P_ICMPV6)
			continue;
		assert_int_equal(h->d.stats.proto[p], 0);
	}
	for (int p = 0; p < EW_P__COUNT; p++) {
		assert_int_equal(h->d.stats.malformed[p], 0);
		assert_int_equal(h->d.stats.cut[p], 0);
	}
}

#endif
