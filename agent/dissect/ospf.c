/* SPDX-License-Identifier: ISC */
/* ospf.c - OSPF, IP protocol 89: v2 (RFC 2328) and v3 (RFC 5340). Only
 * Hello packets become events (EW_EV_OSPF_HELLO): a router announcing itself
 * on the segment. Other packet types are counted and checked no further. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define OSPF_HELLO 1
#define OSPF2_HDR_LEN 24 /* RFC 2328 A.3.1 */
#define OSPF3_HDR_LEN 16 /* RFC 5340 A.3.1 */

void ew_dissect_ospf(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_OSPF);
	/* common header: version, type, packet length (covering the header),
	 * router id, area id, checksum; v2 then has autype(2) and
	 * authentication(8), v3 instance id(1) and a reserved byte */
	struct ew_cursor all = ew_cur_rest(c);
	uint8_t version = ew_cur_u8(&all);
	uint8_t type = ew_cur_u8(&all);
	uint16_t length = ew_cur_u16(&all);
	if (ew_cur_failed(&all)) {
		ew_malformed(d, EW_P_OSPF, "truncated OSPF header");
		return;
	}
	if (version != 2 && version != 3) {
		ew_malformed(d, EW_P_OSPF, "unknown OSPF version");
		return;
	}
	size_t hdr = version == 2 ? OSPF2_HDR_LEN : OSPF3_HDR_LEN;
	if (length < hdr) {
		ew_malformed(d, EW_P_OSPF, "OSPF length shorter than its header");
		return;
	}
	/* the declared length bounds the packet: cryptographic authentication
	 * data (RFC 2328 D.4.3, RFC 7166) and link-local signalling (RFC 5613)
	 * may follow it */
	struct ew_cursor p = ew_cur_sub(&all, length - 4u);
	if (ew_cur_failed(&all)) {
		ew_malformed(d, EW_P_OSPF, "OSPF length exceeds the packet");
		return;
	}
	uint32_t router_id = ew_cur_u32(&p), area_id = ew_cur_u32(&p);
	ew_cur_skip(&p, hdr - 12); /* checksum and the rest of the header */
	if (type != OSPF_HELLO)
		return;

	struct ew_ev_ospf_hello h = { 0 };
	h.version = version;
	h.router_id = ew_ip4_from_u32(router_id);
	h.area_id = ew_ip4_from_u32(area_id);
	if (version == 2) {
		/* RFC 2328 A.3.2: network mask, hello interval(2), options(1),
		 * router priority(1), dead interval(4), DR, BDR, neighbors */
		h.mask = ew_ip4_from_u32(ew_cur_u32(&p));
		h.hello_interval = ew_cur_u16(&p);
		(void)ew_cur_u8(&p);
		h.priority = ew_cur_u8(&p);
		h.dead_interval = ew_cur_u32(&p);
	} else {
		/* RFC 5340 A.3.2: interface id(4), router priority(1),
		 * options(3), hello interval(2), dead interval(2), DR, BDR
		 * (router ids), neighbors */
		(void)ew_cur_u32(&p);
		h.priority = ew_cur_u8(&p);
		(void)ew_cur_u24(&p);
		h.hello_interval = ew_cur_u16(&p);
		h.dead_interval = ew_cur_u16(&p);
	}
	h.dr = ew_ip4_from_u32(ew_cur_u32(&p));
	h.bdr = ew_ip4_from_u32(ew_cur_u32(&p));
	if (ew_cur_failed(&p)) {
		ew_malformed(d, EW_P_OSPF, "truncated OSPF hello");
		return;
	}
	size_t left = ew_cur_left(&p);
	size_t neighbors = left / 4;
	h.neighbor_count = (uint8_t)(neighbors > UINT8_MAX ? UINT8_MAX : neighbors);
	struct ew_event *ev = ew_event_begin(d, EW_EV_OSPF_HELLO);
	ev->u.ospf = h;
	ew_event_emit(d);
	if (left % 4)
		ew_malformed(d, EW_P_OSPF, "OSPF hello neighbor list is not whole addresses");
}

EW_JSON_FN(ospf_hello)
{
	const struct ew_ev_ospf_hello *h = &ev->u.ospf;
	ew_json_add_int(o, "version", h->version);
	ew_json_add_ip(o, "router_id", &h->router_id);
	ew_json_add_ip(o, "area_id", &h->area_id);
	if (h->version == 2)
		ew_json_add_ip(o, "mask", &h->mask);
	ew_json_add_int(o, "hello_interval", h->hello_interval);
	ew_json_add_int(o, "priority", h->priority);
	ew_json_add_int(o, "dead_interval", h->dead_interval);
	ew_json_add_ip(o, "dr", &h->dr);
	ew_json_add_ip(o, "bdr", &h->bdr);
	ew_json_add_int(o, "neighbor_count", h->neighbor_count);
}
