/* SPDX-License-Identifier: ISC */
/* test_lldp.c - LLDP (IEEE 802.1AB) through the Ethernet layer: ids, names,
 * capabilities, management addresses; truncated, lying, out-of-order,
 * looping and over-cap LLDPDUs. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"

/* Ethernet header: LLDP multicast, a sender, ethertype 0x88cc */
static const uint8_t eth_hdr[] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, /* dst nearest-bridge group */
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */
	0x88, 0xcc,                         /* LLDP */
};

/* A complete LLDPDU from a home gateway. TLV header = type << 9 | length. */
static const uint8_t full_pdu[] = {
	0x02, 0x07,                         /* chassis ID, len 7 */
	0x04,                               /*   subtype 4: MAC address */
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /*   00:11:22:33:44:55 */
	0x04, 0x04,                         /* port ID, len 4 */
	0x05, 'g', 'e', '1',                /*   subtype 5 interface name "ge1" */
	0x06, 0x02, 0x00, 0x78,             /* TTL, len 2: 120 s */
	0x08, 0x05, 'u', 'p', 'l', 'n', 'k', /* port description "uplnk" */
	0x0a, 0x06, 'h', 'g', 'w', '-', '0', '1', /* system name "hgw-01" */
	0x0c, 0x08, 'H', 'o', 'm', 'e', 'G', 'W', ' ', '1', /* system description */
	0x0e, 0x04,                         /* system capabilities, len 4 */
	0x00, 0x14,                         /*   system: bridge | router */
	0x00, 0x10,                         /*   enabled: router */
	0x10, 0x0c,                         /* management address, len 12 */
	0x05,                               /*   address string length 5 */
	0x01,                               /*   subtype 1: IPv4 */
	0xc0, 0xa8, 0x01, 0x01,             /*   192.168.1.1 */
	0x02,                               /*   interface numbering: ifIndex */
	0x00, 0x00, 0x00, 0x01,             /*   interface 1 */
	0x00,                               /*   OID length 0 */
	0xfe, 0x06,                         /* organisation-specific, len 6 */
	0x00, 0x80, 0xc2, 0x01, 0x00, 0x01, /*   802.1 port VLAN 1: skipped */
	0x00, 0x00,                         /* End */
};

static void lldp_frame(struct harness *h, const uint8_t *pdu, size_t n)
{
	uint8_t *buf = malloc(sizeof eth_hdr + n);
	assert_non_null(buf);
	memcpy(buf, eth_hdr, sizeof eth_hdr);
	if (n)
		memcpy(buf + sizeof eth_hdr, pdu, n);
	harness_eth(h, buf, sizeof eth_hdr + n);
	free(buf);
}

static const struct ew_ev_lldp *only_lldp(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_LLDP), 1);
	return &harness_first(h, EW_EV_LLDP)->u.lldp;
}

static void decodes_full_lldpdu(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	lldp_frame(h, full_pdu, sizeof full_pdu);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 0);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(l->chassis_subtype, 4);
	assert_string_equal(l->chassis_id.s, "00:11:22:33:44:55");
	assert_int_equal(l->port_subtype, 5);
	assert_string_equal(l->port_id.s, "ge1");
	assert_int_equal(l->ttl, 120);
	assert_string_equal(l->port_descr.s, "uplnk");
	assert_string_equal(l->system_name.s, "hgw-01");
	assert_string_equal(l->system_descr.s, "HomeGW 1");
	assert_true(l->has_caps);
	assert_int_equal(l->caps_system, EW_CAP_BRIDGE | EW_CAP_ROUTER);
	assert_int_equal(l->caps_enabled, EW_CAP_ROUTER);
	assert_int_equal(l->mgmt_count, 1);
	char s[EW_IP_STRLEN];
	ew_ip_str(&l->mgmt[0], s);
	assert_string_equal(s, "192.168.1.1");
	assert_int_equal(l->tlv_count, 10);
	assert_int_equal(h->d.stats.proto[EW_P_LLDP], 1);
	free(h);
}

static void json_has_cap_names(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	lldp_frame(h, full_pdu, sizeof full_pdu);
	const struct ew_event *ev = harness_first(h, EW_EV_LLDP);
	assert_non_null(ev);
	struct json_object *o = ew_event_to_json(&h->frame[0], ev), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "system_name", &v));
	assert_string_equal(json_object_get_string(v), "hgw-01");
	assert_true(json_object_object_get_ex(data, "caps_enabled_names", &v));
	assert_int_equal(json_object_array_length(v), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "router");
	assert_true(json_object_object_get_ex(data, "caps_system_names", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_true(json_object_object_get_ex(data, "mgmt", &v));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "192.168.1.1");
	json_object_put(o);
	free(h);
}

static void network_address_and_mac_port_ids(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x06,             /* chassis ID, len 6 */
		0x05,                   /*   subtype 5: network address */
		0x01,                   /*   IANA family 1: IPv4 */
		0x0a, 0x00, 0x00, 0x01, /*   10.0.0.1 */
		0x04, 0x07,             /* port ID, len 7 */
		0x03,                   /*   subtype 3: MAC address */
		0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
		0x06, 0x02, 0x00, 0x00, /* TTL 0 (shutdown) */
		0x00, 0x00,             /* End */
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 0);
	assert_string_equal(l->chassis_id.s, "10.0.0.1");
	assert_string_equal(l->port_id.s, "aa:bb:cc:dd:ee:ff");
	assert_false(l->has_caps);
	free(h);
}

/* Raw bytes, including NUL and invalid UTF-8, are kept as they were; a
 * network-address id with a bad family falls back to raw bytes. */
static void raw_bytes_kept(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x04,             /* chassis ID, len 4 */
		0x05, 0x09, 0x01, 0x02, /*   subtype 5, family 9 (unknown), 2 bytes */
		0x04, 0x02, 0x07, 'x',  /* port ID: local "x" */
		0x06, 0x02, 0x00, 0x78, /* TTL */
		0x0a, 0x04, 'a', 0x00, 0xff, 'b', /* system name with NUL and 0xff */
		0x00, 0x00,
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(l->chassis_id.len, 3);
	assert_memory_equal(l->chassis_id.s, "\x09\x01\x02", 3);
	assert_int_equal(l->system_name.len, 4);
	assert_memory_equal(l->system_name.s, "a\0\xff" "b", 4);
	/* and the JSON writer turns them into valid text */
	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_LLDP)), *data, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "system_name", &v));
	assert_string_equal(json_object_get_string(v), "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	json_object_put(o);
	free(h);
}

static void every_truncation_is_safe(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t n = 0; n < sizeof full_pdu; n++) {
		harness_reset(h);
		lldp_frame(h, full_pdu, n);
		if (n == 0) {
			assert_int_equal(harness_count(h, EW_EV_LLDP), 0);
			assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
		}
	}
	/* cut inside the system name TLV: what came before is kept */
	harness_reset(h);
	lldp_frame(h, full_pdu, 30);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_string_equal(l->chassis_id.s, "00:11:22:33:44:55");
	assert_int_equal(l->ttl, 120);
	assert_int_equal(l->system_name.len, 0);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

static void tlv_length_beyond_pdu(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* chassis MAC */
		0x04, 0x02, 0x07, 'p',                                 /* port "p" */
		0x06, 0x02, 0x00, 0x78,                                /* TTL */
		0x0b, 0xff, 'n', 'a', 'm', 'e',                        /* system name claims 511 bytes */
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_string_equal(l->chassis_id.s, "00:11:22:33:44:55");
	assert_int_equal(l->system_name.len, 0);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	assert_string_equal(h->ev[1].u.malformed.reason, "LLDP TLV longer than the PDU");
	free(h);
}

static void mandatory_out_of_order_keeps_fields(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x04, 0x02, 0x07, 'p',                                 /* port first: wrong */
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* chassis */
		0x0a, 0x02, 'g', 'w',                                  /* system name */
		0x00, 0x00,
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_string_equal(l->port_id.s, "p");
	assert_string_equal(l->chassis_id.s, "00:11:22:33:44:55");
	assert_string_equal(l->system_name.s, "gw");
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

static void missing_ttl_is_malformed(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* chassis */
		0x04, 0x02, 0x07, 'p',                                 /* port */
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	assert_int_equal(harness_count(h, EW_EV_LLDP), 1);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

/* A chassis ID with no id bytes, and a TTL of one byte. */
static void short_mandatory_tlvs(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x01, 0x04,       /* chassis ID: subtype only */
		0x04, 0x02, 0x07, 'p',  /* port */
		0x06, 0x01, 0x00,       /* TTL, len 1 */
		0x00, 0x00,
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(l->chassis_id.len, 0);
	assert_int_equal(l->ttl, 0);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

/* Hundreds of empty TLVs: the walk stops at EW_OPT_LOOP_MAX. */
static void tlv_loop_is_capped(void **state)
{
	(void)state;
	uint8_t pdu[17 + 2 * 400];
	const uint8_t head[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x04, 0x02, 0x07, 'p',
		0x06, 0x02, 0x00, 0x78,
	};
	memcpy(pdu, head, sizeof head);
	for (size_t i = 0; i < 400; i++) {
		pdu[sizeof head + 2 * i] = 0x08; /* port description, len 0 */
		pdu[sizeof head + 2 * i + 1] = 0x00;
	}
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(l->tlv_count, EW_OPT_LOOP_MAX);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

static void bad_caps_length(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x04, 0x02, 0x07, 'p',
		0x06, 0x02, 0x00, 0x78,
		0x0e, 0x02, 0x00, 0x10, /* capabilities with length 2 */
		0x00, 0x00,
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	assert_false(only_lldp(h)->has_caps);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

/* Management address TLVs whose inner lengths lie. */
static void mgmt_addr_lengths_checked(void **state)
{
	(void)state;
	const uint8_t pdu[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x04, 0x02, 0x07, 'p',
		0x06, 0x02, 0x00, 0x78,
		0x10, 0x06,             /* management address, len 6 */
		0x1f,                   /*   address string length 31: beyond the TLV */
		0x01, 0x0a, 0x00, 0x00, 0x01,
		0x10, 0x0c,             /* management address, len 12 */
		0x05, 0x01, 0x0a, 0x00, 0x00, 0x02, /* 10.0.0.2 */
		0x02, 0x00, 0x00, 0x00, 0x01,
		0x05,                   /*   OID length 5: beyond the TLV */
		0x00, 0x00,
	};
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(l->mgmt_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 1);
	free(h);
}

static void mgmt_addrs_capped_and_ipv6(void **state)
{
	(void)state;
	uint8_t pdu[17 + 26 + 6 * 14 + 2];
	const uint8_t head[] = {
		0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x04, 0x02, 0x07, 'p',
		0x06, 0x02, 0x00, 0x78,
	};
	size_t o = 0;
	memcpy(pdu, head, sizeof head);
	o += sizeof head;
	const uint8_t v6[] = {
		0x10, 0x18,             /* management address, len 24 */
		0x11, 0x02,             /*   length 17, subtype 2: IPv6 */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* fe80::1 */
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	memcpy(pdu + o, v6, sizeof v6);
	o += sizeof v6;
	for (uint8_t i = 0; i < 6; i++) {
		const uint8_t m[] = { 0x10, 0x0c, 0x05, 0x01, 0x0a, 0x00, 0x00, (uint8_t)(i + 1),
				      0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };
		memcpy(pdu + o, m, sizeof m);
		o += sizeof m;
	}
	pdu[o++] = 0x00;
	pdu[o++] = 0x00;
	assert_int_equal(o, sizeof pdu);
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_int_equal(harness_malformed(h, EW_P_LLDP), 0);
	assert_int_equal(l->mgmt_count, 4);
	char s[EW_IP_STRLEN];
	ew_ip_str(&l->mgmt[0], s);
	assert_string_equal(s, "fe80::1");
	ew_ip_str(&l->mgmt[3], s);
	assert_string_equal(s, "10.0.0.3");
	free(h);
}

/* A MAC-subtype chassis id far longer than 6 bytes is rendered as hex and
 * cut at the string cap. */
static void long_mac_id_truncated(void **state)
{
	(void)state;
	uint8_t pdu[2 + 1 + 100 + 13];
	pdu[0] = 0x02;
	pdu[1] = 101; /* chassis ID, len 101 */
	pdu[2] = 0x04;
	memset(pdu + 3, 0xab, 100);
	const uint8_t tail[] = { 0x04, 0x02, 0x07, 'p', 0x06, 0x02, 0x00, 0x78, 0x00, 0x00, 0, 0, 0 };
	memcpy(pdu + 103, tail, sizeof tail);
	struct harness *h = harness_new();
	lldp_frame(h, pdu, sizeof pdu);
	const struct ew_ev_lldp *l = only_lldp(h);
	assert_true(l->chassis_id.truncated);
	assert_true(l->chassis_id.len <= EW_STR_MAX);
	assert_int_equal(strlen(l->chassis_id.s), l->chassis_id.len);
	assert_memory_equal(l->chassis_id.s, "ab:ab:ab", 8);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_full_lldpdu),
		cmocka_unit_test(json_has_cap_names),
		cmocka_unit_test(network_address_and_mac_port_ids),
		cmocka_unit_test(raw_bytes_kept),
		cmocka_unit_test(every_truncation_is_safe),
		cmocka_unit_test(tlv_length_beyond_pdu),
		cmocka_unit_test(mandatory_out_of_order_keeps_fields),
		cmocka_unit_test(missing_ttl_is_malformed),
		cmocka_unit_test(short_mandatory_tlvs),
		cmocka_unit_test(tlv_loop_is_capped),
		cmocka_unit_test(bad_caps_length),
		cmocka_unit_test(mgmt_addr_lengths_checked),
		cmocka_unit_test(mgmt_addrs_capped_and_ipv6),
		cmocka_unit_test(long_mac_id_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
