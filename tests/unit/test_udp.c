/* SPDX-License-Identifier: ISC */
/* test_udp.c - UDP: header and length checks against the IP payload and the
 * capture, frame ports, and the choice of application dissector by port. */
#include "harness.h"

#define ETH_IP4                                                                                       \
	0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa, /* dst 239.255.255.250 group */                          \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */                                                 \
	0x08, 0x00                          /* IPv4 */

/* SSDP NOTIFY start line: 192.168.1.20:50000 -> 239.255.255.250:1900 */
static const uint8_t SSDP[] = {
	ETH_IP4,
	0x45, 0x00, 0x00, 0x2d,                         /* v4, total 45 */
	0x00, 0x00, 0x00, 0x00, 0x04, 0x11, 0x00, 0x00, /* ttl 4, UDP */
	192, 168, 1, 20,                                /* src */
	239, 255, 255, 250,                             /* dst */
	0xc3, 0x50, 0x07, 0x6c,                         /* 50000 -> 1900 */
	0x00, 0x19, 0x00, 0x00,                         /* length 25 */
	'N', 'O', 'T', 'I', 'F', 'Y', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', /* 17 bytes */
};

#define UDP_AT (14 + 20)

static void ssdp_port_reached(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, SSDP, sizeof SSDP);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	assert_int_equal(h->d.stats.proto[EW_P_IPV4], 1);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	assert_int_equal(h->d.frame.sport, 50000);
	assert_int_equal(h->d.frame.dport, 1900);
	assert_int_equal(h->d.frame.l4_proto, 17);
	assert_int_equal(ew_udp_app(50000, 1900), EW_P_SSDP);
	/* the IPv4 event carries the same ports */
	const struct ew_event *ev = harness_first(h, EW_EV_IPV4);
	assert_non_null(ev);
	assert_int_equal(ev->u.ipv4.dport, 1900);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, SSDP, sizeof SSDP);
	free(h);
}

static void port_table(void **state)
{
	(void)state;
	const struct {
		uint16_t port;
		enum ew_proto p;
	} t[] = {
		{ 67, EW_P_DHCP4 },   { 68, EW_P_DHCP4 },  { 546, EW_P_DHCP6 }, { 547, EW_P_DHCP6 },
		{ 1900, EW_P_SSDP },  { 5353, EW_P_MDNS }, { 520, EW_P_RIP },   { 521, EW_P_RIPNG },
		{ 1985, EW_P_HSRP },  { 2029, EW_P_HSRP }, { 53, EW_P_UDP },    { 0, EW_P_UDP },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		/* either direction: requests go to the port, replies come from it */
		assert_int_equal(ew_udp_app(49152, t[i].port), t[i].p);
		assert_int_equal(ew_udp_app(t[i].port, 49152), t[i].p);
		assert_int_equal(ew_udp_app(t[i].port, t[i].port), t[i].p);
	}
	/* both ports ours and different: the lower (well-known) one wins */
	assert_int_equal(ew_udp_app(5353, 1900), EW_P_SSDP);
	assert_int_equal(ew_udp_app(1900, 520), EW_P_RIP);
	assert_int_equal(ew_udp_app(547, 68), EW_P_DHCP4);
	assert_int_equal(ew_udp_app(2029, 1985), EW_P_HSRP);
	/* an unknown lower port does not hide a known higher one */
	assert_int_equal(ew_udp_app(53, 5353), EW_P_MDNS);
}

static void length_checks(void **state)
{
	(void)state;
	uint8_t f[sizeof SSDP];
	struct harness *h = harness_new();

	memcpy(f, SSDP, sizeof f);
	f[UDP_AT + 5] = 7; /* length 7: below the header */
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_int_equal(h->ev[1].u.malformed.proto, EW_P_UDP);
	assert_string_equal(h->ev[1].u.malformed.reason, "UDP length below 8");
	assert_int_equal(h->d.frame.dport, 1900); /* the ports were read */

	memcpy(f, SSDP, sizeof f);
	f[UDP_AT + 5] = 26; /* length 26: one byte past the IP payload */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_string_equal(h->ev[1].u.malformed.reason, "UDP length beyond IP payload");

	/* the same cut by the snaplen is not malformed */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, SSDP, sizeof SSDP - 5, sizeof SSDP);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);

	/* a length shorter than the IP payload confines the payload, silently */
	memcpy(f, SSDP, sizeof f);
	f[UDP_AT + 5] = 8;
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);

	/* a UDP header the IP payload does not hold */
	memcpy(f, SSDP, sizeof f);
	f[14 + 3] = 20 + 6; /* IP total 26: 6 bytes of UDP */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_string_equal(h->ev[1].u.malformed.reason, "truncated UDP header");
	/* but the IPv4 event still had the ports */
	assert_true(h->ev[0].u.ipv4.has_ports);
	free(h);
}

static void udp_over_ipv6(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0x33, 0x33, 0x00, 0x01, 0x00, 0x02, /* dst */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */
		0x86, 0xdd,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 17, 1, /* payload 12, UDP, hop limit 1 */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  /* fe80::1 */
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2,  /* ff02::1:2 */
		0x02, 0x22, 0x02, 0x23, 0x00, 0x0c, 0x00, 0x00, /* 546 -> 547, length 12 */
		0x01, 0x00, 0x00, 0x01,                         /* DHCPv6 Solicit start */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	assert_int_equal(h->d.frame.sport, 546);
	assert_int_equal(h->d.frame.dport, 547);
	assert_int_equal(ew_udp_app(546, 547), EW_P_DHCP6);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ssdp_port_reached),
		cmocka_unit_test(port_table),
		cmocka_unit_test(length_checks),
		cmocka_unit_test(udp_over_ipv6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
