/* SPDX-License-Identifier: ISC */
/* vrrp.c - Virtual Router Redundancy Protocol, IP protocol 112: v2 (RFC 3768)
 * over IPv4 and v3 (RFC 9568, formerly RFC 5798) over IPv4 or IPv6. One
 * EW_EV_VRRP event per advertisement: a router offering a virtual gateway.
 *
 * An address count that does not fit the packet is malformed; the addresses
 * that do fit are still delivered (up to EW_ADDR_LIST_MAX). */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_vrrp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_VRRP);
	/* RFC 3768 §5.1 / RFC 9568 §5.1: version(4) type(4), VRID, priority,
	 * count of addresses, then v2: auth type, advertisement interval in
	 * seconds, checksum; v3: reserved(4) max advertisement interval in
	 * centiseconds(12), checksum */
	uint8_t vt = ew_cur_u8(c);
	uint8_t vrid = ew_cur_u8(c), priority = ew_cur_u8(c), count = ew_cur_u8(c);
	uint8_t version = vt >> 4;
	uint8_t auth_type = 0;
	uint16_t adver_int;
	if (version == 2) {
		auth_type = ew_cur_u8(c);
		adver_int = ew_cur_u8(c);
	} else {
		adver_int = ew_cur_u16(c) & 0x0fff;
	}
	(void)ew_cur_u16(c); /* checksum */
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_VRRP, "truncated VRRP header");
		return;
	}
	if (version != 2 && version != 3) {
		ew_malformed(d, EW_P_VRRP, "unknown VRRP version");
		return;
	}
	struct ew_ev_vrrp *v = &ew_event_begin(d, EW_EV_VRRP)->u.vrrp;
	v->version = version;
	v->type = vt & 0x0f;
	v->vrid = vrid;
	v->priority = priority;
	v->count = count;
	v->adver_int = adver_int;
	v->auth_type = auth_type;
	/* v2 is IPv4 only; v3 carries addresses of the IP version it rides on */
	bool ipv6 = version == 3 && d->frame.ip_version != 4;
	size_t alen = ipv6 ? 16 : 4;
	const char *bad = NULL;
	for (unsigned i = 0; i < count; i++) {
		uint8_t a[16];
		if (!ew_cur_copy(c, a, alen)) {
			bad = "VRRP address count exceeds the packet";
			break;
		}
		if (v->addr_count < EW_ADDR_LIST_MAX)
			v->addrs[v->addr_count++] = ipv6 ? ew_ip6_from_bytes(a) : ew_ip4_from_bytes(a);
	}
	/* v2 ends with 8 bytes of authentication data (RFC 3768 §5.3.10), not
	 * read: type 0 leaves it zero and RFC 3768 §5.3.6 retired the others */
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_VRRP, bad);
}

EW_JSON_FN(vrrp)
{
	const struct ew_ev_vrrp *v = &ev->u.vrrp;
	ew_json_add_int(o, "version", v->version);
	ew_json_add_int(o, "type", v->type);
	ew_json_add_int(o, "vrid", v->vrid);
	ew_json_add_int(o, "priority", v->priority);
	ew_json_add_int(o, "count", v->count);
	ew_json_add_int(o, "adver_int", v->adver_int);
	if (v->version == 2)
		ew_json_add_int(o, "auth_type", v->auth_type);
	size_t n = v->addr_count < EW_ADDR_LIST_MAX ? v->addr_count : EW_ADDR_LIST_MAX;
	ew_json_add_ip_list(o, "addrs", v->addrs, n);
}
