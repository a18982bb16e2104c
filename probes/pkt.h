/* SPDX-License-Identifier: ISC */
/* pkt.h - the stimuli as bytes: pure builders, no I/O.
 *
 * Each builder writes one whole Ethernet frame into buf (at most cap bytes)
 * and returns its length, or 0 when cap is too small. Checksums are filled.
 * Addresses are the caller's: the builders never choose a destination beyond
 * the protocol's own (broadcast, all-routers, the SSDP and DHCPv6 groups). */
#ifndef EW_PROBES_PKT_H
#define EW_PROBES_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_PKT_MAX 1514
/* The payload of a TTL-1 test packet: a tag, then the 8-byte cookie that the
 * quoted packet of a time exceeded must carry back. */
#define EW_PKT_TEST_TAG "egresswatch-ttl1"
#define EW_PKT_COOKIE_LEN 8
#define EW_PKT_TEST_DPORT 33434 /* the traceroute port: a well-known meaning for a TTL-1 UDP packet */

struct ew_pkt_test {          /* a TTL-1 test packet's identity */
	struct ew_mac src_mac, dst_mac; /* dst: the candidate */
	struct ew_ip src, target;
	uint16_t ip_id;         /* IPv4 identification (IPv6: flow label low 16 bits) */
	uint16_t sport, dport;
	uint8_t cookie[EW_PKT_COOKIE_LEN];
};

size_t ew_pkt_dhcp_discover(uint8_t *buf, size_t cap, const struct ew_mac *client, uint32_t xid);
size_t ew_pkt_dhcp6_solicit(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ll,
			    uint32_t xid);
size_t ew_pkt_rs(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ll);
size_t ew_pkt_irdp_solicit(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip);
size_t ew_pkt_msearch(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip, uint16_t sport,
		      const char *st);
size_t ew_pkt_arp_request(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip,
			  const struct ew_ip *target);
/* IPv4 (TTL 1) or IPv6 (hop limit 1) UDP by the family of t->target. */
size_t ew_pkt_ttl1(uint8_t *buf, size_t cap, const struct ew_pkt_test *t);

/* The Internet checksum (RFC 1071) of n bytes, continuing from sum. */
uint32_t ew_pkt_sum(const uint8_t *p, size_t n, uint32_t sum);
uint16_t ew_pkt_fold(uint32_t sum);

#endif
