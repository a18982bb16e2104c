/* SPDX-License-Identifier: ISC */
/* arp.c - ARP (RFC 826) for any hardware and protocol type: the header always,
 * the addresses decoded when they are MACs and IPv4 addresses. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define ARP_HRD_ETHER 1
#define ARP_HRD_IEEE802 6 /* RFC 1042 hosts on 802 LANs */
#define ARP_PRO_IPV4 0x0800

/* Hardware addresses are MACs for Ethernet and IEEE 802 with length 6. */
static bool hw_is_mac(uint16_t htype, uint8_t hlen)
{
	return hlen == EW_MAC_LEN && (htype == ARP_HRD_ETHER || htype == ARP_HRD_IEEE802);
}

static bool proto_is_ipv4(uint16_t ptype, uint8_t plen)
{
	return ptype == ARP_PRO_IPV4 && plen == 4;
}

/* One hardware or protocol address of the declared length: copied when it is
 * a type we decode, skipped otherwise. */
static void read_mac(struct ew_cursor *c, bool decode, uint8_t hlen, struct ew_mac *out)
{
	if (decode)
		ew_cur_copy(c, out->b, EW_MAC_LEN);
	else
		ew_cur_skip(c, hlen);
}

static void read_ip(struct ew_cursor *c, bool decode, uint8_t plen, struct ew_ip *out)
{
	uint8_t a[4];
	if (!decode)
		ew_cur_skip(c, plen);
	else if (ew_cur_copy(c, a, 4))
		*out = ew_ip4_from_bytes(a);
}

void ew_dissect_arp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_ARP);
	uint16_t htype = ew_cur_u16(c);
	uint16_t ptype = ew_cur_u16(c);
	uint8_t hlen = ew_cur_u8(c);
	uint8_t plen = ew_cur_u8(c);
	uint16_t op = ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ARP, "truncated ARP header");
		return;
	}
	struct ew_ev_arp *a = &ew_event_begin(d, EW_EV_ARP)->u.arp;
	a->op = op;
	a->htype = htype;
	a->ptype = ptype;
	a->hlen = hlen;
	a->plen = plen;
	bool mac = hw_is_mac(htype, hlen), ip4 = proto_is_ipv4(ptype, plen);
	/* RFC 826: sender hw, sender proto, target hw, target proto, each of the
	 * declared length; what follows them in the frame is link padding. */
	read_mac(c, mac, hlen, &a->sha);
	read_ip(c, ip4, plen, &a->spa);
	read_mac(c, mac, hlen, &a->tha);
	read_ip(c, ip4, plen, &a->tpa);
	if (ew_cur_failed(c)) {
		/* d->ev is reused by the malformed event: nothing half-read is delivered */
		ew_malformed(d, EW_P_ARP, "truncated ARP addresses");
		return;
	}
	ew_event_emit(d);
}

/* Field names follow struct ew_ev_arp. Addresses appear only when decoded. */
EW_JSON_FN(arp)
{
	const struct ew_ev_arp *a = &ev->u.arp;
	ew_json_add_int(o, "op", a->op);
	ew_json_add_int(o, "htype", a->htype);
	ew_json_add_int(o, "ptype", a->ptype);
	ew_json_add_int(o, "hlen", a->hlen);
	ew_json_add_int(o, "plen", a->plen);
	if (hw_is_mac(a->htype, a->hlen)) {
		ew_json_add_mac(o, "sha", &a->sha);
		ew_json_add_mac(o, "tha", &a->tha);
	}
	ew_json_add_ip(o, "spa", &a->spa);
	ew_json_add_ip(o, "tpa", &a->tpa);
}
