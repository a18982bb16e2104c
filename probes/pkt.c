/* SPDX-License-Identifier: ISC */
/* pkt.c - the stimuli as bytes (pkt.h). A writer with a cap: every put checks
 * room and a failed put makes the builder return 0. */
#include "pkt.h"

#include <string.h>

#include "wire.h"

struct w {
	uint8_t *p;
	size_t cap, n;
	bool bad;
};

static void put(struct w *w, const void *src, size_t n)
{
	if (w->bad || w->cap - w->n < n) {
		w->bad = true;
		return;
	}
	memcpy(w->p + w->n, src, n);
	w->n += n;
}
static void put8(struct w *w, uint8_t v) { put(w, &v, 1); }
static void put16(struct w *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(w, b, 2);
}
static void put32(struct w *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	put(w, b, 4);
}
static void zero(struct w *w, size_t n)
{
	while (n-- && !w->bad)
		put8(w, 0);
}
static void set16(struct w *w, size_t at, uint16_t v)
{
	if (!w->bad && at + 2 <= w->n) {
		w->p[at] = (uint8_t)(v >> 8);
		w->p[at + 1] = (uint8_t)v;
	}
}

uint32_t ew_pkt_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

uint16_t ew_pkt_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void eth(struct w *w, const struct ew_mac *dst, const struct ew_mac *src, uint16_t type)
{
	put(w, dst->b, EW_MAC_LEN);
	put(w, src->b, EW_MAC_LEN);
	put16(w, type);
}

static const struct ew_mac mac_bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

/* IPv4 header (RFC 791) without options; returns its offset. */
static size_t ip4(struct w *w, const struct ew_ip *src, const struct ew_ip *dst, uint8_t ttl, uint8_t proto,
		  uint16_t id, size_t payload)
{
	size_t at = w->n;
	put8(w, 0x45);
	put8(w, 0);
	put16(w, (uint16_t)(IPV4_HLEN + payload));
	put16(w, id);
	put16(w, 0);
	put8(w, ttl);
	put8(w, proto);
	put16(w, 0);
	put(w, src->a, 4);
	put(w, dst->a, 4);
	if (!w->bad)
		set16(w, at + 10, ew_pkt_fold(ew_pkt_sum(w->p + at, IPV4_HLEN, 0)));
	return at;
}

static size_t ip6(struct w *w, const struct ew_ip *src, const struct ew_ip *dst, uint8_t hlim, uint8_t next,
		  uint32_t flow, size_t payload)
{
	size_t at = w->n;
	put32(w, 0x60000000u | (flow & 0xfffffu));
	put16(w, (uint16_t)payload);
	put8(w, next);
	put8(w, hlim);
	put(w, src->a, 16);
	put(w, dst->a, 16);
	return at;
}

/* Upper-layer checksum over the pseudo-header (RFC 768; RFC 8200 §8.1). */
static uint16_t l4_sum(const struct ew_ip *src, const struct ew_ip *dst, uint8_t proto, const uint8_t *l4, size_t n)
{
	uint32_t s = 0;
	size_t alen = src->family == EW_AF_INET6 ? 16 : 4;
	s = ew_pkt_sum(src->a, alen, s);
	s = ew_pkt_sum(dst->a, alen, s);
	s += proto;
	s += (uint32_t)(n >> 16) + (uint32_t)(n & 0xffff);
	s = ew_pkt_sum(l4, n, s);
	uint16_t c = ew_pkt_fold(s);
	return proto == IPPROTO_NUM_UDP && c == 0 ? 0xffff : c;
}

static size_t udp(struct w *w, uint16_t sport, uint16_t dport, size_t payload)
{
	size_t at = w->n;
	put16(w, sport);
	put16(w, dport);
	put16(w, (uint16_t)(UDP_HLEN + payload));
	put16(w, 0);
	return at;
}

static void finish_l4(struct w *w, const struct ew_ip *src, const struct ew_ip *dst, uint8_t proto, size_t at,
		      size_t sum_off)
{
	if (!w->bad)
		set16(w, at + sum_off, l4_sum(src, dst, proto, w->p + at, w->n - at));
}

static struct ew_ip ip4_of(uint32_t v) { return ew_ip4_from_u32(v); }

/* ---- DHCPv4 DISCOVER (RFC 2131 §4.4.1): from 0.0.0.0 to the broadcast, the
 * broadcast flag clear so a server may also answer unicast to chaddr; asks
 * for the options a router hands out. Never followed by a REQUEST. */
size_t ew_pkt_dhcp_discover(uint8_t *buf, size_t cap, const struct ew_mac *client, uint32_t xid)
{
	static const uint8_t params[] = { 1, 3, 6, 15, 28, 42, 51, 54, 121, 249 };
	size_t opts = 3 + 2 + sizeof params + 2 + 1 + EW_MAC_LEN + 1;
	size_t bootp = 236 + 4 + opts;
	struct w w = { buf, cap, 0, false };
	struct ew_ip any = ip4_of(0), bc = ip4_of(0xffffffffu);
	eth(&w, &mac_bcast, client, ETHERTYPE_IPV4);
	ip4(&w, &any, &bc, 64, IPPROTO_NUM_UDP, 0, UDP_HLEN + bootp);
	size_t u = udp(&w, DHCP4_CLIENT_PORT, DHCP4_SERVER_PORT, bootp);
	put8(&w, DHCP4_OP_REQUEST);
	put8(&w, ARP_HTYPE_ETHER);
	put8(&w, EW_MAC_LEN);
	put8(&w, 0);
	put32(&w, xid);
	put16(&w, 0); /* secs */
	put16(&w, 0); /* flags: unicast answers welcome */
	zero(&w, 16); /* ciaddr yiaddr siaddr giaddr */
	put(&w, client->b, EW_MAC_LEN);
	zero(&w, 10 + 64 + 128);
	put32(&w, DHCP4_MAGIC);
	put8(&w, DHCP4_OPT_MSG_TYPE);
	put8(&w, 1);
	put8(&w, DHCP4_DISCOVER);
	put8(&w, DHCP4_OPT_PARAM_LIST);
	put8(&w, sizeof params);
	put(&w, params, sizeof params);
	put8(&w, DHCP4_OPT_CLIENT_ID);
	put8(&w, 1 + EW_MAC_LEN);
	put8(&w, ARP_HTYPE_ETHER);
	put(&w, client->b, EW_MAC_LEN);
	put8(&w, DHCP4_OPT_END);
	finish_l4(&w, &any, &bc, IPPROTO_NUM_UDP, u, 6);
	return w.bad ? 0 : w.n;
}

/* ---- DHCPv6 SOLICIT (RFC 8415 §18.2.1) to All_DHCP_Relay_Agents_and_Servers
 * ff02::1:2, with a DUID-LL, an IA_NA and an IA_PD (a home gateway answers the
 * prefix delegation). Never followed by a REQUEST. */
size_t ew_pkt_dhcp6_solicit(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ll,
			    uint32_t xid)
{
	static const uint8_t grp[16] = { 0xff, 0x02, [13] = 1, [15] = 2 };
	static const struct ew_mac gmac = { { 0x33, 0x33, 0, 1, 0, 2 } };
	struct ew_ip dst = ew_ip6_from_bytes(grp);
	size_t body = 4 + (4 + 4 + EW_MAC_LEN) + (4 + 2) + (4 + 12) + (4 + 12) + (4 + 4);
	struct w w = { buf, cap, 0, false };
	eth(&w, &gmac, src, ETHERTYPE_IPV6);
	ip6(&w, src_ll, &dst, 1, IPPROTO_NUM_UDP, 0, UDP_HLEN + body);
	size_t u = udp(&w, DHCP6_CLIENT_PORT, DHCP6_SERVER_PORT, body);
	put32(&w, (uint32_t)DHCP6_SOLICIT << 24 | (xid & 0xffffff));
	put16(&w, DHCP6_OPT_CLIENTID);
	put16(&w, 4 + EW_MAC_LEN);
	put16(&w, DHCP6_DUID_LL);
	put16(&w, ARP_HTYPE_ETHER);
	put(&w, src->b, EW_MAC_LEN);
	put16(&w, DHCP6_OPT_ELAPSED);
	put16(&w, 2);
	put16(&w, 0);
	put16(&w, DHCP6_OPT_IA_NA);
	put16(&w, 12);
	put32(&w, xid);
	zero(&w, 8);
	put16(&w, DHCP6_OPT_IA_PD);
	put16(&w, 12);
	put32(&w, xid);
	zero(&w, 8);
	put16(&w, DHCP6_OPT_ORO);
	put16(&w, 4);
	put16(&w, 23); /* DNS servers (RFC 3646) */
	put16(&w, 24); /* domain list */
	finish_l4(&w, src_ll, &dst, IPPROTO_NUM_UDP, u, 6);
	return w.bad ? 0 : w.n;
}

/* ---- ICMPv6 router solicitation (RFC 4861 §4.1) to ff02::2, hop limit 255,
 * with the source link-layer option when the source is not unspecified. */
size_t ew_pkt_rs(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ll)
{
	static const uint8_t grp[16] = { 0xff, 0x02, [15] = 2 };
	static const struct ew_mac gmac = { { 0x33, 0x33, 0, 0, 0, 2 } };
	struct ew_ip dst = ew_ip6_from_bytes(grp);
	bool sllao = !ew_ip_is_zero(src_ll);
	size_t body = 8 + (sllao ? 8 : 0);
	struct w w = { buf, cap, 0, false };
	eth(&w, &gmac, src, ETHERTYPE_IPV6);
	ip6(&w, src_ll, &dst, 255, IPPROTO_NUM_ICMPV6, 0, body);
	size_t at = w.n;
	put8(&w, ICMPV6_ROUTER_SOLICIT);
	put8(&w, 0);
	put16(&w, 0);
	put32(&w, 0);
	if (sllao) {
		put8(&w, ND_OPT_SOURCE_LLADDR);
		put8(&w, 1);
		put(&w, src->b, EW_MAC_LEN);
	}
	finish_l4(&w, src_ll, &dst, IPPROTO_NUM_ICMPV6, at, 2);
	return w.bad ? 0 : w.n;
}

/* ---- ICMP router solicitation (RFC 1256 §3) to 224.0.0.2, TTL 1. */
size_t ew_pkt_irdp_solicit(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip)
{
	static const struct ew_mac gmac = { { 0x01, 0x00, 0x5e, 0, 0, 2 } };
	struct ew_ip dst = ip4_of(0xe0000002u);
	struct w w = { buf, cap, 0, false };
	eth(&w, &gmac, src, ETHERTYPE_IPV4);
	ip4(&w, src_ip, &dst, 1, IPPROTO_NUM_ICMP, 0, 8);
	size_t at = w.n;
	put8(&w, ICMP_ROUTER_SOLICIT);
	put8(&w, 0);
	put16(&w, 0);
	put32(&w, 0);
	if (!w.bad)
		set16(&w, at + 2, ew_pkt_fold(ew_pkt_sum(w.p + at, 8, 0)));
	return w.bad ? 0 : w.n;
}

/* ---- SSDP M-SEARCH (UPnP Device Architecture 2.0 §1.3.2) to 239.255.255.250:1900. */
size_t ew_pkt_msearch(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip, uint16_t sport,
		      const char *st)
{
	static const struct ew_mac gmac = { { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa } };
	struct ew_ip dst = ip4_of(0xeffffffau);
	char msg[512];
	size_t stlen = strnlen(st, 200);
	static const char a[] = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\nST: ";
	static const char b[] = "\r\nUSER-AGENT: egresswatch-probe/1 UPnP/2.0\r\n\r\n";
	size_t n = 0;
	memcpy(msg, a, sizeof a - 1);
	n += sizeof a - 1;
	memcpy(msg + n, st, stlen);
	n += stlen;
	memcpy(msg + n, b, sizeof b - 1);
	n += sizeof b - 1;
	struct w w = { buf, cap, 0, false };
	eth(&w, &gmac, src, ETHERTYPE_IPV4);
	ip4(&w, src_ip, &dst, 2, IPPROTO_NUM_UDP, 0, UDP_HLEN + n);
	size_t u = udp(&w, sport, SSDP_PORT, n);
	put(&w, msg, n);
	finish_l4(&w, src_ip, &dst, IPPROTO_NUM_UDP, u, 6);
	return w.bad ? 0 : w.n;
}

/* ---- ARP request (RFC 826) for one address, broadcast. */
size_t ew_pkt_arp_request(uint8_t *buf, size_t cap, const struct ew_mac *src, const struct ew_ip *src_ip,
			  const struct ew_ip *target)
{
	static const struct ew_mac zmac = { { 0 } };
	struct w w = { buf, cap, 0, false };
	eth(&w, &mac_bcast, src, ETHERTYPE_ARP);
	put16(&w, ARP_HTYPE_ETHER);
	put16(&w, ETHERTYPE_IPV4);
	put8(&w, EW_MAC_LEN);
	put8(&w, 4);
	put16(&w, ARP_OP_REQUEST);
	put(&w, src->b, EW_MAC_LEN);
	put(&w, src_ip->a, 4);
	put(&w, zmac.b, EW_MAC_LEN);
	put(&w, target->a, 4);
	zero(&w, 18); /* pad to the 60-byte minimum */
	return w.bad ? 0 : w.n;
}

/* ---- the forwarding test: UDP to an outside address, TTL / hop limit 1,
 * Ethernet destination the candidate. A router decrements the TTL to 0 and
 * answers ICMP time exceeded (RFC 1812 §5.3.1; RFC 4443 §3.3) quoting it; a
 * host that does not forward drops it. Nothing reaches the target. */
size_t ew_pkt_ttl1(uint8_t *buf, size_t cap, const struct ew_pkt_test *t)
{
	size_t pl = sizeof EW_PKT_TEST_TAG - 1 + EW_PKT_COOKIE_LEN;
	struct w w = { buf, cap, 0, false };
	bool v6 = t->target.family == EW_AF_INET6;
	if (t->src.family != t->target.family || (t->target.family != EW_AF_INET && !v6))
		return 0;
	eth(&w, &t->dst_mac, &t->src_mac, v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
	if (v6)
		ip6(&w, &t->src, &t->target, 1, IPPROTO_NUM_UDP, t->ip_id, UDP_HLEN + pl);
	else
		ip4(&w, &t->src, &t->target, 1, IPPROTO_NUM_UDP, t->ip_id, UDP_HLEN + pl);
	size_t u = udp(&w, t->sport, t->dport, pl);
	put(&w, EW_PKT_TEST_TAG, sizeof EW_PKT_TEST_TAG - 1);
	put(&w, t->cookie, EW_PKT_COOKIE_LEN);
	finish_l4(&w, &t->src, &t->target, IPPROTO_NUM_UDP, u, 6);
	return w.bad ? 0 : w.n;
}
