/* SPDX-License-Identifier: ISC */
/* test_cdp.c - CDP through 802.3 + LLC/SNAP: device id, platform, software,
 * capabilities, addresses; truncated, lying, looping and over-cap packets. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"

static const uint8_t full_cdp[] = {
	0x02,                               /* version 2 */
	0xb4,                               /* TTL 180 */
	0x12, 0x34,                         /* checksum (not verified) */
	0x00, 0x01, 0x00, 0x08, 'h', 'g', 'w', '1', /* device ID "hgw1" */
	0x00, 0x02, 0x00, 0x2d,             /* addresses, length 45 */
	0x00, 0x00, 0x00, 0x02,             /*   2 addresses */
	0x01, 0x01, 0xcc,                   /*   NLPID, length 1, IP */
	0x00, 0x04, 0xc0, 0xa8, 0x01, 0x01, /*   4 bytes: 192.168.1.1 */
	0x02, 0x08,                         /*   802.2, length 8 */
	0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd, /* SNAP IPv6 */
	0x00, 0x10,                         /*   16 bytes: 2001:db8::1 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0x00, 0x03, 0x00, 0x08, 'e', 't', 'h', '0', /* port ID "eth0" */
	0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x09, /* capabilities: router|switch */
	0x00, 0x05, 0x00, 0x0a, 'v', '1', '.', '0', '.', '0', /* software "v1.0.0" */
	0x00, 0x06, 0x00, 0x0b, 'H', 'G', 'W', '-', '1', '0', '0', /* platform "HGW-100" */
	0x00, 0x0a, 0x00, 0x06, 0x00, 0x64, /* native VLAN 100 */
	0x00, 0x16, 0x00, 0x11,             /* management addresses, length 17 */
	0x00, 0x00, 0x00, 0x01,             /*   1 address */
	0x01, 0x01, 0xcc, 0x00, 0x04, 0xc0, 0xa8, 0x01, 0x01, /* 192.168.1.1 again */
};

/* 802.3 frame: destination, source, length, LLC aa/aa/03, SNAP Cisco 0x2000. */
static void cdp_frame(struct harness *h, const uint8_t *cdp, size_t n)
{
	const uint8_t hdr[] = {
		0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, /* CDP multicast */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */
		0x00, 0x00,                         /* 802.3 length: filled below */
		0xaa, 0xaa, 0x03,                   /* LLC: SNAP, UI */
		0x00, 0x00, 0x0c, 0x20, 0x00,       /* OUI Cisco, PID CDP */
	};
	uint8_t *buf = malloc(sizeof hdr + n);
	assert_non_null(buf);
	memcpy(buf, hdr, sizeof hdr);
	buf[12] = (uint8_t)((8 + n) >> 8);
	buf[13] = (uint8_t)(8 + n);
	if (n)
		memcpy(buf + sizeof hdr, cdp, n);
	harness_eth(h, buf, sizeof hdr + n);
	free(buf);
}

static const struct ew_ev_cdp *only_cdp(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_CDP), 1);
	return &harness_first(h, EW_EV_CDP)->u.cdp;
}

static void ipstr(const struct ew_ip *ip, char *out)
{
	ew_ip_str(ip, out);
}

static void decodes_full_packet(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	cdp_frame(h, full_cdp, sizeof full_cdp);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 0);
	const struct ew_ev_cdp *p = only_cdp(h);
	assert_int_equal(p->version, 2);
	assert_int_equal(p->ttl, 180);
	assert_string_equal(p->device_id.s, "hgw1");
	assert_string_equal(p->port_id.s, "eth0");
	assert_string_equal(p->software.s, "v1.0.0");
	assert_string_equal(p->platform.s, "HGW-100");
	assert_true(p->has_caps);
	assert_int_equal(p->caps, 0x09);
	assert_int_equal(p->native_vlan, 100);
	assert_int_equal(p->addr_count, 2); /* the management copy is not repeated */
	char s[EW_IP_STRLEN];
	ipstr(&p->addrs[0], s);
	assert_string_equal(s, "192.168.1.1");
	ipstr(&p->addrs[1], s);
	assert_string_equal(s, "2001:db8::1");
	assert_int_equal(p->tlv_count, 8);
	free(h);
}

static void json_has_cap_names(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	cdp_frame(h, full_cdp, sizeof full_cdp);
	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_CDP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "caps_names", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "router");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)), "switch");
	assert_true(json_object_object_get_ex(data, "platform", &v));
	assert_string_equal(json_object_get_string(v), "HGW-100");
	assert_true(json_object_object_get_ex(data, "native_vlan", &v));
	assert_int_equal(json_object_get_int(v), 100);
	json_object_put(o);
	free(h);
}

static void every_truncation_is_safe(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t n = 0; n < sizeof full_cdp; n++) {
		harness_reset(h);
		cdp_frame(h, full_cdp, n);
		if (n < 4) {
			assert_int_equal(harness_count(h, EW_EV_CDP), 0);
			assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
		} else {
			assert_int_equal(harness_count(h, EW_EV_CDP), 1);
		}
	}
	/* cut inside the addresses TLV: the device id is kept */
	harness_reset(h);
	cdp_frame(h, full_cdp, 30);
	assert_string_equal(only_cdp(h)->device_id.s, "hgw1");
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

static void tlv_length_below_header(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x06, 'r', '1', /* device ID "r1" */
		0x00, 0x06, 0x00, 0x02,           /* platform, length 2: below the header */
		'x', 'x',
	};
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	assert_string_equal(only_cdp(h)->device_id.s, "r1");
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	assert_string_equal(h->ev[1].u.malformed.reason, "CDP TLV length below its header");
	free(h);
}

static void tlv_length_beyond_packet(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x01, 0xff, 0xff, 'r', '1', /* device ID claims 65535 bytes */
	};
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	assert_int_equal(only_cdp(h)->device_id.len, 0);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

/* The 802.3 length says more than was captured: link.c trusts only what
 * is there, and the CDP TLVs inside are intact. */
static void ieee8023_length_lies(void **state)
{
	(void)state;
	const uint8_t frame[] = {
		0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x05, 0xdc,                         /* 802.3 length 1500 */
		0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00,
		0x01, 0xb4, 0x00, 0x00,             /* CDP v1 */
		0x00, 0x01, 0x00, 0x06, 'r', '1',
	};
	struct harness *h = harness_new();
	harness_eth(h, frame, sizeof frame);
	const struct ew_ev_cdp *p = only_cdp(h);
	assert_int_equal(p->version, 1);
	assert_string_equal(p->device_id.s, "r1");
	assert_int_equal(harness_malformed(h, EW_P_CDP), 0);
	free(h);
}

static void address_count_lies(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x02, 0x00, 0x11,             /* addresses, length 17 */
		0x00, 0x00, 0x03, 0xe8,             /*   1000 addresses claimed */
		0x01, 0x01, 0xcc, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x01, /* 10.0.0.1 */
		0x00, 0x01, 0x00, 0x06, 'r', '1',
	};
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	const struct ew_ev_cdp *p = only_cdp(h);
	assert_int_equal(p->addr_count, 1);
	assert_string_equal(p->device_id.s, "r1"); /* the next TLV is still read */
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

/* Inner address lengths that run past the TLV. */
static void address_inner_lengths_lie(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x02, 0x00, 0x0d,             /* addresses, length 13 */
		0x00, 0x00, 0x00, 0x01,             /*   1 address */
		0x01, 0xff,                         /*   NLPID, protocol length 255 */
		0xcc, 0x00, 0x04,
	};
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	assert_int_equal(only_cdp(h)->addr_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

static void addresses_capped(void **state)
{
	(void)state;
	uint8_t pkt[4 + 8 + 6 * 9];
	const uint8_t head[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x02, 0x00, 8 + 6 * 9, /* addresses */
		0x00, 0x00, 0x00, 0x06,      /* 6 addresses */
	};
	memcpy(pkt, head, sizeof head);
	for (uint8_t i = 0; i < 6; i++) {
		const uint8_t a[] = { 0x01, 0x01, 0xcc, 0x00, 0x04, 0x0a, 0x00, 0x00, (uint8_t)(i + 1) };
		memcpy(pkt + sizeof head + 9 * i, a, sizeof a);
	}
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	const struct ew_ev_cdp *p = only_cdp(h);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 0);
	assert_int_equal(p->addr_count, 4);
	char s[EW_IP_STRLEN];
	ipstr(&p->addrs[3], s);
	assert_string_equal(s, "10.0.0.4");
	free(h);
}

/* Hundreds of empty TLVs (and hundreds of empty addresses): both walks are
 * capped. */
static void loops_capped(void **state)
{
	(void)state;
	uint8_t pkt[4 + 4 * 300]; /* stays under the 802.3 length limit of 1500 */
	memset(pkt, 0, sizeof pkt);
	pkt[0] = 0x02;
	for (size_t i = 0; i < 300; i++) {
		pkt[4 + 4 * i + 1] = 0x07; /* unknown type 7, length 4 (empty) */
		pkt[4 + 4 * i + 3] = 0x04;
	}
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	assert_int_equal(only_cdp(h)->tlv_count, EW_OPT_LOOP_MAX);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);

	uint8_t apkt[4 + 8 + 4 * 300];
	memset(apkt, 0, sizeof apkt);
	apkt[0] = 0x02;
	apkt[5] = 0x02; /* addresses */
	apkt[6] = (uint8_t)((8 + 4 * 300) >> 8);
	apkt[7] = (uint8_t)(8 + 4 * 300);
	apkt[10] = 0x01; /* 300 addresses */
	apkt[11] = 0x2c;
	/* each address: type 0, protocol length 0, address length 0 */
	harness_reset(h);
	cdp_frame(h, apkt, sizeof apkt);
	assert_int_equal(only_cdp(h)->addr_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

static void bad_fixed_lengths(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		0x02, 0xb4, 0x00, 0x00,
		0x00, 0x04, 0x00, 0x06, 0x00, 0x01, /* capabilities, 2 bytes */
		0x00, 0x0a, 0x00, 0x05, 0x01,       /* native VLAN, 1 byte */
		0x00, 0x01, 0x00, 0x06, 'r', '1',
	};
	struct harness *h = harness_new();
	cdp_frame(h, pkt, sizeof pkt);
	const struct ew_ev_cdp *p = only_cdp(h);
	assert_false(p->has_caps);
	assert_int_equal(p->native_vlan, 0);
	assert_string_equal(p->device_id.s, "r1");
	assert_int_equal(harness_malformed(h, EW_P_CDP), 1);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_full_packet),
		cmocka_unit_test(json_has_cap_names),
		cmocka_unit_test(every_truncation_is_safe),
		cmocka_unit_test(tlv_length_below_header),
		cmocka_unit_test(tlv_length_beyond_packet),
		cmocka_unit_test(ieee8023_length_lies),
		cmocka_unit_test(address_count_lies),
		cmocka_unit_test(address_inner_lengths_lie),
		cmocka_unit_test(addresses_capped),
		cmocka_unit_test(loops_capped),
		cmocka_unit_test(bad_fixed_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
