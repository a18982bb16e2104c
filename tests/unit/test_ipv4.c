/* SPDX-License-Identifier: ISC */
/* test_ipv4.c - IPv4 and the TCP header it reads for its event: header checks,
 * options, lengths against the capture, fragments, IP-in-IP and its depth cap. */
#include "harness.h"

#include "event_json.h"

#define ETH_IP4                                                                                       \
	0x00, 0x00, 0x5e, 0x00, 0x01, 0x01, /* dst */                                                 \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */                                                 \
	0x08, 0x00                          /* IPv4 */

/* UDP 10.0.0.1:1234 -> 10.0.0.2:9, 4 bytes of data */
static const uint8_t UDP4[] = {
	ETH_IP4,
	0x45, 0x10, 0x00, 0x20, /* v4 IHL 5, tos 0x10, total 32 */
	0x12, 0x34, 0x40, 0x00, /* id 0x1234, DF, offset 0 */
	0x40, 0x11, 0x00, 0x00, /* ttl 64, UDP, checksum */
	10, 0, 0, 1,            /* src */
	10, 0, 0, 2,            /* dst */
	0x04, 0xd2, 0x00, 0x09, /* ports 1234 -> 9 */
	0x00, 0x0c, 0x00, 0x00, /* UDP length 12, checksum */
	'a', 'b', 'c', 'd',     /* data */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* Ethernet padding to 60: ignored */
};

/* TCP SYN 10.0.0.1:40000 -> 10.0.0.2:443, with 4 bytes of options (MSS) */
static const uint8_t SYN4[] = {
	ETH_IP4,
	0x45, 0x00, 0x00, 0x2c, /* total 44 */
	0x00, 0x01, 0x00, 0x00, /* id 1 */
	0x80, 0x06, 0x00, 0x00, /* ttl 128, TCP */
	10, 0, 0, 1, 10, 0, 0, 2,
	0x9c, 0x40, 0x01, 0xbb, /* ports 40000 -> 443 */
	0x00, 0x00, 0x00, 0x01, /* seq */
	0x00, 0x00, 0x00, 0x00, /* ack */
	0x60, 0x02,             /* data offset 6, flags SYN */
	0xff, 0xff, 0x00, 0x00, /* window, checksum */
	0x00, 0x00,             /* urgent */
	0x02, 0x04, 0x05, 0xb4, /* MSS 1460 */
};

static const char *json_of(const struct harness *h, size_t i, struct json_object **keep)
{
	*keep = ew_event_to_json(&h->frame[i], &h->ev[i]);
	return json_object_to_json_string_ext(*keep, JSON_C_TO_STRING_PLAIN);
}

static void udp_packet(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, UDP4, sizeof UDP4);
	assert_int_equal(h->n, 1);
	const struct ew_ev_ipv4 *e = &h->ev[0].u.ipv4;
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_int_equal(ew_ip4_u32(&e->src), 0x0a000001);
	assert_int_equal(ew_ip4_u32(&e->dst), 0x0a000002);
	assert_int_equal(e->ttl, 64);
	assert_int_equal(e->proto, 17);
	assert_int_equal(e->tos, 0x10);
	assert_int_equal(e->total_len, 32);
	assert_int_equal(e->id, 0x1234);
	assert_true(e->df);
	assert_false(e->mf);
	assert_int_equal(e->frag_offset, 0);
	assert_int_equal(e->options_len, 0);
	assert_true(e->has_ports);
	assert_int_equal(e->sport, 1234);
	assert_int_equal(e->dport, 9);
	const struct ew_frame *f = &h->frame[0];
	assert_int_equal(f->ip_version, 4);
	assert_true(ew_ip_eq(&f->ip_src, &e->src));
	assert_int_equal(f->ttl, 64);
	assert_int_equal(f->l4_proto, 17);
	assert_int_equal(f->sport, 1234);
	assert_int_equal(f->dport, 9);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);

	struct json_object *o;
	const char *s = json_of(h, 0, &o);
	assert_non_null(strstr(s, "\"data\":{\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\",\"ttl\":64,\"proto\":17,"
				  "\"tos\":16,\"total_len\":32,\"id\":4660,\"df\":true,\"mf\":false,"
				  "\"frag_offset\":0,\"options_len\":0,\"sport\":1234,\"dport\":9}"));
	json_object_put(o);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, UDP4, sizeof UDP4);
	free(h);
}

static void tcp_ports_and_flags(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, SYN4, sizeof SYN4);
	assert_int_equal(h->n, 1);
	const struct ew_ev_ipv4 *e = &h->ev[0].u.ipv4;
	assert_true(e->has_ports);
	assert_int_equal(e->sport, 40000);
	assert_int_equal(e->dport, 443);
	assert_true(e->has_tcp_flags);
	assert_int_equal(e->tcp_flags, 0x02);
	assert_int_equal(h->frame[0].dport, 443);
	assert_int_equal(h->d.stats.proto[EW_P_TCP], 1);
	struct json_object *o;
	assert_non_null(strstr(json_of(h, 0, &o), "\"sport\":40000,\"dport\":443,\"tcp_flags\":2}"));
	json_object_put(o);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, SYN4, sizeof SYN4);
	free(h);
}

static void tcp_bad_data_offset(void **state)
{
	(void)state;
	uint8_t f[sizeof SYN4];
	memcpy(f, SYN4, sizeof f);
	struct harness *h = harness_new();
	f[14 + 20 + 12] = 0x40; /* data offset 4: below the fixed header */
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_true(h->ev[0].u.ipv4.has_ports); /* the ports are still where they are */
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[1].u.malformed.proto, EW_P_TCP);
	assert_string_equal(h->ev[1].u.malformed.reason, "TCP data offset below 5");

	f[14 + 20 + 12] = 0xf0; /* data offset 15 = 60 bytes, the segment has 24 */
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 2);
	assert_string_equal(h->ev[1].u.malformed.reason, "TCP data offset beyond segment");

	/* the same header cut by the snaplen is not malformed */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, f, sizeof f, sizeof f + 36);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	free(h);
}

static void tcp_header_shorter_than_20(void **state)
{
	(void)state;
	/* the IP total length leaves 8 bytes for TCP: ports are read, then malformed */
	uint8_t f[sizeof SYN4];
	memcpy(f, SYN4, sizeof f);
	f[14 + 3] = 28; /* total 28 */
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 2);
	assert_true(h->ev[0].u.ipv4.has_ports);
	assert_int_equal(h->ev[0].u.ipv4.dport, 443);
	assert_string_equal(h->ev[1].u.malformed.reason, "truncated TCP header");
	/* a snaplen after the ports: ports kept, nothing malformed */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, SYN4, 14 + 20 + 4, sizeof SYN4);
	assert_int_equal(h->n, 1);
	assert_true(h->ev[0].u.ipv4.has_ports);
	assert_int_equal(h->ev[0].u.ipv4.sport, 40000);
	assert_false(h->ev[0].u.ipv4.has_tcp_flags); /* the flags byte was not captured */
	struct json_object *o;
	const char *s = json_of(h, 0, &o);
	assert_null(strstr(s, "tcp_flags"));
	json_object_put(o);
	/* a snaplen inside the ports: no ports, nothing malformed */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, SYN4, 14 + 20 + 3, sizeof SYN4);
	assert_int_equal(h->n, 1);
	assert_false(h->ev[0].u.ipv4.has_ports);
	free(h);
}

static void options_skipped_and_checked(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_IP4,
		0x47, 0x00, 0x00, 0x2c, /* IHL 7 (8 bytes of options), total 44 */
		0x00, 0x02, 0x00, 0x00,
		0x01, 0x11, 0x00, 0x00, /* ttl 1, UDP */
		10, 0, 0, 1, 10, 0, 0, 2,
		0x94, 0x04, 0x00, 0x00, /* router alert (RFC 2113): type 148, len 4 */
		0x01, 0x01, 0x00, 0x00, /* NOP, NOP, EOL, pad */
		0x04, 0xd2, 0x00, 0x09, /* UDP 1234 -> 9 (discard: no dissector) */
		0x00, 0x10, 0x00, 0x00, /* length 16 */
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	const struct ew_event *ev = harness_first(h, EW_EV_IPV4);
	assert_non_null(ev);
	assert_int_equal(ev->u.ipv4.options_len, 8);
	assert_int_equal(ev->u.ipv4.sport, 1234); /* ports found after the options */
	assert_int_equal(h->frame[0].dport, 9);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);

	/* an option whose length runs past the option area: event, then malformed */
	uint8_t g[sizeof f];
	memcpy(g, f, sizeof g);
	g[14 + 21] = 12; /* router alert length 12 > 8 */
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	assert_string_equal(h->ev[1].u.malformed.reason, "bad IPv4 option length");
	g[14 + 21] = 1; /* length 1: cannot cover its own type and length */
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	free(h);
}

static void header_checks(void **state)
{
	(void)state;
	uint8_t f[sizeof UDP4];
	struct harness *h = harness_new();
	struct {
		size_t at;
		uint8_t val;
		const char *reason;
	} cases[] = {
		{ 14, 0x55, "IPv4 version is not 4" },
		{ 14, 0x44, "IPv4 header length below 20" },
		{ 14 + 3, 19, "IPv4 total length below header length" },
		{ 14 + 3, 0, "IPv4 total length 0 (offload capture?)" },
		{ 14 + 3, 200, "IPv4 total length beyond captured frame" },
		{ 14, 0x4f, "IPv4 total length below header length" }, /* IHL 15 = 60 > total 32 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memcpy(f, UDP4, sizeof f);
		f[cases[i].at] = cases[i].val;
		harness_reset(h);
		harness_eth(h, f, sizeof f);
		assert_int_equal(h->n, 1);
		assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
		assert_int_equal(h->ev[0].u.malformed.proto, EW_P_IPV4);
		assert_string_equal(h->ev[0].u.malformed.reason, cases[i].reason);
		assert_int_equal(h->d.stats.proto[EW_P_UDP], 0);
	}
	free(h);
}

static void total_length_vs_capture(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	/* cut by the snaplen inside the UDP data: event, UDP reached, no malformed */
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, UDP4, 14 + 30, 100);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	/* the same bytes captured whole: the total length lies */
	harness_reset(h);
	harness_eth(h, UDP4, 14 + 30);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv4 total length beyond captured frame");
	/* a cut shorter than the shortfall does not explain it */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, UDP4, 14 + 30, 14 + 31);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	/* a snaplen inside the options: event without ports */
	uint8_t g[14 + 24 + 8] = { ETH_IP4, 0x46, 0, 0, 32, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, g, 14 + 22, sizeof g);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_false(h->ev[0].u.ipv4.has_ports);
	/* a snaplen inside the fixed header: nothing to say */
	harness_reset(h);
	harness_frame_cut(h, EW_LINKTYPE_ETHERNET, UDP4, 14 + 10, sizeof UDP4);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_IPV4], 1);
	free(h);
}

static void fragments(void **state)
{
	(void)state;
	/* first fragment: MF, offset 0; the UDP length counts the whole datagram */
	const uint8_t first[] = {
		ETH_IP4,
		0x45, 0x00, 0x00, 0x24, /* total 36 */
		0xab, 0xcd, 0x20, 0x00, /* id, MF, offset 0 */
		0x40, 0x11, 0x00, 0x00,
		10, 0, 0, 1, 10, 0, 0, 2,
		0x14, 0xe9, 0x14, 0xe9, /* 5353 -> 5353 */
		0x05, 0xc8, 0x00, 0x00, /* UDP length 1480: longer than this fragment */
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct harness *h = harness_new();
	harness_eth(h, first, sizeof first);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	const struct ew_ev_ipv4 *e = &h->ev[0].u.ipv4;
	assert_true(e->mf);
	assert_int_equal(e->frag_offset, 0);
	assert_true(e->has_ports);
	assert_int_equal(e->dport, 5353);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	assert_true(h->frame[0].ip_partial);

	/* a later fragment: the event, no ports, nothing above IP */
	uint8_t later[sizeof first];
	memcpy(later, first, sizeof later);
	later[14 + 6] = 0x00;
	later[14 + 7] = 0xb9; /* offset 185 (1480 bytes), last fragment */
	harness_reset(h);
	harness_eth(h, later, sizeof later);
	assert_int_equal(h->n, 1);
	e = &h->ev[0].u.ipv4;
	assert_int_equal(e->frag_offset, 185);
	assert_false(e->mf);
	assert_false(e->has_ports);
	assert_int_equal(h->frame[0].sport, 0);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 0);
	assert_int_equal(h->d.stats.proto[EW_P_TCP], 0);

	/* the same UDP length in an unfragmented packet is a lie */
	uint8_t whole[sizeof first];
	memcpy(whole, first, sizeof whole);
	whole[14 + 6] = 0x00;
	harness_reset(h);
	harness_eth(h, whole, sizeof whole);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_false(h->frame[0].ip_partial);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, first, sizeof first);
	free(h);
}

/* Writes a 20-byte IPv4 header (checksum 0, ttl 64) and returns its length. */
static size_t put_ip4(uint8_t *p, uint16_t total, uint8_t proto, uint8_t src_last, uint8_t dst_last)
{
	const uint8_t hdr[20] = {
		0x45, 0x00, (uint8_t)(total >> 8), (uint8_t)total, /* v4 IHL 5, total */
		0x00, 0x00, 0x00, 0x00,                             /* id, no fragment */
		0x40, proto, 0x00, 0x00,                            /* ttl 64, proto */
		10, 0, 0, src_last,                                 /* src 10.0.0.x */
		10, 0, 0, dst_last,                                 /* dst 10.0.0.y */
	};
	memcpy(p, hdr, sizeof hdr);
	return sizeof hdr;
}

static void ip_in_ip(void **state)
{
	(void)state;
	uint8_t f[14 + 20 + 20 + 12] = { ETH_IP4 };
	size_t o = 14;
	o += put_ip4(f + o, 52, 4, 1, 2);  /* outer 10.0.0.1 -> 10.0.0.2, IPIP */
	o += put_ip4(f + o, 32, 17, 3, 4); /* inner 10.0.0.3 -> 10.0.0.4, UDP */
	const uint8_t udp[] = { 0x02, 0x08, 0x02, 0x08, 0x00, 0x0c, 0x00, 0x00, 0, 0, 0, 0 }; /* RIP ports, length 12 */
	memcpy(f + o, udp, sizeof udp);
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 2);
	assert_int_equal(h->ev[0].u.ipv4.proto, 4);
	assert_false(h->ev[0].u.ipv4.has_ports);
	assert_int_equal(h->ev[0].u.ipv4.dst.a[3], 2);
	assert_int_equal(h->frame[0].ip_dst.a[3], 2); /* the frame as it was when the outer event went */
	assert_int_equal(h->ev[1].u.ipv4.dst.a[3], 4);
	assert_int_equal(h->ev[1].u.ipv4.dport, 520);
	/* the frame describes the innermost header reached */
	assert_int_equal(h->frame[1].ip_src.a[3], 3);
	assert_int_equal(h->frame[1].l4_proto, 17);
	assert_int_equal(h->d.stats.proto[EW_P_IPV4], 2);
	assert_int_equal(h->d.stats.proto[EW_P_UDP], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);

	/* an inner total length longer than the outer payload is malformed */
	f[14 + 20 + 3] = 60;
	harness_reset(h);
	harness_eth(h, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 1);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	free(h);
}

static void ipv6_in_ipv4(void **state)
{
	(void)state;
	uint8_t f[14 + 20 + 40] = { ETH_IP4 };
	put_ip4(f + 14, 60, 41, 1, 2); /* 6in4 */
	const uint8_t ip6[40] = {
		0x60, 0x00, 0x00, 0x00, /* v6 */
		0x00, 0x00, 0x3b, 0x40, /* payload 0, no next header, hop 64 */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 2001:db8::1 */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, /* 2001:db8::2 */
	};
	memcpy(f + 34, ip6, sizeof ip6);
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_int_equal(h->ev[1].type, EW_EV_IPV6);
	assert_int_equal(h->frame[1].ip_version, 6);
	assert_int_equal(h->frame[1].ttl, 64);
	free(h);
}

static void encapsulation_depth_capped(void **state)
{
	(void)state;
	/* outer + 5 nested IPv4 headers, all protocol 4 */
	enum { N = 6 };
	uint8_t f[14 + 20 * N] = { ETH_IP4 };
	for (size_t i = 0; i < N; i++)
		put_ip4(f + 14 + 20 * i, (uint16_t)(20 * (N - i)), 4, (uint8_t)i, (uint8_t)(i + 100));
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	/* the outer header and EW_ENCAP_MAX inner ones, then the cap */
	assert_int_equal(harness_count(h, EW_EV_IPV4), 1 + EW_ENCAP_MAX);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 1);
	assert_string_equal(h->ev[h->n - 1].u.malformed.reason, "encapsulation too deep");
	assert_int_equal(h->d.depth, 0); /* unwound */
	/* the next frame starts from depth 0 again */
	harness_eth(h, UDP4, sizeof UDP4);
	assert_int_equal(h->ev[h->n - 1].type, EW_EV_IPV4);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

static void icmp_is_dispatched(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_IP4,
		0x45, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00, /* ICMP, total 28 */
		10, 0, 0, 1, 10, 0, 0, 2,
		0x08, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, /* echo request id 7 seq 1 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* padding */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_false(h->ev[0].u.ipv4.has_ports);
	assert_int_equal(h->ev[1].type, EW_EV_ICMP);
	assert_int_equal(h->ev[1].u.icmp.id, 7);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(udp_packet),
		cmocka_unit_test(tcp_ports_and_flags),
		cmocka_unit_test(tcp_bad_data_offset),
		cmocka_unit_test(tcp_header_shorter_than_20),
		cmocka_unit_test(options_skipped_and_checked),
		cmocka_unit_test(header_checks),
		cmocka_unit_test(total_length_vs_capture),
		cmocka_unit_test(fragments),
		cmocka_unit_test(ip_in_ip),
		cmocka_unit_test(ipv6_in_ipv4),
		cmocka_unit_test(encapsulation_depth_capped),
		cmocka_unit_test(icmp_is_dispatched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
