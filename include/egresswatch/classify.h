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

/* DESIGN §3 classes. NONE: nothing says "way out" (ordinary host). */
enum ew_class {
	EW_CLASS_NONE = 0,
	EW_CLASS_HGW,
	EW_CLASS_ONU_BRIDGED,
	EW_CLASS_CTU,
	EW_CLASS_MODEM,
	EW_CLASS_MOBILE_ROUTER,
	EW_CLASS_HOME_ROUTER,
	EW_CLASS_HOST_SHARING,
	EW_CLASS_ROUTER,
	EW_CLASS_DHCP_SERVER,
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
	EW_ROLE__COUNT = 13
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
	struct ew_ip wan_addr;              /* its public (egress) address, e.g. from UPnP GetExternalIPAddress */
	uint8_t dhcp6_pd_len;               /* prefix length it delegates by DHCPv6-PD (IA_PD), 0 if none */
	char model[EW_FACT_STRLEN];         /* model name: UPnP modelName/friendlyName or an admin page (probes) */
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

/* A verdict: the best class, its confidence in [0,1] (three decimals), a
 * one-line reason a person can check, and how many rules fired (for the
 * report's evidence). cls is EW_CLASS_NONE when no rule fired. */
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

#endif
