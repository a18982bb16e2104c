/* SPDX-License-Identifier: ISC */
/* link.c - Ethernet II, 802.3 LLC/SNAP, 802.1Q/802.1ad/QinQ tags, Linux cooked
 * capture v1 and v2, BSD loopback and raw IP; ethertype dispatch. */
#include "egresswatch/dissect.h"

#include <string.h>

#define ETHERTYPE_IPV4 EW_ETHERTYPE_IPV4
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_IPV6 EW_ETHERTYPE_IPV6
#define ETHERTYPE_PPPOE_DISC 0x8863
#define ETHERTYPE_PPPOE_SESS 0x8864
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_LLDP 0x88cc
#define ETHERTYPE_QINQ_OLD 0x9100

static bool is_vlan_tpid(uint16_t t)
{
	return t == ETHERTYPE_VLAN || t == ETHERTYPE_QINQ || t == ETHERTYPE_QINQ_OLD;
}

void ew_dissect_ethertype(struct ew_dissector *d, uint16_t ethertype, struct ew_cursor *c)
{
	d->frame.ethertype = ethertype;
	switch (ethertype) {
	case ETHERTYPE_IPV4: ew_dissect_ipv4(d, c); break;
	case ETHERTYPE_IPV6: ew_dissect_ipv6(d, c); break;
	case ETHERTYPE_ARP: ew_dissect_arp(d, c); break;
	case ETHERTYPE_PPPOE_DISC: ew_dissect_pppoe_disc(d, c); break;
	case ETHERTYPE_PPPOE_SESS: ew_dissect_pppoe_sess(d, c); break;
	case ETHERTYPE_LLDP: ew_dissect_lldp(d, c); break;
	default: break;
	}
}

/* 802.2 LLC: SNAP with Cisco OUI 00:00:0c and PID 0x2000 is CDP; SNAP with
 * OUI 0 carries an ethertype (RFC 1042). Other SAPs are not ours. */
static void dissect_llc(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_LLC);
	uint8_t dsap = ew_cur_u8(c), ssap = ew_cur_u8(c), ctrl = ew_cur_u8(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_LLC, "truncated LLC header");
		return;
	}
	if (dsap != 0xaa || ssap != 0xaa || ctrl != 0x03)
		return;
	uint32_t oui = ew_cur_u24(c);
	uint16_t pid = ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_LLC, "truncated SNAP header");
		return;
	}
	if (oui == 0x00000c && pid == 0x2000)
		ew_dissect_cdp(d, c);
	else if (oui == 0)
		ew_dissect_ethertype(d, pid, c);
}

/* Reads tags while the type field is a VLAN TPID, then dispatches. Tag depth
 * is capped so a frame of nothing but tags cannot keep us here. */
static void dissect_after_type(struct ew_dissector *d, uint16_t type, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	while (is_vlan_tpid(type)) {
		/* counted per frame, like every protocol counter, not per tag */
		if (f->vlan_count == 0)
			ew_count(d, EW_P_VLAN);
		if (f->vlan_count == EW_VLAN_MAX) {
			ew_malformed(d, EW_P_VLAN, "too many VLAN tags");
			return;
		}
		uint16_t tci = ew_cur_u16(c);
		uint16_t inner = ew_cur_u16(c);
		if (ew_cur_failed(c)) {
			ew_malformed(d, EW_P_VLAN, "truncated VLAN tag");
			return;
		}
		f->vlan_tpid[f->vlan_count] = type;
		f->vlan_id[f->vlan_count] = tci & 0x0fff;
		f->vlan_pcp[f->vlan_count] = (uint8_t)(tci >> 13);
		f->vlan_count++;
		type = inner;
	}
	if (type <= 1500) {
		/* 802.3 length field: LLC follows; trust the length only as far as captured */
		size_t n = type < ew_cur_left(c) ? type : ew_cur_left(c);
		struct ew_cursor llc = ew_cur_sub(c, n);
		dissect_llc(d, &llc);
		return;
	}
	if (type < 0x0600) {
		ew_malformed(d, EW_P_ETH, "invalid type/length field");
		return;
	}
	ew_dissect_ethertype(d, type, c);
}

void ew_dissect_ethernet(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_ETH);
	/* one check for the whole header (destination, source, type) */
	const uint8_t *h = ew_cur_view(c, 2 * EW_MAC_LEN + 2);
	if (!h) {
		/* no addresses: zero, as for any frame without a link header */
		memset(&f->src, 0, sizeof f->src);
		memset(&f->dst, 0, sizeof f->dst);
		ew_malformed(d, EW_P_ETH, "truncated Ethernet header");
		return;
	}
	memcpy(f->dst.b, h, EW_MAC_LEN);
	memcpy(f->src.b, h + EW_MAC_LEN, EW_MAC_LEN);
	uint16_t type = (uint16_t)(h[2 * EW_MAC_LEN] << 8 | h[2 * EW_MAC_LEN + 1]);
	f->has_l2 = true;
	dissect_after_type(d, type, c);
}

/* Linux cooked v1: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2).
 * Only the sender's address is present; ARPHRD_ETHER (1) with length 6 gives a MAC. */
void ew_dissect_sll(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_SLL);
	(void)ew_cur_u16(c);
	uint16_t hatype = ew_cur_u16(c);
	uint16_t halen = ew_cur_u16(c);
	uint8_t addr[8];
	ew_cur_copy(c, addr, sizeof addr);
	uint16_t proto = ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_SLL, "truncated cooked header");
		return;
	}
	if (halen == EW_MAC_LEN && (hatype == 1 || hatype == 772 /* loopback */)) {
		memcpy(f->src.b, addr, EW_MAC_LEN);
		f->has_l2 = true;
	}
	if (proto == 0x0004) /* raw 802.2 LLC */
		dissect_llc(d, c);
	else if (proto > 1500)
		dissect_after_type(d, proto, c);
}

/* Linux cooked v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1)
 * addr len(1) addr(8). */
void ew_dissect_sll2(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_SLL);
	uint16_t proto = ew_cur_u16(c);
	(void)ew_cur_u16(c);
	(void)ew_cur_u32(c);
	uint16_t hatype = ew_cur_u16(c);
	(void)ew_cur_u8(c);
	uint8_t halen = ew_cur_u8(c);
	uint8_t addr[8];
	ew_cur_copy(c, addr, sizeof addr);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_SLL, "truncated cooked v2 header");
		return;
	}
	if (halen == EW_MAC_LEN && (hatype == 1 || hatype == 772)) {
		memcpy(f->src.b, addr, EW_MAC_LEN);
		f->has_l2 = true;
	}
	if (proto == 0x0004)
		dissect_llc(d, c);
	else if (proto > 1500)
		dissect_after_type(d, proto, c);
}

void ew_dissect_raw_ip(struct ew_dissector *d, struct ew_cursor *c)
{
	uint8_t v;
	if (!ew_cur_peek_u8(c, 0, &v)) {
		ew_malformed(d, EW_P_FRAME, "empty raw IP frame");
		return;
	}
	if (v >> 4 == 4)
		ew_dissect_ethertype(d, ETHERTYPE_IPV4, c);
	else if (v >> 4 == 6)
		ew_dissect_ethertype(d, ETHERTYPE_IPV6, c);
	else
		ew_malformed(d, EW_P_FRAME, "raw frame is neither IPv4 nor IPv6");
}

/* BSD loopback: a 4-byte address family in the writer's byte order. The
 * family, not the first nibble, says what follows: AF_INET is 2 everywhere,
 * AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
 * Other families (AppleTalk, OSI...) are not ours. */
void ew_dissect_null(struct ew_dissector *d, struct ew_cursor *c)
{
	uint32_t af = ew_cur_u32(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_FRAME, "truncated loopback header");
		return;
	}
	if (af > 0xffff) /* written little-endian */
		af = (af >> 24) | ((af >> 8) & 0xff00);
	switch (af) {
	case 2: ew_dissect_ethertype(d, ETHERTYPE_IPV4, c); break;
	case 10:
	case 24:
	case 28:
	case 30: ew_dissect_ethertype(d, ETHERTYPE_IPV6, c); break;
	default: break;
	}
}
