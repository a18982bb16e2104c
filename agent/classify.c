/* SPDX-License-Identifier: ISC */
/* classify.c - class and role names, and the matcher: one device's facts
 * against the loaded fingerprint rules, giving a class, a confidence and a
 * one-line reason.
 *
 * Per class, the weights of the rules that fired combine by noisy-OR,
 * 1 - prod(1 - w): independent hints add up but never pass 1. The result is
 * then capped by the strongest knowledge behind the class (S/W/U, see
 * classify.h) and by whether the device showed any role at all, rounded to
 * three decimals, and the best class wins; ties go to the class listed first
 * in enum ew_class (specific classes before the catch-alls router and
 * dhcp_server). Pure: no I/O, no globals written, same facts -> same verdict. */
#include "fingerprints.h"

#include <stdio.h>
#include <string.h>

#include "egresswatch/utf8.h"

static const char *const class_names[EW_CLASS__COUNT] = {
	"none",         "hgw",    "onu_bridged", "ctu",         "modem",  "mobile_router",
	"home_router",  "broadband_router", "host_sharing", "router", "dhcp_server", "switch",
};

static const char *const role_names[EW_ROLE__COUNT] = {
	"router",        "dhcp_server", "dhcp6_server", "ra_router",   "pppoe_ac",   "pppoe_client", "upnp_igd",
	"rip_default",   "routing_proto", "irdp",       "lldp_router", "redirector", "nat",
	"redirect_gateway",
};

const char *ew_class_name(enum ew_class c)
{
	return (unsigned)c < EW_CLASS__COUNT ? class_names[c] : "none";
}

bool ew_class_parse(const char *s, enum ew_class *out)
{
	for (int i = 0; i < EW_CLASS__COUNT; i++)
		if (strcmp(s, class_names[i]) == 0) {
			*out = (enum ew_class)i;
			return true;
		}
	return false;
}

const char *ew_role_name(enum ew_role r)
{
	for (int i = 0; i < EW_ROLE__COUNT; i++)
		if ((unsigned)r == 1u << i)
			return role_names[i];
	return "unknown";
}

bool ew_role_parse(const char *s, enum ew_role *out)
{
	for (int i = 0; i < EW_ROLE__COUNT; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum ew_role)(1u << i);
			return true;
		}
	return false;
}

const char *ew_strength_name(enum ew_strength s)
{
	switch (s) {
	case EW_STRENGTH_S: return "S";
	case EW_STRENGTH_W: return "W";
	case EW_STRENGTH_U: return "U";
	default: return "";
	}
}

/* ---- facts as values ---- */

#define VENDOR_SCAN_MAX 256 /* the vendor is a registry name (EW_OUI_NAME_MAX) */

struct fval {
	const char *s;
	size_t n;
	char mac[EW_MAC_STRLEN]; /* FP_MAC's text: s points here */
	const struct ew_ip *ip;
	const struct ew_prefix *pfx;
	uint32_t num;
};

static size_t min_sz(size_t a, size_t b) { return a < b ? a : b; }

/* A router its DHCP replies name is one of its own addresses: it hands
 * itself out as the gateway. */
static bool dhcp_router_self(const struct ew_facts *f)
{
	for (size_t i = 0; i < min_sz(f->dhcp_router_count, EW_FACT_ADDRS); i++)
		for (size_t k = 0; k < min_sz(f->addr_count, EW_FACT_ADDRS); k++)
			if (ew_ip_eq(&f->dhcp_routers[i], &f->addrs[k]))
				return true;
	return false;
}

static size_t fstr(const char *s, size_t cap) { return s ? strnlen(s, cap) : 0; }

/* How many values a fact has: 0 means "not seen". Numbers that use 0 for
 * "none" (lease, enterprise, PD length, VLAN, VRID, RIP metric and version) count as
 * absent when 0, so "dhcp_lease < 3600" never fires on a device that served
 * no DHCP; HSRP group 0 is a real group, so a flag says whether it was seen. */
static size_t fact_count(const struct ew_facts *f, enum fp_fact id)
{
	switch (id) {
	case FP_FOREIGN_SUBNET: return f->foreign_subnet;
	case FP_ACTS_AS_CLIENT: return f->acts_as_client;
	case FP_MAC_LOCAL: return f->mac_local || ew_mac_is_local(&f->mac);
	case FP_DHCP_ROGUE_ROUTER: return f->dhcp_rogue_router;
	case FP_DHCP_RELAY: return f->dhcp_relay;
	case FP_L2_SWITCH: return f->l2_switch;
	case FP_REDUNDANCY_PEER: return f->redundancy_peer;
	case FP_INSIDE_HOSTS:
	case FP_REMOTE_ADDRS: return 1;
	case FP_VLAN: return f->vlan != 0;
	case FP_DHCP_LEASE: return f->dhcp_lease != 0;
	case FP_DHCP6_ENTERPRISE: return f->dhcp6_enterprise != 0;
	case FP_DHCP6_PD_LEN: return f->dhcp6_pd_len != 0;
	case FP_ADDR: return min_sz(f->addr_count, EW_FACT_ADDRS);
	case FP_DHCP_ROUTER: return min_sz(f->dhcp_router_count, EW_FACT_ADDRS);
	case FP_DHCP_DNS: return min_sz(f->dhcp_dns_count, EW_FACT_ADDRS);
	case FP_RDNSS: return min_sz(f->ra_rdnss_count, EW_FACT_ADDRS);
	case FP_DHCP_MASK: return f->dhcp_mask.family != EW_AF_NONE;
	case FP_DHCP_OFFERED: return f->dhcp_offered.family != EW_AF_NONE;
	case FP_WAN_ADDR: return f->wan_addr.family != EW_AF_NONE;
	case FP_RA_PREFIX: return min_sz(f->ra_prefix_count, EW_FACT_ADDRS);
	case FP_VENDOR: return fstr(f->vendor, VENDOR_SCAN_MAX) != 0;
	case FP_DHCP_DOMAIN: return fstr(f->dhcp_domain, EW_FACT_STRLEN) != 0;
	case FP_DNS_SEARCH: return fstr(f->dns_search, EW_FACT_STRLEN) != 0;
	case FP_PPPOE_AC_NAME: return fstr(f->pppoe_ac_name, EW_FACT_STRLEN) != 0;
	case FP_PPPOE_SERVICE: return fstr(f->pppoe_service, EW_FACT_STRLEN) != 0;
	case FP_SSDP_SERVER: return min_sz(f->ssdp_server_count, EW_FACT_STRS);
	case FP_SSDP_TYPE: return min_sz(f->ssdp_type_count, EW_FACT_STRS);
	case FP_SYSNAME: return fstr(f->sysname, EW_FACT_STRLEN) != 0;
	case FP_SYSDESCR: return fstr(f->sysdescr, EW_FACT_STRLEN) != 0;
	case FP_CLIENT_HOSTNAME: return fstr(f->client_hostname, EW_FACT_STRLEN) != 0;
	case FP_CLIENT_VENDOR_CLASS: return fstr(f->client_vendor_class, EW_FACT_STRLEN) != 0;
	case FP_MODEL: return fstr(f->model, EW_FACT_STRLEN) != 0;
	case FP_MAC: return 1; /* every device has one */
	case FP_DHCP_ROUTER_SELF: return dhcp_router_self(f);
	case FP_FOREIGN_ADDR: return min_sz(f->foreign_addr_count, EW_FACT_ADDRS);
	case FP_DHCP_ROGUE_ADDR: return min_sz(f->dhcp_rogue_addr_count, EW_FACT_ADDRS);
	case FP_HSRP_GROUP: return f->hsrp;
	case FP_VRRP_VRID: return f->vrrp_vrid != 0;
	case FP_RIP_METRIC: return f->rip_metric != 0;
	case FP_RIP_VERSION: return f->rip_version != 0;
	case FP_HSRP_VIP: return f->hsrp_vip.family != EW_AF_NONE;
	case FP_VRRP_ADDR: return min_sz(f->vrrp_addr_count, EW_FACT_ADDRS);
	case FP_OSPF_ROUTER_ID: return f->ospf_router_id.family != EW_AF_NONE;
	case FP_OSPF_AREA: return f->ospf_area.family != EW_AF_NONE;
	case FP_RIP_NEXT_HOP: return f->rip_next_hop.family != EW_AF_NONE;
	case FP_IRDP_ADDR: return min_sz(f->irdp_addr_count, EW_FACT_ADDRS);
	case FP_REDIRECT_TARGET: return f->redirect_target.family != EW_AF_NONE;
	case FP_REDIRECT_DEST: return f->redirect_dest.family != EW_AF_NONE;
	default: return 0;
	}
}

static void str_val(struct fval *v, const char *s, size_t cap)
{
	v->s = s ? s : "";
	v->n = fstr(s, cap);
}

/* The k-th value of a fact (k < fact_count). */
static void fact_get(const struct ew_facts *f, enum fp_fact id, size_t k, struct fval *v)
{
	memset(v, 0, sizeof *v);
	v->s = "";
	switch (id) {
	case FP_FOREIGN_SUBNET:
	case FP_ACTS_AS_CLIENT:
	case FP_MAC_LOCAL:
	case FP_DHCP_ROGUE_ROUTER:
	case FP_DHCP_RELAY:
	case FP_L2_SWITCH:
	case FP_REDUNDANCY_PEER:
	case FP_DHCP_ROUTER_SELF: v->num = 1; break;
	case FP_INSIDE_HOSTS: v->num = f->inside_hosts; break;
	case FP_REMOTE_ADDRS: v->num = f->remote_addrs; break;
	case FP_VLAN: v->num = f->vlan; break;
	case FP_DHCP_LEASE: v->num = f->dhcp_lease; break;
	case FP_DHCP6_ENTERPRISE: v->num = f->dhcp6_enterprise; break;
	case FP_DHCP6_PD_LEN: v->num = f->dhcp6_pd_len; break;
	case FP_ADDR: v->ip = &f->addrs[k]; break;
	case FP_DHCP_ROUTER: v->ip = &f->dhcp_routers[k]; break;
	case FP_DHCP_DNS: v->ip = &f->dhcp_dns[k]; break;
	case FP_RDNSS: v->ip = &f->ra_rdnss[k]; break;
	case FP_DHCP_MASK: v->ip = &f->dhcp_mask; break;
	case FP_DHCP_OFFERED: v->ip = &f->dhcp_offered; break;
	case FP_WAN_ADDR: v->ip = &f->wan_addr; break;
	case FP_RA_PREFIX: v->pfx = &f->ra_prefixes[k]; break;
	case FP_VENDOR: str_val(v, f->vendor, VENDOR_SCAN_MAX); break;
	case FP_DHCP_DOMAIN: str_val(v, f->dhcp_domain, EW_FACT_STRLEN); break;
	case FP_DNS_SEARCH: str_val(v, f->dns_search, EW_FACT_STRLEN); break;
	case FP_PPPOE_AC_NAME: str_val(v, f->pppoe_ac_name, EW_FACT_STRLEN); break;
	case FP_PPPOE_SERVICE: str_val(v, f->pppoe_service, EW_FACT_STRLEN); break;
	case FP_SSDP_SERVER: str_val(v, f->ssdp_server[k], EW_FACT_STRLEN); break;
	case FP_SSDP_TYPE: str_val(v, f->ssdp_type[k], EW_FACT_STRLEN); break;
	case FP_SYSNAME: str_val(v, f->sysname, EW_FACT_STRLEN); break;
	case FP_SYSDESCR: str_val(v, f->sysdescr, EW_FACT_STRLEN); break;
	case FP_CLIENT_HOSTNAME: str_val(v, f->client_hostname, EW_FACT_STRLEN); break;
	case FP_CLIENT_VENDOR_CLASS: str_val(v, f->client_vendor_class, EW_FACT_STRLEN); break;
	case FP_MODEL: str_val(v, f->model, EW_FACT_STRLEN); break;
	case FP_MAC:
		ew_mac_str(&f->mac, v->mac);
		str_val(v, v->mac, sizeof v->mac);
		break;
	case FP_FOREIGN_ADDR: v->ip = &f->foreign_addrs[k]; break;
	case FP_DHCP_ROGUE_ADDR: v->ip = &f->dhcp_rogue_addrs[k]; break;
	case FP_HSRP_GROUP: v->num = f->hsrp_group; break;
	case FP_VRRP_VRID: v->num = f->vrrp_vrid; break;
	case FP_RIP_METRIC: v->num = f->rip_metric; break;
	case FP_RIP_VERSION: v->num = f->rip_version; break;
	case FP_HSRP_VIP: v->ip = &f->hsrp_vip; break;
	case FP_VRRP_ADDR: v->ip = &f->vrrp_addrs[k]; break;
	case FP_OSPF_ROUTER_ID: v->ip = &f->ospf_router_id; break;
	case FP_OSPF_AREA: v->ip = &f->ospf_area; break;
	case FP_RIP_NEXT_HOP: v->ip = &f->rip_next_hop; break;
	case FP_IRDP_ADDR: v->ip = &f->irdp_addrs[k]; break;
	case FP_REDIRECT_TARGET: v->ip = &f->redirect_target; break;
	case FP_REDIRECT_DEST: v->ip = &f->redirect_dest; break;
	default: break;
	}
}

/* ---- string tests: ASCII case folding only, no locale ---- */

static int fold(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool ci_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
			return false;
	return true;
}

static bool lead_junk(char c) { return c == ' ' || c == '\t' || c == '"'; }
static bool trail_junk(char c) { return lead_junk(c) || c == '.' || c == ',' || c == ';' || c == ':'; }

/* FINGERPRINTS.md: registry names compare case-insensitively after trimming
 * spaces, trailing punctuation and CSV quotes ("NEC Platforms, Ltd" and
 * "NEC Platforms, Ltd." are one maker). */
static void trim(const char **s, size_t *n, bool trailing)
{
	while (*n && lead_junk(**s))
		(*s)++, (*n)--;
	while (trailing && *n && trail_junk((*s)[*n - 1]))
		(*n)--;
}

static bool str_test(enum fp_op op, const char *hay, size_t hn, const char *pat, size_t pn)
{
	if (hn == 0)
		return false; /* an unseen string matches nothing */
	switch (op) {
	case OP_EQ:
		trim(&hay, &hn, true);
		trim(&pat, &pn, true);
		return hn == pn && ci_eq(hay, pat, pn);
	case OP_PREFIX:
		trim(&hay, &hn, false);
		return pn <= hn && ci_eq(hay, pat, pn);
	case OP_HAS:
		for (size_t i = 0; pn <= hn && i <= hn - pn; i++)
			if (ci_eq(hay + i, pat, pn))
				return true;
		return false;
	default: return false;
	}
}

static bool num_test(enum fp_op op, uint32_t v, uint32_t x)
{
	switch (op) {
	case OP_EQ: return v == x;
	case OP_GT: return v > x;
	case OP_GE: return v >= x;
	case OP_LT: return v < x;
	case OP_LE: return v <= x;
	default: return false;
	}
}

/* An RA prefix is "in" a rule's prefix when it is as long or longer and
 * starts inside it (2408:10:20::/64 in 2408::/22). */
static bool prefix_in(const struct ew_prefix *inner, const struct ew_prefix *outer)
{
	return inner->addr.family == outer->addr.family && inner->len >= outer->len &&
	       ew_prefix_contains(outer, &inner->addr);
}

static bool value_test(const struct ew_fp_db *db, const struct fp_cond *c, enum fp_type type, const struct fval *v)
{
	for (unsigned j = 0; j < c->nval; j++) {
		const struct fp_val *x = &db->vals[c->val + j];
		bool hit = false;
		switch (type) {
		case FT_NUM: hit = num_test((enum fp_op)c->op, v->num, x->num); break;
		case FT_STR: hit = str_test((enum fp_op)c->op, v->s, v->n, db->strs + x->str, x->slen); break;
		case FT_IP: hit = v->ip->family != EW_AF_NONE && ew_prefix_contains(&x->pfx, v->ip); break;
		case FT_PREFIX: hit = prefix_in(v->pfx, &x->pfx); break;
		default: break;
		}
		if (hit)
			return true;
	}
	return false;
}

/* Whether a condition holds; *which is the index of the fact value that
 * matched (for a description's placeholder), or -1. */
static bool cond_holds(const struct ew_fp_db *db, const struct fp_cond *c, const struct ew_facts *f, int *which)
{
	*which = -1;
	bool hit = false;
	enum fp_fact id = (enum fp_fact)c->fact;
	if (c->op == OP_ROLE) {
		hit = (f->roles & c->roles) != 0;
	} else if (c->op == OP_PRESENT) {
		size_t n = fact_count(f, id);
		if (id == FP_INSIDE_HOSTS || id == FP_REMOTE_ADDRS) {
			struct fval v;
			fact_get(f, id, 0, &v);
			n = v.num != 0;
		}
		hit = n != 0;
		if (hit)
			*which = 0;
	} else {
		size_t n = fact_count(f, id);
		enum fp_type type = fp_fact_type(id);
		for (size_t k = 0; k < n && !hit; k++) {
			struct fval v;
			fact_get(f, id, k, &v);
			if (value_test(db, c, type, &v)) {
				hit = true;
				*which = (int)k;
			}
		}
	}
	if (c->neg) {
		*which = -1;
		return !hit;
	}
	return hit;
}

static bool rule_fires(const struct ew_fp_db *db, const struct fp_rule *r, const struct ew_facts *f)
{
	for (unsigned i = 0; i < r->ncond; i++) {
		int which;
		if (!cond_holds(db, &db->conds[r->cond + i], f, &which))
			return false;
	}
	return true;
}

/* ---- the reason line ---- */

#define PLACEHOLDER_MAX 64 /* bytes of one substituted value */

struct out {
	char *p;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && o->len + 1 < o->cap; i++)
		o->p[o->len++] = s[i];
	o->p[o->len] = '\0';
}

/* Wire strings go into a report line: control bytes become '?', and the cut
 * falls on a UTF-8 boundary. */
static void put_wire(struct out *o, const char *s, size_t n)
{
	n = ew_utf8_cut(s, n, PLACEHOLDER_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = (unsigned char)s[i] < ' ' || s[i] == 0x7f ? '?' : s[i];
		put(o, &c, 1);
	}
}

static void put_placeholder(struct out *o, const struct ew_fp_db *db, const struct fp_rule *r,
			    const struct ew_facts *f, const char *name, size_t len)
{
	char buf[EW_PREFIX_STRLEN + 16];
	if (len == 5 && memcmp(name, "roles", 5) == 0) {
		bool first = true;
		for (int i = 0; i < EW_ROLE__COUNT; i++)
			if (f->roles & (1u << i)) {
				if (!first)
					put(o, ",", 1);
				put(o, role_names[i], strlen(role_names[i]));
				first = false;
			}
		if (first)
			put(o, "none", 4);
		return;
	}
	enum fp_fact id = fp_fact_lookup(name, len);
	if (id == FP__COUNT || id == FP_ROLE)
		return; /* the loader rejects these */
	/* the value a positive condition of this rule matched, else the first */
	int k = -1;
	for (unsigned i = 0; i < r->ncond && k < 0; i++) {
		const struct fp_cond *c = &db->conds[r->cond + i];
		int which;
		if (c->fact == id && cond_holds(db, c, f, &which))
			k = which;
	}
	if (k < 0)
		k = 0;
	size_t n = fact_count(f, id);
	if (id == FP_INSIDE_HOSTS || id == FP_REMOTE_ADDRS)
		n = 1;
	if ((size_t)k >= n) {
		put(o, "?", 1);
		return;
	}
	struct fval v;
	fact_get(f, id, (size_t)k, &v);
	switch (fp_fact_type(id)) {
	case FT_NUM: snprintf(buf, sizeof buf, "%u", v.num); break;
	case FT_FLAG: snprintf(buf, sizeof buf, "yes"); break;
	case FT_IP: ew_ip_str(v.ip, buf); break;
	case FT_PREFIX: ew_prefix_str(v.pfx, buf); break;
	case FT_STR: put_wire(o, v.s, v.n); return;
	default: return;
	}
	put(o, buf, strlen(buf));
}

/* Renders a rule's description with {fact} placeholders filled in. */
static void render(const struct ew_fp_db *db, const struct fp_rule *r, const struct ew_facts *f, char *dst, size_t cap)
{
	struct out o = { dst, 0, cap };
	dst[0] = '\0';
	const char *d = db->strs + r->desc;
	while (*d) {
		const char *open = strchr(d, '{');
		if (!open) {
			put(&o, d, strlen(d));
			break;
		}
		put(&o, d, (size_t)(open - d));
		const char *close = strchr(open, '}');
		if (!close)
			break; /* the loader rejects this */
		put_placeholder(&o, db, r, f, open + 1, (size_t)(close - open - 1));
		d = close + 1;
	}
}

static void append_reason(char *reason, size_t *len, const char *item, bool *full)
{
	size_t n = strlen(item), sep = *len ? 2 : 0;
	if (*full || n == 0)
		return;
	/* the same words from two rules say nothing new */
	for (const char *s = reason; (s = strstr(s, item)) != NULL; s++)
		if ((s == reason || (s >= reason + 2 && s[-2] == ';')) && (s[n] == '\0' || s[n] == ';'))
			return;
	if (*len + sep + n < EW_REASON_LEN) {
		memcpy(reason + *len, "; ", sep);
		memcpy(reason + *len + sep, item, n + 1);
		*len += sep + n;
		return;
	}
	*full = true;
	if (*len == 0) { /* a single over-long item: cut it */
		size_t k = ew_utf8_cut(item, n, EW_REASON_LEN - 4);
		memcpy(reason, item, k);
		memcpy(reason + k, "...", 4);
		*len = k + 3;
	} else if (*len + 5 < EW_REASON_LEN) {
		memcpy(reason + *len, "; ...", 6);
		*len += 5;
	}
}

/* ---- the verdict ---- */

/* A rule that only says who made the device: every condition that holds
 * positively names the vendor, or is a role (the gate every vendor rule
 * carries). Such a rule refines a role into a kind; it must never outvote a
 * kind backed by what the device does (an address, a value it hands out, a
 * prefix, a protocol's words). */
static bool vendor_only(const struct ew_fp_db *db, const struct fp_rule *r)
{
	bool vendor = false;
	for (uint8_t k = 0; k < r->ncond; k++) {
		const struct fp_cond *c = &db->conds[r->cond + k];
		if (c->neg || c->op == OP_ROLE)
			continue;
		if (c->fact != FP_VENDOR)
			return false;
		vendor = true;
	}
	return vendor;
}

void ew_classify(const struct ew_fp_db *db, const struct ew_facts *facts, struct ew_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->cls = EW_CLASS_NONE;
	if (!db || !facts)
		return;

	uint16_t fired[EW_FP_RULES_MAX];
	size_t nfired = 0;
	double keep[EW_CLASS__COUNT]; /* prod(1 - w) per class */
	uint8_t strength[EW_CLASS__COUNT] = { 0 };
	uint16_t support[EW_CLASS__COUNT] = { 0 };
	bool behaviour[EW_CLASS__COUNT] = { false }; /* backed by a rule that is not vendor-only */
	for (int c = 0; c < EW_CLASS__COUNT; c++)
		keep[c] = 1.0;
	for (size_t i = 0; i < db->nrules && i < EW_FP_RULES_MAX; i++) {
		const struct fp_rule *r = &db->rules[i];
		if (r->cls >= EW_CLASS__COUNT || !rule_fires(db, r, facts))
			continue;
		fired[nfired++] = (uint16_t)i;
		if (r->weight == 0)
			continue; /* a note: words for the reason, no support */
		keep[r->cls] *= (1000 - r->weight) / 1000.0;
		if (r->strength > strength[r->cls])
			strength[r->cls] = r->strength;
		support[r->cls]++;
		behaviour[r->cls] |= !vendor_only(db, r);
	}
	/* A specific kind backed by behaviour leaves out the kinds backed by a
	 * vendor alone (the catch-alls router and dhcp_server do not: a vendor
	 * is what names the kind of a plain router). */
	bool specific_behaviour = false;
	for (int c = EW_CLASS_NONE + 1; c < EW_CLASS__COUNT; c++)
		specific_behaviour |= support[c] && behaviour[c] && c != EW_CLASS_ROUTER && c != EW_CLASS_DHCP_SERVER;

	/* LAN gear that says what it is (LLDP/CDP capabilities, a relay, a
	 * redundancy peer) showed more than a hint, though no egress role */
	bool no_role = (facts->roles & ((1u << EW_ROLE__COUNT) - 1)) == 0 && !facts->l2_switch &&
		       !facts->redundancy_peer && !facts->dhcp_relay;
	int best = EW_CLASS_NONE, best_milli = 0;
	for (int c = EW_CLASS_NONE + 1; c < EW_CLASS__COUNT; c++) {
		if (!support[c] || (specific_behaviour && !behaviour[c]))
			continue;
		double conf = 1.0 - keep[c];
		double cap = strength[c] == EW_STRENGTH_S ? EW_CONF_CAP_S
			     : strength[c] == EW_STRENGTH_W ? EW_CONF_CAP_W
							    : EW_CONF_CAP_U;
		if (no_role && cap > EW_CONF_CAP_NOROLE)
			cap = EW_CONF_CAP_NOROLE;
		if (conf > cap)
			conf = cap;
		int milli = (int)(conf * 1000.0 + 0.5);
		if (milli > best_milli) { /* strictly greater: ties keep the earlier class */
			best = c;
			best_milli = milli;
		}
	}
	out->rules_fired = (uint16_t)nfired;
	if (best == EW_CLASS_NONE)
		return;
	out->cls = (enum ew_class)best;
	out->confidence = best_milli / 1000.0;
	out->rules_for_class = support[best];
	out->strength = (enum ew_strength)strength[best];

	/* Reason: the chosen class's rules first, heaviest first, then the
	 * other rules that fired (what else the device showed), in file order
	 * among equals. Insertion sort: fired lists are short. */
	for (size_t i = 1; i < nfired; i++) {
		uint16_t x = fired[i];
		const struct fp_rule *rx = &db->rules[x];
		size_t j = i;
		while (j > 0) {
			const struct fp_rule *ry = &db->rules[fired[j - 1]];
			bool x_own = rx->cls == best, y_own = ry->cls == best;
			bool before = (x_own && !y_own) || (x_own == y_own && rx->weight > ry->weight);
			if (!before)
				break;
			fired[j] = fired[j - 1];
			j--;
		}
		fired[j] = x;
	}
	size_t len = 0;
	bool full = false;
	char item[EW_REASON_LEN];
	for (size_t i = 0; i < nfired && !full; i++) {
		render(db, &db->rules[fired[i]], facts, item, sizeof item);
		append_reason(out->reason, &len, item, &full);
	}
}

/* ---- is it a way out? ------------------------------------------------------------
 *
 * Proof counts (classify.h), each the frames after which one behaviour is no
 * longer a one-off:
 *  - forwarding, EW_WAYOUT_FWD_PROOF (20): the router role needs only
 *    EW_FWD_MIN_FRAMES (3), which a host with an odd second address can still
 *    show; twenty frames through it is sustained routing (the demo's mobile
 *    router forwarded 120 in 20 seconds); or one datagram it redirected
 *    (ICMP redirect) and was seen forwarding: RFC 792's router at work.
 *    Redirects for off-subnet destinations alone count as forwarding seen;
 *  - PPPoE concentrator, EW_WAYOUT_PPPOE_AC_PROOF (1): a PADO or PADS is a
 *    concentrator's answer; nothing on a LAN answers PPPoE discovery by accident;
 *  - PPPoE session, EW_WAYOUT_SESSION_PROOF (3): a session carrying traffic,
 *    not a stray PADT-time frame;
 *  - announcements (undeclared DHCP router, RA default router, UPnP gateway,
 *    default route), EW_WAYOUT_ANNOUNCE_PROOF (3): repeated, not a host that
 *    booted once with a stray daemon;
 *  - a probe's forwarded test packet, EW_WAYOUT_PROBE_PROOF (1): it went out. */

static const char *const wayout_kind_names[EW_WAYOUT__COUNT] = {
	[EW_WAYOUT_FORWARDING] = "forwarding",
	[EW_WAYOUT_MANY_ADDRS] = "many_addresses",
	[EW_WAYOUT_PPPOE_AC] = "pppoe_ac",
	[EW_WAYOUT_PPPOE_SESSION] = "pppoe_session",
	[EW_WAYOUT_PPPOE_DIAL] = "pppoe_client",
	[EW_WAYOUT_DHCP_ROGUE] = "dhcp_rogue_router",
	[EW_WAYOUT_RA] = "router_advertisement",
	[EW_WAYOUT_IGD] = "ssdp_igd",
	[EW_WAYOUT_DEFAULT_ROUTE] = "default_route",
	[EW_WAYOUT_PROBE] = "probe_forwarding",
};

const char *ew_wayout_kind_name(enum ew_wayout_kind k)
{
	return (unsigned)k < EW_WAYOUT__COUNT ? wayout_kind_names[k] : "unknown";
}

struct wayout_acc {
	double keep; /* prod(1 - score) */
	uint32_t shown, proven;
};

static void wayout_add(struct wayout_acc *a, enum ew_wayout_kind k, uint32_t frames, uint32_t proof)
{
	if (!frames)
		return;
	bool proven = frames >= proof;
	a->keep *= 1.0 - (proven ? EW_WAYOUT_PROVEN : EW_WAYOUT_SEEN);
	a->shown |= 1u << k;
	if (proven)
		a->proven |= 1u << k;
}

static int milli(double x) { return (int)(x * 1000.0 + 0.5); }

/* "10.20.0.1, 10.20.0.2" into buf: the routers a DHCP server names. */
static void routers_str(const struct ew_facts *f, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < f->dhcp_router_count && i < EW_FACT_ADDRS && i < 3; i++) {
		char ip[EW_IP_STRLEN];
		ew_ip_str(&f->dhcp_routers[i], ip);
		int n = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", ip);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
}

void ew_classify_wayout(const struct ew_facts *f, const struct ew_verdict *v, struct ew_wayout *out)
{
	memset(out, 0, sizeof *out);
	if (!f)
		return;
	struct wayout_acc a = { .keep = 1.0 };
	/* A redundancy peer of a declared router forwards and advertises for the
	 * declared gateway's virtual address: that is the declared way out. A
	 * relay passes on the router option its server chose: the server's
	 * evidence, not the relay's. */
	if (!f->redundancy_peer) {
		/* RFC 792: a router redirects a datagram it forwards. Seen forwarding
		 * one it redirected, it routes; redirects alone are a claim to be
		 * the hosts' first hop that any host can forge: seen, never proven. */
		uint32_t fwd = f->fwd_frames ? f->fwd_frames : f->redirects_off_subnet ? 1 : 0;
		uint32_t proof = f->redirect_forwarded ? 1 : EW_WAYOUT_FWD_PROOF;
		if (f->fwd_frames && f->fwd_own_only && !f->redirect_forwarded)
			proof = UINT32_MAX; /* no frame through it: however many, seen only */
		wayout_add(&a, EW_WAYOUT_FORWARDING, fwd, proof);
		if (!fwd)
			wayout_add(&a, EW_WAYOUT_MANY_ADDRS, f->many_addrs, UINT32_MAX);
		if (f->roles & EW_ROLE_RA_ROUTER)
			wayout_add(&a, EW_WAYOUT_RA, f->ra_default_count, EW_WAYOUT_ANNOUNCE_PROOF);
	}
	if (!f->dhcp_relay)
		wayout_add(&a, EW_WAYOUT_DHCP_ROGUE, f->dhcp_rogue_offers, EW_WAYOUT_ANNOUNCE_PROOF);
	wayout_add(&a, EW_WAYOUT_PPPOE_AC, f->pppoe_ac_frames, EW_WAYOUT_PPPOE_AC_PROOF);
	wayout_add(&a, EW_WAYOUT_PPPOE_SESSION, f->pppoe_session_frames, EW_WAYOUT_SESSION_PROOF);
	if (f->pppoe_dial_frames && (f->pppoe_padr || f->pppoe_answered))
		wayout_add(&a, EW_WAYOUT_PPPOE_DIAL, f->pppoe_dial_frames, UINT32_MAX); /* a session proves it */
	wayout_add(&a, EW_WAYOUT_IGD, f->igd_count, EW_WAYOUT_ANNOUNCE_PROOF);
	wayout_add(&a, EW_WAYOUT_DEFAULT_ROUTE, f->default_route_count, EW_WAYOUT_ANNOUNCE_PROOF);
	wayout_add(&a, EW_WAYOUT_PROBE, f->probe_forwarded, EW_WAYOUT_PROBE_PROOF);
	out->shown = a.shown;
	out->proven = a.proven;
	if (a.shown) {
		double c = 1.0 - a.keep;
		out->confidence = milli(c > EW_WAYOUT_MAX ? EW_WAYOUT_MAX : c) / 1000.0;
		return;
	}
	if (f->pppoe_dial_frames) {
		/* PADI and nobody answered: a line may be there, or may not */
		out->shown = 1u << EW_WAYOUT_PPPOE_DIAL;
		out->confidence = EW_WAYOUT_DIAL_UNANSWERED;
		return;
	}

	/* Infrastructure: LAN gear with no way-out behaviour, and no router
	 * role the rules could not place (LLDP router capability, redirects,
	 * routing protocols other than a declared router's redundancy). */
	uint32_t routerish = EW_ROLE_LLDP_ROUTER | EW_ROLE_REDIRECTOR | EW_ROLE_NAT | EW_ROLE_ROUTER |
			     EW_ROLE_ROUTING_PROTO;
	if (f->redundancy_peer)
		routerish = 0; /* a router by design: the declared one's twin */
	const char *why = NULL;
	char routers[3 * EW_IP_STRLEN + 8];
	if (!(f->roles & routerish)) {
		if (f->redundancy_peer) {
			why = "a VRRP/HSRP peer of a declared router";
		} else if (f->dhcp_relay) {
			why = "a DHCP relay";
		} else if ((f->roles & EW_ROLE_DHCP_SERVER) && f->dhcp_router_count) {
			routers_str(f, routers, sizeof routers);
			snprintf(out->reason, sizeof out->reason,
				 "infrastructure, no way out seen: every router it hands out is declared (%.60s)", routers);
		} else if ((f->roles & EW_ROLE_DHCP_SERVER) && f->dhcp_to_relay) {
			why = "a DHCP server answering relays (for clients on other subnets)";
		} else if (f->roles & EW_ROLE_DHCP_SERVER) {
			why = "a DHCP server handing out no router";
		} else if (f->l2_switch) {
			why = "a switch";
		}
	}
	if (why)
		snprintf(out->reason, sizeof out->reason, "infrastructure, no way out seen: %s", why);
	if (out->reason[0]) {
		out->infrastructure = true;
		out->confidence = EW_WAYOUT_INFRA;
		return;
	}
	/* Hints only: the class's vendor, address and name rules, kept low. */
	if (v && v->cls != EW_CLASS_NONE) {
		double c = v->confidence < EW_WAYOUT_HINT_MAX ? v->confidence : EW_WAYOUT_HINT_MAX;
		out->confidence = milli(c) / 1000.0;
		snprintf(out->reason, sizeof out->reason, "no way-out behaviour seen, hints only");
	}
}
