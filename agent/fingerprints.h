/* SPDX-License-Identifier: ISC */
/* fingerprints.h - the loaded form of the fingerprints data file, shared by
 * its parser (fingerprints.c) and the matcher (classify.c). Internal to the
 * agent: the contract is include/egresswatch/classify.h. */
#ifndef EGRESSWATCH_FINGERPRINTS_H
#define EGRESSWATCH_FINGERPRINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/classify.h"

/* Caps: a data file past any of them does not load. */
#define EW_FP_RULES_MAX 1024
#define EW_FP_CONDS_MAX 16   /* conditions in one rule */
#define EW_FP_VALUES_MAX 16  /* values in one condition's list */
#define EW_FP_LINE_MAX 512   /* bytes in one line, without its end */
#define EW_FP_DESC_MAX 200   /* bytes in one rule's description */
#define EW_FP_STRVAL_MAX 128 /* bytes in one string value (facts hold at most EW_FACT_STRLEN) */
#define EW_FP_STRS_MAX (UINT32_MAX / 2) /* bytes of all strings: their offsets are uint32_t */

/* The facts a condition can name; the names are in fingerprints.c. */
enum fp_fact {
	FP_ROLE = 0,
	/* flags */
	FP_FOREIGN_SUBNET,
	FP_ACTS_AS_CLIENT,
	FP_MAC_LOCAL,
	FP_DHCP_ROGUE_ROUTER,
	FP_DHCP_RELAY,
	FP_L2_SWITCH,
	FP_REDUNDANCY_PEER,
	/* numbers */
	FP_INSIDE_HOSTS,
	FP_REMOTE_ADDRS,
	FP_VLAN,
	FP_DHCP_LEASE,
	FP_DHCP6_ENTERPRISE,
	FP_DHCP6_PD_LEN,
	/* addresses */
	FP_ADDR,
	FP_DHCP_ROUTER,
	FP_DHCP_DNS,
	FP_DHCP_MASK,
	FP_DHCP_OFFERED,
	FP_RDNSS,
	FP_WAN_ADDR,
	/* prefixes */
	FP_RA_PREFIX,
	/* strings */
	FP_VENDOR,
	FP_DHCP_DOMAIN,
	FP_DNS_SEARCH,
	FP_PPPOE_AC_NAME,
	FP_PPPOE_SERVICE,
	FP_SSDP_SERVER,
	FP_SSDP_TYPE,
	FP_SYSNAME,
	FP_SYSDESCR,
	FP_CLIENT_HOSTNAME,
	FP_CLIENT_VENDOR_CLASS,
	FP_MODEL,
	FP_FOREIGN_ADDR, /* addresses: kept last so the list above stays in place */
	FP_DHCP_ROGUE_ADDR,
	/* routing protocols and redirects (added later, so kept after the rest) */
	FP_HSRP_GROUP,     /* number */
	FP_VRRP_VRID,      /* number */
	FP_RIP_METRIC,     /* number */
	FP_RIP_VERSION,    /* number */
	FP_HSRP_VIP,       /* addresses */
	FP_VRRP_ADDR,
	FP_OSPF_ROUTER_ID,
	FP_OSPF_AREA,
	FP_RIP_NEXT_HOP,
	FP_IRDP_ADDR,
	FP_REDIRECT_TARGET,
	FP_REDIRECT_DEST,
	FP_MAC,            /* string: the device's MAC, "52:54:00:12:34:56" */
	FP_DHCP_ROUTER_SELF, /* flag: a router its DHCP replies name is its own address */
	FP__COUNT
};

enum fp_type { FT_ROLE, FT_FLAG, FT_NUM, FT_IP, FT_PREFIX, FT_STR };

enum fp_op {
	OP_PRESENT = 0, /* bare fact: flag set, number non-zero, list or string non-empty */
	OP_ROLE,        /* role a|b: has any of the roles */
	OP_EQ,          /* = number, or string equal ignoring case, blanks, quotes, trailing punctuation */
	OP_GT,
	OP_GE,
	OP_LT,
	OP_LE,
	OP_HAS,    /* ~  string contains, ignoring case */
	OP_PREFIX, /* ^= string starts with, ignoring case */
	OP_IN,     /* in  address (or RA prefix) inside one of the prefixes */
};

struct fp_val {
	struct ew_prefix pfx; /* OP_IN */
	uint32_t num;         /* numeric ops */
	uint32_t str;         /* string ops: offset into db->strs */
	uint32_t slen;
};

struct fp_cond {
	uint8_t fact; /* enum fp_fact */
	uint8_t op;   /* enum fp_op */
	bool neg;     /* "not": holds when the test does not */
	uint8_t nval;
	uint32_t val;   /* first of nval entries in db->vals */
	uint32_t roles; /* OP_ROLE: EW_ROLE_* bits */
};

struct fp_rule {
	uint8_t cls;      /* enum ew_class */
	uint8_t strength; /* enum ew_strength */
	uint16_t weight;  /* per mille, 0..1000; 0 = a note (reason only) */
	uint8_t ncond;
	uint32_t cond; /* first of ncond entries in db->conds */
	uint32_t desc; /* offset into db->strs, NUL-terminated */
	uint32_t line; /* where the rule starts, for messages */
};

struct ew_fp_db {
	struct fp_rule *rules;
	size_t nrules;
	struct fp_cond *conds;
	size_t nconds;
	struct fp_val *vals;
	size_t nvals;
	char *strs; /* descriptions and string values, each NUL-terminated */
	size_t strs_len;
	uint32_t declared; /* bit per enum ew_class named in [classes] */
};

const char *fp_fact_name(enum fp_fact f);
enum fp_type fp_fact_type(enum fp_fact f);
/* FP__COUNT if unknown. */
enum fp_fact fp_fact_lookup(const char *name, size_t n);

#endif
