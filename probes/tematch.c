/* SPDX-License-Identifier: ISC */
/* tematch.c - time exceeded to TTL-1 test (tematch.h). Reads with the
 * bounds-checked cursor: a short quote fails the cursor, never over-reads. */
#include "tematch.h"

#include <string.h>

#include "egresswatch/cursor.h"
#include "wire.h"

void ew_tematch_init(struct ew_tematch *m)
{
	m->n = 0;
}

bool ew_tematch_add(struct ew_tematch *m, const struct ew_pkt_test *t)
{
	if (m->n >= EW_TEMATCH_MAX)
		return false;
	m->t[m->n] = *t;
	m->answers[m->n] = 0;
	m->n++;
	return true;
}

struct quote {
	struct ew_mac l2src;
	struct ew_ip outer_dst, src, dst;
	uint16_t id, sport, dport;
	bool is_te; /* an ICMP(v6) time exceeded, readable or not */
	bool has_cookie;
	uint8_t tag_cookie[sizeof EW_PKT_TEST_TAG - 1 + EW_PKT_COOKIE_LEN];
};

static void quote_payload(struct ew_cursor *c, struct quote *q)
{
	if (ew_cur_left(c) >= sizeof q->tag_cookie) {
		ew_cur_copy(c, q->tag_cookie, sizeof q->tag_cookie);
		q->has_cookie = true;
	}
}

static bool parse4(struct ew_cursor *c, struct quote *q)
{
	uint8_t vihl = ew_cur_u8(c);
	if (vihl >> 4 != 4 || (vihl & 15) < 5)
		return false;
	size_t hl = (size_t)(vihl & 15) * 4;
	ew_cur_skip(c, 8);
	uint8_t proto = ew_cur_u8(c);
	ew_cur_skip(c, 2);
	uint8_t s[4], d[4];
	ew_cur_copy(c, s, 4);
	ew_cur_copy(c, d, 4);
	ew_cur_skip(c, hl - IPV4_HLEN);
	if (ew_cur_failed(c) || proto != IPPROTO_NUM_ICMP)
		return false;
	q->outer_dst = ew_ip4_from_bytes(d);
	if (ew_cur_u8(c) != ICMP_TIME_EXCEEDED || ew_cur_u8(c) != ICMP_EXC_TTL)
		return false;
	q->is_te = true;
	ew_cur_skip(c, 6); /* checksum, unused */
	/* the quoted datagram */
	vihl = ew_cur_u8(c);
	if (vihl >> 4 != 4 || (vihl & 15) < 5)
		return false;
	hl = (size_t)(vihl & 15) * 4;
	ew_cur_skip(c, 3);
	q->id = ew_cur_u16(c);
	ew_cur_skip(c, 3);
	proto = ew_cur_u8(c);
	ew_cur_skip(c, 2);
	ew_cur_copy(c, s, 4);
	ew_cur_copy(c, d, 4);
	ew_cur_skip(c, hl - IPV4_HLEN);
	if (ew_cur_failed(c) || proto != IPPROTO_NUM_UDP)
		return false;
	q->src = ew_ip4_from_bytes(s);
	q->dst = ew_ip4_from_bytes(d);
	q->sport = ew_cur_u16(c);
	q->dport = ew_cur_u16(c);
	ew_cur_skip(c, 4);
	if (ew_cur_failed(c))
		return false;
	quote_payload(c, q);
	return true;
}

static bool parse6(struct ew_cursor *c, struct quote *q)
{
	uint8_t s[16], d[16];
	if (ew_cur_u8(c) >> 4 != 6)
		return false;
	ew_cur_skip(c, 5);
	uint8_t next = ew_cur_u8(c);
	ew_cur_skip(c, 1);
	ew_cur_copy(c, s, 16);
	ew_cur_copy(c, d, 16);
	if (ew_cur_failed(c) || next != IPPROTO_NUM_ICMPV6)
		return false;
	q->outer_dst = ew_ip6_from_bytes(d);
	if (ew_cur_u8(c) != ICMPV6_TIME_EXCEEDED || ew_cur_u8(c) != ICMPV6_EXC_HOPLIMIT)
		return false;
	q->is_te = true;
	ew_cur_skip(c, 6);
	uint32_t vtf = ew_cur_u32(c);
	if (vtf >> 28 != 6)
		return false;
	q->id = (uint16_t)(vtf & 0xffff);
	ew_cur_skip(c, 2);
	next = ew_cur_u8(c);
	ew_cur_skip(c, 1);
	ew_cur_copy(c, s, 16);
	ew_cur_copy(c, d, 16);
	if (ew_cur_failed(c) || next != IPPROTO_NUM_UDP)
		return false;
	q->src = ew_ip6_from_bytes(s);
	q->dst = ew_ip6_from_bytes(d);
	q->sport = ew_cur_u16(c);
	q->dport = ew_cur_u16(c);
	ew_cur_skip(c, 4);
	if (ew_cur_failed(c))
		return false;
	quote_payload(c, q);
	return q->has_cookie; /* RFC 4443 §2.4(c): as much as fits: the cookie is there */
}

enum ew_te_result ew_tematch_frame(const struct ew_tematch *m, const uint8_t *frame, size_t len, size_t *idx)
{
	struct ew_cursor c = ew_cur_make(frame, len);
	struct quote q;
	memset(&q, 0, sizeof q);
	ew_cur_skip(&c, EW_MAC_LEN);
	ew_cur_copy(&c, q.l2src.b, EW_MAC_LEN);
	uint16_t type = ew_cur_u16(&c);
	for (int tags = 0; tags < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++) {
		ew_cur_skip(&c, 2);
		type = ew_cur_u16(&c);
	}
	if (ew_cur_failed(&c))
		return EW_TE_NONE;
	bool ok;
	if (type == ETHERTYPE_IPV4)
		ok = parse4(&c, &q);
	else if (type == ETHERTYPE_IPV6)
		ok = parse6(&c, &q);
	else
		return EW_TE_NONE;
	if (!ok) /* a time exceeded whose quote we cannot read is not ours either */
		return q.is_te ? EW_TE_UNMATCHED : EW_TE_NONE;
	for (size_t i = 0; i < m->n; i++) {
		const struct ew_pkt_test *t = &m->t[i];
		if (!ew_mac_eq(&q.l2src, &t->dst_mac) || !ew_ip_eq(&q.outer_dst, &t->src) || !ew_ip_eq(&q.src, &t->src) ||
		    !ew_ip_eq(&q.dst, &t->target) || q.id != t->ip_id || q.sport != t->sport || q.dport != t->dport)
			continue;
		if (q.has_cookie && (memcmp(q.tag_cookie, EW_PKT_TEST_TAG, sizeof EW_PKT_TEST_TAG - 1) != 0 ||
				     memcmp(q.tag_cookie + sizeof EW_PKT_TEST_TAG - 1, t->cookie, EW_PKT_COOKIE_LEN) != 0))
			continue;
		*idx = i;
		return EW_TE_MATCH;
	}
	return EW_TE_UNMATCHED;
}
