/* SPDX-License-Identifier: ISC */
/* test_icmpv6.c - Neighbor Discovery: RS, RA (every option), NS, NA, Redirect;
 * zero-length and lying options, caps, truncations, RFC 4861 validity checks.
 * The messages are fed straight to ew_dissect_icmpv6 (cursor at the ICMPv6
 * type byte) with the IPv6 facts the IPv6 layer would leave in d->frame. */
#include "harness.h"

#include "event_json.h"

/* fe80::1, ff02::1 */
static const uint8_t LL_ROUTER[16] = { 0xfe, 0x80, [15] = 1 };
static const uint8_t ALL_NODES[16] = { 0xff, 0x02, [15] = 1 };

struct ip_ctx {
	bool set;                  /* false: no IPv6 layer facts (frame left empty) */
	const uint8_t *src, *dst;
	uint8_t hop_limit;
};

static const struct ip_ctx ONLINK = { true, LL_ROUTER, ALL_NODES, 255 };

/* Copies the message into an exact-size allocation (ASan sees over-reads) and
 * dissects it. ND events hold no views into the message, so freeing is safe. */
static void feed_ip(struct harness *h, const uint8_t *b, size_t n, const struct ip_ctx *ip)
{
	harness_reset(h);
	if (ip->set) {
		struct ew_frame *f = &h->d.frame;
		f->ip_version = 6;
		f->ip_src = ew_ip6_from_bytes(ip->src);
		f->ip_dst = ew_ip6_from_bytes(ip->dst);
		f->ttl = ip->hop_limit;
		f->l4_proto = 58;
	}
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, b, n);
	struct ew_cursor c = ew_cur_make(copy, n);
	ew_dissect_icmpv6(&h->d, &c);
	free(copy);
}

static void feed(struct harness *h, const uint8_t *b, size_t n)
{
	feed_ip(h, b, n, &ONLINK);
}

static void assert_ip6(const struct ew_ip *ip, const char *text)
{
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	assert_string_equal(s, text);
}

static void assert_prefix(const struct ew_prefix *p, const char *text)
{
	char s[EW_PREFIX_STRLEN];
	ew_prefix_str(p, s);
	assert_string_equal(s, text);
}

static const char *malformed_reason(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_MALFORMED);
	if (!e)
		return NULL;
	assert_int_equal(e->u.malformed.proto, EW_P_ICMPV6);
	return e->u.malformed.reason;
}

/* ---- RA with every option ------------------------------------------------------ */
static const uint8_t RA_FULL[] = {
	0x86, 0x00, 0x00, 0x00,             /* type 134 RA, code 0, checksum (not checked) */
	0x40,                               /* cur hop limit 64 */
	0xec,                               /* M O H, Prf 01 (high), Proxy */
	0x07, 0x08,                         /* router lifetime 1800 */
	0x00, 0x00, 0x75, 0x30,             /* reachable 30000 ms */
	0x00, 0x00, 0x03, 0xe8,             /* retrans 1000 ms */
	/* off 16: source link-layer address, 1 unit */
	0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
	/* off 24: MTU 1454 (Flets PPPoE) */
	0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xae,
	/* off 32: prefix information, 4 units: /64, L+A, valid 3600, preferred 1800, 2408:1:: */
	0x03, 0x04, 0x40, 0xc0, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
	0x24, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* off 64: route information, 2 units: /48, Prf high, lifetime 3600, 2001:db8:1:: (8 bytes) */
	0x18, 0x02, 0x30, 0x08, 0x00, 0x00, 0x0e, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	/* off 80: route information, 1 unit: ::/0, Prf low (11), lifetime 300 */
	0x18, 0x01, 0x00, 0x18, 0x00, 0x00, 0x01, 0x2c,
	/* off 88: RDNSS, 5 units: lifetime 3600, 2404:1a8:7f01:a::3, 2404:1a8:7f01:b::3 */
	0x19, 0x05, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x10,
	0x24, 0x04, 0x01, 0xa8, 0x7f, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x24, 0x04, 0x01, 0xa8, 0x7f, 0x01, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	/* off 128: DNSSL, 5 units: lifetime 3600, flets-east.jp, example.com, 4 bytes padding */
	0x1f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x10,
	0x0a, 'f', 'l', 'e', 't', 's', '-', 'e', 'a', 's', 't', 0x02, 'j', 'p', 0x00,
	0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00,
	0x00, 0x00, 0x00, 0x00,
	/* off 168: PREF64, 2 units: scaled lifetime 225 (1800 s), PLC 1 (/64), 64:ff9b:: */
	0x26, 0x02, 0x07, 0x09, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* off 184: redirected header (not an RA option: ignored) */
	0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* off 192: unknown option 253, 1 unit: skipped */
	0xfd, 0x01, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00,
	/* end 200 */
};
/* where a truncated RA_FULL still ends on an option boundary */
static const size_t RA_FULL_BOUNDS[] = { 16, 24, 32, 64, 80, 88, 128, 168, 184, 192 };

static void ra_every_option(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	feed(h, RA_FULL, sizeof RA_FULL);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->d.stats.proto[EW_P_ICMPV6], 1);
	const struct ew_event *e = harness_first(h, EW_EV_ND_RA);
	assert_non_null(e);
	const struct ew_ev_nd_ra *ra = &e->u.ra;
	assert_int_equal(ra->cur_hop_limit, 64);
	assert_true(ra->managed && ra->other && ra->home_agent && ra->proxy);
	assert_int_equal(ra->preference, 1);
	assert_int_equal(ra->router_lifetime, 1800);
	assert_int_equal(ra->reachable, 30000);
	assert_int_equal(ra->retrans, 1000);
	assert_true(ra->has_src_lladdr);
	assert_int_equal(ra->src_lladdr.b[0], 0x00);
	assert_int_equal(ra->src_lladdr.b[5], 0x55);
	assert_true(ra->has_mtu);
	assert_int_equal(ra->mtu, 1454);
	assert_int_equal(ra->prefix_count, 1);
	assert_prefix(&ra->prefixes[0].prefix, "2408:1::/64");
	assert_true(ra->prefixes[0].onlink && ra->prefixes[0].autonomous);
	assert_int_equal(ra->prefixes[0].valid, 3600);
	assert_int_equal(ra->prefixes[0].preferred, 1800);
	assert_int_equal(ra->route_count, 2);
	assert_prefix(&ra->routes[0].prefix, "2001:db8:1::/48");
	assert_int_equal(ra->routes[0].preference, 1);
	assert_int_equal(ra->routes[0].lifetime, 3600);
	assert_prefix(&ra->routes[1].prefix, "::/0");
	assert_int_equal(ra->routes[1].preference, -1);
	assert_int_equal(ra->routes[1].lifetime, 300);
	assert_int_equal(ra->rdnss_count, 2);
	assert_ip6(&ra->rdnss[0], "2404:1a8:7f01:a::3");
	assert_ip6(&ra->rdnss[1], "2404:1a8:7f01:b::3");
	assert_int_equal(ra->rdnss_lifetime, 3600);
	assert_string_equal(ra->dnssl.s, "flets-east.jp,example.com");
	assert_false(ra->dnssl.truncated);
	assert_true(ra->has_pref64);
	assert_prefix(&ra->pref64, "64:ff9b::/64");
	assert_int_equal(ra->pref64_lifetime, 1800);
	assert_int_equal(ra->dropped, 0);

	/* the JSON writer */
	struct json_object *o = json_object_new_object();
	ew_json_nd_ra(e, o);
	const char *js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(strstr(js, "\"preference\":\"high\""));
	assert_non_null(strstr(js, "\"prefixes\":[{\"prefix\":\"2408:1::/64\",\"onlink\":true,\"autonomous\":true,"
				   "\"valid\":3600,\"preferred\":1800}]"));
	assert_non_null(strstr(js, "\"rdnss\":[\"2404:1a8:7f01:a::3\",\"2404:1a8:7f01:b::3\"]"));
	assert_non_null(strstr(js, "\"dnssl\":\"flets-east.jp,example.com\""));
	assert_non_null(strstr(js, "{\"prefix\":\"::/0\",\"preference\":\"low\",\"lifetime\":300}"));
	assert_non_null(strstr(js, "\"pref64\":{\"prefix\":\"64:ff9b::/64\",\"lifetime\":1800}"));
	assert_non_null(strstr(js, "\"src_lladdr\":\"00:11:22:33:44:55\""));
	assert_non_null(strstr(js, "\"mtu\":1454"));
	json_object_put(o);
	free(h);
}

/* Every cut of RA_FULL: below 16 bytes only a malformed event; from 16 on the
 * RA is reported, followed by a malformed event unless the cut falls on an
 * option boundary. Nothing past the cut is ever reported. */
static void ra_truncations(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t len = 0; len < sizeof RA_FULL; len++) {
		feed(h, RA_FULL, len);
		bool boundary = false;
		for (size_t i = 0; i < sizeof RA_FULL_BOUNDS / sizeof RA_FULL_BOUNDS[0]; i++)
			boundary |= RA_FULL_BOUNDS[i] == len;
		const struct ew_event *ra = harness_first(h, EW_EV_ND_RA);
		if (len < 16) {
			assert_null(ra);
			assert_int_equal(h->n, 1);
			assert_non_null(malformed_reason(h));
			continue;
		}
		assert_non_null(ra);
		assert_int_equal(harness_count(h, EW_EV_MALFORMED), boundary ? 0 : 1);
		assert_int_equal(ra->u.ra.has_mtu, len >= 32);
		assert_int_equal(ra->u.ra.prefix_count, len >= 64 ? 1 : 0);
		assert_int_equal(ra->u.ra.rdnss_count, len >= 128 ? 2 : 0);
		assert_int_equal(ra->u.ra.has_pref64, len >= 184);
	}
	free(h);
}

/* RFC 4861 §4.6: a zero-length option makes hosts discard the packet. The walk
 * stops there; what came before is reported, then the fault. */
static void ra_zero_length_option(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08, /* RA, hop limit 64, lifetime 1800 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reachable, retrans */
		0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* SLLA */
		0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xdc, /* MTU with length 0: stop */
		0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xae, /* a valid MTU: never reached */
	};
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_ND_RA);
	assert_true(h->ev[0].u.ra.has_src_lladdr);
	assert_false(h->ev[0].u.ra.has_mtu);
	assert_string_equal(malformed_reason(h), "ND option length zero");
	assert_int_equal(h->d.stats.malformed[EW_P_ICMPV6], 1);
	free(h);
}

/* 20 prefix options: 8 kept (EW_RA_PREFIX_MAX), 12 dropped. Built in a loop:
 * RA header, then option i = 3/4/64/L+A/valid 600/preferred 300/2001:db8:i::. */
static void ra_prefix_cap(void **state)
{
	(void)state;
	uint8_t b[16 + 20 * 32] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08, /* RA, lifetime 1800 */
	};
	for (int i = 0; i < 20; i++) {
		uint8_t *o = b + 16 + i * 32;
		o[0] = 3;           /* prefix information */
		o[1] = 4;           /* 4 units */
		o[2] = 64;          /* /64 */
		o[3] = 0xc0;        /* L A */
		o[7] = 0x58;        /* valid 600 (0x258) */
		o[6] = 0x02;
		o[11] = 0x2c;       /* preferred 300 (0x12c) */
		o[10] = 0x01;
		o[16] = 0x20;       /* 2001:db8:i:: */
		o[17] = 0x01;
		o[18] = 0x0d;
		o[19] = 0xb8;
		o[21] = (uint8_t)i;
	}
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 1);
	const struct ew_ev_nd_ra *ra = &h->ev[0].u.ra;
	assert_int_equal(ra->prefix_count, EW_RA_PREFIX_MAX);
	assert_int_equal(ra->dropped, 20 - EW_RA_PREFIX_MAX);
	assert_prefix(&ra->prefixes[7].prefix, "2001:db8:7::/64");
	assert_int_equal(ra->prefixes[7].valid, 600);
	assert_int_equal(ra->prefixes[7].preferred, 300);
	free(h);
}

/* Route information whose length does not fit its prefix length (RFC 4191 §2.3):
 * /64 in a 1-unit option, then /96 in a 2-unit option, then a 3-unit option
 * that runs past the message. The valid /56 between them is kept. */
static void ra_route_lying_length(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x18, 0x01, 0x40, 0x00, 0x00, 0x00, 0x0e, 0x10, /* len 1 but /64: bad, skipped */
		0x18, 0x02, 0x60, 0x00, 0x00, 0x00, 0x0e, 0x10, /* len 2 but /96: bad, skipped */
		0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0xff, 0xff,
		0x18, 0x02, 0x38, 0x00, 0x00, 0x00, 0x00, 0x3c, /* len 2, /56, medium, 60 s: kept */
		0x24, 0x08, 0x00, 0x02, 0x00, 0x03, 0x04, 0xff, /* 2408:2:3:4ff:: -> host bits zeroed */
		0x18, 0x03, 0x80, 0x00, 0x00, 0x00, 0x00, 0x3c, /* len 3 (24 bytes): only 8 here */
	};
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 2);
	const struct ew_ev_nd_ra *ra = &h->ev[0].u.ra;
	assert_int_equal(ra->route_count, 1);
	assert_prefix(&ra->routes[0].prefix, "2408:2:3:400::/56");
	assert_int_equal(ra->routes[0].preference, 0);
	assert_int_equal(ra->routes[0].lifetime, 60);
	/* the first fault is the one reported */
	assert_string_equal(malformed_reason(h), "route information prefix length inconsistent with option length");
	assert_int_equal(h->d.stats.malformed[EW_P_ICMPV6], 1);

	/* the same message cut inside the third option's declared length */
	feed(h, b, sizeof b - 4);
	assert_int_equal(harness_count(h, EW_EV_ND_RA), 1);
	assert_int_equal(h->ev[0].u.ra.route_count, 1);
	free(h);
}

/* Option lengths that break their type's rule: each is skipped with a fault,
 * later options are still read. Reserved PLC and route preference are ignored
 * without a fault (RFC 8781 §4, RFC 4191 §2.3). */
static void ra_bad_option_lengths(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x18, 0x00, 0x00, /* RA, Prf 11 (low), lifetime 0 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x19, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x10, /* RDNSS with even length 2: bad */
		0x24, 0x04, 0x01, 0xa8, 0x7f, 0x01, 0x00, 0x0a,
		0x03, 0x01, 0x40, 0xc0, 0x00, 0x00, 0x0e, 0x10, /* prefix information with length 1: bad */
		0x26, 0x02, 0x07, 0x0e, 0x20, 0x01, 0x0d, 0xb8, /* PREF64 PLC 6: ignored */
		0x00, 0x01, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x00,
		0x18, 0x01, 0x00, 0x10, 0x00, 0x00, 0x01, 0x2c, /* route ::/0 Prf 10 (reserved): ignored */
		0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* SLLA: still read */
		0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* SLLA of 2 units (not Ethernet): ignored */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 2);
	const struct ew_ev_nd_ra *ra = &h->ev[0].u.ra;
	assert_int_equal(ra->preference, -1);
	assert_int_equal(ra->router_lifetime, 0);
	assert_int_equal(ra->rdnss_count, 0);
	assert_int_equal(ra->prefix_count, 0);
	assert_false(ra->has_pref64);
	assert_int_equal(ra->route_count, 0);
	assert_true(ra->has_src_lladdr);
	assert_int_equal(ra->src_lladdr.b[0], 0x02);
	assert_int_equal(ra->src_lladdr.b[5], 0x01);
	assert_string_equal(malformed_reason(h), "RDNSS option length not odd and >= 3");
	free(h);
}

/* DNSSL: a compression pointer (0xc0, forbidden by RFC 8106 §5.2) is a fault;
 * names before it are kept. Then a list longer than the string cap: whole
 * names only, truncated flag and dropped count. */
static void ra_dnssl(void **state)
{
	(void)state;
	static const uint8_t ptr[] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x1f, 0x03, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, /* DNSSL, 3 units, lifetime infinite */
		0x03, 'l', 'a', 'n', 0x00,                      /* lan */
		0xc0, 0x0c,                                     /* pointer: forbidden */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct harness *h = harness_new();
	feed(h, ptr, sizeof ptr);
	assert_int_equal(h->n, 2);
	assert_string_equal(h->ev[0].u.ra.dnssl.s, "lan");
	assert_string_equal(malformed_reason(h), "DNSSL label length above 63");

	/* 40 names "nameNN.example.org" (19 bytes wire + 1 comma in text each):
	 * 40 * 20 = 800 bytes of option data, 101 units with header and padding */
	uint8_t big[16 + 8 + 40 * 20 + 8] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08,
	};
	uint8_t *o = big + 16;
	o[0] = 0x1f;
	o[1] = (uint8_t)((sizeof big - 16) / 8);
	size_t at = 8;
	for (int i = 0; i < 40; i++) {
		static const uint8_t tail[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0 };
		o[at++] = 6;
		memcpy(o + at, "name", 4);
		o[at + 4] = (uint8_t)('0' + i / 10);
		o[at + 5] = (uint8_t)('0' + i % 10);
		at += 6;
		memcpy(o + at, tail, sizeof tail);
		at += sizeof tail;
	}
	assert_true(16 + at <= sizeof big);
	feed(h, big, sizeof big);
	assert_int_equal(h->n, 1);
	const struct ew_ev_nd_ra *ra = &h->ev[0].u.ra;
	assert_true(ra->dnssl.truncated);
	/* "name00.example.org" is 18 chars; 14 names + 13 commas = 265 > 256, so 13 fit */
	assert_int_equal(ra->dnssl.len, 13 * 18 + 12);
	assert_int_equal(ra->dropped, 40 - 13);
	assert_int_equal(strncmp(ra->dnssl.s, "name00.example.org,name01.example.org", 37), 0);
	free(h);
}

/* RFC 4861 validity: hop limit below 255 (off-link sender), code not 0, a
 * source that is not link-local. The RA is reported with one fault. */
static void ra_validity(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t global[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct harness *h = harness_new();
	const struct ip_ctx hop254 = { true, LL_ROUTER, ALL_NODES, 254 };
	feed_ip(h, b, sizeof b, &hop254);
	assert_int_equal(harness_count(h, EW_EV_ND_RA), 1);
	assert_string_equal(malformed_reason(h), "ND hop limit not 255");

	const struct ip_ctx offlink = { true, global, ALL_NODES, 255 };
	feed_ip(h, b, sizeof b, &offlink);
	assert_string_equal(malformed_reason(h), "RA source not link-local");

	uint8_t code1[sizeof b];
	memcpy(code1, b, sizeof b);
	code1[1] = 1;
	feed(h, code1, sizeof code1);
	assert_string_equal(malformed_reason(h), "ND code not 0");

	/* without IPv6 facts only the message itself is checked */
	const struct ip_ctx none = { false, NULL, NULL, 0 };
	feed_ip(h, b, sizeof b, &none);
	assert_int_equal(h->n, 1);
	free(h);
}

/* 300 unknown one-unit options: the walk stops at EW_OPT_LOOP_MAX and counts it. */
static void ra_option_loop_cap(void **state)
{
	(void)state;
	static uint8_t b[16 + 300 * 8];
	memset(b, 0, sizeof b);
	b[0] = 0x86;
	for (int i = 0; i < 300; i++) {
		b[16 + i * 8] = 0xfe;     /* unknown type */
		b[16 + i * 8 + 1] = 1;    /* 1 unit */
	}
	/* option 256 would be a valid MTU: past the cap, so never read */
	b[16 + 255 * 8] = 5;
	b[16 + 255 * 8 + 7] = 0x80;
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.ra.dropped, 1);
	assert_false(h->ev[0].u.ra.has_mtu);
	free(h);
}

/* ---- RS, NS, NA, Redirect -------------------------------------------------------- */

static void rs(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x85, 0x00, 0x00, 0x00,                         /* type 133 RS */
		0x00, 0x00, 0x00, 0x00,                         /* reserved */
		0x01, 0x01, 0x00, 0x0c, 0x29, 0x90, 0x3a, 0x8b, /* SLLA 00:0c:29:90:3a:8b */
	};
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 1);
	const struct ew_event *e = harness_first(h, EW_EV_ND_RS);
	assert_non_null(e);
	assert_true(e->u.rs.has_src_lladdr);
	assert_int_equal(e->u.rs.src_lladdr.b[5], 0x8b);

	/* from :: an RS must not carry SLLA (RFC 4861 §6.1.1) */
	static const uint8_t unspec[16] = { 0 };
	const struct ip_ctx dad = { true, unspec, ALL_NODES, 255 };
	feed_ip(h, b, sizeof b, &dad);
	assert_int_equal(harness_count(h, EW_EV_ND_RS), 1);
	assert_string_equal(malformed_reason(h), "RS from :: with source link-layer address");

	for (size_t len = 0; len < sizeof b; len++) {
		feed(h, b, len);
		assert_int_equal(harness_count(h, EW_EV_ND_RS), len >= 8 ? 1 : 0);
		assert_int_equal(harness_count(h, EW_EV_MALFORMED), len == 8 ? 0 : 1);
	}
	free(h);
}

static const uint8_t NS[] = {
	0x87, 0x00, 0x00, 0x00,                         /* type 135 NS */
	0x00, 0x00, 0x00, 0x00,                         /* reserved */
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* target fe80::211:22ff:fe33:4455 */
	0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
	0x01, 0x01, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa, /* SLLA 00:66:77:88:99:aa */
};

static void ns(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	feed(h, NS, sizeof NS);
	assert_int_equal(h->n, 1);
	const struct ew_ev_nd_ns *e = &h->ev[0].u.ns;
	assert_int_equal(h->ev[0].type, EW_EV_ND_NS);
	assert_ip6(&e->target, "fe80::211:22ff:fe33:4455");
	assert_true(e->has_src_lladdr);
	assert_int_equal(e->src_lladdr.b[1], 0x66);
	for (size_t len = 0; len < sizeof NS; len++) {
		feed(h, NS, len);
		assert_int_equal(harness_count(h, EW_EV_ND_NS), len >= 24 ? 1 : 0);
		assert_int_equal(harness_count(h, EW_EV_MALFORMED), len == 24 ? 0 : 1);
	}
	/* a multicast target is invalid (RFC 4861 §7.1.1) */
	uint8_t mc[sizeof NS];
	memcpy(mc, NS, sizeof NS);
	mc[8] = 0xff;
	mc[9] = 0x02;
	feed(h, mc, sizeof mc);
	assert_string_equal(malformed_reason(h), "NS target is multicast");
	free(h);
}

static void na(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x88, 0x00, 0x00, 0x00,                         /* type 136 NA */
		0xe0, 0x00, 0x00, 0x00,                         /* R S O */
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* target 2001:db8::1 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x01, 0x01, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, /* SLLA: not an NA option, ignored */
		0x02, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* TLLA 00:11:22:33:44:55 */
	};
	static const uint8_t unicast[16] = { 0xfe, 0x80, [15] = 2 };
	const struct ip_ctx to_host = { true, LL_ROUTER, unicast, 255 };
	struct harness *h = harness_new();
	feed_ip(h, b, sizeof b, &to_host);
	assert_int_equal(h->n, 1);
	const struct ew_ev_nd_na *e = &h->ev[0].u.na;
	assert_true(e->router && e->solicited && e->override);
	assert_ip6(&e->target, "2001:db8::1");
	assert_true(e->has_tgt_lladdr);
	assert_int_equal(e->tgt_lladdr.b[0], 0x00);
	assert_int_equal(e->tgt_lladdr.b[5], 0x55);

	/* JSON */
	struct json_object *o = json_object_new_object();
	ew_json_nd_na(&h->ev[0], o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			    "{\"router\":true,\"solicited\":true,\"override\":true,\"target\":\"2001:db8::1\","
			    "\"tgt_lladdr\":\"00:11:22:33:44:55\"}");
	json_object_put(o);

	/* solicited to a multicast destination is invalid (RFC 4861 §7.1.2) */
	feed(h, b, sizeof b);
	assert_int_equal(harness_count(h, EW_EV_ND_NA), 1);
	assert_string_equal(malformed_reason(h), "solicited NA to multicast");

	for (size_t len = 0; len < sizeof b; len++) {
		feed_ip(h, b, len, &to_host);
		assert_int_equal(harness_count(h, EW_EV_ND_NA), len >= 24 ? 1 : 0);
		assert_int_equal(harness_count(h, EW_EV_MALFORMED), (len == 24 || len == 32) ? 0 : 1);
	}
	free(h);
}

static void redirect(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		0x89, 0x00, 0x00, 0x00,                         /* type 137 Redirect */
		0x00, 0x00, 0x00, 0x00,                         /* reserved */
		0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* target fe80::99 (better first hop) */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* destination 2001:db8::100 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
		0x02, 0x01, 0x00, 0x0c, 0x29, 0x00, 0x00, 0x99, /* TLLA 00:0c:29:00:00:99 */
		0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* redirected header, no data: skipped */
	};
	struct harness *h = harness_new();
	feed(h, b, sizeof b);
	assert_int_equal(h->n, 1);
	const struct ew_ev_nd_redirect *e = &h->ev[0].u.redirect;
	assert_int_equal(h->ev[0].type, EW_EV_ND_REDIRECT);
	assert_ip6(&e->target, "fe80::99");
	assert_ip6(&e->dest, "2001:db8::100");
	assert_true(e->has_tgt_lladdr);
	assert_int_equal(e->tgt_lladdr.b[5], 0x99);
	struct json_object *o = json_object_new_object();
	ew_json_nd_redirect(&h->ev[0], o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			    "{\"target\":\"fe80::99\",\"destination\":\"2001:db8::100\","
			    "\"tgt_lladdr\":\"00:0c:29:00:00:99\"}");
	json_object_put(o);
	for (size_t len = 0; len < sizeof b; len++) {
		feed(h, b, len);
		assert_int_equal(harness_count(h, EW_EV_ND_REDIRECT), len >= 40 ? 1 : 0);
		assert_int_equal(harness_count(h, EW_EV_MALFORMED), (len == 40 || len == 48) ? 0 : 1);
	}
	free(h);
}

/* Echo request, MLD query, destination unreachable: counted, no event. */
static void non_nd_types_counted_only(void **state)
{
	(void)state;
	static const uint8_t echo[] = { 0x80, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x01 };
	static const uint8_t mld[] = { 0x82, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00 };
	static const uint8_t unreach[] = { 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t short_hdr[] = { 0x86, 0x00, 0x00 };
	struct harness *h = harness_new();
	feed(h, echo, sizeof echo);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_ICMPV6], 1);
	feed(h, mld, sizeof mld);
	assert_int_equal(h->n, 0);
	feed(h, unreach, sizeof unreach);
	assert_int_equal(h->n, 0);
	feed(h, short_hdr, sizeof short_hdr);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h), "truncated ICMPv6 header");
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ra_every_option),
		cmocka_unit_test(ra_truncations),
		cmocka_unit_test(ra_zero_length_option),
		cmocka_unit_test(ra_prefix_cap),
		cmocka_unit_test(ra_route_lying_length),
		cmocka_unit_test(ra_bad_option_lengths),
		cmocka_unit_test(ra_dnssl),
		cmocka_unit_test(ra_validity),
		cmocka_unit_test(ra_option_loop_cap),
		cmocka_unit_test(rs),
		cmocka_unit_test(ns),
		cmocka_unit_test(na),
		cmocka_unit_test(redirect),
		cmocka_unit_test(non_nd_types_counted_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
