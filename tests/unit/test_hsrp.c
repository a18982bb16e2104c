/* SPDX-License-Identifier: ISC */
/* test_hsrp.c - HSRP v1 and v2 through the entry point: fields, derived
 * virtual MACs, TLV walking, lying lengths, loops, truncation. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"
#include "udp_frame.h"

static const uint8_t v1_hello[] = {
	0x00,                               /* version 0 */
	0x00,                               /* opcode hello */
	0x10,                               /* state active */
	0x03,                               /* hellotime 3 s */
	0x0a,                               /* holdtime 10 s */
	0x78,                               /* priority 120 */
	0x01,                               /* group 1 */
	0x00,                               /* reserved */
	'c', 'i', 's', 'c', 'o', 0, 0, 0,   /* authentication data */
	0xc0, 0xa8, 0x01, 0xfe,             /* virtual IP 192.168.1.254 */
};

/* v2 over IPv4 (UDP 1985): group state TLV, then text authentication TLV. */
static const uint8_t v2_ipv4[] = {
	0x01, 0x28,                         /* group state TLV, length 40 */
	0x02,                               /*   version 2 */
	0x00,                               /*   opcode hello */
	0x06,                               /*   state active */
	0x04,                               /*   IP version 4 */
	0x00, 0x67,                         /*   group 103 */
	0x70, 0x0f, 0x6a, 0xef, 0xf5, 0xbf, /*   identifier */
	0x00, 0x00, 0x00, 0x6e,             /*   priority 110 */
	0x00, 0x00, 0x0b, 0xb8,             /*   hellotime 3000 ms */
	0x00, 0x00, 0x27, 0x10,             /*   holdtime 10000 ms */
	0x0a, 0x34, 0xfd, 0x7e,             /*   virtual IP 10.52.253.126 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /*   rest of the 16-byte field */
	0x03, 0x08, 'c', 'i', 's', 'c', 'o', 0, 0, 0, /* text authentication TLV */
};

static const struct ew_ev_hsrp *only_hsrp(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1);
	return &harness_first(h, EW_EV_HSRP)->u.hsrp;
}

static void assert_ip(const struct ew_ip *ip, const char *want)
{
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	assert_string_equal(s, want);
}

static void assert_mac(const struct ew_mac *m, const char *want)
{
	char s[EW_MAC_STRLEN];
	ew_mac_str(m, s);
	assert_string_equal(s, want);
}

static void v1_hello_decoded(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_hsrp, v1_hello, sizeof v1_hello);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 0);
	const struct ew_ev_hsrp *e = only_hsrp(h);
	assert_int_equal(e->version, 0);
	assert_int_equal(e->opcode, 0);
	assert_int_equal(e->state, 16);
	assert_int_equal(e->hellotime, 3);
	assert_int_equal(e->holdtime, 10);
	assert_int_equal(e->priority, 120);
	assert_int_equal(e->group, 1);
	assert_ip(&e->virtual_ip, "192.168.1.254");
	assert_true(e->has_virtual_mac);
	assert_mac(&e->virtual_mac, "00:00:0c:07:ac:01");
	assert_false(e->has_identifier);

	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_HSRP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "state_name", &v));
	assert_string_equal(json_object_get_string(v), "active");
	assert_true(json_object_object_get_ex(data, "opcode_name", &v));
	assert_string_equal(json_object_get_string(v), "hello");
	assert_true(json_object_object_get_ex(data, "virtual_mac", &v));
	assert_string_equal(json_object_get_string(v), "00:00:0c:07:ac:01");
	json_object_put(o);
	free(h);
}

static void v2_ipv4_decoded(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_hsrp, v2_ipv4, sizeof v2_ipv4);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 0);
	const struct ew_ev_hsrp *e = only_hsrp(h);
	assert_int_equal(e->version, 2);
	assert_int_equal(e->state, 6);
	assert_int_equal(e->group, 103);
	assert_int_equal(e->priority, 110);
	assert_int_equal(e->hellotime, 3000);
	assert_int_equal(e->holdtime, 10000);
	assert_ip(&e->virtual_ip, "10.52.253.126");
	assert_mac(&e->virtual_mac, "00:00:0c:9f:f0:67");
	assert_true(e->has_identifier);
	assert_mac(&e->identifier, "70:0f:6a:ef:f5:bf");

	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_HSRP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "state_name", &v));
	assert_string_equal(json_object_get_string(v), "active");
	json_object_put(o);
	free(h);
}

/* v2 over IPv6 (UDP 2029): interface state TLV alone makes no event; a
 * packet with two group state TLVs makes two. */
static void v2_ipv6_and_multiple_groups(void **state)
{
	(void)state;
	const uint8_t iface_only[] = { 0x02, 0x04, 0x00, 0x00, 0x00, 0x01 }; /* active 0, passive 1 */
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_hsrp, iface_only, sizeof iface_only);
	assert_int_equal(h->n, 0);

	uint8_t two[2 * 42];
	memcpy(two, v2_ipv4, 42);
	memcpy(two + 42, v2_ipv4, 42);
	two[42 + 5] = 0x06;                 /* second: IP version 6 */
	two[42 + 6] = 0x01;                 /* group 0x110 */
	two[42 + 7] = 0x10;
	const uint8_t v6[] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x73, 0xff, 0xfe, 0xa0, 0x00, 0x10 };
	memcpy(two + 42 + 26, v6, sizeof v6);
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, two, sizeof two);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 2);
	const struct ew_ev_hsrp *e = &h->ev[1].u.hsrp;
	assert_int_equal(e->group, 0x110);
	assert_ip(&e->virtual_ip, "fe80::5:73ff:fea0:10");
	assert_mac(&e->virtual_mac, "00:05:73:a0:01:10");
	free(h);
}

static void v1_advertise(void **state)
{
	(void)state;
	const uint8_t adv[] = {
		0x00, 0x03,                         /* version 0, opcode advertise */
		0x00, 0x01, 0x00, 0x0c,             /* interface state TLV type 1, length 12 */
		0x10, 0x00,                         /* state active, reserved */
		0x00, 0x01, 0x00, 0x00,             /* active groups 1, passive 0 */
		0x00, 0x00, 0x00, 0x00,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_hsrp, adv, sizeof adv);
	const struct ew_ev_hsrp *e = only_hsrp(h);
	assert_int_equal(e->opcode, 3);
	assert_int_equal(e->state, 16);
	assert_false(e->has_virtual_mac);
	free(h);
}

static void v2_hostile(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t pkt[sizeof v2_ipv4];
	/* group state TLV claims 48 bytes: runs into the auth TLV, then past the end */
	memcpy(pkt, v2_ipv4, sizeof pkt);
	pkt[1] = 0x30;
	harness_call(h, ew_dissect_hsrp, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1); /* 48 fit: fields read from the first 40 */
	pkt[1] = 0xff;
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	/* group state TLV too short */
	const uint8_t short_gs[] = { 0x01, 0x04, 0x02, 0x00, 0x06, 0x04 };
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, short_gs, sizeof short_gs);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	/* IP version 5, and group 5000 */
	memcpy(pkt, v2_ipv4, sizeof pkt);
	pkt[5] = 5;
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, pkt, sizeof pkt);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	memcpy(pkt, v2_ipv4, sizeof pkt);
	pkt[6] = 0x13;
	pkt[7] = 0x88;
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	/* 300 empty interface state TLVs: the walk is capped */
	uint8_t many[600];
	for (size_t i = 0; i < 300; i++) {
		many[2 * i] = 0x02;
		many[2 * i + 1] = 0x00;
	}
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, many, sizeof many);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	free(h);
}

static void truncations(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call_truncations(h, ew_dissect_hsrp, v1_hello, sizeof v1_hello);
	harness_call_truncations(h, ew_dissect_hsrp, v2_ipv4, sizeof v2_ipv4);
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, v1_hello, sizeof v1_hello - 1);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	harness_reset(h);
	harness_call(h, ew_dissect_hsrp, v1_hello, 0);
	assert_int_equal(harness_malformed(h, EW_P_HSRP), 1);
	free(h);
}

/* HSRP only in its whole shape (RFC 2281 §5: to 224.0.0.2, v2 224.0.0.102,
 * UDP 1985 at both ends, TTL 1 or, as Cisco sends v2, 255; IPv6: ff02::66,
 * 2029 at both ends, hop limit 255 or 1). A host whose ephemeral port is 1985 or 2029 sends ordinary
 * traffic: no HSRP event, nothing malformed. */
static void shape_group_ports_ttl(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const struct udp_shape v1 = { "10.20.0.2", "224.0.0.2", 1, 1985, 1985 };
	udp_frame_run(h, &v1, v1_hello, sizeof v1_hello);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1);
	const struct udp_shape v2 = { "10.20.0.2", "224.0.0.102", 1, 1985, 1985 };
	udp_frame_run(h, &v2, v2_ipv4, sizeof v2_ipv4);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1);
	assert_int_equal(harness_first(h, EW_EV_HSRP)->u.hsrp.group, 103);
	const struct udp_shape v2_ttl255 = { "10.52.253.125", "224.0.0.102", 255, 1985, 1985 }; /* Cisco v2 */
	udp_frame_run(h, &v2_ttl255, v2_ipv4, sizeof v2_ipv4);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1);
	const struct udp_shape v6 = { "fe80::5:73ff:fea0:10", "ff02::66", 255, 2029, 2029 };
	udp_frame_run(h, &v6, v2_ipv4, sizeof v2_ipv4);
	assert_int_equal(harness_count(h, EW_EV_HSRP), 1);

	const struct udp_shape ordinary[] = {
		{ "10.20.3.4", "10.20.0.5", 128, 1985, 53 },      /* ephemeral source 1985, unicast */
		{ "10.20.0.5", "10.20.3.4", 64, 53, 1985 },       /* the answer to it */
		{ "10.20.3.4", "10.20.0.9", 64, 1985, 1985 },     /* both 1985, unicast */
		{ "10.20.3.4", "224.0.0.2", 64, 1985, 1985 },     /* TTL neither 1 nor 255 */
		{ "10.20.3.4", "224.0.0.102", 128, 1985, 1985 },
		{ "10.20.3.4", "224.0.0.2", 1, 40000, 1985 },     /* one end only */
		{ "10.20.3.4", "224.0.0.251", 1, 1985, 1985 },    /* another group */
		{ "10.20.3.4", "224.0.0.2", 1, 2029, 2029 },      /* the IPv6 port over IPv4 */
		{ "fd20:20::34", "fd20:20::5", 64, 2029, 443 },   /* ephemeral 2029 over IPv6 */
		{ "fe80::1", "ff02::66", 255, 1985, 1985 },       /* IPv4's port to the IPv6 group */
		{ "fe80::1", "ff02::66", 64, 2029, 2029 },        /* hop limit */
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], v1_hello, sizeof v1_hello);
		udp_frame_assert_ordinary(h);
		static const uint8_t noise[] = { 0x00, 0x07, 0x99, 0x13, 0x42 }; /* v1 version 0, then cut */
		udp_frame_run(h, &ordinary[i], noise, sizeof noise);
		udp_frame_assert_ordinary(h);
	}
	free(h);
}

/* HSRPv2 numbers groups in 12 bits and carries a 32-bit priority: both
 * stay whole from the wire to the event JSON (issue 7 point 8). */
static void v2_wide_group_priority_json(void **state)
{
	(void)state;
	uint8_t pkt[sizeof v2_ipv4];
	memcpy(pkt, v2_ipv4, sizeof pkt);
	pkt[6] = 0x0f, pkt[7] = 0xa0;                       /* group 4000 */
	pkt[14] = 0x00, pkt[15] = 0x01, pkt[16] = 0x01, pkt[17] = 0x2c; /* priority 65836 */
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_hsrp, pkt, sizeof pkt);
	const struct ew_ev_hsrp *e = only_hsrp(h);
	assert_int_equal(e->group, 4000);
	assert_int_equal(e->priority, 65836);
	assert_mac(&e->virtual_mac, "00:00:0c:9f:ff:a0");
	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_HSRP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "group", &v));
	assert_int_equal(json_object_get_int64(v), 4000);
	assert_true(json_object_object_get_ex(data, "priority", &v));
	assert_int_equal(json_object_get_int64(v), 65836);
	json_object_put(o);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v1_hello_decoded),
		cmocka_unit_test(v2_ipv4_decoded),
		cmocka_unit_test(v2_ipv6_and_multiple_groups),
		cmocka_unit_test(v1_advertise),
		cmocka_unit_test(v2_hostile),
		cmocka_unit_test(truncations),
		cmocka_unit_test(shape_group_ports_ttl),
		cmocka_unit_test(v2_wide_group_priority_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
