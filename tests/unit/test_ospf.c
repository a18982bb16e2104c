/* SPDX-License-Identifier: ISC */
/* test_ospf.c - OSPF v2/v3 Hello through the entry point: fields, the
 * declared length as the bound, non-Hello packets, lying lengths, caps. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"

static const uint8_t v2_hello[] = {
	0x02, 0x01, 0x00, 0x30,             /* version 2, Hello, length 48 */
	0xc0, 0xa8, 0x01, 0x01,             /* router id 192.168.1.1 */
	0x00, 0x00, 0x00, 0x00,             /* area 0.0.0.0 */
	0x00, 0x00, 0x00, 0x00,             /* checksum, autype 0 */
	0, 0, 0, 0, 0, 0, 0, 0,             /* authentication */
	0xff, 0xff, 0xff, 0x00,             /* network mask /24 */
	0x00, 0x0a,                         /* hello interval 10 */
	0x02,                               /* options: E */
	0x01,                               /* router priority 1 */
	0x00, 0x00, 0x00, 0x28,             /* dead interval 40 */
	0xc0, 0xa8, 0x01, 0x01,             /* DR 192.168.1.1 */
	0x00, 0x00, 0x00, 0x00,             /* BDR none */
	0xc0, 0xa8, 0x01, 0x02,             /* neighbor 192.168.1.2 */
	/* after the declared length: LLS block, not part of the Hello */
	0xff, 0xf6, 0x00, 0x03, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
};

static const uint8_t v3_hello[] = {
	0x03, 0x01, 0x00, 0x28,             /* version 3, Hello, length 40 */
	0x01, 0x01, 0x01, 0x01,             /* router id 1.1.1.1 */
	0x00, 0x00, 0x00, 0x01,             /* area 0.0.0.1 */
	0x00, 0x00, 0x00, 0x00,             /* checksum, instance 0, reserved */
	0x00, 0x00, 0x00, 0x05,             /* interface id 5 */
	0x07,                               /* router priority 7 */
	0x00, 0x00, 0x13,                   /* options V6|E|R */
	0x00, 0x0a,                         /* hello interval 10 */
	0x00, 0x28,                         /* dead interval 40 */
	0x01, 0x01, 0x01, 0x01,             /* DR 1.1.1.1 */
	0x02, 0x02, 0x02, 0x02,             /* BDR 2.2.2.2 */
	0x02, 0x02, 0x02, 0x02,             /* neighbor 2.2.2.2 */
};

static const struct ew_ev_ospf_hello *only_hello(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_OSPF_HELLO), 1);
	return &harness_first(h, EW_EV_OSPF_HELLO)->u.ospf;
}

static void assert_ip(const struct ew_ip *ip, const char *want)
{
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	assert_string_equal(s, want);
}

static void v2_hello_decoded(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_ospf, v2_hello, sizeof v2_hello);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 0);
	const struct ew_ev_ospf_hello *o = only_hello(h);
	assert_int_equal(o->version, 2);
	assert_ip(&o->router_id, "192.168.1.1");
	assert_ip(&o->area_id, "0.0.0.0");
	assert_ip(&o->mask, "255.255.255.0");
	assert_int_equal(o->hello_interval, 10);
	assert_int_equal(o->priority, 1);
	assert_int_equal(o->dead_interval, 40);
	assert_ip(&o->dr, "192.168.1.1");
	assert_ip(&o->bdr, "0.0.0.0");
	assert_int_equal(o->neighbor_count, 1); /* the LLS block is not a neighbor */

	struct json_object *j = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_OSPF_HELLO)), *data, *v;
	assert_true(json_object_object_get_ex(j, "data", &data));
	assert_true(json_object_object_get_ex(data, "mask", &v));
	assert_string_equal(json_object_get_string(v), "255.255.255.0");
	assert_true(json_object_object_get_ex(data, "dr", &v));
	assert_string_equal(json_object_get_string(v), "192.168.1.1");
	json_object_put(j);
	free(h);
}

static void v3_hello_decoded(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	h->d.frame.ip_version = 6;
	harness_call(h, ew_dissect_ospf, v3_hello, sizeof v3_hello);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 0);
	const struct ew_ev_ospf_hello *o = only_hello(h);
	assert_int_equal(o->version, 3);
	assert_ip(&o->router_id, "1.1.1.1");
	assert_ip(&o->area_id, "0.0.0.1");
	assert_int_equal(o->mask.family, EW_AF_NONE);
	assert_int_equal(o->priority, 7);
	assert_int_equal(o->hello_interval, 10);
	assert_int_equal(o->dead_interval, 40);
	assert_ip(&o->dr, "1.1.1.1");
	assert_ip(&o->bdr, "2.2.2.2");
	assert_int_equal(o->neighbor_count, 1);
	free(h);
}

static void other_types_counted_only(void **state)
{
	(void)state;
	uint8_t pkt[sizeof v2_hello];
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[1] = 2; /* Database Description */
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_OSPF], 1);
	free(h);
}

static void lengths_lie(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t pkt[sizeof v2_hello];
	/* length beyond the capture */
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[2] = 0x01;
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_OSPF_HELLO), 0);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	/* length shorter than the header */
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[3] = 20;
	harness_reset(h);
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	/* length cuts the Hello body short */
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[3] = 30;
	harness_reset(h);
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_OSPF_HELLO), 0);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	/* neighbor list not whole addresses */
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[3] = 46;
	harness_reset(h);
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(only_hello(h)->neighbor_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	/* unknown version */
	memcpy(pkt, v2_hello, sizeof pkt);
	pkt[0] = 4;
	harness_reset(h);
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(h->n, 1);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	free(h);
}

/* 300 neighbors: the count saturates at 255. */
static void neighbor_count_saturates(void **state)
{
	(void)state;
	uint8_t pkt[44 + 300 * 4];
	memset(pkt, 0, sizeof pkt);
	memcpy(pkt, v2_hello, 44);
	pkt[2] = (uint8_t)(sizeof pkt >> 8);
	pkt[3] = (uint8_t)sizeof pkt;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_ospf, pkt, sizeof pkt);
	assert_int_equal(only_hello(h)->neighbor_count, 255);
	free(h);
}

static void truncations(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call_truncations(h, ew_dissect_ospf, v2_hello, sizeof v2_hello);
	harness_call_truncations(h, ew_dissect_ospf, v3_hello, sizeof v3_hello);
	harness_reset(h);
	harness_call(h, ew_dissect_ospf, v3_hello, sizeof v3_hello - 1);
	assert_int_equal(harness_count(h, EW_EV_OSPF_HELLO), 0);
	assert_int_equal(harness_malformed(h, EW_P_OSPF), 1);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v2_hello_decoded),
		cmocka_unit_test(v3_hello_decoded),
		cmocka_unit_test(other_types_counted_only),
		cmocka_unit_test(lengths_lie),
		cmocka_unit_test(neighbor_count_saturates),
		cmocka_unit_test(truncations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
