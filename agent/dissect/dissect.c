/* SPDX-License-Identifier: ISC */
/* dissect.c - the dissector context: frame entry per link type, event delivery, counters. */
#include "egresswatch/dissect.h"

#include <string.h>

void ew_dissector_init(struct ew_dissector *d, ew_event_cb cb, void *user)
{
	memset(d, 0, sizeof *d);
	d->cb = cb;
	d->user = user;
}

struct ew_event *ew_event_begin(struct ew_dissector *d, enum ew_event_type t)
{
	/* Only the union member in use is cleared: clearing the whole union for
	 * every IP packet would cost more than the dissection itself. */
	struct ew_event *ev = &d->ev;
	ev->type = t;
	switch (t) {
	case EW_EV_MALFORMED: memset(&ev->u.malformed, 0, sizeof ev->u.malformed); break;
	case EW_EV_ARP: memset(&ev->u.arp, 0, sizeof ev->u.arp); break;
	case EW_EV_IPV4: memset(&ev->u.ipv4, 0, sizeof ev->u.ipv4); break;
	case EW_EV_IPV6: memset(&ev->u.ipv6, 0, sizeof ev->u.ipv6); break;
	case EW_EV_ICMP: memset(&ev->u.icmp, 0, sizeof ev->u.icmp); break;
	case EW_EV_IRDP_ADVERT: memset(&ev->u.irdp, 0, sizeof ev->u.irdp); break;
	case EW_EV_ND_RS: memset(&ev->u.rs, 0, sizeof ev->u.rs); break;
	case EW_EV_ND_NS: memset(&ev->u.ns, 0, sizeof ev->u.ns); break;
	case EW_EV_ND_NA: memset(&ev->u.na, 0, sizeof ev->u.na); break;
	case EW_EV_ND_REDIRECT: memset(&ev->u.redirect, 0, sizeof ev->u.redirect); break;
	case EW_EV_PPPOE_SESS: memset(&ev->u.pppoes, 0, sizeof ev->u.pppoes); break;
	default: memset(&ev->u, 0, sizeof ev->u); break;
	}
	return ev;
}

void ew_event_emit(struct ew_dissector *d)
{
	d->stats.events[d->ev.type]++;
	if (d->cb)
		d->cb(&d->frame, &d->ev, d->user);
}

/* Protocols whose dissectors read to the end of what they were given without
 * asking whether the frame was cut (the link, IP, UDP, TCP and ICMP layers
 * ask ew_frame_cut_explains themselves). */
static bool reads_to_end(enum ew_proto p)
{
	switch (p) {
	case EW_P_ICMPV6:
	case EW_P_DHCP4:
	case EW_P_DHCP6:
	case EW_P_PPPOE_DISC:
	case EW_P_LLDP:
	case EW_P_CDP:
	case EW_P_SSDP:
	case EW_P_MDNS:
	case EW_P_RIP:
	case EW_P_RIPNG:
	case EW_P_VRRP:
	case EW_P_HSRP:
	case EW_P_OSPF: return true;
	default: return false;
	}
}

void ew_malformed(struct ew_dissector *d, enum ew_proto proto, const char *reason)
{
	/* In a frame cut by the snaplen or an IP first fragment, a fault found
	 * by such a dissector may only be the cut: it is counted as cut, not
	 * malformed, as tshark reports "packet size limited during capture". */
	if (reads_to_end(proto) && (d->frame.caplen < d->frame.wirelen || d->frame.ip_partial)) {
		d->stats.cut[proto]++;
		return;
	}
	d->stats.malformed[proto]++;
	struct ew_event *ev = ew_event_begin(d, EW_EV_MALFORMED);
	ev->u.malformed.proto = proto;
	ev->u.malformed.reason = reason;
	ew_event_emit(d);
}

/* ---- shared by IPv4 and IPv6 ------------------------------------------------------ */

const char *ew_ip_l4_ports(struct ew_dissector *d, uint8_t proto, struct ew_cursor *payload,
			   struct ew_l4_ports *out)
{
	if (proto == 6) /* TCP: nothing above it is dispatched, so the cursor may move */
		return ew_dissect_tcp(d, payload, out);
	if (proto == 17)
		out->has_ports = ew_cur_peek_u16(payload, 0, &out->sport) && ew_cur_peek_u16(payload, 2, &out->dport);
	return NULL;
}

/* The depth cap keeps a packet of nothing but nested headers from recursing without end. */
void ew_dissect_ip_inner(struct ew_dissector *d, enum ew_proto outer, uint8_t proto, struct ew_cursor *payload)
{
	if (d->depth >= EW_ENCAP_MAX) {
		ew_malformed(d, outer, "encapsulation too deep");
		return;
	}
	d->depth++;
	if (proto == 4)
		ew_dissect_ipv4(d, payload);
	else
		ew_dissect_ipv6(d, payload);
	d->depth--;
}

bool ew_linktype_supported(int linktype)
{
	switch (linktype) {
	case EW_LINKTYPE_ETHERNET:
	case EW_LINKTYPE_LINUX_SLL:
	case EW_LINKTYPE_LINUX_SLL2:
	case EW_LINKTYPE_RAW:
	case EW_LINKTYPE_IPV4:
	case EW_LINKTYPE_IPV6:
	case EW_LINKTYPE_NULL:
		return true;
	default:
		return false;
	}
}

bool ew_dissect_frame(struct ew_dissector *d, int linktype, const uint8_t *data, size_t caplen,
		      size_t wirelen, int64_t ts_usec)
{
	struct ew_frame *f = &d->frame;
	/* reset the frame cheaply: the fields below are all that dissectors read
	 * before writing */
	f->ts_usec = ts_usec;
	f->caplen = (uint32_t)caplen;
	f->wirelen = (uint32_t)wirelen;
	f->has_l2 = false;
	if (linktype != EW_LINKTYPE_ETHERNET) { /* Ethernet writes both or clears both */
		memset(&f->src, 0, sizeof f->src);
		memset(&f->dst, 0, sizeof f->dst);
	}
	f->vlan_count = 0;
	f->ethertype = 0;
	f->ip_version = 0;
	f->ip_src.family = f->ip_dst.family = EW_AF_NONE;
	f->ttl = 0;
	f->l4_proto = 0;
	f->sport = f->dport = 0;
	f->ip_partial = false;
	d->depth = 0;

	d->stats.frames++;
	f->number = d->stats.frames;
	d->stats.bytes += wirelen;
	d->stats.proto[EW_P_FRAME]++;
	struct ew_cursor c = ew_cur_make(data, caplen);
	switch (linktype) {
	case EW_LINKTYPE_ETHERNET: ew_dissect_ethernet(d, &c); return true;
	case EW_LINKTYPE_LINUX_SLL: ew_dissect_sll(d, &c); return true;
	case EW_LINKTYPE_LINUX_SLL2: ew_dissect_sll2(d, &c); return true;
	case EW_LINKTYPE_RAW: ew_dissect_raw_ip(d, &c); return true;
	/* the link type names the version: a wrong nibble is the IP layer's fault to report */
	case EW_LINKTYPE_IPV4: ew_dissect_ethertype(d, EW_ETHERTYPE_IPV4, &c); return true;
	case EW_LINKTYPE_IPV6: ew_dissect_ethertype(d, EW_ETHERTYPE_IPV6, &c); return true;
	case EW_LINKTYPE_NULL: ew_dissect_null(d, &c); return true;
	default:
		d->stats.unsupported_link++;
		return false;
	}
}
