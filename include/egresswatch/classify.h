/* SPDX-License-Identifier: ISC */
/* classify.h - device classes, the facts a classifier sees, and the
 * fingerprint rules that turn facts into a class with a confidence.
 *
 * The inference core (infer.h) reduces each device's evidence to a
 * `struct ew_facts`; the classifier matches it against rules loaded from a
 * data file (data/fingerprints.conf) and returns a verdict. The classifier is
 * pure: no I/O after loading, deterministic for the same facts.
 */
#ifndef EGRESSWATCH_CLASSIFY_H
#define EGRESSWATCH_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

/* DESIGN §3 classes, plus broadband_router (a retail router bought by a
 * department: the advice differs from a carrier's HGW fixed at the line's
 * wall socket) and switch (LAN infrastructure, never a way out by itself).
 * NONE: nothing says "way out" (ordinary host). */
enum ew_class {
	EW_CLASS_NONE = 0,
	EW_CLASS_HGW,
	EW_CLASS_ONU_BRIDGED,
	EW_CLASS_CTU,
	EW_CLASS_MODEM,
	EW_CLASS_MOBILE_ROUTER,
	EW_CLASS_HOME_ROUTER,
	EW_CLASS_BROADBAND_ROUTER,
	EW_CLASS_HOST_SHARING,
	EW_CLASS_ROUTER,
	EW_CLASS_DHCP_SERVER,
	EW_CLASS_SWITCH,
	EW_CLASS__COUNT
};
const char *ew_class_name(enum ew_class c);          /* "hgw", "onu_bridged", ... ; "none" */
bool ew_class_parse(const char *s, enum ew_class *out);

/* Roles a device showed on the wire (bit set). */
enum ew_role {
	EW_ROLE_ROUTER = 1u << 0,       /* carries off-subnet traffic for inside hosts */
	EW_ROLE_DHCP_SERVER = 1u << 1,  /* DHCPv4 OFFER/ACK */
	EW_ROLE_DHCP6_SERVER = 1u << 2, /* DHCPv6 ADVERTISE/REPLY */
	EW_ROLE_RA_ROUTER = 1u << 3,    /* RA with router lifetime > 0 */
	EW_ROLE_PPPOE_AC = 1u << 4,     /* sends PADO/PADS: a line terminates here */
	EW_ROLE_PPPOE_CLIENT = 1u << 5, /* sends PADI/PADR: dials a line */
	EW_ROLE_UPNP_IGD = 1u << 6,     /* SSDP InternetGatewayDevice / WAN*Connection */
	EW_ROLE_RIP_DEFAULT = 1u << 7,  /* RIP/RIPng announcing a default route */
	EW_ROLE_ROUTING_PROTO = 1u << 8,/* RIP, OSPF hello, VRRP, HSRP speaker */
	EW_ROLE_IRDP = 1u << 9,         /* ICMP router advertisement */
	EW_ROLE_LLDP_ROUTER = 1u << 10, /* LLDP/CDP router capability enabled */
	EW_ROLE_REDIRECTOR = 1u << 11,  /* sends ICMP/ND redirects */
	EW_ROLE_NAT = 1u << 12,         /* many remote addresses behind one inside address (reserved) */
	EW_ROLE_REDIRECT_GATEWAY = 1u << 13, /* another router's ICMP/ND redirect names it as the better gateway */
	EW_ROLE__COUNT = 14
};
const char *ew_role_name(enum ew_role r); /* "router", "dhcp_server", ...; "unknown" if not one role bit */
bool ew_role_parse(const char *s, enum ew_role *out);

#define EW_FACT_ADDRS 8
#define EW_FACT_STRS 4
#define EW_FACT_STRLEN 128

/* What the classifier sees of one device. Strings are NUL-terminated, cut at
 * EW_FACT_STRLEN; lists hold at most EW_FACT_* entries. */
struct ew_facts {
	struct ew_mac mac;
	uint16_t vlan;
	bool mac_local;            /* locally administered (randomised) MAC */
	const char *vendor;        /* IEEE registry organisation, NULL if unknown */
	uint32_t roles;            /* EW_ROLE_* */
	uint32_t inside_hosts;     /* distinct inside hosts that used it as gateway */
	uint32_t remote_addrs;     /* distinct off-subnet addresses behind it */
	bool foreign_subnet;       /* it uses an address outside every local subnet */
	uint8_t foreign_addr_count; /* those addresses, so a reason names them */
	struct ew_ip foreign_addrs[EW_FACT_ADDRS];
	uint8_t addr_count;        /* its own addresses (IPv4 and IPv6) */
	struct ew_ip addrs[EW_FACT_ADDRS];
	/* DHCPv4 served by it */
	uint8_t dhcp_router_count;
	struct ew_ip dhcp_routers[EW_FACT_ADDRS];
	uint8_t dhcp_dns_count;
	struct ew_ip dhcp_dns[EW_FACT_ADDRS];
	struct ew_ip dhcp_mask;
	uint32_t dhcp_lease;       /* 0 = not seen */
	char dhcp_domain[EW_FACT_STRLEN];
	bool dhcp_rogue_router;    /* offered a router that is not declared infrastructure */
	uint8_t dhcp_rogue_addr_count; /* those routers (not the declared ones offered beside them) */
	struct ew_ip dhcp_rogue_addrs[EW_FACT_ADDRS];
	struct ew_ip dhcp_offered; /* an address it offered (yiaddr), family 0 if none */
	/* IPv6: RA prefixes and DHCPv6 served by it */
	uint8_t ra_prefix_count;
	struct ew_prefix ra_prefixes[EW_FACT_ADDRS];
	uint8_t ra_rdnss_count;
	struct ew_ip ra_rdnss[EW_FACT_ADDRS];
	char dns_search[EW_FACT_STRLEN];    /* DNSSL or DHCPv6 domain list */
	uint32_t dhcp6_enterprise;          /* vendor option enterprise number, 0 if none */
	/* PPPoE */
	char pppoe_ac_name[EW_FACT_STRLEN];
	char pppoe_service[EW_FACT_STRLEN];
	/* UPnP / SSDP */
	uint8_t ssdp_server_count;
	char ssdp_server[EW_FACT_STRS][EW_FACT_STRLEN];
	uint8_t ssdp_type_count;            /* NT/ST values it announced */
	char ssdp_type[EW_FACT_STRS][EW_FACT_STRLEN];
	/* LLDP / CDP */
	char sysname[EW_FACT_STRLEN];
	char sysdescr[EW_FACT_STRLEN];
	/* it behaves like a PC: asked for an address (DHCP/RS) or opened
	 * connections to inside servers from its own address */
	bool acts_as_client;
	/* it as a DHCP client: hostname (12) and vendor class (60) */
	char client_hostname[EW_FACT_STRLEN];
	char client_vendor_class[EW_FACT_STRLEN];
	/* Added for the fingerprints (FINGERPRINTS.md); zero when unknown. */
	struct ew_ip wan_addr;              /* its public (egress) address: the IPv4 source of the PPPoE session it dials
					       (probes may add UPnP GetExternalIPAddress); model below is CDP's platform */
	uint8_t dhcp6_pd_len;               /* prefix length it delegates by DHCPv6-PD (IA_PD), 0 if none */
	char model[EW_FACT_STRLEN];         /* model name: UPnP modelName/friendlyName or an admin page (probes) */
	/* Routing and redundancy protocols it speaks, and the redirects it
	 * sends, so a reason names the value behind the role. */
	bool hsrp;                          /* it sent HSRP hellos (group 0 is a group: this says "seen") */
	uint16_t hsrp_group;
	struct ew_ip hsrp_vip;              /* family 0 until a hello carried it */
	uint8_t vrrp_vrid;                  /* 1..255, 0 if no VRRP */
	uint8_t vrrp_addr_count;            /* the virtual addresses it announced */
	struct ew_ip vrrp_addrs[EW_FACT_ADDRS];
	struct ew_ip ospf_router_id;        /* OSPF hello; family 0 if none */
	struct ew_ip ospf_area;             /* area 0.0.0.0 is the backbone, so family says "seen" */
	uint8_t rip_version;                /* version (1 or 2) of its latest RIP response, 0 if none (RIPng too) */
	uint32_t rip_metric;                /* metric of the default route it announced (RIP or RIPng), 0 if none */
	struct ew_ip rip_next_hop;          /* RIPv2 next hop of that route; family 0 when 0.0.0.0 (via itself) */
	uint8_t irdp_addr_count;            /* addresses its IRDP advertisements name */
	struct ew_ip irdp_addrs[EW_FACT_ADDRS];
	struct ew_ip redirect_target;       /* the gateway its ICMP redirects (or ND target) name */
	struct ew_ip redirect_dest;         /* the destination they redirect */

	/* Way-out behaviour, in frames that showed it (0: not seen), for
	 * ew_classify_wayout. Filled only where the behaviour stands at report
	 * time (fwd_frames only when forwarding still makes it a router,
	 * dhcp_rogue_offers only for routers still undeclared). */
	uint32_t fwd_frames;          /* off-subnet frames it forwarded (in + out) */
	bool fwd_own_only;            /* all of them its own, each with an initial TTL: a host with
					 foreign addresses, or a gateway seen one way (seen, never proof) */
	bool many_addrs;              /* many distinct addresses behind its MAC */
	uint32_t pppoe_ac_frames;     /* PADO/PADS/PADT it sent as a concentrator */
	uint32_t pppoe_session_frames;/* PPPoE session frames it sent */
	uint32_t pppoe_dial_frames;   /* PADI/PADR it sent */
	uint32_t pppoe_padr;          /* of those, PADR: an access concentrator answered it */
	bool pppoe_answered;          /* a concentrator sent discovery to it (PADO/PADS) */
	uint32_t dhcp_rogue_offers;   /* DHCP replies naming a router that is not declared */
	uint32_t ra_default_count;    /* RAs, when one said "default router" (lifetime > 0) */
	uint32_t igd_count;           /* SSDP announcements of an Internet gateway */
	uint32_t default_route_count; /* RIP/RIPng default route or IRDP announcements */
	uint32_t probe_forwarded;     /* test packets a probe saw it forward out (probes: not built) */
	uint32_t redirects_off_subnet;/* ICMP redirects it sent for off-subnet destinations (undeclared only) */
	uint32_t redirect_forwarded;  /* of those, redirects whose datagram it was seen forwarding (RFC 792) */
	/* Infrastructure: what LAN gear shows (also facts for the rules). */
	uint32_t dhcp_relayed;        /* DHCP replies it relayed (giaddr set, sent to the client) */
	bool dhcp_relay;              /* dhcp_relayed != 0 */
	uint32_t dhcp_to_relay;       /* DHCP replies it sent to a relay (for clients on other subnets) */
	bool l2_switch;               /* LLDP/CDP with bridge/switch capability, router capability off */
	bool redundancy_peer;         /* VRRP/HSRP for a declared router: its group or a declared virtual address */
};

/* How well the knowledge behind a rule is established (FINGERPRINTS.md):
 * S strong (official docs or several sources agree), W weak (one community
 * source or one capture), U unverified. */
enum ew_strength { EW_STRENGTH_NONE = 0, EW_STRENGTH_U, EW_STRENGTH_W, EW_STRENGTH_S };
const char *ew_strength_name(enum ew_strength s); /* "S", "W", "U"; "" for none */

/* Confidence caps (docs/FINGERPRINTS-FORMAT.md). A class supported only by
 * W (or W and U) rules never exceeds EW_CONF_CAP_W, only by U rules
 * EW_CONF_CAP_U; a device that showed no role at all (no routing, DHCP, RA,
 * PPPoE, UPnP...) never exceeds EW_CONF_CAP_NOROLE whatever fired: a vendor
 * or a default address alone is a hint, not a finding. Above EW_CONF_HINT a
 * verdict is confident. */
#define EW_CONF_CAP_S 0.99
#define EW_CONF_CAP_W 0.50
#define EW_CONF_CAP_U 0.40
#define EW_CONF_CAP_NOROLE 0.30
#define EW_CONF_HINT 0.50

/* A verdict: the best class, its confidence in [0,1] (three decimals; the
 * report's "class_confidence": how sure the KIND is, not whether it is a way
 * out, see ew_classify_wayout), a one-line reason a person can check, and
 * how many rules fired (for the report's evidence). cls is EW_CLASS_NONE
 * when no rule fired. */
#define EW_REASON_LEN 320
struct ew_verdict {
	enum ew_class cls;
	double confidence;
	char reason[EW_REASON_LEN];
	uint16_t rules_fired;      /* rules that fired, any class */
	uint16_t rules_for_class;  /* of those, rules supporting cls */
	enum ew_strength strength; /* strongest rule supporting cls */
};

struct ew_fp_db; /* loaded fingerprint rules */

/* Loads rules (grammar: docs/FINGERPRINTS-FORMAT.md); on error returns NULL
 * and writes "file:line: message" to err. */
struct ew_fp_db *ew_fp_load(const char *path, char *err, size_t errlen);
void ew_fp_free(struct ew_fp_db *db);
size_t ew_fp_rule_count(const struct ew_fp_db *db);
/* Pure and deterministic: the same db and facts give the same verdict. A NULL
 * db or facts gives EW_CLASS_NONE. */
void ew_classify(const struct ew_fp_db *db, const struct ew_facts *facts, struct ew_verdict *out);

/* ---- Is it a way out? (the report's "confidence") -------------------------
 *
 * Separate from the class: how sure we are that the device is a way out of
 * the segment, from its behaviour on the wire alone. Each way-out behaviour
 * scores EW_WAYOUT_SEEN, or EW_WAYOUT_PROVEN once seen over its proof count;
 * behaviours combine by noisy-OR (two independent ones seen: 1 - 0.3^2 =
 * 0.91), capped at EW_WAYOUT_MAX. With none, the class's own hints (vendor,
 * default address, names) count, at most EW_WAYOUT_HINT_MAX. Undeclared
 * infrastructure (a DHCP server handing out only declared routers, a DHCP
 * relay, a switch, a redundancy peer of a declared router) with no way-out
 * behaviour is marked infrastructure at EW_WAYOUT_INFRA: nothing seen makes
 * it a way out, but a passive listener cannot prove there is none. */
enum ew_wayout_kind {
	EW_WAYOUT_FORWARDING = 0, /* forwards off-subnet traffic for inside hosts */
	EW_WAYOUT_MANY_ADDRS,     /* many addresses behind one MAC (no subnets to judge forwarding by) */
	EW_WAYOUT_PPPOE_AC,       /* answers PPPoE discovery: a line ends here */
	EW_WAYOUT_PPPOE_SESSION,  /* carries a PPPoE session */
	EW_WAYOUT_PPPOE_DIAL,     /* dials PPPoE and a concentrator answered */
	EW_WAYOUT_DHCP_ROGUE,     /* DHCP offers naming a router that is not declared */
	EW_WAYOUT_RA,             /* RA with a non-zero router lifetime */
	EW_WAYOUT_IGD,            /* UPnP Internet gateway announcement */
	EW_WAYOUT_DEFAULT_ROUTE,  /* RIP default route, IRDP */
	EW_WAYOUT_PROBE,          /* a probe saw a test packet forwarded out (probes: not built) */
	EW_WAYOUT__COUNT
};
/* The report's evidence kind that shows each behaviour ("forwarding", ...). */
const char *ew_wayout_kind_name(enum ew_wayout_kind k);

#define EW_WAYOUT_SEEN 0.70     /* a behaviour seen, not yet over its proof count: likely */
#define EW_WAYOUT_PROVEN 0.90   /* seen over its proof count: the hospital must act */
#define EW_WAYOUT_MAX 0.99      /* a passive listener never says certain */
#define EW_WAYOUT_HINT_MAX 0.50 /* vendor, default address, names, other roles: never a finding alone */
#define EW_WAYOUT_INFRA 0.10    /* infrastructure: nothing seen, absence not provable */
#define EW_WAYOUT_DIAL_UNANSWERED 0.50 /* PADI no concentrator answered: a line may not be there */
/* Proof counts, frames per behaviour (see classify.c for the reasons). */
#define EW_WAYOUT_FWD_PROOF 20
#define EW_WAYOUT_PPPOE_AC_PROOF 1
#define EW_WAYOUT_SESSION_PROOF 3
#define EW_WAYOUT_ANNOUNCE_PROOF 3
#define EW_WAYOUT_PROBE_PROOF 1

#define EW_WAYOUT_REASON_LEN 160
struct ew_wayout {
	double confidence;      /* [0, 1], three decimals */
	bool infrastructure;    /* LAN infrastructure, no way-out behaviour seen */
	uint32_t shown;         /* bit per ew_wayout_kind behind the confidence */
	uint32_t proven;        /* of those, seen over their proof count */
	char reason[EW_WAYOUT_REASON_LEN]; /* for infrastructure and hint-only verdicts, else "" */
};
/* Pure: from the facts (and the class verdict, for hints); v may be NULL. */
void ew_classify_wayout(const struct ew_facts *facts, const struct ew_verdict *v, struct ew_wayout *out);

#endif
