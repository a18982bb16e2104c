/* SPDX-License-Identifier: ISC */
/* test_probe_match.c - a time exceeded counts only when it answers a TTL-1
 * test this probe sent: from the candidate's MAC, to our address, quoting
 * our packet (addresses, ports, IP id / flow label, cookie). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "tematch.h"
#include "wire.h"

static const struct ew_mac me = { { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };
static const struct ew_mac cand = { { 0x00, 0x08, 0x74, 0xcc, 0x00, 0x01 } };
static const struct ew_mac other = { { 0x00, 0x08, 0x74, 0xcc, 0x00, 0x99 } };

static struct ew_ip ip(const char *s)
{
	struct ew_ip a;
	assert_true(ew_ip_parse(s, &a));
	return a;
}

static struct ew_pkt_test test4(void)
{
	struct ew_pkt_test t = { .src_mac = me, .dst_mac = cand, .src = ip("10.20.0.5"), .target = ip("192.0.2.1"),
				 .ip_id = 0x1234, .sport = 40001, .dport = EW_PKT_TEST_DPORT,
				 .cookie = { 9, 8, 7, 6, 5, 4, 3, 2 } };
	return t;
}

/* A time exceeded from `from` quoting `quote_len` bytes of the test packet's IP datagram. */
static size_t te4(uint8_t *out, const struct ew_pkt_test *t, const struct ew_mac *from, size_t quote_len)
{
	uint8_t pkt[EW_PKT_MAX];
	size_t n = ew_pkt_ttl1(pkt, sizeof pkt, t);
	size_t dlen = n - ETH_HLEN;
	if (quote_len > dlen)
		quote_len = dlen;
	size_t o = 0;
	memcpy(out, me.b, 6);
	memcpy(out + 6, from->b, 6);
	out[12] = 0x08, out[13] = 0x00;
	o = ETH_HLEN;
	uint8_t ih[IPV4_HLEN] = { 0x45, 0, 0, (uint8_t)(IPV4_HLEN + 8 + quote_len), 0, 0, 0, 0, 64, IPPROTO_NUM_ICMP, 0, 0,
				  10, 20, 0, 7, 10, 20, 0, 5 };
	memcpy(out + o, ih, sizeof ih);
	o += sizeof ih;
	uint8_t ic[8] = { ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, 0, 0, 0, 0, 0 };
	memcpy(out + o, ic, 8);
	o += 8;
	memcpy(out + o, pkt + ETH_HLEN, quote_len);
	return o + quote_len;
}

static struct ew_tematch *table(const struct ew_pkt_test *t)
{
	struct ew_tematch *m = calloc(1, sizeof *m);
	assert_non_null(m);
	ew_tematch_init(m);
	assert_true(ew_tematch_add(m, t));
	return m;
}

static void whole_quote_matches(void **state)
{
	(void)state;
	struct ew_pkt_test t = test4();
	struct ew_tematch *m = table(&t);
	uint8_t f[EW_PKT_MAX];
	size_t n = te4(f, &t, &cand, 1000), idx = 99;
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_MATCH);
	assert_int_equal(idx, 0);
	/* RFC 792: the IP header and 8 bytes (the UDP header) are enough */
	n = te4(f, &t, &cand, IPV4_HLEN + 8);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_MATCH);
	free(m);
}

static void forged_or_unrelated_does_not_count(void **state)
{
	(void)state;
	struct ew_pkt_test t = test4();
	struct ew_tematch *m = table(&t);
	uint8_t f[EW_PKT_MAX];
	size_t idx, n;
	/* from another MAC than the one the test went to */
	n = te4(f, &t, &other, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	/* quoting a packet with another cookie */
	struct ew_pkt_test u = t;
	u.cookie[0] ^= 1;
	n = te4(f, &u, &cand, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	/* another IP id, another port, another target */
	u = t;
	u.ip_id++;
	n = te4(f, &u, &cand, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	u = t;
	u.sport++;
	n = te4(f, &u, &cand, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	u = t;
	u.target = ip("198.51.100.1");
	n = te4(f, &u, &cand, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	/* a quote too short to hold the UDP ports */
	n = te4(f, &t, &cand, IPV4_HLEN + 4);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	/* not a time exceeded: a port unreachable quoting our packet */
	n = te4(f, &t, &cand, 1000);
	f[ETH_HLEN + IPV4_HLEN] = 3;
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_NONE);
	/* with an empty table nothing matches */
	ew_tematch_init(m);
	n = te4(f, &t, &cand, 1000);
	assert_int_equal(ew_tematch_frame(m, f, n, &idx), EW_TE_UNMATCHED);
	free(m);
}

static void every_cut_is_safe(void **state)
{
	(void)state;
	struct ew_pkt_test t = test4();
	struct ew_tematch *m = table(&t);
	uint8_t f[EW_PKT_MAX];
	size_t full = te4(f, &t, &cand, 1000), idx;
	for (size_t n = 0; n < full; n++) {
		uint8_t *copy = malloc(n ? n : 1); /* exact size: ASan sees any over-read */
		memcpy(copy, f, n);
		enum ew_te_result r = ew_tematch_frame(m, copy, n, &idx);
		/* a cut inside the cookie loses the cookie; a match still needs ports and id */
		if (n < ETH_HLEN + IPV4_HLEN + 8 + IPV4_HLEN + UDP_HLEN)
			assert_int_not_equal(r, EW_TE_MATCH);
		free(copy);
	}
	free(m);
}

static void ipv6_needs_the_cookie(void **state)
{
	(void)state;
	struct ew_pkt_test t = test4();
	t.src = ip("fe80::11:22ff:fe33:4455");
	t.target = ip("2001:db8::1");
	struct ew_tematch *m = table(&t);
	uint8_t pkt[EW_PKT_MAX], f[EW_PKT_MAX];
	size_t n = ew_pkt_ttl1(pkt, sizeof pkt, &t);
	size_t dlen = n - ETH_HLEN;
	memcpy(f, me.b, 6);
	memcpy(f + 6, cand.b, 6);
	f[12] = 0x86, f[13] = 0xdd;
	uint8_t ih[IPV6_HLEN] = { 0x60, 0, 0, 0, 0, (uint8_t)(8 + dlen), IPPROTO_NUM_ICMPV6, 64 };
	memcpy(ih + 8, (uint8_t[16]){ 0xfe, 0x80, [15] = 7 }, 16);
	memcpy(ih + 24, t.src.a, 16);
	memcpy(f + ETH_HLEN, ih, sizeof ih);
	uint8_t ic[8] = { ICMPV6_TIME_EXCEEDED, ICMPV6_EXC_HOPLIMIT };
	memcpy(f + ETH_HLEN + IPV6_HLEN, ic, 8);
	memcpy(f + ETH_HLEN + IPV6_HLEN + 8, pkt + ETH_HLEN, dlen);
	size_t len = ETH_HLEN + IPV6_HLEN + 8 + dlen, idx;
	assert_int_equal(ew_tematch_frame(m, f, len, &idx), EW_TE_MATCH);
	/* RFC 4443 quotes as much as fits: a quote without the cookie is not ours */
	assert_int_equal(ew_tematch_frame(m, f, len - EW_PKT_COOKIE_LEN - 4, &idx), EW_TE_UNMATCHED);
	free(m);
}

static void table_is_capped(void **state)
{
	(void)state;
	struct ew_tematch *m = calloc(1, sizeof *m);
	struct ew_pkt_test t = test4();
	ew_tematch_init(m);
	for (int i = 0; i < EW_TEMATCH_MAX; i++)
		assert_true(ew_tematch_add(m, &t));
	assert_false(ew_tematch_add(m, &t));
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_quote_matches),
		cmocka_unit_test(forged_or_unrelated_does_not_count),
		cmocka_unit_test(every_cut_is_safe),
		cmocka_unit_test(ipv6_needs_the_cookie),
		cmocka_unit_test(table_is_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
