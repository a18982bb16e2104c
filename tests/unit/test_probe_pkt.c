/* SPDX-License-Identifier: ISC */
/* test_probe_pkt.c - the stimuli's bytes: fields, checksums, destinations,
 * and the agent's own dissectors read each one back as what it claims. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "egresswatch/dissect.h"
#include "pkt.h"
#include "wire.h"

static const struct ew_mac me = { { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };
static const struct ew_mac cand = { { 0x00, 0x08, 0x74, 0xcc, 0x00, 0x01 } };

static struct ew_ip ip(const char *s)
{
	struct ew_ip a;
	assert_true(ew_ip_parse(s, &a));
	return a;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* The IPv4 header sums to 0xffff, and the L4 checksum verifies over the pseudo-header. */
static void check_ip4_sums(const uint8_t *f, size_t len)
{
	const uint8_t *ih = f + ETH_HLEN;
	assert_int_equal(ew_pkt_fold(ew_pkt_sum(ih, IPV4_HLEN, 0)), 0);
	size_t l4 = rd16(ih + 2) - IPV4_HLEN;
	assert_int_equal(ETH_HLEN + IPV4_HLEN + l4 <= len, 1);
	uint32_t s = ew_pkt_sum(ih + 12, 8, 0) + ih[9] + (uint32_t)l4;
	if (ih[9] != IPPROTO_NUM_ICMP)
		assert_int_equal(ew_pkt_fold(ew_pkt_sum(ih + IPV4_HLEN, l4, s)), 0);
	else
		assert_int_equal(ew_pkt_fold(ew_pkt_sum(ih + IPV4_HLEN, l4, 0)), 0);
}

static void check_ip6_sum(const uint8_t *f)
{
	const uint8_t *ih = f + ETH_HLEN;
	size_t l4 = rd16(ih + 4);
	uint32_t s = ew_pkt_sum(ih + 8, 32, 0) + ih[6] + (uint32_t)l4;
	assert_int_equal(ew_pkt_fold(ew_pkt_sum(ih + IPV6_HLEN, l4, s)), 0);
}

struct seen {
	int type[8];
	int n;
	struct ew_event last[8];
};
static void on_ev(const struct ew_frame *f, const struct ew_event *ev, void *u)
{
	struct seen *s = u;
	(void)f;
	if (s->n < 8) {
		s->last[s->n] = *ev;
		s->type[s->n++] = ev->type;
	}
}
static bool dissects_as(const uint8_t *f, size_t len, enum ew_event_type t, struct ew_event *out)
{
	struct ew_dissector d;
	struct seen s = { .n = 0 };
	ew_dissector_init(&d, on_ev, &s);
	ew_dissect_frame(&d, EW_LINKTYPE_ETHERNET, f, len, len, 1);
	for (int i = 0; i < s.n; i++) {
		assert_int_not_equal(s.type[i], EW_EV_MALFORMED);
		if (s.type[i] == (int)t) {
			if (out)
				*out = s.last[i];
			return true;
		}
	}
	return false;
}

static void dhcp_discover_is_a_discover_never_a_request(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	size_t n = ew_pkt_dhcp_discover(b, sizeof b, &me, 0x12345678);
	assert_true(n > 0);
	assert_memory_equal(b, "\xff\xff\xff\xff\xff\xff", 6);
	assert_memory_equal(b + 6, me.b, 6);
	assert_int_equal(rd16(b + 12), ETHERTYPE_IPV4);
	assert_int_equal(rd16(b + ETH_HLEN + IPV4_HLEN), DHCP4_CLIENT_PORT);
	assert_int_equal(rd16(b + ETH_HLEN + IPV4_HLEN + 2), DHCP4_SERVER_PORT);
	check_ip4_sums(b, n);
	struct ew_event ev;
	assert_true(dissects_as(b, n, EW_EV_DHCP4, &ev));
	assert_int_equal(ev.u.dhcp4.op, 1);
	assert_int_equal(ev.u.dhcp4.msg_type, DHCP4_DISCOVER);
	assert_int_equal(ev.u.dhcp4.xid, 0x12345678);
	assert_memory_equal(ev.u.dhcp4.chaddr.b, me.b, 6);
	assert_true(ew_ip_is_zero(&ev.u.dhcp4.requested_ip) || ev.u.dhcp4.requested_ip.family == 0);
	assert_int_equal(ew_pkt_dhcp_discover(b, 100, &me, 1), 0); /* too small: nothing */
}

static void dhcp6_solicit_to_all_servers(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	struct ew_ip ll = ip("fe80::11:22ff:fe33:4455");
	size_t n = ew_pkt_dhcp6_solicit(b, sizeof b, &me, &ll, 0xabcdef);
	assert_true(n > 0);
	assert_memory_equal(b, "\x33\x33\x00\x01\x00\x02", 6);
	check_ip6_sum(b);
	struct ew_event ev;
	assert_true(dissects_as(b, n, EW_EV_DHCP6, &ev));
	assert_int_equal(ev.u.dhcp6.msg_type, DHCP6_SOLICIT);
	assert_int_equal(ev.u.dhcp6.xid, 0xabcdef);
}

static void rs_and_irdp_solicitations(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	struct ew_ip ll = ip("fe80::11:22ff:fe33:4455"), a4 = ip("10.20.0.5");
	size_t n = ew_pkt_rs(b, sizeof b, &me, &ll);
	assert_int_equal(n, ETH_HLEN + IPV6_HLEN + 16);
	assert_int_equal(b[ETH_HLEN + 7], 255); /* RFC 4861 §4.1: hop limit 255 */
	assert_int_equal(b[ETH_HLEN + IPV6_HLEN], ICMPV6_ROUTER_SOLICIT);
	check_ip6_sum(b);
	assert_true(dissects_as(b, n, EW_EV_ND_RS, NULL));
	n = ew_pkt_irdp_solicit(b, sizeof b, &me, &a4);
	assert_int_equal(n, ETH_HLEN + IPV4_HLEN + 8);
	assert_int_equal(b[ETH_HLEN + 8], 1); /* TTL 1 */
	assert_int_equal(b[ETH_HLEN + IPV4_HLEN], ICMP_ROUTER_SOLICIT);
	check_ip4_sums(b, n);
	assert_true(dissects_as(b, n, EW_EV_IRDP_SOLICIT, NULL));
}

static void msearch_names_its_target(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	struct ew_ip a4 = ip("10.20.0.5");
	size_t n = ew_pkt_msearch(b, sizeof b, &me, &a4, 40000, "ssdp:all");
	assert_true(n > 0);
	check_ip4_sums(b, n);
	struct ew_event ev;
	assert_true(dissects_as(b, n, EW_EV_SSDP, &ev));
	assert_int_equal(ev.u.ssdp.kind, EW_SSDP_MSEARCH);
	assert_string_equal(ev.u.ssdp.st.s, "ssdp:all");
	assert_int_equal(rd16(b + ETH_HLEN + IPV4_HLEN), 40000);
}

static void arp_request_exact_bytes(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	struct ew_ip a4 = ip("10.20.0.5"), t = ip("10.20.0.7");
	size_t n = ew_pkt_arp_request(b, sizeof b, &me, &a4, &t);
	static const uint8_t want[42] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55,
					  0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0, 1, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55,
					  10, 20, 0, 5, 0, 0, 0, 0, 0, 0, 10, 20, 0, 7 };
	assert_int_equal(n, 60);
	assert_memory_equal(b, want, sizeof want);
	struct ew_event ev;
	assert_true(dissects_as(b, n, EW_EV_ARP, &ev));
	assert_int_equal(ev.u.arp.op, 1);
}

static void ttl1_test_goes_to_the_candidate_with_ttl_1(void **state)
{
	(void)state;
	uint8_t b[EW_PKT_MAX];
	struct ew_pkt_test t = { .src_mac = me, .dst_mac = cand, .src = ip("10.20.0.5"), .target = ip("192.0.2.1"),
				 .ip_id = 0xbeef, .sport = 40001, .dport = EW_PKT_TEST_DPORT,
				 .cookie = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	size_t n = ew_pkt_ttl1(b, sizeof b, &t);
	assert_int_equal(n, ETH_HLEN + IPV4_HLEN + UDP_HLEN + sizeof EW_PKT_TEST_TAG - 1 + EW_PKT_COOKIE_LEN);
	assert_memory_equal(b, cand.b, 6);
	assert_int_equal(b[ETH_HLEN + 8], 1);
	assert_int_equal(rd16(b + ETH_HLEN + 4), 0xbeef);
	assert_memory_equal(b + ETH_HLEN + 16, "\xc0\x00\x02\x01", 4);
	assert_memory_equal(b + n - 8, t.cookie, 8);
	check_ip4_sums(b, n);
	assert_true(dissects_as(b, n, EW_EV_IPV4, NULL));
	t.src = ip("fe80::1");
	t.target = ip("2001:db8::1");
	n = ew_pkt_ttl1(b, sizeof b, &t);
	assert_true(n > 0);
	assert_int_equal(b[ETH_HLEN + 7], 1); /* hop limit 1 */
	assert_int_equal(rd16(b + ETH_HLEN + 2), 0xbeef); /* flow label carries the id */
	check_ip6_sum(b);
	t.src = ip("10.20.0.5"); /* families must agree */
	assert_int_equal(ew_pkt_ttl1(b, sizeof b, &t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dhcp_discover_is_a_discover_never_a_request),
		cmocka_unit_test(dhcp6_solicit_to_all_servers),
		cmocka_unit_test(rs_and_irdp_solicitations),
		cmocka_unit_test(msearch_names_its_target),
		cmocka_unit_test(arp_request_exact_bytes),
		cmocka_unit_test(ttl1_test_goes_to_the_candidate_with_ttl_1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
