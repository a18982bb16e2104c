/* SPDX-License-Identifier: ISC */
/* ipv6.c - IPv6 (RFC 8200): fixed header, the extension header chain, one
 * event per packet, then the upper-layer payload of unfragmented packets and
 * first fragments to UDP, ICMPv6, VRRP, OSPF or an inner IP header (RFC 2473).
 *
 * Lengths: the payload is what the payload length says, cut to what was
 * captured; bytes past it are link padding. A payload length past the
 * captured bytes is expected when the frame was cut by the snaplen or sits in
 * an outer first fragment (ew_frame_cut_explains), malformed otherwise.
 *
 * Payload length 0 (RFC 2675 jumbogram): only meaningful with a hop-by-hop
 * header carrying a Jumbo Payload option. No link a SPAN port mirrors has an
 * MTU above 65535, so a jumbogram is an artefact of a host-side capture
 * (segmentation offload); we then take the captured bytes as the payload and
 * never trust the option's length beyond them. Length 0 with a hop-by-hop
 * header but no jumbo option is malformed. Length 0 without a hop-by-hop
 * header (also an offload artefact) is an empty payload, as Wireshark reads
 * it: the upper layer then finds nothing and says so.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <string.h>

#define IPV6_HDR_LEN 40
#define NH_HOPOPTS 0
#define NH_IPIP 4
#define NH_TCP 6
#define NH_UDP 17
#define NH_IPV6 41
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_ESP 50
#define NH_AH 51
#define NH_ICMPV6 58
#define NH_NONE 59
#define NH_DSTOPTS 60
#define NH_OSPF 89
#define NH_VRRP 112
#define NH_MOBILITY 135
#define NH_HIP 139
#define NH_SHIM6 140

#define OPT_PAD1 0
#define OPT_JUMBO 0xc2

/* Stores an address without building a struct to copy (see ip4_set in ipv4.c). */
static inline void ip6_set(struct ew_ip *ip, const uint8_t b[16])
{
	ip->family = EW_AF_INET6;
	memcpy(ip->a, b, 16);
}

/* Looks for a Jumbo Payload option (RFC 2675 §2) in a hop-by-hop header's
 * option area: Pad1 is one byte, every other option is type, length, data. */
static bool has_jumbo_option(struct ew_cursor o)
{
	for (unsigned i = 0; i < EW_OPT_LOOP_MAX && ew_cur_left(&o) > 0; i++) {
		uint8_t type = ew_cur_u8(&o);
		if (type == OPT_PAD1)
			continue;
		uint8_t len = ew_cur_u8(&o);
		if (ew_cur_failed(&o))
			return false;
		if (type == OPT_JUMBO && len == 4)
			return true;
		if (!ew_cur_skip(&o, len))
			return false;
	}
	return false;
}

void ew_dissect_ipv6(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_IPV6);
	size_t avail = ew_cur_left(c);
	uint32_t vtf = ew_cur_u32(c);
	uint16_t plen = ew_cur_u16(c);
	uint8_t nh = ew_cur_u8(c);
	uint8_t hop = ew_cur_u8(c);
	uint8_t src[16], dst[16];
	ew_cur_copy(c, src, 16);
	ew_cur_copy(c, dst, 16);
	if (ew_cur_failed(c)) {
		if (!ew_frame_cut_explains(f, IPV6_HDR_LEN, avail))
			ew_malformed(d, EW_P_IPV6, "truncated IPv6 header");
		return;
	}
	if (vtf >> 28 != 6) {
		ew_malformed(d, EW_P_IPV6, "IPv6 version is not 6");
		return;
	}
	f->ip_version = 6;
	ip6_set(&f->ip_src, src);
	ip6_set(&f->ip_dst, dst);
	f->ttl = hop;
	f->sport = f->dport = 0;

	bool jumbo = plen == 0 && nh == NH_HOPOPTS;
	struct ew_cursor pay;
	if (jumbo || (plen > ew_cur_left(c) && ew_frame_cut_explains(f, plen, ew_cur_left(c)))) {
		pay = ew_cur_rest(c);
	} else if (plen > ew_cur_left(c)) {
		f->l4_proto = nh;
		ew_malformed(d, EW_P_IPV6, "IPv6 payload length beyond captured frame");
		return;
	} else {
		pay = ew_cur_sub(c, plen);
	}

	/* RFC 8200 §4: walk the chain to the upper-layer header. Each header is
	 * confined to its declared length; the walk stops at a non-first fragment
	 * (what follows is the middle of a datagram), at ESP (encrypted, RFC 4303)
	 * and at No Next Header. `reached` says the cursor is at the upper layer. */
	uint8_t ext_count = 0;
	bool fragment = false, first_fragment = false, reached = true;
	const char *bad = NULL;
	for (;;) {
		size_t hdr_len;
		uint8_t next = 0, len = 0;
		if (nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_DSTOPTS || nh == NH_MOBILITY ||
		    nh == NH_HIP || nh == NH_SHIM6) {
			/* RFC 8200 §4.3-4.6, RFC 6275 §6.1, RFC 7401 §5.1, RFC 5533 §5:
			 * next header, length in 8-octet units not counting the first 8 */
			if (nh == NH_HOPOPTS && ext_count != 0) {
				bad = "IPv6 hop-by-hop header not first"; /* RFC 8200 §4.1 */
				break;
			}
		} else if (nh != NH_FRAGMENT && nh != NH_AH) {
			break; /* upper layer, ESP, No Next Header or unknown */
		}
		if (ext_count == EW_IP6_EXT_MAX) {
			bad = "too many IPv6 extension headers";
			break;
		}
		if (!ew_cur_peek_u8(&pay, 0, &next) || !ew_cur_peek_u8(&pay, 1, &len)) {
			hdr_len = 2; /* cannot even read the length: report as truncated */
		} else if (nh == NH_FRAGMENT) {
			hdr_len = 8; /* RFC 8200 §4.5: fixed size */
		} else if (nh == NH_AH) {
			hdr_len = ((size_t)len + 2) * 4; /* RFC 4302 §2.2: 32-bit words minus 2 */
		} else {
			hdr_len = ((size_t)len + 1) * 8;
		}
		size_t left = ew_cur_left(&pay);
		struct ew_cursor h = ew_cur_sub(&pay, hdr_len);
		if (ew_cur_failed(&h)) {
			if (ew_frame_cut_explains(f, hdr_len, left)) {
				reached = false; /* the capture cut the chain: report what we have */
				break;
			}
			bad = "truncated IPv6 extension header";
			break;
		}
		ext_count++;
		if (nh == NH_HOPOPTS && jumbo) {
			ew_cur_skip(&h, 2);
			if (!has_jumbo_option(h)) {
				bad = "IPv6 payload length 0 without jumbo option";
				break;
			}
			jumbo = false;
		} else if (nh == NH_FRAGMENT) {
			ew_cur_skip(&h, 2);
			uint16_t offm = ew_cur_u16(&h);
			fragment = true;
			first_fragment = (offm >> 3) == 0;
			if (first_fragment && (offm & 1))
				f->ip_partial = true; /* M flag: the upper layer is cut, see ipv4.c */
			if (!first_fragment) {
				nh = next;
				reached = false;
				break;
			}
		}
		nh = next;
	}
	if (bad) {
		f->l4_proto = nh;
		ew_malformed(d, EW_P_IPV6, bad);
		return;
	}
	if (nh == NH_ESP || nh == NH_NONE)
		reached = false;
	f->l4_proto = nh;

	struct ew_l4_ports l4 = { 0 };
	const char *tcp_bad = NULL;
	if (reached)
		tcp_bad = ew_ip_l4_ports(d, nh, &pay, &l4);

	struct ew_event *ev = ew_event_begin(d, EW_EV_IPV6);
	struct ew_ev_ipv6 *e = &ev->u.ipv6;
	ip6_set(&e->src, src);
	ip6_set(&e->dst, dst);
	e->hop_limit = hop;
	e->next_header = nh;
	e->payload_len = plen;
	e->ext_count = ext_count;
	e->fragment = fragment;
	e->first_fragment = first_fragment;
	e->flow_label = vtf & 0xfffff;
	if (l4.has_ports) {
		e->has_ports = true;
		e->sport = f->sport = l4.sport;
		e->dport = f->dport = l4.dport;
		e->has_tcp_flags = l4.has_flags;
		e->tcp_flags = l4.tcp_flags;
	}
	ew_event_emit(d);
	if (tcp_bad)
		ew_malformed(d, EW_P_TCP, tcp_bad);
	if (!reached)
		return;

	switch (nh) {
	case NH_UDP: ew_dissect_udp(d, &pay); break;
	case NH_ICMPV6: ew_dissect_icmpv6(d, &pay); break;
	case NH_VRRP: ew_dissect_vrrp(d, &pay); break;
	case NH_OSPF: ew_dissect_ospf(d, &pay); break;
	case NH_IPIP:
	case NH_IPV6: ew_dissect_ip_inner(d, EW_P_IPV6, nh, &pay); break;
	default: break;
	}
}

/* Field names follow struct ew_ev_ipv6; golden tests depend on them. Ports
 * appear only when the transport header was read, tcp_flags only when read. */
EW_JSON_FN(ipv6)
{
	const struct ew_ev_ipv6 *e = &ev->u.ipv6;
	ew_json_add_ip(o, "src", &e->src);
	ew_json_add_ip(o, "dst", &e->dst);
	ew_json_add_int(o, "hop_limit", e->hop_limit);
	ew_json_add_int(o, "next_header", e->next_header);
	ew_json_add_int(o, "payload_len", e->payload_len);
	ew_json_add_int(o, "ext_count", e->ext_count);
	ew_json_add_bool(o, "fragment", e->fragment);
	ew_json_add_bool(o, "first_fragment", e->first_fragment);
	ew_json_add_int(o, "flow_label", e->flow_label);
	if (e->has_ports) {
		ew_json_add_int(o, "sport", e->sport);
		ew_json_add_int(o, "dport", e->dport);
		if (e->has_tcp_flags)
			ew_json_add_int(o, "tcp_flags", e->tcp_flags);
	}
}
