/* SPDX-License-Identifier: ISC */
/* test_link.c - link layers: Ethernet II, 802.3 LLC/SNAP, 802.1Q / 802.1ad /
 * old QinQ tags and their cap, Linux cooked v1 and v2, raw IP, BSD loopback.
 * An ARP request rides on each, so the frame fields can be checked on a real
 * event. */
#include "harness.h"

/* ARP request 192.168.1.10 (00:11:22:33:44:55) asks for 192.168.1.1 */
#define ARP_BODY                                                                                      \
	0x00, 0x01,                         /* htype Ethernet */                                      \
	0x08, 0x00,                         /* ptype IPv4 */                                          \
	0x06, 0x04,                         /* hlen 6, plen 4 */                                      \
	0x00, 0x01,                         /* op request */                                          \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* sha */                                                 \
	192, 168, 1, 10,                    /* spa */                                                 \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* tha */                                                 \
	192, 168, 1, 1                      /* tpa */

#define ETH_ADDRS                                                                                     \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* dst broadcast */                                       \
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55  /* src */

static const struct ew_mac SRC = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
static const struct ew_mac BCAST = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static void assert_arp_seen(const struct harness *h, size_t i)
{
	assert_true(i < h->n);
	assert_int_equal(h->ev[i].type, EW_EV_ARP);
	assert_int_equal(h->ev[i].u.arp.op, 1);
	assert_int_equal(h->ev[i].u.arp.spa.a[3], 10);
}

static void ethernet_ii(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_ADDRS,
		0x08, 0x06, /* ARP */
		ARP_BODY,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* padding to 60 */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	const struct ew_frame *fr = &h->frame[0];
	assert_true(fr->has_l2);
	assert_true(ew_mac_eq(&fr->src, &SRC));
	assert_true(ew_mac_eq(&fr->dst, &BCAST));
	assert_int_equal(fr->ethertype, 0x0806);
	assert_int_equal(fr->vlan_count, 0);
	assert_int_equal(h->d.stats.proto[EW_P_ETH], 1);
	assert_int_equal(h->d.stats.proto[EW_P_ARP], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

static void llc_snap_carries_ethertype(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_ADDRS,
		0x00, 0x24,       /* 802.3 length 36: LLC 3 + SNAP 5 + ARP 28 */
		0xaa, 0xaa, 0x03, /* DSAP, SSAP SNAP, UI */
		0x00, 0x00, 0x00, /* OUI 0: RFC 1042 */
		0x08, 0x06,       /* ethertype ARP */
		ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	assert_int_equal(h->frame[0].ethertype, 0x0806);
	assert_int_equal(h->d.stats.proto[EW_P_LLC], 1);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

static void llc_length_lying_is_confined(void **state)
{
	(void)state;
	/* the 802.3 length says 1500 but 36 bytes follow: the captured 36 are read */
	const uint8_t f[] = {
		ETH_ADDRS,
		0x05, 0xdc,                   /* 802.3 length 1500 */
		0xaa, 0xaa, 0x03, 0, 0, 0,    /* LLC + SNAP OUI 0 */
		0x08, 0x06, ARP_BODY,         /* ARP */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	/* a length shorter than the ARP cuts it: the ARP is truncated, not read past */
	uint8_t g[sizeof f];
	memcpy(g, f, sizeof f);
	g[12] = 0;
	g[13] = 20; /* 802.3 length 20 */
	harness_reset(h);
	harness_eth(h, g, sizeof g);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_ARP);
	free(h);
}

static void llc_other_sap_ignored(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, /* dst STP */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* src */
		0x00, 0x07,                         /* 802.3 length */
		0x42, 0x42, 0x03,                   /* STP SAPs */
		0x00, 0x00, 0x00, 0x00,             /* BPDU start */
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_LLC], 1);
	free(h);
}

static void invalid_type_length(void **state)
{
	(void)state;
	const uint8_t f[] = { ETH_ADDRS, 0x05, 0xdd /* 1501: neither length nor type */, 0, 0 };
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_ETH);
	free(h);
}

static void dot1q_tag(void **state)
{
	(void)state;
	const uint8_t f[] = {
		ETH_ADDRS,
		0x81, 0x00, /* TPID 802.1Q */
		0xa0, 0x64, /* PCP 5, DEI 0, VID 100 */
		0x08, 0x06, /* ARP */
		ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	const struct ew_frame *fr = &h->frame[0];
	assert_int_equal(fr->vlan_count, 1);
	assert_int_equal(fr->vlan_tpid[0], 0x8100);
	assert_int_equal(fr->vlan_id[0], 100);
	assert_int_equal(fr->vlan_pcp[0], 5);
	assert_int_equal(ew_frame_vlan(fr), 100);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

static void qinq_tpid(uint16_t outer_tpid)
{
	const uint8_t f[] = {
		ETH_ADDRS,
		(uint8_t)(outer_tpid >> 8), (uint8_t)outer_tpid, /* service tag */
		0x00, 0xc8,                                      /* PCP 0, VID 200 */
		0x81, 0x00,                                      /* customer tag */
		0x2f, 0xd1,                                      /* PCP 1, DEI 0, VID 4049 */
		0x08, 0x06,                                      /* ARP */
		ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	const struct ew_frame *fr = &h->frame[0];
	assert_int_equal(fr->vlan_count, 2);
	assert_int_equal(fr->vlan_tpid[0], outer_tpid);
	assert_int_equal(fr->vlan_id[0], 200);
	assert_int_equal(fr->vlan_tpid[1], 0x8100);
	assert_int_equal(fr->vlan_id[1], 4049);
	assert_int_equal(fr->vlan_pcp[1], 1);
	assert_int_equal(ew_frame_vlan(fr), 4049); /* innermost */
	assert_int_equal(h->d.stats.proto[EW_P_VLAN], 1); /* frames, not tags */
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, sizeof f);
	free(h);
}

static void qinq_88a8(void **state)
{
	(void)state;
	qinq_tpid(0x88a8);
}

static void qinq_9100(void **state)
{
	(void)state;
	qinq_tpid(0x9100);
}

static void four_tags_allowed_five_malformed(void **state)
{
	(void)state;
	const uint8_t four[] = {
		ETH_ADDRS,
		0x88, 0xa8, 0x00, 0x01, /* tag VID 1 */
		0x81, 0x00, 0x00, 0x02, /* tag VID 2 */
		0x81, 0x00, 0x00, 0x03, /* tag VID 3 */
		0x81, 0x00, 0x00, 0x04, /* tag VID 4 */
		0x08, 0x06, ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_eth(h, four, sizeof four);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	assert_int_equal(h->frame[0].vlan_count, EW_VLAN_MAX);
	assert_int_equal(h->frame[0].vlan_id[3], 4);

	const uint8_t five[] = {
		ETH_ADDRS,
		0x88, 0xa8, 0x00, 0x01, 0x81, 0x00, 0x00, 0x02, 0x81, 0x00, 0x00, 0x03,
		0x81, 0x00, 0x00, 0x04, 0x81, 0x00, 0x00, 0x05, /* one tag too many */
		0x08, 0x06, ARP_BODY,
	};
	harness_reset(h);
	harness_eth(h, five, sizeof five);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_VLAN);
	assert_string_equal(h->ev[0].u.malformed.reason, "too many VLAN tags");
	assert_int_equal(h->d.stats.proto[EW_P_ARP], 0);

	/* a frame of nothing but tags ends at the cap too */
	uint8_t tags[14 + 4 * 64];
	memcpy(tags, five, 12);
	for (size_t i = 12; i + 1 < sizeof tags; i += 4) {
		tags[i] = 0x81;
		tags[i + 1] = 0x00;
		if (i + 3 < sizeof tags) {
			tags[i + 2] = 0x81;
			tags[i + 3] = 0x00;
		}
	}
	harness_reset(h);
	harness_eth(h, tags, sizeof tags);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	free(h);
}

static void truncated_tag(void **state)
{
	(void)state;
	const uint8_t f[] = { ETH_ADDRS, 0x81, 0x00, 0x00 /* half a tag */ };
	struct harness *h = harness_new();
	harness_eth(h, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].type, EW_EV_MALFORMED);
	assert_string_equal(h->ev[0].u.malformed.reason, "truncated VLAN tag");
	free(h);
}

static void linux_sll(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0x00, 0x00,                                     /* packet type: to us */
		0x00, 0x01,                                     /* ARPHRD_ETHER */
		0x00, 0x06,                                     /* address length */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x00, /* address, padded to 8 */
		0x08, 0x06,                                     /* protocol ARP */
		ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_LINUX_SLL, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	assert_true(h->frame[0].has_l2);
	assert_true(ew_mac_eq(&h->frame[0].src, &SRC));
	assert_true(ew_mac_is_zero(&h->frame[0].dst));
	assert_int_equal(h->d.stats.proto[EW_P_SLL], 1);
	harness_all_truncations(h, EW_LINKTYPE_LINUX_SLL, f, sizeof f);
	free(h);
}

static void linux_sll_vlan(void **state)
{
	(void)state;
	/* libpcap puts the stripped tag back after the cooked header */
	const uint8_t f[] = {
		0x00, 0x04, 0x00, 0x01, 0x00, 0x06,             /* outgoing, ARPHRD_ETHER, len 6 */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x00, /* address */
		0x81, 0x00, 0x00, 0x0a,                         /* 802.1Q VID 10 */
		0x08, 0x06, ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_LINUX_SLL, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	assert_int_equal(h->frame[0].vlan_count, 1);
	assert_int_equal(h->frame[0].vlan_id[0], 10);
	free(h);
}

static void linux_sll_non_ether_address(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0x00, 0x00, 0x03, 0x0a, 0x00, 0x00,             /* ARPHRD_IPGRE, no address */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* address (unused) */
		0x08, 0x06, ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_LINUX_SLL, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_false(h->frame[0].has_l2);
	free(h);
}

static void linux_sll2(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0x08, 0x06,                                     /* protocol ARP */
		0x00, 0x00,                                     /* reserved */
		0x00, 0x00, 0x00, 0x02,                         /* ifindex */
		0x00, 0x01,                                     /* ARPHRD_ETHER */
		0x00,                                           /* packet type */
		0x06,                                           /* address length */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x00, /* address */
		ARP_BODY,
	};
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_LINUX_SLL2, f, sizeof f);
	assert_int_equal(h->n, 1);
	assert_arp_seen(h, 0);
	assert_true(h->frame[0].has_l2);
	assert_true(ew_mac_eq(&h->frame[0].src, &SRC));
	assert_int_equal(h->frame[0].ethertype, 0x0806);
	harness_all_truncations(h, EW_LINKTYPE_LINUX_SLL2, f, sizeof f);
	/* a truncated cooked header is malformed, nothing else */
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_LINUX_SLL2, f, 10);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_SLL);
	free(h);
}

/* IPv4 UDP 10.0.0.1:1234 -> 10.0.0.2:9 with 4 payload bytes */
static const uint8_t IP4_UDP[] = {
	0x45, 0x00, 0x00, 0x20,  /* v4 IHL 5, tos, total 32 */
	0x00, 0x01, 0x00, 0x00,  /* id 1, no fragment */
	0x40, 0x11, 0x00, 0x00,  /* ttl 64, UDP, checksum */
	10, 0, 0, 1,             /* src */
	10, 0, 0, 2,             /* dst */
	0x04, 0xd2, 0x00, 0x09,  /* ports 1234 -> 9 */
	0x00, 0x0c, 0x00, 0x00,  /* length 12, checksum */
	'a', 'b', 'c', 'd',      /* payload */
};

static void raw_ip(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_RAW, IP4_UDP, sizeof IP4_UDP);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 1);
	assert_false(h->frame[0].has_l2);
	assert_int_equal(h->frame[0].ethertype, 0x0800);
	assert_int_equal(h->frame[0].ip_version, 4);
	assert_int_equal(h->frame[0].dport, 9);

	const uint8_t ip6[] = {
		0x60, 0x00, 0x00, 0x00, /* v6 */
		0x00, 0x00, 0x3b, 0x40, /* payload 0, no next header, hop limit 64 */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* src fe80::1 */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, /* dst fe80::2 */
	};
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_IPV6, ip6, sizeof ip6);
	assert_int_equal(harness_count(h, EW_EV_IPV6), 1);
	assert_int_equal(h->frame[0].ip_version, 6);

	const uint8_t junk[] = { 0x50, 0, 0, 0 };
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_RAW, junk, sizeof junk);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_FRAME);
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_RAW, junk, 0);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_FRAME);

	/* LINKTYPE_IPV4/IPV6 name the version: a packet of the other version is
	 * the IP layer's fault, not dispatched by its first nibble */
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_IPV4, ip6, sizeof ip6);
	assert_int_equal(harness_count(h, EW_EV_IPV6), 0);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_IPV4);
	assert_string_equal(h->ev[0].u.malformed.reason, "IPv4 version is not 4");
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_IPV6, IP4_UDP, sizeof IP4_UDP);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 0);
	assert_int_equal(h->ev[0].u.malformed.proto, EW_P_IPV6);
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_IPV4, IP4_UDP, sizeof IP4_UDP);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 1);
	free(h);
}

static void bsd_loopback(void **state)
{
	(void)state;
	uint8_t f[4 + sizeof IP4_UDP] = { 0x02, 0x00, 0x00, 0x00 }; /* AF_INET, little-endian writer */
	memcpy(f + 4, IP4_UDP, sizeof IP4_UDP);
	struct harness *h = harness_new();
	harness_frame(h, EW_LINKTYPE_NULL, f, sizeof f);
	assert_int_equal(harness_count(h, EW_EV_IPV4), 1);
	harness_all_truncations(h, EW_LINKTYPE_NULL, f, sizeof f);

	/* the family decides, in either byte order: 28 is FreeBSD's AF_INET6 */
	const uint8_t v6[] = {
		0x00, 0x00, 0x00, 0x1c,                         /* AF_INET6 (FreeBSD), big-endian writer */
		0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40, /* v6, payload 0, no next header */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_NULL, v6, sizeof v6);
	assert_int_equal(harness_count(h, EW_EV_IPV6), 1);
	/* an IPv6-looking payload under another family is not read as IPv6 */
	uint8_t other[sizeof v6];
	memcpy(other, v6, sizeof other);
	other[3] = 0x6c;
	harness_reset(h);
	harness_frame(h, EW_LINKTYPE_NULL, other, sizeof other);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_IPV6], 0);
	free(h);
}

static void unsupported_link(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	assert_false(ew_dissect_frame(&h->d, 105 /* 802.11 */, IP4_UDP, sizeof IP4_UDP, sizeof IP4_UDP, 0));
	assert_int_equal(h->d.stats.unsupported_link, 1);
	assert_int_equal(h->n, 0);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ethernet_ii),
		cmocka_unit_test(llc_snap_carries_ethertype),
		cmocka_unit_test(llc_length_lying_is_confined),
		cmocka_unit_test(llc_other_sap_ignored),
		cmocka_unit_test(invalid_type_length),
		cmocka_unit_test(dot1q_tag),
		cmocka_unit_test(qinq_88a8),
		cmocka_unit_test(qinq_9100),
		cmocka_unit_test(four_tags_allowed_five_malformed),
		cmocka_unit_test(truncated_tag),
		cmocka_unit_test(linux_sll),
		cmocka_unit_test(linux_sll_vlan),
		cmocka_unit_test(linux_sll_non_ether_address),
		cmocka_unit_test(linux_sll2),
		cmocka_unit_test(raw_ip),
		cmocka_unit_test(bsd_loopback),
		cmocka_unit_test(unsupported_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
