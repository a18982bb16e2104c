/* SPDX-License-Identifier: ISC */
/* subnets.c - which addresses are "inside" the segment.
 *
 * Per VLAN: on a trunk mirror each VLAN is a segment of its own, so each
 * (and untagged frames) has its own view, made when its first frame is fed.
 * A configured subnet with a VLAN belongs to that VLAN only, one without to
 * every VLAN. Within a view, per address family, the first source that has
 * anything wins:
 *  1. configuration (--subnet): authoritative, nothing is learned;
 *  2. declared infrastructure: the mask a DECLARED DHCP server hands out
 *     (option 1 applied to the offered address) for IPv4, the on-link
 *     prefixes (PIO with L=1) a DECLARED router advertises for IPv6;
 *  3. address resolution, as a fallback when nothing better is known: each
 *     IPv4 address a device claims in ARP (sender fields) makes its /24 local,
 *     each global IPv6 address in Neighbor Discovery makes its /64 local
 *     (ND only resolves on-link addresses, RFC 4861 §7.2.2). A /24 is the
 *     widest prefix ARP is allowed to imply: hosts on one wire rarely span
 *     more than their own /24 without DHCP or configuration saying so, and a
 *     wider guess would hide a rogue's subnet next to the real one.
 * A rogue device's DHCP or RA never makes its subnet local: prefixes offered
 * or advertised by undeclared devices are "tainted" and ARP/ND-learned
 * prefixes overlapping them are left out. (Limit: with nothing configured or
 * declared, a rogue that hands out the segment's own range taints it too;
 * then off-subnet inference stops for that family and only "many addresses
 * behind one MAC" remains. Declaring the DHCP server or a --subnet avoids it.)
 * IPv6 link-local (and IPv4 169.254/16) is always local.
 *
 * The effective view is rebuilt only when a source changes (bounded by the
 * table caps), so the per-packet test is a short scan or a binary search.
 */
#include <string.h>

#include "egresswatch/jsonw.h"
#include "infer_internal.h"

static const char *const source_names[] = { "config", "dhcp", "arp", "ra", "nd" };

const char *ew_subnet_source_name(enum ew_subnet_source f)
{
	return (unsigned)f < sizeof source_names / sizeof *source_names ? source_names[f] : "config";
}

static bool overlaps(const struct ew_prefix *a, const struct ew_prefix *b)
{
	if (a->addr.family != b->addr.family)
		return false;
	return a->len <= b->len ? ew_prefix_contains(a, &b->addr) : ew_prefix_contains(b, &a->addr);
}

static bool tainted(const struct subnets *s, const struct ew_prefix *p)
{
	for (uint32_t i = 0; i < s->taint_n; i++)
		if (overlaps(&s->taint[i], p))
			return true;
	return false;
}

static struct ew_prefix p24(uint32_t net)
{
	struct ew_prefix p = { .addr = ew_ip4_from_u32(net), .len = 24 };
	return p;
}

static void add_eff4(struct subnets *s, const struct subnet_entry *e)
{
	if (s->eff4_n >= sizeof s->eff4_net / sizeof *s->eff4_net)
		return;
	uint32_t len = e->p.len;
	s->eff4_net[s->eff4_n] = ew_ip4_u32(&e->p.addr);
	s->eff4_mask[s->eff4_n] = len == 0 ? 0 : 0xffffffffu << (32 - len);
	s->eff4_len[s->eff4_n] = (uint8_t)len;
	s->eff4_from[s->eff4_n] = e->from;
	s->eff4_n++;
}

static void add_eff6(struct subnets *s, const struct ew_prefix *p, uint8_t from)
{
	if (s->eff6_n >= sizeof s->eff6 / sizeof *s->eff6)
		return;
	s->eff6[s->eff6_n].p = *p;
	s->eff6[s->eff6_n].from = from;
	s->eff6_n++;
}

static void rebuild(struct subnets *s)
{
	s->eff4_n = s->eff4_arp_n = s->eff6_n = 0;
	s->arp_mode = false;
	if (s->cfg4) {
		for (uint32_t i = 0; i < s->cfg_n; i++)
			if (s->cfg[i].p.addr.family == EW_AF_INET)
				add_eff4(s, &s->cfg[i]);
	} else if (s->learned_n[0]) {
		for (uint32_t i = 0; i < s->learned_n[0]; i++)
			add_eff4(s, &s->learned[0][i]);
	} else {
		s->arp_mode = true;
		for (uint32_t i = 0; i < s->arp24_n; i++) {
			struct ew_prefix p = p24(s->arp24[i]);
			if (!tainted(s, &p))
				s->eff4_arp[s->eff4_arp_n++] = s->arp24[i];
		}
	}
	if (s->cfg6) {
		for (uint32_t i = 0; i < s->cfg_n; i++)
			if (s->cfg[i].p.addr.family == EW_AF_INET6)
				add_eff6(s, &s->cfg[i].p, EW_SUBNET_CONFIG);
	} else if (s->learned_n[1]) {
		for (uint32_t i = 0; i < s->learned_n[1]; i++)
			add_eff6(s, &s->learned[1][i].p, EW_SUBNET_RA);
	} else {
		for (uint32_t i = 0; i < s->nd64_n; i++)
			if (!tainted(s, &s->nd64[i]))
				add_eff6(s, &s->nd64[i], EW_SUBNET_ND);
	}
}

void ew_subnets_init(struct subnets *s, const struct ew_infer_config *cfg, uint16_t vlan)
{
	memset(s, 0, sizeof *s);
	s->vlan = vlan;
	for (size_t i = 0; cfg && i < cfg->subnet_count && i < EW_SUBNETS_MAX; i++) {
		struct ew_prefix p = cfg->subnets[i];
		if (p.addr.family != EW_AF_INET && p.addr.family != EW_AF_INET6)
			continue;
		if (cfg->subnet_vlan_set[i] && cfg->subnet_vlan[i] != vlan)
			continue;
		ew_prefix_normalize(&p);
		s->cfg[s->cfg_n].p = p;
		s->cfg[s->cfg_n].from = EW_SUBNET_CONFIG;
		s->cfg_n++;
		if (p.addr.family == EW_AF_INET)
			s->cfg4 = true;
		else
			s->cfg6 = true;
	}
	rebuild(s);
}

struct subnets *ew_subnets_vlan(struct ew_infer *inf, uint16_t vlan)
{
	for (uint32_t i = 0; i < inf->sn_n; i++)
		if (inf->sn[i].vlan == vlan && !inf->sn[i].shared)
			return &inf->sn[i];
	if (inf->sn_n < EW_SUBNET_VLANS) {
		struct subnets *s = &inf->sn[inf->sn_n++];
		ew_subnets_init(s, &inf->cfg, vlan);
		s->shared = inf->sn_n == EW_SUBNET_VLANS; /* the last view is shared by all later VLANs */
		return s;
	}
	inf->sn_shared++;
	return &inf->sn[EW_SUBNET_VLANS - 1];
}

const struct subnets *ew_subnets_find(const struct ew_infer *inf, uint16_t vlan)
{
	for (uint32_t i = 0; i < inf->sn_n; i++)
		if (inf->sn[i].vlan == vlan)
			return &inf->sn[i];
	return inf->sn_n == EW_SUBNET_VLANS ? &inf->sn[EW_SUBNET_VLANS - 1] : NULL;
}

uint64_t ew_subnets_dropped(const struct ew_infer *inf)
{
	uint64_t n = 0;
	for (uint32_t i = 0; i < inf->sn_n; i++)
		n += inf->sn[i].dropped;
	return n;
}

bool ew_subnets_local6(const struct subnets *s, const struct ew_ip *ip)
{
	for (uint32_t i = 0; i < s->eff6_n; i++)
		if (ew_prefix_contains(&s->eff6[i].p, ip))
			return true;
	return false;
}

bool ew_subnets_local4_arp(const struct subnets *s, uint32_t u)
{
	uint32_t key = u & 0xffffff00u, lo = 0, hi = s->eff4_arp_n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (s->eff4_arp[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->eff4_arp_n && s->eff4_arp[lo] == key;
}

static bool have_prefix(const struct subnet_entry *list, uint32_t n, const struct ew_prefix *p)
{
	for (uint32_t i = 0; i < n; i++)
		if (list[i].p.len == p->len && ew_ip_eq(&list[i].p.addr, &p->addr))
			return true;
	return false;
}

static void learn(struct subnets *s, int fam, const struct ew_prefix *in, uint8_t from)
{
	struct ew_prefix p = *in;
	ew_prefix_normalize(&p);
	if (have_prefix(s->learned[fam], s->learned_n[fam], &p))
		return;
	if (s->learned_n[fam] >= EW_LEARN_MAX) {
		s->dropped++;
		return;
	}
	s->learned[fam][s->learned_n[fam]].p = p;
	s->learned[fam][s->learned_n[fam]].from = from;
	s->learned_n[fam]++;
	rebuild(s);
}

void ew_subnets_learn_dhcp(struct subnets *s, const struct ew_prefix *p)
{
	/* a mask shorter than /8 or longer than /30 is not a LAN (RFC 950 masks on a segment) */
	if (p->addr.family != EW_AF_INET || p->len < 8 || p->len > 30)
		return;
	learn(s, 0, p, EW_SUBNET_DHCP);
}

void ew_subnets_learn_ra(struct subnets *s, const struct ew_prefix *p)
{
	if (p->addr.family != EW_AF_INET6 || p->len < 16 || p->len > 128 || ew_ip_is_linklocal(&p->addr) ||
	    ew_ip_is_multicast(&p->addr))
		return;
	learn(s, 1, p, EW_SUBNET_RA);
}

void ew_subnets_learn_arp(struct subnets *s, const struct ew_ip *ip)
{
	if (ip->family != EW_AF_INET || ew_ip_is_special(ip))
		return;
	uint32_t key = ew_ip4_u32(ip) & 0xffffff00u, lo = 0, hi = s->arp24_n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (s->arp24[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->arp24_n && s->arp24[lo] == key)
		return;
	if (s->arp24_n >= EW_ARP24_MAX) {
		s->dropped++;
		return;
	}
	memmove(&s->arp24[lo + 1], &s->arp24[lo], (s->arp24_n - lo) * sizeof *s->arp24);
	s->arp24[lo] = key;
	s->arp24_n++;
	if (!s->cfg4 && !s->learned_n[0])
		rebuild(s);
}

void ew_subnets_learn_nd(struct subnets *s, const struct ew_ip *ip)
{
	if (ip->family != EW_AF_INET6 || ew_ip_is_special(ip))
		return;
	struct ew_prefix p = { .addr = *ip, .len = 64 };
	ew_prefix_normalize(&p);
	for (uint32_t i = 0; i < s->nd64_n; i++)
		if (ew_ip_eq(&s->nd64[i].addr, &p.addr))
			return;
	if (s->nd64_n >= EW_ND64_MAX) {
		s->dropped++;
		return;
	}
	s->nd64[s->nd64_n++] = p;
	if (!s->cfg6 && !s->learned_n[1])
		rebuild(s);
}

void ew_subnets_taint(struct subnets *s, const struct ew_prefix *in)
{
	struct ew_prefix p = *in;
	if (p.addr.family != EW_AF_INET && p.addr.family != EW_AF_INET6)
		return;
	ew_prefix_normalize(&p);
	/* a default or near-default "prefix" would taint everything: ignore it */
	if (p.len < 8)
		return;
	for (uint32_t i = 0; i < s->taint_n; i++)
		if (s->taint[i].len == p.len && ew_ip_eq(&s->taint[i].addr, &p.addr))
			return;
	if (s->taint_n >= EW_TAINT_MAX) {
		s->dropped++;
		return;
	}
	s->taint[s->taint_n++] = p;
	rebuild(s);
}

/* vlan < 0: null (configured for every VLAN, untagged frames, or the shared view) */
static void add_json(struct json_object *arr, const struct ew_prefix *p, uint8_t from, int vlan)
{
	struct json_object *o = ew_json_obj();
	ew_json_add(o, "prefix", ew_json_prefix(p));
	ew_json_add_cstr(o, "from", ew_subnet_source_name(from));
	ew_json_set(o, "vlan", vlan > 0 ? ew_json_int(vlan) : NULL);
	ew_json_push(arr, o);
}

/* A configured subnet of every VLAN: said once, not per view. */
static bool cfg_all(const struct ew_infer *inf, const struct ew_prefix *in)
{
	for (size_t i = 0; i < inf->cfg.subnet_count && i < EW_SUBNETS_MAX; i++) {
		struct ew_prefix p = inf->cfg.subnets[i];
		ew_prefix_normalize(&p);
		if (!inf->cfg.subnet_vlan_set[i] && p.len == in->len && ew_ip_eq(&p.addr, &in->addr))
			return true;
	}
	return false;
}

static void view_json(const struct ew_infer *inf, const struct subnets *s, struct json_object *arr)
{
	int vlan = s->shared ? -1 : s->vlan;
	if (s->arp_mode) {
		for (uint32_t i = 0; i < s->eff4_arp_n; i++) {
			struct ew_prefix p = p24(s->eff4_arp[i]);
			add_json(arr, &p, EW_SUBNET_ARP, vlan);
		}
	} else {
		for (uint32_t i = 0; i < s->eff4_n; i++) {
			struct ew_prefix p = { .addr = ew_ip4_from_u32(s->eff4_net[i]), .len = s->eff4_len[i] };
			if (s->eff4_from[i] != EW_SUBNET_CONFIG || !cfg_all(inf, &p))
				add_json(arr, &p, s->eff4_from[i], vlan);
		}
	}
	for (uint32_t i = 0; i < s->eff6_n; i++)
		if (s->eff6[i].from != EW_SUBNET_CONFIG || !cfg_all(inf, &s->eff6[i].p))
			add_json(arr, &s->eff6[i].p, s->eff6[i].from, vlan);
}

void ew_subnets_json(const struct ew_infer *inf, struct json_object *arr)
{
	/* configured for every VLAN: once, IPv4 then IPv6, in configuration order */
	for (size_t j = 0; j < 2 * inf->cfg.subnet_count && j < 2 * EW_SUBNETS_MAX; j++) {
		size_t i = j % inf->cfg.subnet_count;
		struct ew_prefix p = inf->cfg.subnets[i];
		if (inf->cfg.subnet_vlan_set[i] || p.addr.family != (j < inf->cfg.subnet_count ? EW_AF_INET : EW_AF_INET6))
			continue;
		ew_prefix_normalize(&p);
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++) {
			struct ew_prefix q = inf->cfg.subnets[k];
			ew_prefix_normalize(&q);
			dup = !inf->cfg.subnet_vlan_set[k] && q.len == p.len && ew_ip_eq(&q.addr, &p.addr);
		}
		if (!dup)
			add_json(arr, &p, EW_SUBNET_CONFIG, -1);
	}
	/* then each VLAN's own, by VLAN number (the shared view last) */
	bool done[EW_SUBNET_VLANS] = { false };
	for (uint32_t n = 0; n < inf->sn_n; n++) {
		uint32_t best = EW_NONE;
		for (uint32_t i = 0; i < inf->sn_n; i++)
			if (!done[i] && (best == EW_NONE || (inf->sn[best].shared && !inf->sn[i].shared) ||
					 (inf->sn[i].shared == inf->sn[best].shared && inf->sn[i].vlan < inf->sn[best].vlan)))
				best = i;
		done[best] = true;
		view_json(inf, &inf->sn[best], arr);
	}
}
