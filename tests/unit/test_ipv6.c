/* SPDX-License-Identifier: ISC */
/* test_ipv6.c - IPv6: fixed header, lengths against the capture, the extension
 * header chain (each kind, AH's own length unit, fragments, the cap, a chain
 * longer than the cap), jumbograms, IPv6-in-IPv6 and its depth cap. */
#include "harness.h"

#include "event_json.h"

#define ETH_IP6                                                                                       \
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01, /* dst */                                                 \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */                                                 \
	0x86, 0xdd                          /* IPv6 */

#define SRC6 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 /* fe80::211:22ff:fe33:4455 */
#define DST6 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01                        /* ff02::1 */

/* UDP fe80::211:22ff:fe33:4455:1234 -> ff02::1:9 (no dissector), flow label 0x12345 */
static const uint8_t UDP6[] = {
	ETH_IP6,
	0x60, 0x01, 0x23, 0x45, /* v6, traffic class 0, flow label 0x12345 */
	0x00, 0x0c, 0x11, 0xff, /* payload 12, UDP, hop limit 255 */
	SRC6, DST6,
	0x04, 0xd2, 0x00, 0x09, /* ports 1234 -> 9 */
	0x00, 0x0c, 0x00, 0x00, /* length 12, checksum */
	1, 2, 3, 4,             /* data */
};

static void udp_packet(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, UDP6, sizeof UDP6);
	assert_int_equal(h->n, 1);
	const struct ew_ev_ipv6 *e = &h->ev[0].u.ipv6;
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(e->src.family, EW_AF_INET6);
	assert_int_equal(e->src.a[15], 0x55);
	assert_int_equal(e->dst.a[0], 0xff);
	assert_int_equal(e->hop_limit, 255);
	assert_int_equal(e->next_header, 17);
	assert_int_equal(e->payload_len, 12);
	assert_int_equal(e->ext_count, 0);
	assert_false(e->fragment);
	assert_int_equal(e->flow_label, 0x12345);
	assert_true(e->has_ports);
	assert_int_equal(e->sport, 1234);
	const struct ew_frame *f = &h->frame[0];
	assert_int_equal(f->ip_version, 6);
	assert_int_equal(f->ttl, 255);
	assert_int_equal(f->l4_proto, 17);
	assert_int_equal(f->dport, 9);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	struct json_object *o = ew_event_to_json(&h->frame[0], &h->ev[0]);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(s, "\"data\":{\"src\":\"fe80::211:22ff:fe33:4455\",\"dst\":\"ff02::1\",\"hop_limit\":255,"
				  "\"next_header\":17,\"payload_len\":12,\"ext_count\":0,\"fragment\":false,"
				  "\"first_fragment\":false,\"flow_label\":74565,\"sport\":1234,\"dport\":9}"));
	json_object_put(o);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, UDP6, sizeof UDP6);
	free(h);
}

static void header_and_length_checks(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t f[sizeof UDP6];
	memcpy(f, UDP6, sizeof f);
	f[14] = 0x40; /* version 4 in an IPv6 ethertype */
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv6 version is not 6");

	memcpy(f, UDP6, sizeof f);
	f[14 + 5] = 40; /* payload length 40, 12 captured */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv6 payload length beyond captured frame");
	/* the same, cut by the snaplen: the captured part is dissected */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, f, sizeof f, sizeof f + 28);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(h->ev[0].u.ipv6.payload_len, 40);

	/* a shorter payload length: captured bytes past it are padding */
	memcpy(f, UDP6, sizeof f);
	f[14 + 5] = 8; /* payload 8: the UDP header only, whose length says 12 */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[1].u.malformed.proto, EW_P_UDP);

	/* a snaplen inside the fixed header: nothing to report */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, UDP6, 14 + 30, sizeof UDP6);
	assert_int_equal(h->n, 0);
	harness_reset(h);
	harness_eth(h, UDP6, 14 + 30);
	assert_string_equal(h->ev[0].u.malformed.reason, "truncated IPv6 header");
	free(h);
}

/* hop-by-hop, routing, destination options, AH, then TCP */
static const uint8_t CHAIN[] = {
	ETH_IP6,
	0x60, 0x00, 0x00, 0x00,
	0x00, 0x54, 0x00, 0x40, /* payload 84, next hop-by-hop, hop limit 64 */
	SRC6, DST6,
	/* hop-by-hop (8 bytes) */
	43, 0,                              /* next routing, length 0 (8 bytes) */
	0x05, 0x02, 0x00, 0x00,             /* router alert (RFC 2711) */
	0x01, 0x00,                         /* PadN 0 */
	/* routing (24 bytes) */
	60, 2,                              /* next destination options, length 2 (24 bytes) */
	0, 1,                               /* type 0, segments left 1 */
	0, 0, 0, 0,                         /* reserved */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x99, /* address */
	/* destination options (8 bytes) */
	51, 0,                              /* next AH */
	0x01, 0x04, 0, 0, 0, 0,             /* PadN 4 */
	/* AH (RFC 4302): length in 32-bit words minus 2; 4 -> 24 bytes */
	6, 4,                               /* next TCP, payload len 4 */
	0, 0,                               /* reserved */
	0, 0, 0x10, 0x01,                   /* SPI */
	0, 0, 0, 1,                         /* sequence */
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, /* ICV, 96 bits */
	/* TCP (20 bytes) */
	0x00, 0x16, 0xc3, 0x50,             /* 22 -> 50000 */
	0, 0, 0, 1, 0, 0, 0, 1,             /* seq, ack */
	0x50, 0x12,                         /* offset 5, SYN+ACK */
	0xff, 0xff, 0, 0, 0, 0,             /* window, checksum, urgent */
};

static void extension_chain(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, CHAIN, sizeof CHAIN);
	assert_int_equal(h->n, 1);
	const struct ew_ev_ipv6 *e = &h->ev[0].u.ipv6;
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(e->ext_count, 4);
	assert_int_equal(e->next_header, 6);
	assert_true(e->has_ports);
	assert_int_equal(e->sport, 22);
	assert_int_equal(e->dport, 50000);
	assert_int_equal(e->tcp_flags, 0x12);
	assert_int_equal(h->frame[0].l4_proto, 6);
	assert_int_equal(h->d.stats.proto[EW_P_TCP], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, CHAIN, sizeof CHAIN);

	/* a truncated extension header in a whole frame is malformed */
	uint8_t f[sizeof CHAIN];
	memcpy(f, CHAIN, sizeof f);
	f[14 + 40 + 8 + 1] = 20; /* routing length 20 = 168 bytes */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "truncated IPv6 extension header");
	/* cut by the snaplen inside the chain: the event, without an upper layer */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, CHAIN, 14 + 40 + 20, sizeof CHAIN);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(h->ev[0].u.ipv6.ext_count, 1);
	assert_false(h->ev[0].u.ipv6.has_ports);
	assert_int_equal(h->d.stats.proto[EW_P_TCP], 0);
	free(h);
}

static void hop_by_hop_must_be_first(void **state)
{
	(void)state;
	uint8_t f[sizeof CHAIN];
	memcpy(f, CHAIN, sizeof f);
	f[14 + 40 + 8] = 0; /* the routing header says hop-by-hop follows */
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv6 hop-by-hop header not first");
	free(h);
}

/* n destination options headers of 8 bytes each, then No Next Header */
static size_t dstopts_chain(uint8_t *f, size_t cap, unsigned n)
{
	const uint8_t hdr[] = { ETH_IP6, 0x60, 0, 0, 0, 0, 0, 60 /* dest opts */, 64, SRC6, DST6 };
	assert_true(sizeof hdr + 8 * n <= cap);
	memcpy(f, hdr, sizeof hdr);
	size_t o = sizeof hdr;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t opt[8] = { i + 1 < n ? 60 : 59, 0, 0x01, 0x04, 0, 0, 0, 0 }; /* next, len 0, PadN 4 */
		memcpy(f + o, opt, sizeof opt);
		o += sizeof opt;
	}
	uint16_t plen = (uint16_t)(8 * n);
	f[14 + 4] = (uint8_t)(plen >> 8);
	f[14 + 5] = (uint8_t)plen;
	return o;
}

static void chain_cap(void **state)
{
	(void)state;
	uint8_t f[14 + 40 + 8 * 64];
	struct harness *h = harness_new();
	size_t n = dstopts_chain(f, sizeof f, EW_IP6_EXT_MAX);
	harness_eth(h, f, n);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(h->ev[0].u.ipv6.ext_count, EW_IP6_EXT_MAX);
	assert_int_equal(h->ev[0].u.ipv6.next_header, 59);
	assert_false(h->ev[0].u.ipv6.has_ports);

	n = dstopts_chain(f, sizeof f, EW_IP6_EXT_MAX + 1);
	harness_reset(h);
	harness_eth(h, f, n);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "too many IPv6 extension headers");

	/* an over-long chain (64 headers): stops at the cap all the same */
	n = dstopts_chain(f, sizeof f, 64);
	harness_reset(h);
	harness_eth(h, f, n);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, n);
	free(h);
}

static void fragment_header(void **state)
{
	(void)state;
	const uint8_t first[] = {
		ETH_IP6,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 44, 64, /* payload 24, next fragment */
		SRC6, DST6,
		17, 0,                  /* next UDP, reserved */
		0x00, 0x01,             /* offset 0, M */
		0xde, 0xad, 0xbe, 0xef, /* identification */
		0x02, 0x22, 0x02, 0x23, /* UDP 546 -> 547 */
		0x05, 0x00, 0x00, 0x00, /* length 1280: the whole datagram */
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct harness *h = harness_new();
	harness_eth(h, first, sizeof first);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	const struct ew_ev_ipv6 *e = &h->ev[0].u.ipv6;
	assert_true(e->fragment);
	assert_true(e->first_fragment);
	assert_int_equal(e->ext_count, 1);
	assert_int_equal(e->next_header, 17);
	assert_true(e->has_ports);
	assert_int_equal(e->dport, 547);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, first, sizeof first);

	uint8_t later[sizeof first];
	memcpy(later, first, sizeof later);
	later[14 + 40 + 2] = 0x05;
	later[14 + 40 + 3] = 0x08; /* offset 161 (1288 bytes), last */
	harness_reset(h);
	harness_eth(h, later, sizeof later);
	assert_int_equal(h->n, 1);
	e = &h->ev[0].u.ipv6;
	assert_true(e->fragment);
	assert_false(e->first_fragment);
	assert_int_equal(e->next_header, 17); /* what the fragment header names */
	assert_false(e->has_ports);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 0);
	free(h);
}

static void esp_and_no_next_header_stop(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_IP6,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 50, 64, /* payload 16, ESP */
		SRC6, DST6,
		0x00, 0x00, 0x10, 0x01, 0, 0, 0, 1, /* SPI, sequence */
		0x00, 0x35, 0x00, 0x35, 0, 0, 0, 0, /* encrypted: must not be read as ports */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.ipv6.next_header, 50);
	assert_false(h->ev[0].u.ipv6.has_ports);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 0);
	free(h);
}

static void jumbo_payload(void **state)
{
	(void)state;
	/* RFC 2675: payload length 0, hop-by-hop with a Jumbo Payload option */
	const uint8_t f[] = {
		ETH_IP6,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 64, /* payload 0, hop-by-hop */
		SRC6, DST6,
		17, 0,                          /* next UDP, length 0 */
		0xc2, 4, 0x00, 0x01, 0x00, 0x18, /* jumbo payload length 65560 */
		0x04, 0xd2, 0x00, 0x09, 0x00, 0x0c, 0x00, 0x00, 1, 2, 3, 4, /* UDP 1234 -> 9, length 12 */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_int_equal(h->ev[0].u.ipv6.payload_len, 0);
	assert_int_equal(h->ev[0].u.ipv6.dport, 9);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);

	/* payload length 0 with a hop-by-hop header but no jumbo option */
	uint8_t g[sizeof f];
	memcpy(g, f, sizeof g);
	g[14 + 42] = 0x01; /* PadN instead */
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv6 payload length 0 without jumbo option");

	/* payload length 0 without hop-by-hop: an empty payload */
	memcpy(g, f, sizeof g);
	g[14 + 6] = 17;
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->ev[0].type, EW_EV_IPV6);
	assert_false(h->ev[0].u.ipv6.has_ports);
	assert_int_equal(h->ev[1].u.malformed.proto, EW_P_UDP);
	free(h);
}

static void ipv6_in_ipv6_and_depth(void **state)
{
	(void)state;
	enum { N = 6 };
	uint8_t f[14 + 40 * N] = { ETH_IP6 };
	for (size_t i = 0; i < N; i++) {
		uint16_t plen = (uint16_t)(40 * (N - 1 - i));
		const uint8_t hdr[40] = {
			0x60, 0, 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen,
			i + 1 < N ? 41 : 59, /* next: IPv6, the last none */
			(uint8_t)(64 - i), SRC6, DST6,
		};
		memcpy(f + 14 + 40 * i, hdr, sizeof hdr);
	}
	struct harness *h = harness_new();
	/* the outer header and EW_ENCAP_MAX inner ones, then the cap */
	harness_eth(h, f + 0, 14 + 40 * N);
	assert_int_equal(harness_count(h, EW_EV_IPV6), 1 + EW_ENCAP_MAX);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_string_equal(h->ev[h->n - 1].u.malformed.reason, "encapsulation too deep");
	/* the last event's frame describes the innermost header reached */
	assert_int_equal(h->frame[EW_ENCAP_MAX].ttl, 64 - EW_ENCAP_MAX);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);

	/* IPv4 in IPv6 */
	uint8_t g[14 + 40 + 20] = { ETH_IP6, 0x60, 0, 0, 0, 0, 20, 4 /* IPIP */, 64, SRC6, DST6,
				    0x45, 0, 0, 20, 0, 0, 0, 0, 9, 59, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[1].type, EW_EV_IPV4);
	assert_int_equal(h->frame[1].ip_version, 4);
	assert_int_equal(h->frame[1].ttl, 9);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(udp_packet),
		cmocka_unit_test(header_and_length_checks),
		cmocka_unit_test(extension_chain),
		cmocka_unit_test(hop_by_hop_must_be_first),
		cmocka_unit_test(chain_cap),
		cmocka_unit_test(fragment_header),
		cmocka_unit_test(esp_and_no_next_header_stop),
		cmocka_unit_test(jumbo_payload),
		cmocka_unit_test(ipv6_in_ipv6_and_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
