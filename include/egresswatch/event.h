/* SPDX-License-Identifier: ISC */
/* event.h - the wire model: what the dissectors read off a frame.
 *
 * A dissector reduces a frame to a `struct ew_frame` (link and network layer
 * facts shared by everything in the frame) and zero or more `struct ew_event`
 * (one typed fact each). Events are delivered to a callback while the frame's
 * bytes are still in memory: `ew_bytes` views point into the captured frame
 * and are valid only during the callback. Everything else is copied into
 * fixed-size fields, so an event never owns heap memory and dissecting never
 * allocates. Every array has a cap; what did not fit is counted in `*_more`.
 * Strings from the wire are raw bytes (not NUL-terminated inside the packet),
 * copied and cut at their cap; writers escape them.
 */
#ifndef EGRESSWATCH_EVENT_H
#define EGRESSWATCH_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "egresswatch/addr.h"

/* ---- caps ---------------------------------------------------------------- */
#define EW_VLAN_MAX 4        /* tags kept (and nesting allowed) per frame */
#define EW_IP6_EXT_MAX 8     /* IPv6 extension headers followed */
#define EW_STR_MAX 128       /* short wire strings: names, ids */
#define EW_LSTR_MAX 256      /* long wire strings: descriptions, SERVER, LOCATION */
#define EW_ADDR_LIST_MAX 8   /* routers, DNS servers, VRRP addresses... */
#define EW_ROUTE_MAX 16      /* classless routes, RIP entries kept */
#define EW_RA_PREFIX_MAX 8
#define EW_DHCP_OPT_MAX 64   /* raw DHCPv4 options kept */
#define EW_DHCP6_IA_MAX 4
#define EW_DHCP6_IA_ADDR_MAX 4
#define EW_DHCP6_VENDOR_MAX 4
#define EW_MDNS_RR_MAX 16
#define EW_OPT_LOOP_MAX 255  /* options/TLVs walked in one message */

/* ---- shared value types ---------------------------------------------------- */
struct ew_str {
	uint16_t len;    /* bytes kept in s (s is always NUL-terminated after them) */
	bool truncated;  /* the wire string was longer than the cap */
	char s[EW_STR_MAX + 1];
};

struct ew_lstr {
	uint16_t len;
	bool truncated;
	char s[EW_LSTR_MAX + 1];
};

/* Raw bytes inside the captured frame; valid only during the event callback. */
struct ew_bytes {
	const uint8_t *p;
	uint16_t len;
};

/* Copies up to the cap of the destination from a wire string. */
void ew_str_set(struct ew_str *dst, const uint8_t *src, size_t n);
void ew_lstr_set(struct ew_lstr *dst, const uint8_t *src, size_t n);

/* ---- protocols (for counters and malformed events) ------------------------- */
enum ew_proto {
	EW_P_FRAME = 0, /* the frame as a whole / link type */
	EW_P_ETH,
	EW_P_LLC,
	EW_P_VLAN,
	EW_P_SLL,
	EW_P_ARP,
	EW_P_IPV4,
	EW_P_IPV6,
	EW_P_UDP,
	EW_P_TCP,
	EW_P_ICMP,
	EW_P_ICMPV6,
	EW_P_DHCP4,
	EW_P_DHCP6,
	EW_P_PPPOE_DISC,
	EW_P_PPPOE_SESS,
	EW_P_LLDP,
	EW_P_CDP,
	EW_P_SSDP,
	EW_P_MDNS,
	EW_P_RIP,
	EW_P_RIPNG,
	EW_P_VRRP,
	EW_P_HSRP,
	EW_P_OSPF,
	EW_P__COUNT
};
const char *ew_proto_name(enum ew_proto p);

/* ---- the frame ---------------------------------------------------------------- */
struct ew_frame {
	uint64_t number;        /* 1-based frame number in the capture (= stats.frames), to align with tshark */
	int64_t ts_usec;        /* capture time, microseconds since the epoch */
	uint32_t caplen;        /* bytes captured */
	uint32_t wirelen;       /* bytes on the wire */
	bool has_l2;            /* Ethernet-like addresses known (SLL without dst: has_l2 true, dst zero) */
	struct ew_mac src;
	struct ew_mac dst;
	uint8_t vlan_count;     /* tags, outermost first */
	uint16_t vlan_tpid[EW_VLAN_MAX];
	uint16_t vlan_id[EW_VLAN_MAX];
	uint8_t vlan_pcp[EW_VLAN_MAX];
	uint16_t ethertype;     /* innermost ethertype (or 0 for LLC frames) */
	/* network layer, filled once IPv4/IPv6 is parsed */
	uint8_t ip_version;     /* 0, 4 or 6 */
	struct ew_ip ip_src;
	struct ew_ip ip_dst;
	uint8_t ttl;            /* TTL or hop limit */
	uint8_t l4_proto;       /* IPv4 protocol / IPv6 final next header */
	uint16_t sport, dport;  /* UDP/TCP ports when known */
	bool ip_partial;        /* an IP header of this frame is a first fragment with more to
				   follow: what it carries is only the start of a datagram */
};

/* VLAN id the inference keys on: innermost tag, 0 when untagged. */
static inline uint16_t ew_frame_vlan(const struct ew_frame *f)
{
	return f->vlan_count ? f->vlan_id[f->vlan_count - 1] : 0;
}

/* ---- events ------------------------------------------------------------------ */
enum ew_event_type {
	EW_EV_MALFORMED = 0,
	EW_EV_ARP,
	EW_EV_IPV4,
	EW_EV_IPV6,
	EW_EV_ICMP,          /* echo, redirect, unreachable, time exceeded, other */
	EW_EV_IRDP_ADVERT,   /* ICMP type 9 */
	EW_EV_IRDP_SOLICIT,  /* ICMP type 10 */
	EW_EV_ND_RS,
	EW_EV_ND_RA,
	EW_EV_ND_NS,
	EW_EV_ND_NA,
	EW_EV_ND_REDIRECT,
	EW_EV_DHCP4,
	EW_EV_DHCP6,
	EW_EV_PPPOE_DISC,
	EW_EV_PPPOE_SESS,
	EW_EV_LLDP,
	EW_EV_CDP,
	EW_EV_SSDP,
	EW_EV_MDNS,
	EW_EV_RIP,
	EW_EV_RIPNG,
	EW_EV_VRRP,
	EW_EV_HSRP,
	EW_EV_OSPF_HELLO,
	EW_EV_PROBE,         /* an answer to an active probe (probes/), not read off one frame */
	EW_EV__COUNT
};
const char *ew_event_name(enum ew_event_type t);

struct ew_ev_malformed {
	enum ew_proto proto;
	const char *reason; /* static string */
};

struct ew_ev_arp {
	uint16_t op;        /* 1 request, 2 reply */
	uint16_t htype, ptype;
	uint8_t hlen, plen;    /* address lengths as declared */
	struct ew_mac sha, tha; /* when hlen 6 and htype Ethernet (1) or IEEE 802 (6) */
	struct ew_ip spa, tpa; /* IPv4 when ptype 0x0800 and plen 4 */
};

struct ew_ev_ipv4 {
	struct ew_ip src, dst;
	uint8_t ttl, proto, tos;
	uint16_t total_len, id;
	bool df, mf;
	uint16_t frag_offset; /* in 8-byte units; nonzero = not a first fragment */
	uint8_t options_len;
	bool has_ports;
	uint16_t sport, dport;
	bool has_tcp_flags;   /* proto 6 and the flags byte was captured */
	uint8_t tcp_flags;
};

struct ew_ev_ipv6 {
	struct ew_ip src, dst;
	uint8_t hop_limit;
	uint8_t next_header;  /* final upper-layer protocol after the extension chain */
	uint16_t payload_len;
	uint8_t ext_count;
	bool fragment;        /* a fragment header was present */
	bool first_fragment;
	bool has_ports;
	uint16_t sport, dport;
	bool has_tcp_flags;
	uint8_t tcp_flags;
	uint32_t flow_label;
};

struct ew_ev_icmp {
	uint8_t type, code;
	uint16_t id, seq;     /* echo */
	struct ew_ip gateway; /* redirect (type 5) */
	/* the embedded datagram of errors (redirect, unreachable, time exceeded) */
	bool has_inner;
	struct ew_ip inner_src, inner_dst;
	uint8_t inner_proto;
	uint8_t inner_ttl;    /* as quoted: the sender's TTL, or one less when quoted after forwarding */
	uint16_t inner_id;
};

struct ew_irdp_entry {
	struct ew_ip addr;
	int32_t preference;
};
struct ew_ev_irdp_advert {
	uint8_t code;         /* 0, or 16: a mobility agent that does not route common traffic (RFC 5944 §2.1) */
	uint8_t num_addrs, addr_entry_size;
	uint16_t lifetime;
	uint8_t count;
	struct ew_irdp_entry entries[EW_ADDR_LIST_MAX];
	uint8_t entries_more;
};

struct ew_ra_prefix {
	struct ew_prefix prefix;
	bool onlink, autonomous;
	uint32_t valid, preferred;
};
struct ew_ra_route {
	struct ew_prefix prefix;
	int8_t preference; /* -1 low, 0 medium, 1 high */
	uint32_t lifetime;
};
struct ew_ev_nd_ra {
	uint8_t cur_hop_limit;
	bool managed, other, home_agent, proxy;
	int8_t preference;       /* default router preference, RFC 4191: -1 low, 0 medium, 1 high, 2 reserved (10) */
	uint16_t router_lifetime;
	uint32_t reachable, retrans;
	bool has_src_lladdr;
	struct ew_mac src_lladdr;
	bool has_mtu;
	uint32_t mtu;
	uint8_t prefix_count;
	struct ew_ra_prefix prefixes[EW_RA_PREFIX_MAX];
	uint8_t rdnss_count;
	struct ew_ip rdnss[EW_ADDR_LIST_MAX];
	uint32_t rdnss_lifetime;
	struct ew_lstr dnssl;    /* search domains, comma-separated */
	uint8_t route_count;
	struct ew_ra_route routes[EW_RA_PREFIX_MAX];
	bool has_pref64;
	struct ew_prefix pref64;
	uint16_t pref64_lifetime;
	uint8_t dropped;         /* options or list entries beyond a cap */
};

struct ew_ev_nd_rs {
	bool has_src_lladdr;
	struct ew_mac src_lladdr;
};

struct ew_ev_nd_ns {
	struct ew_ip target;
	bool has_src_lladdr;
	struct ew_mac src_lladdr;
};

struct ew_ev_nd_na {
	bool router, solicited, override;
	struct ew_ip target;
	bool has_tgt_lladdr;
	struct ew_mac tgt_lladdr;
};

struct ew_ev_nd_redirect {
	struct ew_ip target, dest;
	bool has_tgt_lladdr;
	struct ew_mac tgt_lladdr;
};

struct ew_dhcp_opt {
	uint8_t code;
	struct ew_bytes data;
};
struct ew_route4 {
	struct ew_prefix dest;
	struct ew_ip router;
};
struct ew_ev_dhcp4 {
	uint8_t op;              /* 1 request, 2 reply */
	uint8_t htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	struct ew_ip ciaddr, yiaddr, siaddr, giaddr;
	struct ew_mac chaddr;    /* when htype 1 and hlen 6 */
	uint8_t msg_type;        /* option 53, 0 for BOOTP */
	uint8_t overload;        /* option 52 */
	bool has_mask;
	struct ew_ip mask;       /* option 1 */
	uint8_t router_count;    /* option 3 */
	struct ew_ip routers[EW_ADDR_LIST_MAX];
	uint8_t dns_count;       /* option 6 */
	struct ew_ip dns[EW_ADDR_LIST_MAX];
	struct ew_str hostname;  /* option 12 */
	struct ew_str domain;    /* option 15 */
	bool has_requested_ip;
	struct ew_ip requested_ip; /* option 50 */
	bool has_lease;
	uint32_t lease;          /* option 51 */
	bool has_server_id;
	struct ew_ip server_id;  /* option 54 */
	uint8_t prl_len;         /* option 55 */
	uint8_t prl[EW_DHCP_OPT_MAX];
	struct ew_str vendor_class; /* option 60 */
	struct ew_bytes client_id;  /* option 61 */
	struct ew_str client_fqdn;  /* option 81 domain name, decoded */
	uint8_t route_count;        /* option 121, else 249 */
	uint16_t route_option;      /* 121, 249 or 0 */
	struct ew_route4 routes[EW_ROUTE_MAX];
	struct ew_lstr wpad;        /* option 252 */
	uint8_t opt_count;          /* every option in wire order, raw */
	struct ew_dhcp_opt opts[EW_DHCP_OPT_MAX];
	uint8_t dropped;            /* options or list entries beyond a cap */
};

struct ew_dhcp6_ia_addr {
	struct ew_prefix prefix;    /* IA_NA: len 128 */
	uint32_t preferred, valid;
};
struct ew_dhcp6_ia {
	uint16_t type;              /* 3 IA_NA, 25 IA_PD */
	uint32_t iaid, t1, t2;
	uint8_t addr_count;
	struct ew_dhcp6_ia_addr addrs[EW_DHCP6_IA_ADDR_MAX];
	uint16_t status;            /* status code option inside, 0 if none */
};
struct ew_dhcp6_vendor {
	uint16_t option;            /* 16 vendor class, 17 vendor opts */
	uint32_t enterprise;
	struct ew_bytes data;
};
struct ew_ev_dhcp6 {
	uint8_t msg_type;           /* RFC 8415 message type of the innermost message */
	uint32_t xid;               /* 24 bits */
	uint8_t relay_hops;         /* relay-forw/reply wrappers walked */
	struct ew_ip relay_link, relay_peer; /* outermost relay, when relayed */
	struct ew_bytes client_duid, server_duid;
	uint16_t server_duid_type;
	uint8_t ia_count;
	struct ew_dhcp6_ia ias[EW_DHCP6_IA_MAX];
	uint8_t dns_count;          /* option 23 */
	struct ew_ip dns[EW_ADDR_LIST_MAX];
	struct ew_lstr domains;     /* option 24, comma-separated */
	uint8_t vendor_count;
	struct ew_dhcp6_vendor vendors[EW_DHCP6_VENDOR_MAX];
	uint16_t status;            /* top-level status code */
	bool rapid_commit;
	uint8_t dropped;
};

enum ew_pppoe_code { EW_PADI = 0x09, EW_PADO = 0x07, EW_PADR = 0x19, EW_PADS = 0x65, EW_PADT = 0xa7 };
struct ew_ev_pppoe_disc {
	uint8_t version, type, code;
	uint16_t session_id;
	uint16_t payload_len;
	bool has_service_name;
	struct ew_str service_name; /* may be empty = any service */
	struct ew_str ac_name;
	struct ew_bytes host_uniq, ac_cookie, relay_session_id;
	bool has_vendor;
	uint32_t vendor_id;
	struct ew_str service_name_error, ac_system_error, generic_error;
	uint16_t max_payload;       /* PPP-Max-Payload tag, RFC 4638 */
	uint8_t tag_count;
};

struct ew_ev_pppoe_sess {
	uint8_t version, type;
	uint16_t session_id, payload_len;
	uint16_t ppp_proto;
};

enum { EW_CAP_OTHER = 1, EW_CAP_REPEATER = 2, EW_CAP_BRIDGE = 4, EW_CAP_WLAN_AP = 8, EW_CAP_ROUTER = 16,
       EW_CAP_PHONE = 32, EW_CAP_DOCSIS = 64, EW_CAP_STATION = 128, EW_CAP_CVLAN = 256, EW_CAP_SVLAN = 512,
       EW_CAP_TPMR = 1024 };
struct ew_ev_lldp {
	uint8_t chassis_subtype, port_subtype;
	struct ew_str chassis_id;   /* MAC as text for subtype 4, IP for 5, else printable/hex */
	struct ew_str port_id;
	uint16_t ttl;
	struct ew_str port_descr;
	struct ew_str system_name;
	struct ew_lstr system_descr;
	bool has_caps;
	uint16_t caps_system, caps_enabled; /* EW_CAP_* bits (IEEE 802.1AB) */
	uint8_t mgmt_count;
	struct ew_ip mgmt[4];
	uint8_t tlv_count;
};

/* CDP capability bits as on the wire (Cisco): router 0x01, trans bridge 0x02,
 * source-route bridge 0x04, switch 0x08, host 0x10, IGMP 0x20, repeater 0x40. */
enum { EW_CDP_CAP_ROUTER = 0x01, EW_CDP_CAP_TRANS_BRIDGE = 0x02, EW_CDP_CAP_SR_BRIDGE = 0x04,
       EW_CDP_CAP_SWITCH = 0x08, EW_CDP_CAP_HOST = 0x10, EW_CDP_CAP_IGMP = 0x20, EW_CDP_CAP_REPEATER = 0x40 };
struct ew_ev_cdp {
	uint8_t version, ttl;
	struct ew_str device_id;
	struct ew_str platform;
	struct ew_lstr software;
	struct ew_str port_id;
	bool has_caps;
	uint32_t caps;
	uint8_t addr_count;
	struct ew_ip addrs[4];
	uint16_t native_vlan;
	uint8_t tlv_count;
};

enum ew_ssdp_kind { EW_SSDP_NOTIFY = 1, EW_SSDP_MSEARCH = 2, EW_SSDP_RESPONSE = 3 };
struct ew_ev_ssdp {
	uint8_t kind;
	uint16_t status;            /* response status code */
	struct ew_lstr nt, nts, st, usn, server, location, user_agent, man;
};

struct ew_mdns_rr {
	struct ew_str name;
	uint16_t type, rclass;
	uint32_t ttl;
	struct ew_ip addr;          /* A / AAAA */
	struct ew_str target;       /* PTR / SRV / CNAME target name */
	uint16_t port;              /* SRV */
};
struct ew_ev_mdns {
	uint16_t id, flags;
	bool response;
	uint16_t qdcount, ancount, nscount, arcount;
	uint8_t rr_count;           /* answers + additionals kept */
	struct ew_mdns_rr rrs[EW_MDNS_RR_MAX];
	uint8_t dropped;
};

struct ew_rip_entry {
	uint16_t afi, tag;
	struct ew_prefix prefix;    /* v1: length from classful guess = 32 unless default; v2: from mask */
	struct ew_ip next_hop;
	uint32_t metric;
};
struct ew_ev_rip {
	uint8_t command, version;
	bool authenticated;
	uint8_t entry_count;
	struct ew_rip_entry entries[EW_ROUTE_MAX];
	bool has_default;           /* 0.0.0.0/0 with metric < 16 announced */
	uint8_t dropped;
};

struct ew_ripng_entry {
	struct ew_prefix prefix;
	uint16_t tag;
	uint8_t metric;
};
struct ew_ev_ripng {
	uint8_t command, version;
	uint8_t entry_count;
	struct ew_ripng_entry entries[EW_ROUTE_MAX];
	bool has_default;           /* ::/0 with metric < 16 */
	uint8_t dropped;
};

struct ew_ev_vrrp {
	uint8_t version, type, vrid, priority, count;
	uint16_t adver_int;         /* v2: seconds, v3: centiseconds */
	uint8_t auth_type;          /* v2 */
	uint8_t addr_count;
	struct ew_ip addrs[EW_ADDR_LIST_MAX];
};

struct ew_ev_hsrp {
	uint8_t version, opcode, state; /* v1 and v2 number states differently */
	uint16_t group;             /* v1: 8 bits, v2: 12 bits */
	uint32_t priority;          /* v1: 8 bits, v2: 32 bits */
	uint32_t hellotime, holdtime; /* v1: seconds, v2: milliseconds */
	struct ew_ip virtual_ip;
	struct ew_mac virtual_mac;  /* the group's default virtual MAC, derived from version and group */
	bool has_virtual_mac;
	struct ew_mac identifier;   /* v2: the sender's interface MAC */
	bool has_identifier;
};

struct ew_ev_ospf_hello {
	uint8_t version;
	struct ew_ip router_id, area_id;
	struct ew_ip mask;          /* v2 */
	uint16_t hello_interval;
	uint8_t priority;
	uint32_t dead_interval;
	struct ew_ip dr, bdr;
	uint8_t neighbor_count;
};


/* ---- probe findings (probes/: include/egresswatch/probe.h) -------------------
 * What an active probe learned about one device, fed to the inference like a
 * dissected event: the frame's L2 source is the device. FORWARDED: a TTL-1
 * test packet sent to its MAC came back as its ICMP time exceeded, matched to
 * the packet sent (addr: the test target). ANSWERED: it answered a stimulus
 * (stimulus: EW_PROBE_STIM_*; addr: the address it answered from). UPNP: its
 * UPnP device description (addr: where it was fetched). WAN: its IGD's
 * GetExternalIPAddress (addr: the external address; carrier hint from
 * data/carriers.conf). HTTP: its admin page's <title> and Server header. */
enum ew_probe_finding { EW_PROBE_FORWARDED = 0, EW_PROBE_ANSWERED, EW_PROBE_UPNP, EW_PROBE_WAN, EW_PROBE_HTTP };
enum ew_probe_stim {
	EW_PROBE_STIM_DHCP = 1u << 0,
	EW_PROBE_STIM_DHCP6 = 1u << 1,
	EW_PROBE_STIM_RS = 1u << 2,
	EW_PROBE_STIM_IRDP = 1u << 3,
	EW_PROBE_STIM_SSDP = 1u << 4,
	EW_PROBE_STIM_ARP = 1u << 5,
	EW_PROBE_STIM_FORWARD = 1u << 6,
	EW_PROBE_STIM_HTTP = 1u << 7,
};
struct ew_ev_probe {
	uint8_t finding;       /* enum ew_probe_finding */
	uint32_t stimulus;     /* EW_PROBE_STIM_* bit */
	struct ew_ip addr;
	struct ew_str manufacturer, model_name, model_number, friendly_name; /* UPNP */
	struct ew_str carrier; /* WAN: carrier name, empty when no prefix matched */
	bool mobile;           /* WAN: the carrier range is a mobile one */
	uint32_t asn;          /* WAN: the carrier's ASN, 0 if unknown */
	struct ew_lstr title;  /* HTTP */
	struct ew_str server;  /* HTTP */
};

struct ew_event {
	enum ew_event_type type;
	union {
		struct ew_ev_malformed malformed;
		struct ew_ev_arp arp;
		struct ew_ev_ipv4 ipv4;
		struct ew_ev_ipv6 ipv6;
		struct ew_ev_icmp icmp;
		struct ew_ev_irdp_advert irdp;
		struct ew_ev_nd_rs rs;
		struct ew_ev_nd_ra ra;
		struct ew_ev_nd_ns ns;
		struct ew_ev_nd_na na;
		struct ew_ev_nd_redirect redirect;
		struct ew_ev_dhcp4 dhcp4;
		struct ew_ev_dhcp6 dhcp6;
		struct ew_ev_pppoe_disc pppoe;
		struct ew_ev_pppoe_sess pppoes;
		struct ew_ev_lldp lldp;
		struct ew_ev_cdp cdp;
		struct ew_ev_ssdp ssdp;
		struct ew_ev_mdns mdns;
		struct ew_ev_rip rip;
		struct ew_ev_ripng ripng;
		struct ew_ev_vrrp vrrp;
		struct ew_ev_hsrp hsrp;
		struct ew_ev_ospf_hello ospf;
		struct ew_ev_probe probe;
	} u;
};

/* ---- caps tied to the fields that count them ------------------------------- */
_Static_assert(EW_VLAN_MAX <= UINT8_MAX, "ew_frame.vlan_count is a uint8_t");
_Static_assert(EW_STR_MAX <= UINT16_MAX && EW_LSTR_MAX <= UINT16_MAX, "ew_str/ew_lstr.len are uint16_t");
_Static_assert(EW_STR_MAX <= EW_LSTR_MAX, "a short string fits a long one");
_Static_assert(EW_ADDR_LIST_MAX <= UINT8_MAX && EW_ROUTE_MAX <= UINT8_MAX && EW_RA_PREFIX_MAX <= UINT8_MAX,
	       "address, route and prefix counts are uint8_t");
_Static_assert(EW_DHCP_OPT_MAX <= UINT8_MAX && EW_DHCP6_IA_MAX <= UINT8_MAX && EW_DHCP6_IA_ADDR_MAX <= UINT8_MAX &&
		       EW_DHCP6_VENDOR_MAX <= UINT8_MAX && EW_MDNS_RR_MAX <= UINT8_MAX,
	       "DHCP option, IA, vendor and mDNS record counts are uint8_t");
_Static_assert(EW_OPT_LOOP_MAX >= EW_DHCP_OPT_MAX, "the option walk reaches every option that can be kept");

#endif
