/* SPDX-License-Identifier: ISC */
/* event.c - names of protocols and events, and wire-string copies. */
#include "egresswatch/event.h"

#include <string.h>

static void copy_capped(char *dst, size_t cap, uint16_t *len, bool *trunc, const uint8_t *src, size_t n)
{
	size_t keep = n < cap ? n : cap;
	if (keep && src)
		memcpy(dst, src, keep);
	else
		keep = 0;
	dst[keep] = '\0';
	*len = (uint16_t)keep;
	*trunc = n > cap;
}

void ew_str_set(struct ew_str *dst, const uint8_t *src, size_t n)
{
	copy_capped(dst->s, EW_STR_MAX, &dst->len, &dst->truncated, src, n);
}

void ew_lstr_set(struct ew_lstr *dst, const uint8_t *src, size_t n)
{
	copy_capped(dst->s, EW_LSTR_MAX, &dst->len, &dst->truncated, src, n);
}

static const char *const proto_names[EW_P__COUNT] = {
	[EW_P_FRAME] = "frame", [EW_P_ETH] = "eth", [EW_P_LLC] = "llc", [EW_P_VLAN] = "vlan",
	[EW_P_SLL] = "sll", [EW_P_ARP] = "arp", [EW_P_IPV4] = "ipv4", [EW_P_IPV6] = "ipv6",
	[EW_P_UDP] = "udp", [EW_P_TCP] = "tcp", [EW_P_ICMP] = "icmp", [EW_P_ICMPV6] = "icmpv6",
	[EW_P_DHCP4] = "dhcp", [EW_P_DHCP6] = "dhcpv6", [EW_P_PPPOE_DISC] = "pppoe_discovery",
	[EW_P_PPPOE_SESS] = "pppoe_session", [EW_P_LLDP] = "lldp", [EW_P_CDP] = "cdp",
	[EW_P_SSDP] = "ssdp", [EW_P_MDNS] = "mdns", [EW_P_RIP] = "rip", [EW_P_RIPNG] = "ripng",
	[EW_P_VRRP] = "vrrp", [EW_P_HSRP] = "hsrp", [EW_P_OSPF] = "ospf",
};

const char *ew_proto_name(enum ew_proto p)
{
	return (unsigned)p < EW_P__COUNT && proto_names[p] ? proto_names[p] : "unknown";
}

static const char *const event_names[EW_EV__COUNT] = {
	[EW_EV_MALFORMED] = "malformed", [EW_EV_ARP] = "arp", [EW_EV_IPV4] = "ipv4", [EW_EV_IPV6] = "ipv6",
	[EW_EV_ICMP] = "icmp", [EW_EV_IRDP_ADVERT] = "irdp_advert", [EW_EV_IRDP_SOLICIT] = "irdp_solicit",
	[EW_EV_ND_RS] = "nd_rs", [EW_EV_ND_RA] = "nd_ra", [EW_EV_ND_NS] = "nd_ns", [EW_EV_ND_NA] = "nd_na",
	[EW_EV_ND_REDIRECT] = "nd_redirect", [EW_EV_DHCP4] = "dhcp", [EW_EV_DHCP6] = "dhcpv6",
	[EW_EV_PPPOE_DISC] = "pppoe_discovery", [EW_EV_PPPOE_SESS] = "pppoe_session", [EW_EV_LLDP] = "lldp",
	[EW_EV_CDP] = "cdp", [EW_EV_SSDP] = "ssdp", [EW_EV_MDNS] = "mdns", [EW_EV_RIP] = "rip",
	[EW_EV_RIPNG] = "ripng", [EW_EV_VRRP] = "vrrp", [EW_EV_HSRP] = "hsrp", [EW_EV_OSPF_HELLO] = "ospf_hello",
	[EW_EV_PROBE] = "probe",
};

const char *ew_event_name(enum ew_event_type t)
{
	return (unsigned)t < EW_EV__COUNT && event_names[t] ? event_names[t] : "unknown";
}
