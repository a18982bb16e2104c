/* SPDX-License-Identifier: ISC */
/* udp.c - UDP (RFC 768): header, length check, dispatch by port to the
 * application dissectors that carry egress evidence.
 *
 * The UDP length covers header and data. The payload is confined to it;
 * captured bytes past it are ignored. A length below 8, or past the IP
 * payload of a whole packet, is malformed; past it in a frame cut by the
 * snaplen or in a first fragment (ew_frame_cut_explains), the bytes on hand are
 * dissected.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define UDP_HDR_LEN 8

/* IANA port assignments of the protocols we read. */
static enum ew_proto port_app(uint16_t port)
{
	switch (port) {
	case 67:
	case 68: return EW_P_DHCP4;    /* RFC 2131 §4.1 */
	case 520: return EW_P_RIP;     /* RFC 2453 §3.1 */
	case 521: return EW_P_RIPNG;   /* RFC 2080 §2.1 */
	case 546:
	case 547: return EW_P_DHCP6;   /* RFC 8415 §7.2 */
	case 1900: return EW_P_SSDP;   /* UPnP Device Architecture 2.0 §1.1 */
	case 1985: return EW_P_HSRP;   /* HSRP v1 (RFC 2281 §5) and v2 over IPv4 */
	case 2029: return EW_P_HSRP;   /* HSRP for IPv6 */
	case 5353: return EW_P_MDNS;   /* RFC 6762 §3 */
	default: return EW_P_UDP;
	}
}

/* Either port may name the service (requests go to it, replies come from it).
 * When both name different services the lower port wins, as in Wireshark's
 * "try low port first": the lower is the well-known one, the other usually an
 * ephemeral port that happens to collide. */
enum ew_proto ew_udp_app(uint16_t sport, uint16_t dport)
{
	uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
	enum ew_proto p = port_app(lo);
	return p != EW_P_UDP ? p : port_app(hi);
}

void ew_dissect_udp(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_UDP);
	size_t avail = ew_cur_left(c);
	uint16_t sport = ew_cur_u16(c);
	uint16_t dport = ew_cur_u16(c);
	uint16_t len = ew_cur_u16(c);
	(void)ew_cur_u16(c); /* checksum: not verified */
	if (ew_cur_failed(c)) {
		if (!ew_frame_cut_explains(f, UDP_HDR_LEN, avail))
			ew_malformed(d, EW_P_UDP, "truncated UDP header");
		return;
	}
	f->sport = sport;
	f->dport = dport;
	if (len < UDP_HDR_LEN) {
		/* 0 would be an IPv6 jumbogram (RFC 2675 §4), which a SPAN port never sees */
		ew_malformed(d, EW_P_UDP, "UDP length below 8");
		return;
	}
	struct ew_cursor payload;
	if (len > avail) {
		if (!ew_frame_cut_explains(f, len, avail)) {
			ew_malformed(d, EW_P_UDP, "UDP length beyond IP payload");
			return;
		}
		payload = ew_cur_rest(c);
	} else {
		payload = ew_cur_sub(c, len - UDP_HDR_LEN);
	}

	switch (ew_udp_app(sport, dport)) {
	case EW_P_DHCP4: ew_dissect_dhcp4(d, &payload); break;
	case EW_P_DHCP6: ew_dissect_dhcp6(d, &payload); break;
	case EW_P_SSDP: ew_dissect_ssdp(d, &payload); break;
	case EW_P_MDNS: ew_dissect_mdns(d, &payload); break;
	case EW_P_RIP: ew_dissect_rip(d, &payload); break;
	case EW_P_RIPNG: ew_dissect_ripng(d, &payload); break;
	case EW_P_HSRP: ew_dissect_hsrp(d, &payload); break;
	default: break;
	}
}
