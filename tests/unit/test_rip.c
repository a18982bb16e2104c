/* SPDX-License-Identifier: ISC */
/* test_rip.c - RIP v1/v2 and RIPng through their entry points: routes,
 * default-route detection, authentication, partial entries, caps. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"
#include "udp_frame.h"

static const uint8_t v2_response[] = {
	0x02, 0x02, 0x00, 0x00,             /* response, version 2 */
	0x00, 0x02, 0x00, 0x00,             /* AFI IP, tag 0 */
	0x00, 0x00, 0x00, 0x00,             /*   0.0.0.0 */
	0x00, 0x00, 0x00, 0x00,             /*   mask 0.0.0.0 */
	0x00, 0x00, 0x00, 0x00,             /*   next hop: the sender */
	0x00, 0x00, 0x00, 0x01,             /*   metric 1 */
	0x00, 0x02, 0x00, 0x07,             /* AFI IP, tag 7 */
	0x0a, 0x01, 0x00, 0x00,             /*   10.1.0.0 */
	0xff, 0xff, 0x00, 0x00,             /*   /16 */
	0xc0, 0xa8, 0x01, 0x01,             /*   via 192.168.1.1 */
	0x00, 0x00, 0x00, 0x02,             /*   metric 2 */
};

static const struct ew_ev_rip *only_rip(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_RIP), 1);
	return &harness_first(h, EW_EV_RIP)->u.rip;
}

static const struct ew_ev_ripng *only_ripng(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_RIPNG), 1);
	return &harness_first(h, EW_EV_RIPNG)->u.ripng;
}

static void assert_prefix(const struct ew_prefix *p, const char *want)
{
	char s[EW_PREFIX_STRLEN];
	ew_prefix_str(p, s);
	assert_string_equal(s, want);
}

static void v2_response_with_default(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, v2_response, sizeof v2_response);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 0);
	const struct ew_ev_rip *r = only_rip(h);
	assert_int_equal(r->command, 2);
	assert_int_equal(r->version, 2);
	assert_false(r->authenticated);
	assert_true(r->has_default);
	assert_int_equal(r->entry_count, 2);
	assert_prefix(&r->entries[0].prefix, "0.0.0.0/0");
	assert_int_equal(r->entries[0].metric, 1);
	assert_int_equal(r->entries[0].next_hop.family, EW_AF_NONE);
	assert_prefix(&r->entries[1].prefix, "10.1.0.0/16");
	assert_int_equal(r->entries[1].tag, 7);
	char s[EW_IP_STRLEN];
	ew_ip_str(&r->entries[1].next_hop, s);
	assert_string_equal(s, "192.168.1.1");
	free(h);
}

static void v2_json(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, v2_response, sizeof v2_response);
	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_RIP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "has_default", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(data, "entries", &v));
	struct json_object *e = json_object_array_get_idx(v, 1), *f;
	assert_true(json_object_object_get_ex(e, "prefix", &f));
	assert_string_equal(json_object_get_string(f), "10.1.0.0/16");
	assert_true(json_object_object_get_ex(e, "next_hop", &f));
	assert_string_equal(json_object_get_string(f), "192.168.1.1");
	json_object_put(o);
	free(h);
}

/* v1 has no masks: 0.0.0.0 is /0, anything else /32. A default at metric
 * 16 (unreachable) is not an offered default. */
static void v1_prefixes(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0x01, 0x00, 0x00,             /* response, version 1 */
		0x00, 0x02, 0x00, 0x00, 0xc0, 0xa8, 0x05, 0x00, /* 192.168.5.0 */
		0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x03, /* metric 3 */
		0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0.0.0.0 */
		0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x10, /* metric 16 */
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	const struct ew_ev_rip *r = only_rip(h);
	assert_int_equal(r->version, 1);
	assert_int_equal(r->entry_count, 2);
	assert_prefix(&r->entries[0].prefix, "192.168.5.0/32");
	assert_prefix(&r->entries[1].prefix, "0.0.0.0/0");
	assert_false(r->has_default);
	free(h);
}

static void request_is_not_an_offer(void **state)
{
	(void)state;
	uint8_t pkt[sizeof v2_response];
	memcpy(pkt, v2_response, sizeof pkt);
	pkt[0] = 0x01; /* request */
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	assert_int_equal(only_rip(h)->command, 1);
	assert_false(only_rip(h)->has_default);
	free(h);
}

static void simple_password_skipped(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0x02, 0x00, 0x00,
		0xff, 0xff, 0x00, 0x02,             /* authentication, type 2: password */
		's', 'e', 'c', 'r', 'e', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x02, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, /* 10.0.0.0/8 */
		0xff, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	const struct ew_ev_rip *r = only_rip(h);
	assert_true(r->authenticated);
	assert_int_equal(r->entry_count, 1);
	assert_prefix(&r->entries[0].prefix, "10.0.0.0/8");
	free(h);
}

/* Keyed authentication (RFC 4822): the trailer is 24 bytes here
 * (HMAC-SHA1), not a whole entry; the packet length field cuts it off. */
static void keyed_auth_trailer(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0x02, 0x00, 0x00,
		0xff, 0xff, 0x00, 0x03,             /* authentication, type 3: keyed */
		0x00, 0x2c,                         /*   RIPv2 packet length 44 */
		0x01, 0x14,                         /*   key id 1, auth data length 20 */
		0x00, 0x00, 0x00, 0x05,             /*   sequence number */
		0, 0, 0, 0, 0, 0, 0, 0,             /*   reserved */
		0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0.0.0.0/0 */
		0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01,
		0xff, 0xff, 0x00, 0x01,             /* trailer: 4 + 20 digest bytes */
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 0);
	const struct ew_ev_rip *r = only_rip(h);
	assert_true(r->authenticated);
	assert_int_equal(r->entry_count, 1);
	assert_true(r->has_default);

	/* the packet length field lies (200) */
	uint8_t lie[sizeof pkt];
	memcpy(lie, pkt, sizeof lie);
	lie[9] = 200;
	harness_reset(h);
	harness_call(h, ew_dissect_rip, lie, sizeof lie);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 1);
	free(h);
}

static void partial_entry_is_malformed(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, v2_response, sizeof v2_response - 3);
	const struct ew_ev_rip *r = only_rip(h);
	assert_int_equal(r->entry_count, 1);
	assert_true(r->has_default);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 1);
	harness_call_truncations(h, ew_dissect_rip, v2_response, sizeof v2_response);
	harness_reset(h);
	harness_call(h, ew_dissect_rip, v2_response, 3);
	assert_int_equal(harness_count(h, EW_EV_RIP), 0);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 1);
	free(h);
}

static void bad_version_and_mask(void **state)
{
	(void)state;
	uint8_t pkt[sizeof v2_response];
	memcpy(pkt, v2_response, sizeof pkt);
	pkt[1] = 0; /* version 0: discarded */
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_RIP), 0);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 1);

	memcpy(pkt, v2_response, sizeof pkt);
	pkt[33] = 0xff; /* mask ff:ff:00:ff: not contiguous */
	pkt[35] = 0xff;
	harness_reset(h);
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	assert_prefix(&only_rip(h)->entries[1].prefix, "10.1.0.0/32");
	free(h);
}

/* 20 entries: 16 kept, 4 dropped; 300 entries: the walk stops at the cap. */
static void entries_capped(void **state)
{
	(void)state;
	uint8_t pkt[4 + 300 * 20];
	memset(pkt, 0, sizeof pkt);
	pkt[0] = 2;
	pkt[1] = 2;
	for (size_t i = 0; i < 300; i++) {
		uint8_t *e = pkt + 4 + 20 * i;
		e[1] = 2;                  /* AFI IP */
		e[4] = 10;                 /* 10.x.y.0/24 */
		e[5] = (uint8_t)(i >> 8);
		e[6] = (uint8_t)i;
		e[8] = e[9] = e[10] = 0xff;
		e[19] = 1;                 /* metric 1 */
	}
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_rip, pkt, 4 + 20 * 20);
	const struct ew_ev_rip *r = only_rip(h);
	assert_int_equal(r->entry_count, EW_ROUTE_MAX);
	assert_int_equal(r->dropped, 4);
	assert_false(r->has_default);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 0);
	harness_reset(h);
	harness_call(h, ew_dissect_rip, pkt, sizeof pkt);
	assert_int_equal(only_rip(h)->dropped, EW_OPT_LOOP_MAX - EW_ROUTE_MAX);
	assert_int_equal(harness_malformed(h, EW_P_RIP), 1);
	free(h);
}

/* ---- RIPng ---- */

static const uint8_t ripng_response[] = {
	0x02, 0x01, 0x00, 0x00,             /* response, version 1 */
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* fe80::1 */
	0x00, 0x00, 0x00, 0xff,             /*   next-hop entry (metric 0xff) */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* :: */
	0x00, 0x00, 0x00, 0x01,             /*   tag 0, /0, metric 1 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 2001:db8:: */
	0x00, 0x09, 0x20, 0x02,             /*   tag 9, /32, metric 2 */
};

static void ripng_response_with_default(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_ripng, ripng_response, sizeof ripng_response);
	assert_int_equal(harness_malformed(h, EW_P_RIPNG), 0);
	const struct ew_ev_ripng *r = only_ripng(h);
	assert_int_equal(r->command, 2);
	assert_int_equal(r->entry_count, 3);
	assert_true(r->has_default);
	assert_int_equal(r->entries[0].metric, 0xff);
	assert_prefix(&r->entries[0].prefix, "fe80::1/128");
	assert_prefix(&r->entries[1].prefix, "::/0");
	assert_prefix(&r->entries[2].prefix, "2001:db8::/32");
	assert_int_equal(r->entries[2].tag, 9);

	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_RIPNG)), *data, *v, *f;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "entries", &v));
	assert_true(json_object_object_get_ex(json_object_array_get_idx(v, 0), "next_hop", &f));
	assert_string_equal(json_object_get_string(f), "fe80::1");
	assert_true(json_object_object_get_ex(json_object_array_get_idx(v, 2), "prefix", &f));
	assert_string_equal(json_object_get_string(f), "2001:db8::/32");
	json_object_put(o);
	free(h);
}

static void ripng_hostile(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t pkt[sizeof ripng_response];
	/* prefix length 200 */
	memcpy(pkt, ripng_response, sizeof pkt);
	pkt[4 + 20 + 18] = 200;
	harness_call(h, ew_dissect_ripng, pkt, sizeof pkt);
	assert_int_equal(only_ripng(h)->entry_count, 2);
	assert_false(only_ripng(h)->has_default);
	assert_int_equal(harness_malformed(h, EW_P_RIPNG), 1);
	/* version 2 */
	memcpy(pkt, ripng_response, sizeof pkt);
	pkt[1] = 2;
	harness_reset(h);
	harness_call(h, ew_dissect_ripng, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_RIPNG), 0);
	/* ::/0 at metric 16 */
	memcpy(pkt, ripng_response, sizeof pkt);
	pkt[4 + 20 + 19] = 16;
	harness_reset(h);
	harness_call(h, ew_dissect_ripng, pkt, sizeof pkt);
	assert_false(only_ripng(h)->has_default);
	/* trailing partial entry and every truncation */
	harness_reset(h);
	harness_call(h, ew_dissect_ripng, ripng_response, sizeof ripng_response - 1);
	assert_int_equal(only_ripng(h)->entry_count, 2);
	assert_int_equal(harness_malformed(h, EW_P_RIPNG), 1);
	harness_call_truncations(h, ew_dissect_ripng, ripng_response, sizeof ripng_response);
	free(h);
}

/* ---- shape (RFC 2453 §3.9, RFC 2080 §2.4) ---- */

/* whole-table request: one entry, AFI 0, metric 16 (RFC 2453 §3.9.1) */
static const uint8_t v2_request[] = {
	0x01, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x10,
};

/* Between two 520 ports to 224.0.0.9, a broadcast or a neighbour: RIP. A
 * request from any port to 520 (rtquery), and the answer from 520 to the
 * requester's port: RIP. A response from another port (§3.9.2: ignored),
 * another group, or an ephemeral 520 carrying anything else: ordinary. */
static void rip_shape(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const struct udp_shape rip[] = {
		{ "10.20.0.254", "224.0.0.9", 1, 520, 520 },
		{ "10.20.0.254", "255.255.255.255", 1, 520, 520 },
		{ "10.20.0.254", "10.20.255.255", 64, 520, 520 },  /* v1 directed broadcast */
		{ "10.20.0.254", "10.20.0.1", 64, 520, 520 },      /* a neighbour */
		{ "10.20.0.254", "10.20.3.4", 64, 520, 40000 },    /* answer to rtquery */
	};
	for (size_t i = 0; i < sizeof rip / sizeof rip[0]; i++) {
		udp_frame_run(h, &rip[i], v2_response, sizeof v2_response);
		assert_int_equal(harness_count(h, EW_EV_RIP), 1);
		assert_int_equal(h->d.stats.malformed[EW_P_RIP], 0);
	}
	/* a request from any port reaching 520, even from off the link: read,
	 * and not evidence of routing (only responses are) */
	const struct udp_shape query = { "192.0.2.7", "10.20.0.254", 60, 40000, 520 };
	udp_frame_run(h, &query, v2_request, sizeof v2_request);
	assert_int_equal(harness_count(h, EW_EV_RIP), 1);
	assert_int_equal(harness_first(h, EW_EV_RIP)->u.rip.command, 1);

	const struct udp_shape ordinary[] = {
		{ "10.20.3.4", "10.20.0.254", 64, 40000, 520 },   /* a response not from 520 */
		{ "10.20.3.4", "224.0.0.9", 1, 40000, 520 },
		{ "10.20.0.254", "224.0.0.5", 1, 520, 520 },      /* not RIP's group */
		{ "10.20.0.254", "224.0.0.9", 1, 520, 40000 },    /* answers are unicast */
		{ "fe80::1", "ff02::9", 255, 520, 520 },          /* RIP is IPv4 */
	};
	static const uint8_t noise[] = { 0x02, 0x09, 0x71, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x01 };
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], v2_response, sizeof v2_response);
		udp_frame_assert_ordinary(h);
		udp_frame_run(h, &ordinary[i], noise, sizeof noise);
		udp_frame_assert_ordinary(h);
	}
	/* ephemeral 520 to a unicast peer: an answer to a query would be RIP, but
	 * bytes that are not a RIP response header are ordinary */
	const struct udp_shape ephemeral = { "10.20.3.4", "10.20.0.5", 128, 520, 53 };
	udp_frame_run(h, &ephemeral, noise, sizeof noise);
	udp_frame_assert_ordinary(h);
	udp_frame_run(h, &ephemeral, v2_request, sizeof v2_request);
	udp_frame_assert_ordinary(h);
	/* a request's shape not kept from an ephemeral port: version 7, bytes 2-3 set, no entry */
	uint8_t bad[sizeof v2_request];
	const size_t cut[] = { 1, 2, 3 };
	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		memcpy(bad, v2_request, sizeof bad);
		bad[cut[i]] = 7;
		udp_frame_run(h, &query, bad, sizeof bad);
		udp_frame_assert_ordinary(h);
	}
	udp_frame_run(h, &query, v2_request, 4);
	udp_frame_assert_ordinary(h);
	free(h);
}

/* RIPng: between two 521 ports from a link-local address with hop limit 255
 * (RFC 2080 §2.4.2), to ff02::9 or a neighbour; requests from any port. */
static void ripng_shape(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const struct udp_shape ok[] = {
		{ "fe80::1", "ff02::9", 255, 521, 521 },
		{ "fe80::1", "fe80::2", 255, 521, 521 },
		{ "fe80::1", "fd20:20::34", 64, 521, 40000 },     /* answer to a query */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		udp_frame_run(h, &ok[i], ripng_response, sizeof ripng_response);
		assert_int_equal(harness_count(h, EW_EV_RIPNG), 1);
	}
	const struct udp_shape ordinary[] = {
		{ "fe80::1", "ff02::9", 64, 521, 521 },           /* hop limit */
		{ "fd20:20::1", "ff02::9", 255, 521, 521 },       /* not link-local */
		{ "fe80::1", "ff02::9", 255, 40000, 521 },        /* a response not from 521 */
		{ "fe80::1", "ff02::1", 255, 521, 521 },          /* not RIPng's group */
		{ "10.20.0.254", "224.0.0.9", 255, 521, 521 },    /* RIPng is IPv6 */
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], ripng_response, sizeof ripng_response);
		udp_frame_assert_ordinary(h);
	}
	const struct udp_shape ephemeral = { "fd20:20::34", "fd20:20::5", 64, 521, 53 };
	static const uint8_t noise[] = { 0x02, 0x02, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x01 };
	udp_frame_run(h, &ephemeral, noise, sizeof noise);
	udp_frame_assert_ordinary(h);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v2_response_with_default),
		cmocka_unit_test(v2_json),
		cmocka_unit_test(v1_prefixes),
		cmocka_unit_test(request_is_not_an_offer),
		cmocka_unit_test(simple_password_skipped),
		cmocka_unit_test(keyed_auth_trailer),
		cmocka_unit_test(partial_entry_is_malformed),
		cmocka_unit_test(bad_version_and_mask),
		cmocka_unit_test(entries_capped),
		cmocka_unit_test(ripng_response_with_default),
		cmocka_unit_test(ripng_hostile),
		cmocka_unit_test(rip_shape),
		cmocka_unit_test(ripng_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
