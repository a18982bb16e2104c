/* SPDX-License-Identifier: ISC */
/* infer_internal.h - the inference core's private model, shared by
 * infer.c (event handling), infer_proto.c (per-protocol evidence),
 * devices.c (device table, caps, eviction), subnets.c (local subnets) and
 * report.c (facts, verdicts, JSON).
 *
 * Memory layout, chosen so a MAC flood cannot grow memory and the per-packet
 * path never allocates:
 *  - `struct dev` (hot, one 64-byte line) for every (MAC, VLAN), and beside
 *    it at the same index `struct dev_more` (its addresses, list links):
 *    both allocated once for max_devices, found through an open-addressing
 *    hash of indices, kept on one least-recently-seen list per eviction tier.
 *  - `struct dev_ev` (cold, a few KiB) only for devices with evidence: a pool
 *    capped at EW_EV_POOL_MAX records, grown in chunks of EW_EV_CHUNK. When it
 *    is full the least recently seen record of the weakest tier is reclaimed.
 */
#ifndef EGRESSWATCH_INFER_INTERNAL_H
#define EGRESSWATCH_INFER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "egresswatch/infer.h"

#define EW_NONE UINT32_MAX

/* ---- caps ------------------------------------------------------------------ */
#define EW_REDIRECT_SCANS_MAX 256 /* device-table scans per window for a redirect's gateway address */
#define EW_RESENT_RING 16         /* routed-looking frames kept for a redirect that follows them */
#define EW_REDIRECT_PENDING 4     /* redirected datagrams per device awaiting its forwarded copy */
#define EW_DEV_ADDRS 8            /* own addresses kept per device */
#define EW_SET_CAP 32             /* exact entries of an inside-host / remote set */
#define EW_SET_SLOTS 64           /* open-addressing slots behind them (load <= 1/2) */
#define EW_LC_WORDS 16            /* 1024-bit linear-counting bitmap beyond the cap */
#define EW_SAMPLE 8               /* addresses shown in the report per set */
#define EW_TTL_SLOTS 8            /* distinct TTLs counted per forwarding device */
#define EW_EV_CHUNK 32            /* evidence records allocated at a time */
#define EW_EV_POOL_MAX 2048       /* evidence records at most */
#define EW_OFFERED_MAX 4          /* offered addresses kept per DHCP server */
#define EW_FOREIGN_MAX 4          /* foreign addresses kept per device */
#define EW_SSDP_KEEP 4            /* distinct NT/ST and SERVER values kept */
#define EW_DUID_KEEP 32           /* DHCPv6 server DUID bytes kept */
#define EW_LEARN_MAX 32           /* learned DHCP / RA subnets per family */
#define EW_ARP24_MAX 256          /* ARP-learned /24s */
#define EW_ND64_MAX 64            /* ND-learned /64s */
#define EW_TAINT_MAX 64           /* prefixes announced by undeclared DHCP servers / routers */
#define EW_SUBNET_VLANS 64        /* VLANs with subnets of their own; later VLANs share one view */

/* ---- evidence kinds, in report order ---------------------------------------- */
enum evk {
	EVK_FORWARDING = 0,  /* off-subnet traffic through it (DESIGN §2) */
	EVK_MANY_ADDRS,      /* many distinct IPs behind one MAC */
	EVK_DHCP_OFFER,      /* DHCPv4 OFFER/ACK/NAK sent by it */
	EVK_DHCP_ROGUE,      /* ...with a router option that is not declared */
	EVK_DHCP6,           /* DHCPv6 ADVERTISE/REPLY */
	EVK_RA,              /* ICMPv6 router advertisement */
	EVK_PPPOE_AC,        /* PADO/PADS */
	EVK_PPPOE_CLIENT,    /* PADI/PADR */
	EVK_PPPOE_SESSION,   /* session frames (0x8864) */
	EVK_SSDP_IGD,        /* SSDP InternetGatewayDevice / WAN*Connection */
	EVK_RIP,
	EVK_RIPNG,
	EVK_IRDP,
	EVK_VRRP,
	EVK_HSRP,
	EVK_OSPF,
	EVK_ICMP_REDIRECT,
	EVK_ND_REDIRECT,
	EVK_REDIRECT_GATEWAY,/* a router's redirect names its address as the better gateway */
	EVK_LLDP,
	EVK_CDP,
	EVK_FOREIGN,         /* it uses an address outside every local subnet */
	EVK_SSDP,            /* other SSDP announcements (weak, context) */
	EVK_ND_ROUTER_FLAG,  /* neighbour advertisements with the router flag */
	EVK_DHCP_CLIENT,     /* it asked for an address: hostname, vendor class */
	EVK_PROBE_FORWARDING,/* a probe's TTL-1 test packet came back as its time exceeded: it routes */
	EVK_PROBE_ANSWER,    /* it answered a probe's stimulus (DHCP DISCOVER, RS, M-SEARCH...) */
	EVK_PROBE_UPNP,      /* its UPnP device description, fetched by a probe */
	EVK_PROBE_WAN,       /* its IGD's external address (GetExternalIPAddress) and carrier hint */
	EVK_PROBE_HTTP,      /* its admin page's title and Server header */
	EVK__COUNT
};
const char *ew_evk_name(enum evk k);
/* Strong kinds hand the frame to the evidence capture callback. */
bool ew_evk_strong(enum evk k);

struct evk_stat {
	uint32_t count;
	int64_t first, last;
};

/* Exact set of up to EW_SET_CAP values, then a linear-counting estimate
 * (Whang et al. 1990) over everything ever added. */
struct ip_set {
	uint16_t n;
	bool full;
	struct ew_ip slot[EW_SET_SLOTS];
	uint64_t lc[EW_LC_WORDS];
};
struct mac_set {
	uint16_t n;
	bool full;
	struct {
		struct ew_mac mac;
		bool used;
	} slot[EW_SET_SLOTS];
	uint64_t lc[EW_LC_WORDS];
};

/* An IPv4 datagram as a redirect quotes it, or as a router forwards it:
 * enough to tell the two copies of one datagram apart from others. */
struct dgram4 {
	struct ew_ip src, dst;
	uint16_t id;
	uint8_t ttl;
	bool used;
};

/* Evidence of one device: kinds with counts and times, and the values that matter. */
struct dev_ev {
	uint32_t owner;          /* device index */
	uint32_t next_free;
	struct evk_stat k[EVK__COUNT];
	uint16_t frames_cb, fwd_frames_cb; /* frames handed to the evidence callback */

	/* forwarding */
	uint64_t fwd_out, fwd_in, fwd_bytes;
	uint64_t fwd_in_routed;  /* forwarded in with a TTL that is not an initial value */
	struct mac_set inside;
	struct ip_set remote;
	uint8_t inside_sample_n, remote_sample_n;
	struct ew_mac inside_sample[EW_SAMPLE];
	struct ew_ip remote_sample[EW_SAMPLE];
	struct ew_mac last_inside;
	struct ew_ip last_remote;
	uint8_t ttl_n;
	uint8_t ttl_val[EW_TTL_SLOTS];
	uint32_t ttl_count[EW_TTL_SLOTS];
	uint32_t ttl_other;
	uint16_t many_src, many_dst; /* estimates when the threshold was crossed */

	/* DHCPv4 server */
	uint32_t dhcp_offers, dhcp_acks, dhcp_naks;
	uint32_t dhcp_from_remote; /* of those, relayed from a server elsewhere (giaddr set, or routed here) */
	struct ew_ip dhcp_remote_server; /* the latest such server (the reply's IP source) */
	struct ew_ip dhcp_server_id, dhcp_mask;
	uint8_t dhcp_router_n, dhcp_dns_n, dhcp_route_n, offered_n, rogue_n;
	struct ew_ip dhcp_routers[EW_ADDR_LIST_MAX];
	struct ew_ip dhcp_dns[EW_ADDR_LIST_MAX];
	struct ew_ip rogue[EW_ADDR_LIST_MAX];
	struct evk_stat rogue_stat[EW_ADDR_LIST_MAX]; /* offers naming each rogue router */
	struct ew_ip offered[EW_OFFERED_MAX];
	struct ew_str dhcp_domain;
	bool has_lease;
	uint32_t dhcp_lease;
	uint16_t dhcp_route_option;
	struct ew_route4 dhcp_routes[EW_ROUTE_MAX];
	uint32_t dhcp_relayed;   /* replies carrying giaddr it sent to a client: a relay's */
	uint32_t dhcp_to_relay;  /* replies it sent to a relay (giaddr is their destination) */

	/* DHCPv6 server */
	uint32_t dhcp6_advertise, dhcp6_reply;
	uint8_t duid_len;
	bool duid_truncated;
	uint8_t duid[EW_DUID_KEEP];
	uint8_t dhcp6_dns_n, ent_n;
	struct ew_ip dhcp6_dns[EW_ADDR_LIST_MAX];
	uint32_t ent[EW_DHCP6_VENDOR_MAX];
	struct ew_lstr dhcp6_domains;
	bool has_pd;
	struct ew_prefix pd;       /* the latest prefix it delegated (IA_PD / IAPREFIX) */

	/* router advertisements */
	uint16_t ra_lifetime, ra_max_lifetime;
	bool ra_managed, ra_other, has_pref64;
	int8_t ra_pref;
	uint8_t ra_hop_limit;
	uint32_t ra_mtu;
	uint8_t ra_prefix_n, ra_rdnss_n;
	struct ew_ra_prefix ra_prefixes[EW_RA_PREFIX_MAX];
	struct ew_ip ra_rdnss[EW_ADDR_LIST_MAX];
	struct ew_lstr ra_dnssl;
	struct ew_prefix pref64;

	/* PPPoE */
	uint32_t padi, pado, padr, pads, padt;
	struct ew_str ac_name, service;
	bool has_peer;
	struct ew_mac peer;
	uint16_t session_id;
	struct ew_ip wan_addr;     /* as the dialling end: the IPv4 source of its session (its public address) */

	/* SSDP */
	uint32_t ssdp_notify, ssdp_response;
	uint8_t ssdp_type_n, ssdp_server_n;
	struct ew_str ssdp_type[EW_SSDP_KEEP];
	struct ew_str ssdp_server[EW_SSDP_KEEP];
	struct ew_lstr ssdp_usn, ssdp_location;

	/* LLDP / CDP */
	struct ew_str lldp_name, lldp_chassis, lldp_port;
	struct ew_lstr lldp_descr;
	bool lldp_has_caps;
	uint16_t lldp_caps_sys, lldp_caps_en;
	uint8_t lldp_mgmt_n;
	struct ew_ip lldp_mgmt[4];
	struct ew_str cdp_device, cdp_platform, cdp_port;
	struct ew_lstr cdp_software;
	bool cdp_has_caps;
	uint32_t cdp_caps;
	uint8_t cdp_addr_n;
	struct ew_ip cdp_addrs[4];

	/* routing protocols */
	uint8_t rip_version, rip_entries;
	bool rip_default;
	uint32_t rip_default_metric;
	struct ew_ip rip_next_hop;
	uint8_t ripng_entries, ripng_default_metric;
	bool ripng_default;
	uint16_t irdp_lifetime;
	uint8_t irdp_n;
	struct ew_irdp_entry irdp[EW_ADDR_LIST_MAX];
	uint8_t vrrp_version, vrrp_vrid, vrrp_priority, vrrp_addr_n;
	struct ew_ip vrrp_addrs[EW_ADDR_LIST_MAX];
	uint8_t hsrp_version, hsrp_state;
	uint16_t hsrp_group;       /* v2: 12 bits */
	uint32_t hsrp_priority;    /* v2: a 32-bit field on the wire */
	struct ew_ip hsrp_vip;
	uint8_t ospf_version, ospf_priority;
	struct ew_ip ospf_router_id, ospf_area, ospf_mask, ospf_dr, ospf_bdr;

	/* redirects */
	uint8_t icmp_redirect_code;
	struct ew_ip icmp_gateway, icmp_dest;
	struct ew_ip nd_target, nd_dest;
	bool nd_has_tlla;
	struct ew_mac nd_tlla;
	uint32_t redirect_owner;         /* device that owns icmp_gateway / nd_target, or EW_NONE */
	struct ew_mac redirect_by;       /* as a redirect's gateway: the router that named it */
	struct ew_ip redirect_gw, redirect_dest;
	uint32_t redirect_off;           /* its ICMP redirects for an off-subnet destination */
	uint32_t redirect_fwd;           /* ...whose datagram it was seen forwarding (RFC 792) */
	uint8_t pending_next;
	struct dgram4 pending[EW_REDIRECT_PENDING]; /* redirected, forwarded copy not seen yet */

	/* foreign addresses, DHCP client */
	uint8_t foreign_n;
	struct ew_ip foreign[EW_FOREIGN_MAX];
	struct ew_str client_hostname, client_vendor_class;
	struct ew_ip client_requested;

	/* probes (EW_EV_PROBE) */
	uint32_t probe_stimuli;          /* EW_PROBE_STIM_* it answered */
	uint8_t probe_fwd_families;      /* 1: IPv4 test forwarded, 2: IPv6 */
	struct ew_ip probe_target;       /* the test target of its latest forwarded packet */
	struct ew_ip probe_upnp_at;
	struct ew_str upnp_manufacturer, upnp_model_name, upnp_model_number, upnp_friendly;
	struct ew_ip probe_wan;
	struct ew_str probe_carrier;
	bool probe_mobile;
	uint32_t probe_asn;
	struct ew_ip probe_http_at;
	struct ew_lstr http_title;
	struct ew_str http_server;
};

/* ---- devices ------------------------------------------------------------------- */
enum dev_flag {
	DEV_USED = 1u << 0,
	DEV_DECLARED = 1u << 1,
	DEV_SEEN = 1u << 2,          /* seen in this window */
	DEV_CLIENT = 1u << 3,        /* acts as a client: DHCP requests, TCP SYN from its own address */
	DEV_WAS_PPPOE_AC = 1u << 4,  /* sticky across windows: which end of a PPPoE session it is */
	DEV_WAS_PPPOE_CLIENT = 1u << 5,
	DEV_REF = 1u << 6,           /* seen again since eviction last passed it (second chance) */
	DEV_SENT = 1u << 7,          /* sent a frame in this window (counts in hosts_seen) */
};

/* Eviction tiers: the lowest non-empty tier loses its least recently seen
 * device first. Declared devices are never evicted. */
enum { TIER_PLAIN = 0, TIER_EVIDENCE, TIER_CANDIDATE, TIER_DECLARED, TIER__COUNT };

/* What every frame touches of a device: one cache line, in a dense array of
 * its own. With the rest beside it (a 256-byte record) the 4,000 devices of
 * a busy segment spread their hot lines over a quarter of the cache's sets,
 * and the source device's line missed on most frames. */
struct dev {
	_Alignas(64) uint8_t flags;
	uint8_t tier;
	uint16_t vlan;
	struct ew_mac mac;
	uint16_t roles;        /* EW_ROLE_*, this window */
	uint32_t ev;           /* evidence record or EW_NONE */
	int64_t first_seen, last_seen;
	uint64_t packets, bytes;
	uint64_t src_lc, dst_lc; /* 64-bit linear counters of distinct source / destination IPs */
};

/* The rest of a device, at the same index in the table's `more`: what
 * changes when addresses are bound or the device changes tier. */
struct dev_more {
	uint32_t prev, next;   /* list of its tier (second-chance order) */
	uint32_t cb_seq;       /* last frame handed to the evidence callback */
	uint16_t addr_more;    /* own addresses that did not fit */
	uint8_t addr_n;
	struct ew_ip addrs[EW_DEV_ADDRS];
};

struct lru {
	uint32_t head, tail, n;
};

struct dev_table {
	uint32_t cap;           /* max devices */
	uint32_t used;
	struct dev *devs;       /* 64-byte aligned inside devs_mem */
	void *devs_mem;
	struct dev_more *more;  /* the same indices */
	uint32_t free_head;     /* evicted device slots, linked through more[].next */
	uint32_t fresh;         /* slots [fresh, cap) were never used */
	struct hslot {
		uint64_t key;   /* MAC and VLAN packed, so a probe never touches the device */
		uint32_t idx;   /* device index or EW_NONE */
	} *hash;
	uint32_t hmask, hmax;   /* slots - 1; the most slots it may grow to */
	struct lru tier[TIER__COUNT];
	/* evidence pool */
	uint32_t ev_cap, ev_alloc, ev_used, ev_free;
	struct dev_ev **ev_chunks;
	/* counters (this window) */
	uint64_t evicted, evicted_with_evidence, ev_reclaimed, ev_dropped, insert_failed;
};

/* ---- local subnets ---------------------------------------------------------------- */
struct subnet_entry {
	struct ew_prefix p;
	uint8_t from; /* enum ew_subnet_source */
};

/* The local subnets of one VLAN (0: untagged). Each VLAN learns on its own,
 * so one VLAN's DHCP-learned subnet does not stop ARP learning in another. */
struct subnets {
	uint16_t vlan;
	bool shared;                   /* the view of every VLAN past EW_SUBNET_VLANS */
	struct subnet_entry cfg[EW_SUBNETS_MAX];
	uint32_t cfg_n;
	bool cfg4, cfg6;
	struct subnet_entry learned[2][EW_LEARN_MAX]; /* [0] IPv4 (dhcp), [1] IPv6 (ra) */
	uint32_t learned_n[2];
	uint32_t arp24[EW_ARP24_MAX];  /* sorted /24 network numbers (host order) */
	uint32_t arp24_n;
	struct ew_prefix nd64[EW_ND64_MAX];
	uint32_t nd64_n;
	struct ew_prefix taint[EW_TAINT_MAX];
	uint32_t taint_n;
	uint64_t dropped;              /* learned prefixes that did not fit */
	/* effective view, rebuilt when a source changes */
	bool arp_mode;                 /* IPv4 from ARP: eff4_arp is the sorted set */
	uint32_t eff4_net[EW_SUBNETS_MAX + EW_LEARN_MAX], eff4_mask[EW_SUBNETS_MAX + EW_LEARN_MAX];
	uint8_t eff4_from[EW_SUBNETS_MAX + EW_LEARN_MAX], eff4_len[EW_SUBNETS_MAX + EW_LEARN_MAX];
	uint32_t eff4_n;
	uint32_t eff4_arp[EW_ARP24_MAX];
	uint32_t eff4_arp_n;
	struct subnet_entry eff6[EW_SUBNETS_MAX + EW_ND64_MAX];
	uint32_t eff6_n;
};

void ew_subnets_init(struct subnets *s, const struct ew_infer_config *cfg, uint16_t vlan);
static inline bool ew_subnets_known(const struct subnets *s, uint8_t family)
{
	if (family == EW_AF_INET)
		return s->arp_mode ? s->eff4_arp_n > 0 : s->eff4_n > 0;
	if (family == EW_AF_INET6)
		return s->eff6_n > 0;
	return false;
}
bool ew_subnets_local6(const struct subnets *s, const struct ew_ip *ip);
bool ew_subnets_local4_arp(const struct subnets *s, uint32_t u);
/* Inside a local subnet (link-local is always local). Inline: twice per packet. */
static inline bool ew_subnets_local(const struct subnets *s, const struct ew_ip *ip)
{
	if (ip->family == EW_AF_INET) {
		if (ip->a[0] == 169 && ip->a[1] == 254)
			return true;
		uint32_t u = (uint32_t)ip->a[0] << 24 | (uint32_t)ip->a[1] << 16 | (uint32_t)ip->a[2] << 8 | ip->a[3];
		if (s->arp_mode)
			return ew_subnets_local4_arp(s, u);
		for (uint32_t i = 0; i < s->eff4_n; i++)
			if ((u & s->eff4_mask[i]) == s->eff4_net[i])
				return true;
		return false;
	}
	if (ip->family == EW_AF_INET6)
		return (ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80) || ew_subnets_local6(s, ip);
	return false;
}
void ew_subnets_learn_dhcp(struct subnets *s, const struct ew_prefix *p);
void ew_subnets_learn_ra(struct subnets *s, const struct ew_prefix *p);
void ew_subnets_learn_arp(struct subnets *s, const struct ew_ip *ip);
void ew_subnets_learn_nd(struct subnets *s, const struct ew_ip *ip);
void ew_subnets_taint(struct subnets *s, const struct ew_prefix *p);
struct ew_infer;
/* The view of a VLAN, made on first use (EW_NONE-free: past EW_SUBNET_VLANS
 * every further VLAN shares the last view, counted in the report's limits). */
struct subnets *ew_subnets_vlan(struct ew_infer *inf, uint16_t vlan);
/* The view of a VLAN if one was made, else NULL (nothing known there). */
const struct subnets *ew_subnets_find(const struct ew_infer *inf, uint16_t vlan);
/* Adds the effective subnets of every VLAN to a JSON array: [{prefix, from,
 * vlan}]; configured subnets without a VLAN once, with vlan null. */
void ew_subnets_json(const struct ew_infer *inf, struct json_object *arr);
uint64_t ew_subnets_dropped(const struct ew_infer *inf);
const char *ew_subnet_source_name(enum ew_subnet_source f);

/* ---- the core ----------------------------------------------------------------- */
struct ew_infer {
	struct ew_infer_config cfg;
	struct dev_table t;
	struct subnets *sn;    /* EW_SUBNET_VLANS views, sn_n made so far */
	uint32_t sn_n;
	uint64_t sn_shared;    /* frames of VLANs that got no view of their own */
	struct subnets *cur_sn; /* the view of the frame being fed */
	/* declared infrastructure, sorted for binary search */
	uint64_t *decl_mac;
	uint32_t decl_mac_n;
	struct ew_ip *decl_ip;
	uint32_t decl_ip_n;
	/* the frame being fed */
	uint32_t seq;
	uint64_t cur_number;   /* its ew_frame number; 0: none yet (ew_infer_event) */
	uint16_t cur_vlan;
	uint32_t cur;          /* source device of the current frame or EW_NONE */
	bool ip_done;          /* the frame's outermost IP header was handled */
	bool pppoe_sess;       /* the frame is a PPPoE session frame (its IP is inside the session) */
	/* this window */
	uint32_t redirect_scans;       /* table scans for a redirect's gateway (capped) */
	uint64_t redirect_scans_dropped;
	uint64_t hosts_seen;
	uint64_t frames;
	/* cold, last: frames that look forwarded (an inside source not the
	 * sender's own, a TTL one below an initial one, an off-subnet
	 * destination), kept for a redirect of the same datagram that follows */
	struct resent {
		uint64_t key;          /* the sender's ew_mac_key */
		struct dgram4 d;
	} resent[EW_RESENT_RING];
	uint8_t resent_next;
};

/* ---- hot-path helpers (inline: called several times per packet) -------------------- */

/* Initial TTLs / hop limits of common stacks (RFC 1700's 64, Windows 128,
 * network gear 255, old stacks 32): a frame carrying one was not routed. */
static inline bool ew_ttl_initial(uint8_t ttl)
{
	return ttl == 64 || ttl == 128 || ttl == 255 || ttl == 32;
}

static inline uint64_t ew_mix64(uint64_t x)
{
	/* splitmix64 finaliser: cheap, and good enough that linear probing stays short */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* (MAC, VLAN) as one word: 32 + 16 MAC bits and the 12-bit VLAN id in
 * disjoint bits, whatever the byte order, so equal words mean the same device. */
static inline uint64_t ew_mac_key(const struct ew_mac *m, uint16_t vlan)
{
	uint32_t hi;
	uint16_t lo;
	memcpy(&hi, m->b, 4);
	memcpy(&lo, m->b + 4, 2);
	return (uint64_t)hi << 32 | (uint64_t)lo << 16 | vlan;
}

/* The device hash's home slot of a key (under the slot mask): the key's
 * halves folded, then one multiply; the high half of the product mixes every
 * key bit. */
static inline uint32_t ew_key_slot(uint64_t key)
{
	return (uint32_t)(((key ^ key >> 32) * 0x9e3779b97f4a7c15ULL) >> 32);
}

static inline uint64_t ew_ip_hash(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_INET) { /* the common case: one word */
		uint32_t v;
		memcpy(&v, ip->a, 4);
		return ew_mix64((uint64_t)v | (uint64_t)EW_AF_INET << 32);
	}
	uint64_t a, b;
	memcpy(&a, ip->a, 8);
	memcpy(&b, ip->a + 8, 8);
	return ew_mix64(a ^ ew_mix64(b ^ ip->family));
}

/* devices.c */
int ew_devs_init(struct dev_table *t, uint32_t cap);
void ew_devs_free(struct dev_table *t);
/* Finds or creates (evicting if needed) the device; EW_NONE if the table is
 * all declared. `keep` is never evicted (the current frame's source). */
uint32_t ew_dev_get(struct ew_infer *inf, const struct ew_mac *mac, uint16_t vlan, uint32_t keep);
static inline uint32_t ew_dev_find(const struct dev_table *t, const struct ew_mac *mac, uint16_t vlan)
{
	uint64_t key = ew_mac_key(mac, vlan);
	for (uint32_t j = ew_key_slot(key) & t->hmask;; j = (j + 1) & t->hmask) {
		if (t->hash[j].idx == EW_NONE)
			return EW_NONE;
		if (t->hash[j].key == key)
			return t->hash[j].idx;
	}
}
static inline struct dev *ew_dev(const struct dev_table *t, uint32_t i) { return &t->devs[i]; }
static inline struct dev_more *ew_dev_more(const struct dev_table *t, uint32_t i) { return &t->more[i]; }
static inline struct dev_more *ew_more_of(const struct dev_table *t, const struct dev *d)
{
	return &t->more[d - t->devs];
}
/* Marks the device as seen again (second chance at eviction): one bit, no list splice. */
static inline void ew_dev_touch(struct dev_table *t, uint32_t i)
{
	struct dev *d = &t->devs[i];
	if (t->tier[d->tier].head != i) /* just put at the head: nothing to mark yet */
		d->flags |= DEV_REF;
}
void ew_dev_retier(struct dev_table *t, uint32_t i);      /* after roles/evidence/declared changed */
/* The device's evidence record, allocating (or reclaiming) one; NULL if none can be had. */
struct dev_ev *ew_dev_ev(struct ew_infer *inf, uint32_t i);
static inline struct dev_ev *ew_ev_at(const struct dev_table *t, uint32_t e)
{
	return &t->ev_chunks[e / EW_EV_CHUNK][e % EW_EV_CHUNK];
}
static inline struct dev_ev *ew_dev_ev_peek(const struct dev_table *t, const struct dev *d)
{
	return d->ev == EW_NONE ? NULL : ew_ev_at(t, d->ev);
}
void ew_devs_new_window(struct dev_table *t);

void ew_ipset_add(struct ip_set *s, const struct ew_ip *ip);
void ew_macset_add(struct mac_set *s, const struct ew_mac *m);
uint32_t ew_lc_estimate(const uint64_t *words, unsigned nwords);
uint32_t ew_ipset_count(const struct ip_set *s);
uint32_t ew_macset_count(const struct mac_set *s);

/* infer.c */
bool ew_declared_ip(const struct ew_infer *inf, const struct ew_ip *ip);
/* An address is a declared gateway: declared by IP, or the known address of a declared MAC. */
bool ew_declared_gateway_ip(const struct ew_infer *inf, const struct ew_ip *ip);
bool ew_dev_has_addr(const struct dev_more *m, const struct ew_ip *ip);
/* Binds an address to a device (ARP/ND/DHCP/link-local); may mark it declared. */
void ew_dev_bind(struct ew_infer *inf, uint32_t di, const struct ew_ip *ip, int64_t ts);
/* Adds evidence of a kind to a device for the current frame; NULL if no record could be had. */
struct dev_ev *ew_evidence(struct ew_infer *inf, uint32_t di, enum evk k, int64_t ts);
void ew_add_role(struct ew_infer *inf, uint32_t di, uint32_t roles);
/* Hands the current frame to the evidence callback for this device (bounded). */
void ew_evidence_frame(struct ew_infer *inf, uint32_t di, bool forwarding);

/* infer_proto.c: per-protocol evidence, called with the frame's source device */
void ew_on_arp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_arp *a, uint32_t s);
void ew_on_dhcp4(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_dhcp4 *e, uint32_t s);
void ew_on_dhcp6(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_dhcp6 *e, uint32_t s);
void ew_on_nd(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s);
void ew_on_ra(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_nd_ra *e, uint32_t s);
void ew_on_pppoe(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s);
/* The IPv4 header of a frame: inside a PPPoE session it names the dialler's public address. */
void ew_on_pppoe_ip(struct ew_infer *inf, const struct ew_ip *src, uint32_t s);
void ew_on_l2info(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s);
void ew_on_probe(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_probe *e);
void ew_on_ssdp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_ssdp *e, uint32_t s);
void ew_on_routing(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s);
void ew_on_icmp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s);
/* An IPv4 frame from an inside source to an off-subnet destination whose TTL
 * is not an initial one: maybe a router forwarding a datagram it redirects. */
void ew_on_resent(struct ew_infer *inf, const struct ew_frame *f, uint32_t s, const struct ew_ip *src,
		  const struct ew_ip *dst, uint16_t id, uint8_t ttl);

/* report.c: report-time view of a device */
struct dev_view {
	uint32_t roles;
	uint32_t inside_hosts, remote_addrs;
	bool forwarding_ok, many_ok;
	uint8_t rogue_n;
	struct ew_ip rogue[EW_ADDR_LIST_MAX];
	struct evk_stat rogue_stat;  /* over the routers still not declared */
	uint8_t foreign_n;
	struct ew_ip foreign[EW_FOREIGN_MAX];
};
void ew_dev_view(const struct ew_infer *inf, const struct dev *d, struct dev_view *v);
void ew_dev_facts(const struct ew_infer *inf, const struct dev *d, const struct dev_view *v, struct ew_facts *fx);
/* Built-in verdict when no fingerprint rule matched (class_confidence <= 0.5). */
void ew_fallback_verdict(const struct dev *d, const struct dev_view *v, const struct dev_ev *e, struct ew_verdict *out);

/* thresholds (documented in infer.h) */
bool ew_forwarding_router(const struct dev_ev *e, uint32_t remote_addrs);

/* ---- caps that must agree with each other and with the fields that count them ---- */
_Static_assert(EW_EVIDENCE_FWD_FRAMES <= EW_EVIDENCE_FRAMES, "forwarded evidence frames are part of a device's frames");
_Static_assert(EW_EVIDENCE_FRAMES <= UINT16_MAX, "dev_ev.frames_cb and fwd_frames_cb are uint16_t");
_Static_assert(EW_SET_CAP * 2 <= EW_SET_SLOTS, "ip_set/mac_set probing needs a load of at most 1/2");
_Static_assert(EW_SET_SLOTS <= UINT16_MAX, "ip_set.n and mac_set.n are uint16_t");
_Static_assert(EW_SAMPLE <= EW_SET_CAP && EW_SAMPLE <= UINT8_MAX, "samples come from the exact set; counted in uint8_t");
_Static_assert(EW_DEV_ADDRS <= UINT8_MAX, "dev_more.addr_n is a uint8_t");
_Static_assert(sizeof(struct dev) == 64, "a device's hot part is one cache line");
_Static_assert(EW_ROLE__COUNT <= 16, "dev.roles is a uint16_t");
_Static_assert(EW_TTL_SLOTS <= UINT8_MAX, "dev_ev.ttl_n is a uint8_t");
_Static_assert(EW_ADDR_LIST_MAX <= UINT8_MAX && EW_ROUTE_MAX <= UINT8_MAX && EW_RA_PREFIX_MAX <= UINT8_MAX,
	       "dev_ev list counts (dhcp_router_n, dhcp_route_n, ra_prefix_n...) are uint8_t");
_Static_assert(EW_OFFERED_MAX <= UINT8_MAX && EW_FOREIGN_MAX <= UINT8_MAX && EW_SSDP_KEEP <= UINT8_MAX &&
		       EW_DHCP6_VENDOR_MAX <= UINT8_MAX,
	       "dev_ev counts offered_n, foreign_n, ssdp_*_n, ent_n are uint8_t");
_Static_assert(EW_DUID_KEEP <= UINT8_MAX, "dev_ev.duid_len is a uint8_t");
_Static_assert(EW_EV_POOL_MAX % EW_EV_CHUNK == 0, "the evidence pool grows in whole chunks");
_Static_assert(EW_ARP24_MAX <= UINT32_MAX / 2 && EW_ND64_MAX <= UINT32_MAX / 2, "subnet counts are uint32_t");
_Static_assert((uint64_t)EW_MAX_DEVICES_LIMIT * 2 < EW_NONE, "device and hash indices are uint32_t, EW_NONE excluded");

#endif
