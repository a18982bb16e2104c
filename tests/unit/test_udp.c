/* SPDX-License-Identifier: ISC */
/* test_udp.c - UDP: header and length checks against the IP payload and the
 * capture, frame ports, and the choice of application dissector by the
 * datagram's whole shape: an ephemeral port that collides with a well-known
 * one is ordinary traffic. */
#include "harness.h"
#include "udp_frame.h"

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
	assert_int_equal(h->d.stats.proto[EW_P_SSDP], 1);
	/* the IPv4 event carries the same ports */
	const struct ew_event *ev = harness_first(h, EW_EV_IPV4);
	assert_non_null(ev);
	assert_int_equal(ev->u.ipv4.dport, 1900);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, SSDP, sizeof SSDP);
	free(h);
}

/* Every port a dissector of ours answers to, used by ordinary hosts as an
 * ephemeral source or destination with a unicast peer and an ordinary TTL:
 * random bytes, a unicast DNS query, a DNS answer, HTTP-ish text. None is
 * given to a protocol, none is malformed (issue 7: eight false HSRP routers
 * from one capture where hosts' random source ports were 1985). */
static void collisions_are_ordinary(void **state)
{
	(void)state;
	static const uint16_t ports[] = { 67, 68, 520, 521, 546, 547, 1900, 1985, 2029, 5353 };
	static const uint8_t dns_query[] = {
		0x4a, 0x21, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* id, RD, 1 question */
		0x03, 'e', 'm', 'r', 0x08, 'h', 'o', 's', 'p', 'i', 't', 'a', 'l', 0x00,
		0x00, 0x01, 0x00, 0x01, /* A IN */
	};
	static const uint8_t dns_answer[] = {
		0x4a, 0x21, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x03, 'e', 'm', 'r', 0x08, 'h', 'o', 's', 'p', 'i', 't', 'a', 'l', 0x00, 0x00, 0x01, 0x00, 0x01,
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04, 10, 20, 0, 10,
	};
	static const char http[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
	uint8_t noise[64];
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (uint8_t)(i * 167 + 13); /* bytes of no protocol */
	const struct {
		const void *p;
		size_t n;
	} payloads[] = {
		{ noise, sizeof noise },
		{ dns_query, sizeof dns_query },
		{ dns_answer, sizeof dns_answer },
		{ http, sizeof http - 1 },
		{ NULL, 0 },
	};
	const struct {
		const char *a, *b;
		uint8_t ttl;
	} peers[] = {
		{ "10.20.3.4", "10.20.0.5", 128 },
		{ "10.20.3.4", "203.0.113.9", 64 },
		{ "fd20:20::34", "fd20:20::5", 64 },
		{ "fe80::1234", "fe80::5", 64 },
	};
	struct harness *h = harness_new();
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++)
		for (size_t j = 0; j < sizeof payloads / sizeof payloads[0]; j++)
			for (size_t k = 0; k < sizeof peers / sizeof peers[0]; k++)
				for (int dir = 0; dir < 2; dir++) {
					/* the host's ephemeral port is ours: as source, then as the
					 * destination of the peer's answer */
					struct udp_shape s = { peers[k].a, peers[k].b, peers[k].ttl, ports[i], 53 };
					if (dir) {
						s = (struct udp_shape){ peers[k].b, peers[k].a, peers[k].ttl, 53, ports[i] };
						s.sport = j == 3 ? 80 : 443;
					}
					udp_frame_run(h, &s, payloads[j].p, payloads[j].n);
					udp_frame_assert_ordinary(h);
					struct ew_cursor pc = ew_cur_make(payloads[j].p, payloads[j].n);
					assert_int_equal(ew_udp_app(&h->d.frame, &pc), EW_P_UDP);
				}
	free(h);
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
	assert_int_equal(h->d.stats.proto[EW_P_DHCP6], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ssdp_port_reached),
		cmocka_unit_test(collisions_are_ordinary),
		cmocka_unit_test(length_checks),
		cmocka_unit_test(udp_over_ipv6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
