/* SPDX-License-Identifier: ISC */
/* test_vrrp.c - VRRP v2 and v3 through the entry point: header fields,
 * IPv4/IPv6 address lists, lying counts, caps, truncation. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"

static const uint8_t v2_advert[] = {
	0x21,                               /* version 2, type 1 (advertisement) */
	0x01,                               /* VRID 1 */
	0x64,                               /* priority 100 */
	0x02,                               /* 2 addresses */
	0x00,                               /* auth type 0 */
	0x01,                               /* advertisement interval 1 s */
	0xab, 0xcd,                         /* checksum */
	0xc0, 0xa8, 0x01, 0x01,             /* 192.168.1.1 */
	0xc0, 0xa8, 0x01, 0x02,             /* 192.168.1.2 */
	0, 0, 0, 0, 0, 0, 0, 0,             /* authentication data */
};

static const uint8_t v3_advert6[] = {
	0x31,                               /* version 3, type 1 */
	0x0a,                               /* VRID 10 */
	0xff,                               /* priority 255 (owner) */
	0x01,                               /* 1 address */
	0xf0, 0x64,                         /* reserved bits set, max adver int 100 cs */
	0x12, 0x34,                         /* checksum */
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* fe80::1 */
};

static const struct ew_ev_vrrp *only_vrrp(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_VRRP), 1);
	return &harness_first(h, EW_EV_VRRP)->u.vrrp;
}

static void assert_ip(const struct ew_ip *ip, const char *want)
{
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	assert_string_equal(s, want);
}

static void v2_over_ipv4(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, v2_advert, sizeof v2_advert);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 0);
	const struct ew_ev_vrrp *v = only_vrrp(h);
	assert_int_equal(v->version, 2);
	assert_int_equal(v->type, 1);
	assert_int_equal(v->vrid, 1);
	assert_int_equal(v->priority, 100);
	assert_int_equal(v->count, 2);
	assert_int_equal(v->auth_type, 0);
	assert_int_equal(v->adver_int, 1);
	assert_int_equal(v->addr_count, 2);
	assert_ip(&v->addrs[0], "192.168.1.1");
	assert_ip(&v->addrs[1], "192.168.1.2");

	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_VRRP)), *data, *a;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "addrs", &a));
	assert_int_equal(json_object_array_length(a), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "192.168.1.2");
	json_object_put(o);
	free(h);
}

static void v3_over_ipv6_and_ipv4(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	h->d.frame.ip_version = 6;
	harness_call(h, ew_dissect_vrrp, v3_advert6, sizeof v3_advert6);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 0);
	const struct ew_ev_vrrp *v = only_vrrp(h);
	assert_int_equal(v->version, 3);
	assert_int_equal(v->vrid, 10);
	assert_int_equal(v->priority, 255);
	assert_int_equal(v->adver_int, 100); /* reserved bits masked */
	assert_int_equal(v->addr_count, 1);
	assert_ip(&v->addrs[0], "fe80::1");

	const uint8_t v3_4[] = {
		0x31, 0x05, 0x64, 0x01,             /* v3, VRID 5, priority 100, 1 address */
		0x00, 0x64, 0x00, 0x00,             /* 100 cs, checksum */
		0x0a, 0x00, 0x00, 0x01,             /* 10.0.0.1 */
	};
	harness_reset(h);
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, v3_4, sizeof v3_4);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 0);
	assert_ip(&only_vrrp(h)->addrs[0], "10.0.0.1");
	free(h);
}

static void count_lies(void **state)
{
	(void)state;
	uint8_t pkt[8 + 4];
	memcpy(pkt, v2_advert, sizeof pkt); /* header and one address */
	pkt[3] = 200;                       /* 200 addresses claimed */
	struct harness *h = harness_new();
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, pkt, sizeof pkt);
	const struct ew_ev_vrrp *v = only_vrrp(h);
	assert_int_equal(v->count, 200);
	assert_int_equal(v->addr_count, 1);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 1);
	/* v3 over IPv6 with 4 bytes where 16 are needed */
	harness_reset(h);
	h->d.frame.ip_version = 6;
	harness_call(h, ew_dissect_vrrp, v3_advert6, 12);
	assert_int_equal(only_vrrp(h)->addr_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 1);
	free(h);
}

static void addresses_capped(void **state)
{
	(void)state;
	uint8_t pkt[8 + 12 * 4 + 8];
	memset(pkt, 0, sizeof pkt);
	pkt[0] = 0x21;
	pkt[1] = 7;
	pkt[2] = 100;
	pkt[3] = 12; /* 12 addresses */
	pkt[5] = 1;
	for (int i = 0; i < 12; i++) {
		pkt[8 + 4 * i] = 10;
		pkt[8 + 4 * i + 3] = (uint8_t)(i + 1);
	}
	struct harness *h = harness_new();
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, pkt, sizeof pkt);
	const struct ew_ev_vrrp *v = only_vrrp(h);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 0);
	assert_int_equal(v->count, 12);
	assert_int_equal(v->addr_count, EW_ADDR_LIST_MAX);
	assert_ip(&v->addrs[7], "10.0.0.8");
	free(h);
}

static void bad_version_and_truncation(void **state)
{
	(void)state;
	uint8_t pkt[sizeof v2_advert];
	memcpy(pkt, v2_advert, sizeof pkt);
	pkt[0] = 0x41; /* version 4 */
	struct harness *h = harness_new();
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, pkt, sizeof pkt);
	assert_int_equal(harness_count(h, EW_EV_VRRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 1);
	harness_call_truncations(h, ew_dissect_vrrp, v2_advert, sizeof v2_advert);
	harness_reset(h);
	h->d.frame.ip_version = 4;
	harness_call(h, ew_dissect_vrrp, v2_advert, 7);
	assert_int_equal(harness_count(h, EW_EV_VRRP), 0);
	assert_int_equal(harness_malformed(h, EW_P_VRRP), 1);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v2_over_ipv4),
		cmocka_unit_test(v3_over_ipv6_and_ipv4),
		cmocka_unit_test(count_lies),
		cmocka_unit_test(addresses_capped),
		cmocka_unit_test(bad_version_and_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
