/* SPDX-License-Identifier: ISC */
/* ipv4.c - IPv4 (RFC 791): header checks, options, fragments, one event per
 * packet, then the payload of first fragments to UDP, ICMP, VRRP, OSPF or an
 * inner IP header (IP-in-IP, RFC 2003; IPv6-in-IPv4, RFC 4213 §3.5).
 *
 * Lengths: the packet is what the total length says, cut to what was captured.
 * Bytes captured past the total length are Ethernet padding (frames shorter
 * than 60 bytes) and are ignored. A total length past the captured bytes is
 * expected when the frame was cut by the snaplen or this packet sits in the
 * first fragment of an outer one (ew_frame_cut_explains), and malformed otherwise.
 * Runs for every packet: no allocation, no formatting, the event struct is the
 * only thing cleared.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <string.h>

#define IPV4_HDR_MIN 20
#define IPPROTO_ICMP_ 1
#define IPPROTO_IPIP_ 4
#define IPPROTO_UDP_ 17
#define IPPROTO_IPV6_ 41
#define IPPROTO_OSPF_ 89
#define IPPROTO_VRRP_ 112

/* Stores an address from its four wire bytes (network order, as ew_ip keeps
 * it). Written field by field (not through ew_ip4_from_u32's returned
 * struct): this runs four times per packet, and a whole-struct copy right
 * after byte stores stalls on store forwarding; the four bytes go as one. */
static inline void ip4_set(struct ew_ip *ip, const uint8_t *wire)
{
	memset(ip, 0, sizeof *ip);
	ip->family = EW_AF_INET;
	memcpy(ip->a, wire, 4);
}

/* RFC 791 §3.1 options: End of List stops the walk, No Operation is one byte,
 * every other option is type, length (counting both, so at least 2), data.
 * The area is at most 40 bytes, so the walk is short; the cap is for form. */
static bool options_well_formed(struct ew_cursor *o)
{
	for (unsigned i = 0; i < EW_OPT_LOOP_MAX && ew_cur_left(o) > 0; i++) {
		uint8_t type = ew_cur_u8(o);
		if (type == 0)
			return true;
		if (type == 1)
			continue;
		uint8_t len = ew_cur_u8(o);
		if (ew_cur_failed(o) || len < 2 || !ew_cur_skip(o, (size_t)len - 2))
			return false;
	}
	return true;
}

void ew_dissect_ipv4(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_IPV4);
	size_t avail = ew_cur_left(c);
	/* The fixed header is checked once and read from one view: byte-wise
	 * checked reads of eleven fields cost more than the rest of this layer. */
	const uint8_t *h = ew_cur_view(c, IPV4_HDR_MIN);
	if (!h) {
		/* a snaplen inside the fixed header leaves nothing to report */
		if (!ew_frame_cut_explains(f, IPV4_HDR_MIN, avail))
			ew_malformed(d, EW_P_IPV4, "truncated IPv4 header");
		return;
	}
	uint8_t vihl = h[0];
	uint8_t tos = h[1];
	uint16_t total_len = (uint16_t)(h[2] << 8 | h[3]);
	uint16_t id = (uint16_t)(h[4] << 8 | h[5]);
	uint16_t frag = (uint16_t)(h[6] << 8 | h[7]);
	uint8_t ttl = h[8];
	uint8_t proto = h[9];
	/* h[10..11], the checksum: not verified, it costs a pass over the header */
	const uint8_t *src = h + 12, *dst = h + 16;
	if (vihl >> 4 != 4) {
		ew_malformed(d, EW_P_IPV4, "IPv4 version is not 4");
		return;
	}
	size_t hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < IPV4_HDR_MIN) {
		ew_malformed(d, EW_P_IPV4, "IPv4 header length below 20");
		return;
	}

	/* The header is sane enough that its addresses are worth keeping, even
	 * on the malformed events below: they say who sent the broken packet. */
	f->ip_version = 4;
	ip4_set(&f->ip_src, src);
	ip4_set(&f->ip_dst, dst);
	f->ttl = ttl;
	f->l4_proto = proto;
	f->sport = f->dport = 0;

	/* RFC 791 §3.1: the total length covers header and data. Zero is what
	 * segmentation offload leaves in host-side captures; on a SPAN port it
	 * is never valid, so it is malformed like any length below the header. */
	if (total_len < hlen) {
		ew_malformed(d, EW_P_IPV4, total_len == 0 ? "IPv4 total length 0 (offload capture?)"
							   : "IPv4 total length below header length");
		return;
	}
	/* ew_frame_cut_explains as one comparison: the packet may run past
	 * what was captured by what the snap length cut off (without limit in
	 * a first fragment). Under a snap length about half the packets do, in
	 * no order a branch predictor can learn, so no branch asks which. */
	size_t len = total_len;
	size_t slack = f->wirelen > f->caplen ? (size_t)(f->wirelen - f->caplen) : 0;
	slack |= -(size_t)f->ip_partial & (SIZE_MAX >> 1);
	if (len > avail + slack) {
		ew_malformed(d, EW_P_IPV4, "IPv4 total length beyond captured frame");
		return;
	}
	len = len < avail ? len : avail;

	uint16_t frag_off = frag & 0x1fff;
	struct ew_event *ev = ew_event_begin(d, EW_EV_IPV4);
	struct ew_ev_ipv4 *e = &ev->u.ipv4;
	ip4_set(&e->src, src);
	ip4_set(&e->dst, dst);
	e->ttl = ttl;
	e->proto = proto;
	e->tos = tos;
	e->total_len = total_len;
	e->id = id;
	e->df = (frag & 0x4000) != 0;
	e->mf = (frag & 0x2000) != 0;
	e->frag_offset = frag_off;
	e->options_len = (uint8_t)(hlen - IPV4_HDR_MIN);

	if (hlen > len) {
		/* options cut by the snaplen or an outer fragment (len < hlen only then) */
		ew_event_emit(d);
		return;
	}
	bool opts_ok = true;
	if (hlen > IPV4_HDR_MIN) { /* rare: no sub-cursor for an empty option area */
		struct ew_cursor opts = ew_cur_sub(c, hlen - IPV4_HDR_MIN);
		opts_ok = options_well_formed(&opts);
	}
	struct ew_cursor payload = ew_cur_sub(c, len - hlen);

	/* RFC 791 §3.2: offset 0 with MF set is the first fragment. Lengths
	 * inside it (UDP length, an inner total length) count the whole datagram
	 * and run past this payload: the layers above must expect that. */
	if (frag_off == 0 && e->mf)
		f->ip_partial = true;
	/* The transport ports of a first fragment (offset 0; MF may be set) go
	 * into this event; later fragments carry no transport header. */
	struct ew_l4_ports l4 = { 0 };
	const char *tcp_bad = NULL;
	if (frag_off == 0)
		tcp_bad = ew_ip_l4_ports(d, proto, &payload, &l4);
	if (l4.has_ports) {
		e->has_ports = true;
		e->sport = f->sport = l4.sport;
		e->dport = f->dport = l4.dport;
		e->has_tcp_flags = l4.has_flags;
		e->tcp_flags = l4.tcp_flags;
	}
	ew_event_emit(d);
	if (!opts_ok)
		ew_malformed(d, EW_P_IPV4, "bad IPv4 option length");
	if (tcp_bad)
		ew_malformed(d, EW_P_TCP, tcp_bad);
	if (frag_off != 0)
		return;

	switch (proto) {
	case IPPROTO_UDP_: ew_dissect_udp(d, &payload); break;
	case IPPROTO_ICMP_: ew_dissect_icmp(d, &payload); break;
	case IPPROTO_VRRP_: ew_dissect_vrrp(d, &payload); break;
	case IPPROTO_OSPF_: ew_dissect_ospf(d, &payload); break;
	case IPPROTO_IPIP_:
	case IPPROTO_IPV6_: ew_dissect_ip_inner(d, EW_P_IPV4, proto, &payload); break;
	default: break;
	}
}

/* Field names follow struct ew_ev_ipv4; golden tests depend on them. Ports
 * appear only when the transport header was read, tcp_flags only when read. */
EW_JSON_FN(ipv4)
{
	const struct ew_ev_ipv4 *e = &ev->u.ipv4;
	ew_json_add_ip(o, "src", &e->src);
	ew_json_add_ip(o, "dst", &e->dst);
	ew_json_add_int(o, "ttl", e->ttl);
	ew_json_add_int(o, "proto", e->proto);
	ew_json_add_int(o, "tos", e->tos);
	ew_json_add_int(o, "total_len", e->total_len);
	ew_json_add_int(o, "id", e->id);
	ew_json_add_bool(o, "df", e->df);
	ew_json_add_bool(o, "mf", e->mf);
	ew_json_add_int(o, "frag_offset", e->frag_offset);
	ew_json_add_int(o, "options_len", e->options_len);
	if (e->has_ports) {
		ew_json_add_int(o, "sport", e->sport);
		ew_json_add_int(o, "dport", e->dport);
		if (e->has_tcp_flags)
			ew_json_add_int(o, "tcp_flags", e->tcp_flags);
	}
}
