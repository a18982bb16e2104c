/* SPDX-License-Identifier: ISC */
/* test_arp.c - ARP: Ethernet/IPv4 decoded fully, other address sizes skipped
 * by their declared lengths, truncation and lying lengths malformed. */
#include "harness.h"

#include "event_json.h"

#define ETH_ARP_HDR                                                                                   \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* dst */                                                 \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */                                                 \
	0x08, 0x06                          /* ARP */

static const uint8_t REPLY[] = {
	ETH_ARP_HDR,
	0x00, 0x01,                         /* htype Ethernet */
	0x08, 0x00,                         /* ptype IPv4 */
	0x06, 0x04,                         /* hlen, plen */
	0x00, 0x02,                         /* op reply */
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* sha */
	192, 168, 1, 1,                     /* spa */
	0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, /* tha */
	192, 168, 1, 20,                    /* tpa */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* Ethernet padding */
};

static void reply_decoded(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, REPLY, sizeof REPLY);
	assert_int_equal(h->n, 1);
	const struct ew_ev_arp *a = &h->ev[0].u.arp;
	assert_int_equal(h->ev[0].type, EW_EV_ARP);
	assert_int_equal(a->op, 2);
	assert_int_equal(a->htype, 1);
	assert_int_equal(a->ptype, 0x0800);
	assert_int_equal(a->hlen, 6);
	assert_int_equal(a->plen, 4);
	const struct ew_mac sha = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	const struct ew_mac tha = { { 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb } };
	assert_true(ew_mac_eq(&a->sha, &sha));
	assert_true(ew_mac_eq(&a->tha, &tha));
	assert_int_equal(a->spa.family, EW_AF_INET);
	assert_int_equal(ew_ip4_u32(&a->spa), 0xc0a80101);
	assert_int_equal(ew_ip4_u32(&a->tpa), 0xc0a80114);
	assert_int_equal(h->d.stats.proto[EW_P_ARP], 1);
	assert_int_equal(h->d.stats.events[EW_EV_ARP], 1);

	/* the JSON field names are the contract of golden tests */
	struct json_object *o = ew_event_to_json(&h->frame[0], &h->ev[0]);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(s, "\"data\":{\"op\":2,\"htype\":1,\"ptype\":2048,\"hlen\":6,\"plen\":4,"
				  "\"sha\":\"00:11:22:33:44:55\",\"tha\":\"66:77:88:99:aa:bb\","
				  "\"spa\":\"192.168.1.1\",\"tpa\":\"192.168.1.20\"}"));
	json_object_put(o);
	free(h);
}

static void every_truncation(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, REPLY, sizeof REPLY);
	/* 14 + 8: the header is there, the addresses are not */
	harness_reset(h);
	harness_eth(h, REPLY, 14 + 8);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_string_equal(h->ev[0].u.malformed.reason, "truncated ARP addresses");
	/* 14 + 7: not even the header */
	harness_reset(h);
	harness_eth(h, REPLY, 14 + 7);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->ev[0].u.malformed.reason, "truncated ARP header");
	/* 14 + 27: one byte of the target address missing */
	harness_reset(h);
	harness_eth(h, REPLY, 14 + 27);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_int_equal(h->d.stats.malformed[EW_P_ARP], 1);
	free(h);
}

static void lying_hlen_is_skipped_not_trusted(void **state)
{
	(void)state;
	/* hlen 200 would need 2 * (200 + 4) bytes of addresses */
	uint8_t f[sizeof REPLY];
	memcpy(f, REPLY, sizeof f);
	f[14 + 4] = 200;
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_ARP);
	free(h);
}

static void other_sizes_skipped_by_length(void **state)
{
	(void)state;
	/* A 20-byte hardware address (InfiniBand-like, htype 32) with IPv4:
	 * nothing decoded but the header, and the lengths still consumed. */
	const uint8_t f[] = {
		ETH_ARP_HDR,
		0x00, 0x20,     /* htype 32 */
		0x08, 0x00,     /* ptype IPv4 */
		20, 4,          /* hlen 20, plen 4 */
		0x00, 0x01,     /* op request */
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, /* sha */
		10, 0, 0, 1,    /* spa */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* tha */
		10, 0, 0, 2,    /* tpa */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	const struct ew_ev_arp *a = &h->ev[0].u.arp;
	assert_int_equal(h->ev[0].type, EW_EV_ARP);
	assert_int_equal(a->op, 1);
	assert_int_equal(a->htype, 32);
	assert_int_equal(a->hlen, 20);
	assert_true(ew_mac_is_zero(&a->sha));
	/* the protocol addresses are IPv4, so they are decoded at the right offsets */
	assert_int_equal(ew_ip4_u32(&a->spa), 0x0a000001);
	assert_int_equal(ew_ip4_u32(&a->tpa), 0x0a000002);
	struct json_object *o = ew_event_to_json(&h->frame[0], &h->ev[0]);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_null(strstr(s, "\"sha\""));
	json_object_put(o);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);

	/* Ethernet with a 16-byte protocol address (not IPv4): MACs decoded,
	 * protocol addresses skipped, absent from the event. */
	const uint8_t g[] = {
		ETH_ARP_HDR,
		0x00, 0x01, 0x86, 0xdd, 6, 16, 0x00, 0x02,
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55,                         /* sha */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,       /* spa */
		0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,                         /* tha */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,       /* tpa */
	};
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->n, 1);
	a = &h->ev[0].u.arp;
	assert_int_equal(a->ptype, 0x86dd);
	assert_int_equal(a->tha.b[5], 0xbb);
	assert_int_equal(a->spa.family, EW_AF_NONE);
	assert_int_equal(a->tpa.family, EW_AF_NONE);
	/* and one byte short of the last address is malformed */
	harness_reset(h);
	harness_eth(h, g, sizeof g - 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	free(h);
}

static void zero_lengths(void **state)
{
	(void)state;
	const uint8_t f[] = { ETH_ARP_HDR, 0x00, 0x01, 0x08, 0x00, 0, 0, 0x00, 0x01 };
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_ARP);
	assert_int_equal(h->ev[0].u.arp.hlen, 0);
	assert_int_equal(h->ev[0].u.arp.spa.family, EW_AF_NONE);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_decoded),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(lying_hlen_is_skipped_not_trusted),
		cmocka_unit_test(other_sizes_skipped_by_length),
		cmocka_unit_test(zero_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
