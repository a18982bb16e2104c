/* SPDX-License-Identifier: ISC */
/* dissect.h - frame dissection: bytes in, typed events out.
 *
 * One `struct ew_dissector` is reused for every frame. It owns the scratch
 * frame and event (so dissecting never allocates), the callback that receives
 * events, and the counters the summary prints. Dissectors never stop the
 * program: malformed input becomes an EW_EV_MALFORMED event and a counter.
 */
#ifndef EGRESSWATCH_DISSECT_H
#define EGRESSWATCH_DISSECT_H

#include <stddef.h>
#include <stdint.h>

#include "egresswatch/cursor.h"
#include "egresswatch/event.h"

/* pcap link types we read (values from the tcpdump.org LINKTYPE_ registry). */
enum {
	EW_LINKTYPE_NULL = 0,
	EW_LINKTYPE_ETHERNET = 1,
	EW_LINKTYPE_RAW = 101,
	EW_LINKTYPE_LINUX_SLL = 113,
	EW_LINKTYPE_IPV4 = 228,
	EW_LINKTYPE_IPV6 = 229,
	EW_LINKTYPE_LINUX_SLL2 = 276,
};

struct ew_dissector;
typedef void (*ew_event_cb)(const struct ew_frame *frame, const struct ew_event *ev, void *user);

struct ew_dissect_stats {
	uint64_t frames;
	uint64_t bytes;              /* wire length */
	uint64_t proto[EW_P__COUNT]; /* frames that reached each protocol */
	uint64_t malformed[EW_P__COUNT];
	uint64_t cut[EW_P__COUNT];       /* faults in a cut frame or first fragment: not malformed */
	uint64_t events[EW_EV__COUNT];
	uint64_t unsupported_link;
};

struct ew_dissector {
	ew_event_cb cb;
	void *user;
	struct ew_frame frame;  /* scratch: the frame being dissected */
	struct ew_event ev;     /* scratch: the event being built */
	struct ew_dissect_stats stats;
	uint8_t depth;          /* encapsulation depth guard (IP-in-IP, PPPoE...) */
};

/* Tunnels followed inside one frame (IP-in-IP, IPv6-in-IPv4...); deeper is malformed. */
#define EW_ENCAP_MAX 3

/* True when a header that declares `declared` bytes where only `avail` are on
 * hand is explained by how the bytes were captured: an IP layer of the frame
 * is a first fragment (its payload is only the start of a datagram), or the
 * snaplen cut at least the shortfall (the wire had the bytes). Otherwise the
 * declared length is a lie and the packet malformed. Deliberately lenient in
 * one corner: in a frame cut only in its trailing padding, a length that lies
 * by less than the cut passes; the bytes read stay bounded all the same. */
static inline bool ew_frame_cut_explains(const struct ew_frame *f, size_t declared, size_t avail)
{
	if (declared <= avail || f->ip_partial)
		return true;
	return f->caplen < f->wirelen && declared - avail <= (size_t)(f->wirelen - f->caplen);
}

/* The frame's (innermost) IP destination is the IPv4 address `host_order`. */
static inline bool ew_frame_dst_is4(const struct ew_frame *f, uint32_t host_order)
{
	return f->ip_dst.family == EW_AF_INET && ew_ip4_u32(&f->ip_dst) == host_order;
}

/* The frame's (innermost) IP destination is the IPv6 address `a`. */
static inline bool ew_frame_dst_is6(const struct ew_frame *f, const uint8_t a[16])
{
	if (f->ip_dst.family != EW_AF_INET6)
		return false;
	for (unsigned i = 0; i < 16; i++)
		if (f->ip_dst.a[i] != a[i])
			return false;
	return true;
}

/* The frame's IP destination is one host: neither multicast nor the limited
 * broadcast 255.255.255.255 (a directed broadcast cannot be told apart
 * without the subnet). */
static inline bool ew_frame_dst_unicast(const struct ew_frame *f)
{
	return f->ip_dst.family != EW_AF_NONE && !ew_ip_is_multicast(&f->ip_dst) &&
	       !ew_frame_dst_is4(f, UINT32_C(0xffffffff));
}

void ew_dissector_init(struct ew_dissector *d, ew_event_cb cb, void *user);

/* Dissects one captured frame. Never fails: problems become malformed events.
 * Returns false only when the link type is not one we read. */
bool ew_dissect_frame(struct ew_dissector *d, int linktype, const uint8_t *data, size_t caplen,
		      size_t wirelen, int64_t ts_usec);
bool ew_linktype_supported(int linktype);

/* ---- used by the per-protocol dissectors -------------------------------------- */

/* Clears d->ev and sets its type; returns the event to fill. */
struct ew_event *ew_event_begin(struct ew_dissector *d, enum ew_event_type t);
/* Counts and delivers d->ev. */
void ew_event_emit(struct ew_dissector *d);
/* Counts a malformed packet for `proto` and delivers a malformed event. */
void ew_malformed(struct ew_dissector *d, enum ew_proto proto, const char *reason);
static inline void ew_count(struct ew_dissector *d, enum ew_proto p)
{
	d->stats.proto[p]++;
}

/* Entry points: each receives a cursor over its protocol's bytes (header
 * first) and the frame context in d->frame. One file each under agent/dissect/. */
/* link.c: per link type, and the ethertype dispatch used by every encapsulation */
void ew_dissect_ethernet(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_sll(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_sll2(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_raw_ip(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_null(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_ethertype(struct ew_dissector *d, uint16_t ethertype, struct ew_cursor *c);
#define EW_ETHERTYPE_IPV4 0x0800
#define EW_ETHERTYPE_IPV6 0x86dd
void ew_dissect_arp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_ipv4(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_ipv6(struct ew_dissector *d, struct ew_cursor *c);
/* Called by IPv4/IPv6 with the L4 payload of first fragments. */
void ew_dissect_udp(struct ew_dissector *d, struct ew_cursor *c);
/* udp.c: the protocol a UDP datagram is handed to (EW_P_UDP: none of ours).
 * f holds its addresses, TTL/hop limit and ports; payload is the UDP data.
 * A port alone never decides: each protocol's ew_<proto>_fits below checks
 * the datagram's whole shape (both ports, destination group or unicast,
 * TTL, the first payload bytes where the ports allow ordinary traffic), so
 * an ordinary flow whose ephemeral port collides with a well-known one is
 * plain UDP: no protocol event, no protocol count, not malformed. */
enum ew_proto ew_udp_app(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_dhcp4_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_dhcp6_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_ssdp_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_mdns_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_rip_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_ripng_fits(const struct ew_frame *f, const struct ew_cursor *payload);
bool ew_hsrp_fits(const struct ew_frame *f, const struct ew_cursor *payload);
/* tcp.c: reads the TCP header at the start of c for the IPv4/IPv6 event (ports,
 * flags) and counts EW_P_TCP. It emits nothing, because the IP layer's event is
 * still being built in d->ev: it returns NULL, or a static reason the caller
 * reports with ew_malformed(d, EW_P_TCP, reason) after emitting its own event. */
struct ew_l4_ports {
	bool has_ports;
	bool has_flags;
	uint16_t sport, dport;
	uint8_t tcp_flags;
};
const char *ew_dissect_tcp(struct ew_dissector *d, struct ew_cursor *c, struct ew_l4_ports *out);
/* ip_common (dissect.c), shared by IPv4 and IPv6: the ports (and TCP flags)
 * of the transport header at the start of a first fragment's payload, with
 * ew_dissect_tcp's contract; and an inner IPv4/IPv6 header (protocol 4 or
 * 41) under the EW_ENCAP_MAX depth cap, a fault charged to OUTER. */
const char *ew_ip_l4_ports(struct ew_dissector *d, uint8_t proto, struct ew_cursor *payload,
			   struct ew_l4_ports *out);
void ew_dissect_ip_inner(struct ew_dissector *d, enum ew_proto outer, uint8_t proto, struct ew_cursor *payload);
void ew_dissect_icmp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_icmpv6(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_dhcp4(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_dhcp6(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_pppoe_disc(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_pppoe_sess(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_lldp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_cdp(struct ew_dissector *d, struct ew_cursor *c);   /* payload after LLC/SNAP */
void ew_dissect_ssdp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_mdns(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_rip(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_ripng(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_vrrp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_hsrp(struct ew_dissector *d, struct ew_cursor *c);
void ew_dissect_ospf(struct ew_dissector *d, struct ew_cursor *c);

#endif
