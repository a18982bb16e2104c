/* SPDX-License-Identifier: ISC */
/* infer_proto.c - what each protocol's event says about the device that sent
 * it: roles, evidence values, address bindings, learned and tainted subnets.
 *
 * Called once per event with the frame's source device (never NULL here).
 * Values are merged into the device's evidence record: lists keep distinct
 * entries up to their cap, scalars keep the latest value seen.
 */
#include <ctype.h>
#include <string.h>

#include "infer_internal.h"

/* ---- small helpers ---------------------------------------------------------------- */

static void ip_list_merge(struct ew_ip *list, uint8_t *n, uint8_t cap, const struct ew_ip *add, unsigned add_n)
{
	for (unsigned i = 0; i < add_n; i++) {
		if (add[i].family == EW_AF_NONE)
			continue;
		bool have = false;
		for (unsigned k = 0; k < *n && !have; k++)
			have = ew_ip_eq(&list[k], &add[i]);
		if (!have && *n < cap)
			list[(*n)++] = add[i];
	}
}

static void str_from_lstr(struct ew_str *dst, const struct ew_lstr *src)
{
	ew_str_set(dst, (const uint8_t *)src->s, src->len);
	dst->truncated |= src->truncated;
}

static bool str_eq(const struct ew_str *a, const struct ew_str *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void str_list_add(struct ew_str *list, uint8_t *n, uint8_t cap, const struct ew_lstr *v)
{
	if (!v->len)
		return;
	struct ew_str s;
	str_from_lstr(&s, v);
	for (unsigned i = 0; i < *n; i++)
		if (str_eq(&list[i], &s))
			return;
	if (*n < cap)
		list[(*n)++] = s;
}

/* Case-insensitive search of a NUL-free needle in wire bytes. */
static bool contains_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; m <= n && i <= n - m; i++) {
		size_t k = 0;
		while (k < m && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return true;
	}
	return false;
}

static bool ip_nonzero_unicast(const struct ew_ip *ip)
{
	return ip->family != EW_AF_NONE && !ew_ip_is_special(ip);
}

static bool has_ip4(const struct dev_more *m)
{
	for (unsigned i = 0; i < m->addr_n; i++)
		if (m->addrs[i].family == EW_AF_INET)
			return true;
	return false;
}

static void frame_src_bind(struct ew_infer *inf, const struct ew_frame *f, uint32_t s)
{
	if (f->ip_version == 4 || f->ip_version == 6)
		ew_dev_bind(inf, s, &f->ip_src, f->ts_usec);
}

/* ---- ARP ------------------------------------------------------------------------- */

void ew_on_arp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_arp *a, uint32_t s)
{
	/* RFC 826 sender fields are the sender's own binding; a probe (RFC 5227
	 * §2.1.1, sender address 0) binds nothing; a claim for another MAC than
	 * the frame's source (proxy or spoofing) is not taken. */
	if (a->ptype != 0x0800 || a->spa.family != EW_AF_INET || ew_ip_is_special(&a->spa))
		return;
	if (!ew_mac_eq(&a->sha, &f->src))
		return;
	ew_subnets_learn_arp(inf->cur_sn, &a->spa);
	ew_dev_bind(inf, s, &a->spa, f->ts_usec);
}

/* ---- DHCPv4 ------------------------------------------------------------------------ */

/* Per rogue router: the gateway may become known as declared later (its ARP
 * after the offer), so the report counts only routers still undeclared. */
static void rogue_note(struct dev_ev *r, const struct ew_ip *gw, int64_t ts)
{
	unsigned k = 0;
	while (k < r->rogue_n && !ew_ip_eq(&r->rogue[k], gw))
		k++;
	if (k == r->rogue_n) {
		if (r->rogue_n == EW_ADDR_LIST_MAX)
			return;
		r->rogue[r->rogue_n++] = *gw;
	}
	struct evk_stat *st = &r->rogue_stat[k];
	if (st->count == 0 || ts < st->first)
		st->first = ts;
	if (st->count == 0 || ts > st->last)
		st->last = ts;
	st->count++;
}

enum { DHCPDISCOVER = 1, DHCPOFFER = 2, DHCPREQUEST = 3, DHCPACK = 5, DHCPNAK = 6, DHCPINFORM = 8 };

static void dhcp_client(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_dhcp4 *e, uint32_t s)
{
	/* relayed requests come from the relay, not from the client */
	if (!ew_ip_is_zero(&e->giaddr) && e->giaddr.family)
		return;
	if (e->msg_type != DHCPDISCOVER && e->msg_type != DHCPREQUEST && e->msg_type != DHCPINFORM)
		return;
	struct dev *d = ew_dev(&inf->t, s);
	d->flags |= DEV_CLIENT;
	struct dev_ev *r = ew_evidence(inf, s, EVK_DHCP_CLIENT, f->ts_usec);
	if (!r)
		return;
	if (e->hostname.len)
		r->client_hostname = e->hostname;
	if (e->vendor_class.len)
		r->client_vendor_class = e->vendor_class;
	if (e->has_requested_ip)
		r->client_requested = e->requested_ip;
}

void ew_on_dhcp4(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_dhcp4 *e, uint32_t s)
{
	if (e->op == 1) {
		dhcp_client(inf, f, e, s);
		return;
	}
	uint8_t mt = e->msg_type;
	if (e->op != 2 || (mt != DHCPOFFER && mt != DHCPACK && mt != DHCPNAK && mt != 0))
		return;
	if (mt == 0 && !ip_nonzero_unicast(&e->yiaddr)) /* BOOTP reply without an address */
		return;
	int64_t ts = f->ts_usec;
	struct dev *d = ew_dev(&inf->t, s);
	bool giaddr_set = e->giaddr.family && !ew_ip_is_zero(&e->giaddr);
	/* RFC 2131 §4.1: a server answers a relayed request by unicast to the
	 * relay, at giaddr. That reply is for a client on the relay's other
	 * subnet: no host here takes its lease, and its mask and router
	 * option describe that subnet, not this one (a central server's
	 * scopes name every VLAN's gateway). Its sender is the server. A
	 * frame addressed to the client's own MAC is for the client, whatever
	 * its IP header says. */
	bool to_relay = giaddr_set && f->ip_version == 4 && ew_ip_eq(&f->ip_dst, &e->giaddr) &&
			!ew_mac_eq(&f->dst, &e->chaddr);
	/* A server on this wire sends from its own address. A reply relayed
	 * to its client (giaddr set by the relay), or one that was routed here
	 * (decremented TTL) from an address its Ethernet sender does not use,
	 * comes from a server elsewhere: that address belongs to the server,
	 * not to the relay. (A host serving from a second address of its own,
	 * e.g. Windows ICS, sends with an initial TTL.) */
	bool relayed = (giaddr_set && !to_relay) ||
		       (f->ip_version == 4 && !ew_ttl_initial(f->ttl) && has_ip4(ew_dev_more(&inf->t, s)) &&
			!ew_dev_has_addr(ew_dev_more(&inf->t, s), &f->ip_src));
	if (!relayed && f->ip_version == 4 && ip_nonzero_unicast(&f->ip_src))
		ew_dev_bind(inf, s, &f->ip_src, ts);
	bool trusted = (d->flags & DEV_DECLARED) || (e->has_server_id && ew_declared_ip(inf, &e->server_id)) ||
		       (f->ip_version == 4 && ew_declared_ip(inf, &f->ip_src));
	ew_add_role(inf, s, EW_ROLE_DHCP_SERVER);
	struct dev_ev *r = ew_evidence(inf, s, EVK_DHCP_OFFER, ts);
	if (r) {
		if (mt == DHCPACK)
			r->dhcp_acks++;
		else if (mt == DHCPNAK)
			r->dhcp_naks++;
		else
			r->dhcp_offers++;
		if (e->has_server_id)
			r->dhcp_server_id = e->server_id;
		if (relayed) {
			r->dhcp_from_remote++;
			if (f->ip_version == 4 && ip_nonzero_unicast(&f->ip_src))
				r->dhcp_remote_server = f->ip_src;
		}
		if (to_relay)
			r->dhcp_to_relay++;
	}
	if (to_relay)
		return;
	if (r) {
		if (e->has_mask)
			r->dhcp_mask = e->mask;
		ip_list_merge(r->dhcp_routers, &r->dhcp_router_n, EW_ADDR_LIST_MAX, e->routers,
			      e->router_count < EW_ADDR_LIST_MAX ? e->router_count : EW_ADDR_LIST_MAX);
		ip_list_merge(r->dhcp_dns, &r->dhcp_dns_n, EW_ADDR_LIST_MAX, e->dns,
			      e->dns_count < EW_ADDR_LIST_MAX ? e->dns_count : EW_ADDR_LIST_MAX);
		if (e->domain.len)
			r->dhcp_domain = e->domain;
		if (e->has_lease) {
			r->has_lease = true;
			r->dhcp_lease = e->lease;
		}
		if (e->route_count) {
			unsigned n = e->route_count < EW_ROUTE_MAX ? e->route_count : EW_ROUTE_MAX;
			memcpy(r->dhcp_routes, e->routes, n * sizeof *e->routes);
			r->dhcp_route_n = (uint8_t)n;
			r->dhcp_route_option = e->route_option;
		}
		if (ip_nonzero_unicast(&e->yiaddr))
			ip_list_merge(r->offered, &r->offered_n, EW_OFFERED_MAX, &e->yiaddr, 1);
		/* RFC 2131 §4.1: only a relay sends a reply carrying giaddr to
		 * the client (from the address it put in giaddr, or passing on
		 * the server's); the server sends it to the relay (returned
		 * above) */
		if (ip_nonzero_unicast(&e->giaddr) && f->ip_version == 4)
			r->dhcp_relayed++;
	}

	/* Subnets: a declared server's mask makes the client's subnet local; an
	 * undeclared server's subnet (and its routers') is tainted, never local. */
	const struct ew_ip *addr = ip_nonzero_unicast(&e->yiaddr)   ? &e->yiaddr
				   : ip_nonzero_unicast(&e->ciaddr) ? &e->ciaddr
								    : NULL;
	int len = e->has_mask ? ew_mask_to_len(ew_ip4_u32(&e->mask)) : -1;
	if (addr) {
		struct ew_prefix p = { .addr = *addr, .len = (uint8_t)(len >= 0 ? len : 24) };
		if (trusted && len >= 0)
			ew_subnets_learn_dhcp(inf->cur_sn, &p);
		else if (!trusted)
			ew_subnets_taint(inf->cur_sn, &p);
	}
	unsigned nr = e->router_count < EW_ADDR_LIST_MAX ? e->router_count : EW_ADDR_LIST_MAX;
	bool rogue = false;
	for (unsigned i = 0; i < nr; i++) {
		const struct ew_ip *gw = &e->routers[i];
		if (!ip_nonzero_unicast(gw))
			continue;
		if (!trusted) {
			struct ew_prefix p = { .addr = *gw, .len = (uint8_t)(len >= 0 ? len : 24) };
			ew_subnets_taint(inf->cur_sn, &p);
		}
		/* DESIGN §2: a router option that is not a declared gateway is a
		 * rogue default route, whoever offers it */
		if (!ew_declared_gateway_ip(inf, gw)) {
			rogue = true;
			if (r)
				rogue_note(r, gw, ts);
		}
	}
	/* RFC 3442: a client given classless static routes (121, or 249)
	 * ignores the router option, so their default route is its default
	 * router. (A route to one network through an undeclared router is
	 * not counted: "default router" would not be true of it.) */
	unsigned nroutes = e->route_count < EW_ROUTE_MAX ? e->route_count : EW_ROUTE_MAX;
	for (unsigned i = 0; i < nroutes; i++) {
		const struct ew_ip *gw = &e->routes[i].router;
		if (e->routes[i].dest.len != 0 || !ip_nonzero_unicast(gw) || ew_declared_gateway_ip(inf, gw))
			continue;
		bool named = false; /* in the router option too: one offer, counted once */
		for (unsigned j = 0; j < nr && !named; j++)
			named = ew_ip_eq(&e->routers[j], gw);
		if (named)
			continue;
		rogue = true;
		if (r)
			rogue_note(r, gw, ts);
	}
	if (rogue)
		ew_evidence(inf, s, EVK_DHCP_ROGUE, ts);

	/* RFC 2131 §4.3.1: after the ACK the client uses yiaddr */
	if (mt == DHCPACK && ip_nonzero_unicast(&e->yiaddr) && e->htype == 1 && e->hlen == 6 &&
	    !ew_mac_is_multicast(&e->chaddr) && !ew_mac_is_zero(&e->chaddr)) {
		uint32_t c = ew_dev_get(inf, &e->chaddr, inf->cur_vlan, s);
		if (c != EW_NONE && c != s)
			ew_dev_bind(inf, c, &e->yiaddr, ts);
	}
}

/* ---- DHCPv6 -------------------------------------------------------------------------- */

enum { D6_SOLICIT = 1, D6_ADVERTISE = 2, D6_REQUEST = 3, D6_RENEW = 5, D6_REBIND = 6, D6_REPLY = 7, D6_INFO_REQ = 11 };
enum { D6_OPT_IA_PD = 25 }; /* RFC 8415 §21.21 */

void ew_on_dhcp6(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_dhcp6 *e, uint32_t s)
{
	uint8_t mt = e->msg_type;
	if (mt == D6_SOLICIT || mt == D6_REQUEST || mt == D6_RENEW || mt == D6_REBIND || mt == D6_INFO_REQ) {
		if (!e->relay_hops)
			ew_dev(&inf->t, s)->flags |= DEV_CLIENT;
		return;
	}
	if (mt != D6_ADVERTISE && mt != D6_REPLY)
		return;
	/* RFC 8415 §19: a Relay-reply travels from a server elsewhere to the
	 * relay; its source address is the server's, not its Ethernet sender's */
	if (!e->relay_hops)
		frame_src_bind(inf, f, s);
	ew_add_role(inf, s, EW_ROLE_DHCP6_SERVER);
	struct dev_ev *r = ew_evidence(inf, s, EVK_DHCP6, f->ts_usec);
	if (!r)
		return;
	if (mt == D6_ADVERTISE)
		r->dhcp6_advertise++;
	else
		r->dhcp6_reply++;
	if (e->server_duid.p && e->server_duid.len) {
		unsigned n = e->server_duid.len < EW_DUID_KEEP ? e->server_duid.len : EW_DUID_KEEP;
		memcpy(r->duid, e->server_duid.p, n);
		r->duid_len = (uint8_t)n;
		r->duid_truncated = e->server_duid.len > EW_DUID_KEEP;
	}
	ip_list_merge(r->dhcp6_dns, &r->dhcp6_dns_n, EW_ADDR_LIST_MAX, e->dns,
		      e->dns_count < EW_ADDR_LIST_MAX ? e->dns_count : EW_ADDR_LIST_MAX);
	if (e->domains.len)
		r->dhcp6_domains = e->domains;
	/* RFC 8415 §21.21-22: the prefixes it delegates (a valid lifetime of 0
	 * withdraws one: not a delegation) */
	unsigned nia = e->ia_count < EW_DHCP6_IA_MAX ? e->ia_count : EW_DHCP6_IA_MAX;
	for (unsigned i = 0; i < nia; i++) {
		const struct ew_dhcp6_ia *ia = &e->ias[i];
		unsigned na = ia->addr_count < EW_DHCP6_IA_ADDR_MAX ? ia->addr_count : EW_DHCP6_IA_ADDR_MAX;
		for (unsigned k = 0; ia->type == D6_OPT_IA_PD && k < na; k++)
			if (ia->addrs[k].valid && ia->addrs[k].prefix.len > 0 && ia->addrs[k].prefix.len <= 128) {
				r->has_pd = true;
				r->pd = ia->addrs[k].prefix;
			}
	}
	unsigned nv = e->vendor_count < EW_DHCP6_VENDOR_MAX ? e->vendor_count : EW_DHCP6_VENDOR_MAX;
	for (unsigned i = 0; i < nv; i++) {
		bool have = false;
		for (unsigned k = 0; k < r->ent_n && !have; k++)
			have = r->ent[k] == e->vendors[i].enterprise;
		if (!have && r->ent_n < EW_DHCP6_VENDOR_MAX)
			r->ent[r->ent_n++] = e->vendors[i].enterprise;
	}
}

/* ---- Neighbor Discovery ------------------------------------------------------------- */

void ew_on_nd(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s)
{
	int64_t ts = f->ts_usec;
	bool has_src = f->ip_version == 6 && !ew_ip_is_zero(&f->ip_src);
	switch (ev->type) {
	case EW_EV_ND_RS:
		/* not DEV_CLIENT: Linux-based routers send RS on every interface
		 * they bring up, so an RS does not make a router look like a PC */
		if (has_src)
			ew_dev_bind(inf, s, &f->ip_src, ts);
		break;
	case EW_EV_ND_NS: {
		const struct ew_ev_nd_ns *ns = &ev->u.ns;
		/* RFC 4861 §7.2.2: the target is on-link; the source is the sender's
		 * own address, or unspecified for duplicate address detection, in
		 * which case the target is the address the sender is about to use. */
		ew_subnets_learn_nd(inf->cur_sn, &ns->target);
		if (has_src) {
			if (!ns->has_src_lladdr || ew_mac_eq(&ns->src_lladdr, &f->src)) {
				ew_subnets_learn_nd(inf->cur_sn, &f->ip_src);
				ew_dev_bind(inf, s, &f->ip_src, ts);
			}
		} else if (f->ip_version == 6) {
			ew_dev_bind(inf, s, &ns->target, ts);
		}
		break;
	}
	case EW_EV_ND_NA: {
		const struct ew_ev_nd_na *na = &ev->u.na;
		if (!na->has_tgt_lladdr || ew_mac_eq(&na->tgt_lladdr, &f->src)) {
			ew_subnets_learn_nd(inf->cur_sn, &na->target);
			ew_dev_bind(inf, s, &na->target, ts);
		}
		if (na->router)
			ew_evidence(inf, s, EVK_ND_ROUTER_FLAG, ts);
		break;
	}
	default: break;
	}
}

void ew_on_ra(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_nd_ra *e, uint32_t s)
{
	int64_t ts = f->ts_usec;
	frame_src_bind(inf, f, s);
	struct dev *d = ew_dev(&inf->t, s);
	bool trusted = (d->flags & DEV_DECLARED) || (f->ip_version == 6 && ew_declared_ip(inf, &f->ip_src));
	/* RFC 4861 §4.2: lifetime 0 = not a default router (it may still announce prefixes) */
	if (e->router_lifetime > 0)
		ew_add_role(inf, s, EW_ROLE_RA_ROUTER);
	struct dev_ev *r = ew_evidence(inf, s, EVK_RA, ts);
	unsigned np = e->prefix_count < EW_RA_PREFIX_MAX ? e->prefix_count : EW_RA_PREFIX_MAX;
	for (unsigned i = 0; i < np; i++) {
		const struct ew_ra_prefix *p = &e->prefixes[i];
		if (trusted && p->onlink)
			ew_subnets_learn_ra(inf->cur_sn, &p->prefix);
		else if (!trusted)
			ew_subnets_taint(inf->cur_sn, &p->prefix);
	}
	if (!r)
		return;
	r->ra_lifetime = e->router_lifetime;
	if (e->router_lifetime > r->ra_max_lifetime)
		r->ra_max_lifetime = e->router_lifetime;
	r->ra_managed = e->managed;
	r->ra_other = e->other;
	r->ra_pref = e->preference;
	r->ra_hop_limit = e->cur_hop_limit;
	if (e->has_mtu)
		r->ra_mtu = e->mtu;
	for (unsigned i = 0; i < np; i++) {
		const struct ew_ra_prefix *p = &e->prefixes[i];
		unsigned k = 0;
		while (k < r->ra_prefix_n &&
		       !(r->ra_prefixes[k].prefix.len == p->prefix.len && ew_ip_eq(&r->ra_prefixes[k].prefix.addr, &p->prefix.addr)))
			k++;
		if (k < r->ra_prefix_n)
			r->ra_prefixes[k] = *p; /* latest flags and lifetimes */
		else if (r->ra_prefix_n < EW_RA_PREFIX_MAX)
			r->ra_prefixes[r->ra_prefix_n++] = *p;
	}
	ip_list_merge(r->ra_rdnss, &r->ra_rdnss_n, EW_ADDR_LIST_MAX, e->rdnss,
		      e->rdnss_count < EW_ADDR_LIST_MAX ? e->rdnss_count : EW_ADDR_LIST_MAX);
	if (e->dnssl.len)
		r->ra_dnssl = e->dnssl;
	if (e->has_pref64) {
		r->has_pref64 = true;
		r->pref64 = e->pref64;
	}
}

/* ---- PPPoE ------------------------------------------------------------------------ */

void ew_on_pppoe(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s)
{
	int64_t ts = f->ts_usec;
	struct dev *d = ew_dev(&inf->t, s);
	bool peer = !ew_mac_is_multicast(&f->dst) && !ew_mac_is_zero(&f->dst);
	if (ev->type == EW_EV_PPPOE_SESS) {
		/* Sessions are the steady state of a line (discovery happens once at
		 * connect). Which end is the concentrator is known only from
		 * discovery (kept across windows); otherwise the end is taken to dial. */
		bool ac = d->flags & DEV_WAS_PPPOE_AC;
		inf->pppoe_sess = true;
		ew_add_role(inf, s, ac ? EW_ROLE_PPPOE_AC : EW_ROLE_PPPOE_CLIENT);
		struct dev_ev *r = ew_evidence(inf, s, EVK_PPPOE_SESSION, ts);
		if (r) {
			r->session_id = ev->u.pppoes.session_id;
			if (peer) {
				r->peer = f->dst;
				r->has_peer = true;
			}
		}
		return;
	}
	const struct ew_ev_pppoe_disc *p = &ev->u.pppoe;
	enum evk k;
	if (p->code == EW_PADO || p->code == EW_PADS) {
		k = EVK_PPPOE_AC;
		d->flags |= DEV_WAS_PPPOE_AC;
		ew_add_role(inf, s, EW_ROLE_PPPOE_AC);
	} else if (p->code == EW_PADI || p->code == EW_PADR) {
		k = EVK_PPPOE_CLIENT;
		d->flags |= DEV_WAS_PPPOE_CLIENT;
		ew_add_role(inf, s, EW_ROLE_PPPOE_CLIENT);
	} else if (p->code == EW_PADT) {
		k = (d->flags & DEV_WAS_PPPOE_AC) ? EVK_PPPOE_AC : EVK_PPPOE_CLIENT;
		ew_add_role(inf, s, k == EVK_PPPOE_AC ? EW_ROLE_PPPOE_AC : EW_ROLE_PPPOE_CLIENT);
	} else {
		return;
	}
	struct dev_ev *r = ew_evidence(inf, s, k, ts);
	if (!r)
		return;
	switch (p->code) {
	case EW_PADI: r->padi++; break;
	case EW_PADO: r->pado++; break;
	case EW_PADR: r->padr++; break;
	case EW_PADS: r->pads++; r->session_id = p->session_id; break;
	default: r->padt++; break;
	}
	if (p->ac_name.len)
		r->ac_name = p->ac_name;
	if (p->has_service_name && p->service_name.len)
		r->service = p->service_name;
	if (peer) {
		r->peer = f->dst;
		r->has_peer = true;
	}
}

void ew_on_pppoe_ip(struct ew_infer *inf, const struct ew_ip *src, uint32_t s)
{
	/* RFC 1332 IPCP gives the dialling end its address on the line, so the
	 * source of what it sends in the session is its egress (WAN) address */
	if (!inf->pppoe_sess || !ip_nonzero_unicast(src))
		return;
	struct dev *d = ew_dev(&inf->t, s);
	struct dev_ev *r = ew_dev_ev_peek(&inf->t, d);
	if ((d->flags & DEV_WAS_PPPOE_AC) || !r || !r->k[EVK_PPPOE_SESSION].count)
		return;
	r->wan_addr = *src;
}

/* ---- LLDP / CDP ---------------------------------------------------------------------- */

void ew_on_l2info(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s)
{
	int64_t ts = f->ts_usec;
	bool router = false;
	if (ev->type == EW_EV_LLDP) {
		const struct ew_ev_lldp *l = &ev->u.lldp;
		struct dev_ev *r = ew_evidence(inf, s, EVK_LLDP, ts);
		/* IEEE 802.1AB-2016 §8.5.8: enabled capabilities, router bit */
		router = l->has_caps && (l->caps_enabled & EW_CAP_ROUTER);
		if (r) {
			if (l->system_name.len)
				r->lldp_name = l->system_name;
			if (l->system_descr.len)
				r->lldp_descr = l->system_descr;
			r->lldp_chassis = l->chassis_id;
			r->lldp_port = l->port_id;
			if (l->has_caps) {
				r->lldp_has_caps = true;
				r->lldp_caps_sys = l->caps_system;
				r->lldp_caps_en = l->caps_enabled;
			}
			ip_list_merge(r->lldp_mgmt, &r->lldp_mgmt_n, 4, l->mgmt, l->mgmt_count < 4 ? l->mgmt_count : 4);
		}
	} else {
		const struct ew_ev_cdp *c = &ev->u.cdp;
		struct dev_ev *r = ew_evidence(inf, s, EVK_CDP, ts);
		router = c->has_caps && (c->caps & 0x01); /* CDP capability "Router" */
		if (r) {
			if (c->device_id.len)
				r->cdp_device = c->device_id;
			if (c->platform.len)
				r->cdp_platform = c->platform;
			if (c->software.len)
				r->cdp_software = c->software;
			if (c->port_id.len)
				r->cdp_port = c->port_id;
			if (c->has_caps) {
				r->cdp_has_caps = true;
				r->cdp_caps = c->caps;
			}
			ip_list_merge(r->cdp_addrs, &r->cdp_addr_n, 4, c->addrs, c->addr_count < 4 ? c->addr_count : 4);
		}
	}
	if (router) {
		ew_add_role(inf, s, EW_ROLE_LLDP_ROUTER);
		ew_evidence_frame(inf, s, false);
	}
}

/* ---- SSDP -------------------------------------------------------------------------------- */

static bool igd_type(const struct ew_lstr *v)
{
	/* UPnP Forum device and service types of an Internet gateway (IGD v1/v2) */
	static const char *const types[] = {
		"InternetGatewayDevice", "WANIPConnection", "WANPPPConnection", "WANCommonInterfaceConfig",
		"WANConnectionDevice", ":device:WANDevice:", "WANIPv6FirewallControl",
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (contains_ci(v->s, v->len, types[i]))
			return true;
	return false;
}

/* ---- probe findings --------------------------------------------------------------------
 * probes/ feeds what it provoked or fetched as EW_EV_PROBE events (event.h):
 * the device is the frame's L2 source. Only FORWARDED is way-out behaviour by
 * itself (EW_WAYOUT_PROBE); an answer makes the device a candidate with the
 * roles the answering frames (dissected as any other) already gave it; UPnP,
 * WAN and HTTP fill the `model` and `wan_addr` facts of the rules. */
void ew_on_probe(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_probe *e)
{
	uint16_t vlan = ew_frame_vlan(f);
	uint32_t s = ew_dev_find(&inf->t, &f->src, vlan);
	if (s == EW_NONE)
		s = ew_dev_get(inf, &f->src, vlan, EW_NONE);
	if (s == EW_NONE)
		return;
	struct dev *d = ew_dev(&inf->t, s);
	if (!(d->flags & DEV_SEEN)) {
		d->flags |= DEV_SEEN;
		d->first_seen = d->last_seen = f->ts_usec;
	} else if (f->ts_usec > d->last_seen)
		d->last_seen = f->ts_usec;
	static const enum evk kinds[] = { [EW_PROBE_FORWARDED] = EVK_PROBE_FORWARDING, [EW_PROBE_ANSWERED] = EVK_PROBE_ANSWER,
					  [EW_PROBE_UPNP] = EVK_PROBE_UPNP, [EW_PROBE_WAN] = EVK_PROBE_WAN,
					  [EW_PROBE_HTTP] = EVK_PROBE_HTTP };
	if (e->finding >= sizeof kinds / sizeof kinds[0])
		return;
	struct dev_ev *r = ew_evidence(inf, s, kinds[e->finding], f->ts_usec);
	if (!r)
		return;
	r->probe_stimuli |= e->stimulus;
	switch (e->finding) {
	case EW_PROBE_FORWARDED:
		ew_add_role(inf, s, EW_ROLE_ROUTER);
		r->probe_target = e->addr;
		r->probe_fwd_families |= e->addr.family == EW_AF_INET6 ? 2 : 1;
		break;
	case EW_PROBE_ANSWERED:
		if (e->addr.family != EW_AF_NONE)
			ew_dev_bind(inf, s, &e->addr, f->ts_usec);
		break;
	case EW_PROBE_UPNP:
		r->probe_upnp_at = e->addr;
		r->upnp_manufacturer = e->manufacturer;
		r->upnp_model_name = e->model_name;
		r->upnp_model_number = e->model_number;
		r->upnp_friendly = e->friendly_name;
		break;
	case EW_PROBE_WAN:
		r->probe_wan = e->addr;
		r->probe_carrier = e->carrier;
		r->probe_mobile = e->mobile;
		r->probe_asn = e->asn;
		break;
	case EW_PROBE_HTTP:
		r->probe_http_at = e->addr;
		r->http_title = e->title;
		r->http_server = e->server;
		break;
	default: break;
	}
}

void ew_on_ssdp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_ev_ssdp *e, uint32_t s)
{
	/* M-SEARCH is asked by clients; only NOTIFY and 200 responses describe the sender */
	if (e->kind == EW_SSDP_MSEARCH || (e->kind == EW_SSDP_RESPONSE && e->status != 200))
		return;
	if (e->kind != EW_SSDP_NOTIFY && e->kind != EW_SSDP_RESPONSE)
		return;
	const struct ew_lstr *type = e->kind == EW_SSDP_NOTIFY ? &e->nt : &e->st;
	bool igd = igd_type(type) || igd_type(&e->usn);
	if (igd)
		ew_add_role(inf, s, EW_ROLE_UPNP_IGD);
	struct dev_ev *r = ew_evidence(inf, s, igd ? EVK_SSDP_IGD : EVK_SSDP, f->ts_usec);
	if (!r)
		return;
	if (e->kind == EW_SSDP_NOTIFY)
		r->ssdp_notify++;
	else
		r->ssdp_response++;
	str_list_add(r->ssdp_type, &r->ssdp_type_n, EW_SSDP_KEEP, type);
	str_list_add(r->ssdp_server, &r->ssdp_server_n, EW_SSDP_KEEP, &e->server);
	if (e->usn.len && (igd || !r->ssdp_usn.len))
		r->ssdp_usn = e->usn;
	if (e->location.len && (igd || !r->ssdp_location.len))
		r->ssdp_location = e->location;
}

/* ---- routing protocols --------------------------------------------------------------- */

void ew_on_routing(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s)
{
	int64_t ts = f->ts_usec;
	struct dev_ev *r;
	switch (ev->type) {
	case EW_EV_RIP: {
		const struct ew_ev_rip *p = &ev->u.rip;
		if (p->command != 2) /* RFC 2453 §3.6: only responses announce routes */
			return;
		ew_add_role(inf, s, EW_ROLE_ROUTING_PROTO | (p->has_default ? EW_ROLE_RIP_DEFAULT : 0));
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_RIP, ts)))
			return;
		r->rip_version = p->version;
		r->rip_entries = p->entry_count;
		if (p->has_default) {
			r->rip_default = true;
			unsigned n = p->entry_count < EW_ROUTE_MAX ? p->entry_count : EW_ROUTE_MAX;
			for (unsigned i = 0; i < n; i++)
				if (p->entries[i].prefix.len == 0 && p->entries[i].metric < 16) {
					r->rip_default_metric = p->entries[i].metric;
					r->rip_next_hop = p->entries[i].next_hop;
					break;
				}
		}
		break;
	}
	case EW_EV_RIPNG: {
		const struct ew_ev_ripng *p = &ev->u.ripng;
		if (p->command != 2) /* RFC 2080 §2.4 */
			return;
		ew_add_role(inf, s, EW_ROLE_ROUTING_PROTO | (p->has_default ? EW_ROLE_RIP_DEFAULT : 0));
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_RIPNG, ts)))
			return;
		r->ripng_entries = p->entry_count;
		if (p->has_default) {
			r->ripng_default = true;
			unsigned n = p->entry_count < EW_ROUTE_MAX ? p->entry_count : EW_ROUTE_MAX;
			for (unsigned i = 0; i < n; i++)
				if (p->entries[i].prefix.len == 0 && p->entries[i].metric < 16) {
					r->ripng_default_metric = p->entries[i].metric;
					break;
				}
		}
		break;
	}
	case EW_EV_IRDP_ADVERT: {
		const struct ew_ev_irdp_advert *p = &ev->u.irdp;
		ew_add_role(inf, s, EW_ROLE_IRDP);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_IRDP, ts)))
			return;
		r->irdp_lifetime = p->lifetime;
		unsigned n = p->count < EW_ADDR_LIST_MAX ? p->count : EW_ADDR_LIST_MAX;
		memcpy(r->irdp, p->entries, n * sizeof *p->entries);
		r->irdp_n = (uint8_t)n;
		break;
	}
	case EW_EV_VRRP: {
		const struct ew_ev_vrrp *p = &ev->u.vrrp;
		ew_add_role(inf, s, EW_ROLE_ROUTING_PROTO);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_VRRP, ts)))
			return;
		r->vrrp_version = p->version;
		r->vrrp_vrid = p->vrid;
		r->vrrp_priority = p->priority;
		ip_list_merge(r->vrrp_addrs, &r->vrrp_addr_n, EW_ADDR_LIST_MAX, p->addrs,
			      p->addr_count < EW_ADDR_LIST_MAX ? p->addr_count : EW_ADDR_LIST_MAX);
		break;
	}
	case EW_EV_HSRP: {
		const struct ew_ev_hsrp *p = &ev->u.hsrp;
		ew_add_role(inf, s, EW_ROLE_ROUTING_PROTO);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_HSRP, ts)))
			return;
		r->hsrp_version = p->version;
		r->hsrp_group = p->group;
		r->hsrp_state = p->state;
		r->hsrp_priority = p->priority;
		if (p->virtual_ip.family)
			r->hsrp_vip = p->virtual_ip;
		break;
	}
	case EW_EV_OSPF_HELLO: {
		const struct ew_ev_ospf_hello *p = &ev->u.ospf;
		ew_add_role(inf, s, EW_ROLE_ROUTING_PROTO);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_OSPF, ts)))
			return;
		r->ospf_version = p->version;
		r->ospf_priority = p->priority;
		r->ospf_router_id = p->router_id;
		r->ospf_area = p->area_id;
		r->ospf_mask = p->mask;
		r->ospf_dr = p->dr;
		r->ospf_bdr = p->bdr;
		break;
	}
	default: break;
	}
}

/* ---- ICMP redirects, IRDP solicitation ---------------------------------------------- */

/* The device of the frame's VLAN that owns addr, EW_NONE if none is known.
 * A redirect does not carry the gateway's MAC (ICMP) or may omit it (ND), so
 * the table is scanned: at most EW_REDIRECT_SCANS_MAX times a window, the
 * rest counted, and the sender's last answer is reused for the same gateway. */
static uint32_t addr_owner(struct ew_infer *inf, struct dev_ev *r, bool same_gw, const struct ew_ip *addr)
{
	if (same_gw && r->redirect_owner != EW_NONE && r->redirect_owner < inf->t.cap) {
		const struct dev *o = ew_dev(&inf->t, r->redirect_owner);
		if ((o->flags & DEV_USED) && o->vlan == inf->cur_vlan &&
		    ew_dev_has_addr(ew_dev_more(&inf->t, r->redirect_owner), addr))
			return r->redirect_owner;
	}
	if (inf->redirect_scans >= EW_REDIRECT_SCANS_MAX) {
		inf->redirect_scans_dropped++;
		return EW_NONE;
	}
	inf->redirect_scans++;
	for (uint32_t i = 0; i < inf->t.fresh; i++) { /* [fresh, cap) never used */
		const struct dev *o = ew_dev(&inf->t, i);
		if ((o->flags & DEV_USED) && o->vlan == inf->cur_vlan && ew_dev_has_addr(ew_dev_more(&inf->t, i), addr))
			return i;
	}
	return EW_NONE;
}

/* RFC 792 / RFC 4861 §8: the sender of a redirect is the hosts' first-hop
 * router, and the gateway (target) it names is a better first hop, i.e. a
 * router too. That device gets evidence of its own (unless the target is the
 * destination itself: then it is just an on-link neighbour). */
static void redirect_gateway(struct ew_infer *inf, const struct ew_frame *f, uint32_t s, uint32_t owner,
			     const struct ew_ip *gw, const struct ew_ip *dest)
{
	if (owner == EW_NONE || owner == s)
		return;
	ew_dev(&inf->t, owner)->flags |= DEV_SEEN; /* named in this window, if not heard */
	ew_add_role(inf, owner, EW_ROLE_REDIRECT_GATEWAY);
	struct dev_ev *o = ew_evidence(inf, owner, EVK_REDIRECT_GATEWAY, f->ts_usec);
	if (!o)
		return;
	o->redirect_by = f->src;
	o->redirect_gw = *gw;
	if (dest)
		o->redirect_dest = *dest;
}

/* RFC 792: a gateway redirects a host when it forwards the host's datagram
 * back out of the interface it came in on; the forwarded copy is the same
 * datagram (source, destination, IP id) with one less TTL, from the
 * gateway's MAC. Seeing both is seeing the forwarding itself; a redirect
 * alone is only a claim (anyone can send one). The two come in either order:
 * the copy is kept in a small ring until its redirect, a redirect in its
 * sender's record until its copy. `ttl` is the copy's; a redirect may quote
 * the datagram as received or, as Linux does, already decremented. */
static bool same_dgram(const struct dgram4 *q, const struct ew_ip *src, const struct ew_ip *dst, uint16_t id,
		       uint8_t ttl)
{
	return q->used && q->id == id && (q->ttl == ttl || q->ttl == ttl + 1) && ew_ip_eq(&q->src, src) &&
	       ew_ip_eq(&q->dst, dst);
}

void ew_on_resent(struct ew_infer *inf, const struct ew_frame *f, uint32_t s, const struct ew_ip *src,
		  const struct ew_ip *dst, uint16_t id, uint8_t ttl)
{
	(void)f;
	/* its own address is no one else's datagram; an inside host's
	 * datagram starts with an initial TTL, and this is one hop later */
	if (!ew_ttl_initial((uint8_t)(ttl + 1)) || ew_dev_has_addr(ew_dev_more(&inf->t, s), src))
		return;
	struct dev *d = ew_dev(&inf->t, s);
	struct dev_ev *e = ew_dev_ev_peek(&inf->t, d);
	if (e && (d->roles & EW_ROLE_REDIRECTOR) && !(d->flags & DEV_DECLARED))
		for (unsigned i = 0; i < EW_REDIRECT_PENDING; i++)
			if (same_dgram(&e->pending[i], src, dst, id, ttl)) {
				e->pending[i].used = false;
				if (e->redirect_fwd < UINT32_MAX)
					e->redirect_fwd++;
				ew_evidence_frame(inf, s, true);
				return;
			}
	struct resent *r = &inf->resent[inf->resent_next];
	inf->resent_next = (uint8_t)((inf->resent_next + 1) % EW_RESENT_RING);
	r->key = ew_mac_key(&d->mac, d->vlan);
	r->d = (struct dgram4){ .src = *src, .dst = *dst, .id = id, .ttl = ttl, .used = true };
}

/* A redirect from device s for an off-subnet destination: its datagram's
 * forwarded copy seen already (the ring), or the redirect kept for it. */
static void redirect_forwarded(struct ew_infer *inf, uint32_t s, struct dev_ev *r, const struct ew_ev_icmp *p)
{
	const struct dev *d = ew_dev(&inf->t, s);
	if (d->flags & DEV_DECLARED)
		return; /* a declared router's redirects are its job */
	uint64_t key = ew_mac_key(&d->mac, d->vlan);
	struct dgram4 quoted = { .src = p->inner_src, .dst = p->inner_dst, .id = p->inner_id, .ttl = p->inner_ttl,
				 .used = true };
	for (unsigned i = 0; i < EW_RESENT_RING; i++) {
		struct resent *c = &inf->resent[i];
		if (c->key == key && c->d.used && same_dgram(&quoted, &c->d.src, &c->d.dst, c->d.id, c->d.ttl)) {
			c->d.used = false;
			if (r->redirect_fwd < UINT32_MAX)
				r->redirect_fwd++;
			return;
		}
	}
	r->pending[r->pending_next] = quoted;
	r->pending_next = (uint8_t)((r->pending_next + 1) % EW_REDIRECT_PENDING);
}

void ew_on_icmp(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev, uint32_t s)
{
	int64_t ts = f->ts_usec;
	struct dev_ev *r;
	if (ev->type == EW_EV_IRDP_SOLICIT)
		return; /* hosts and routers both solicit (RFC 1256 §3.2): not PC-like evidence */
	if (ev->type == EW_EV_ICMP) {
		const struct ew_ev_icmp *p = &ev->u.icmp;
		if (p->type != 5) /* RFC 792 redirect; other ICMP says nothing about egress */
			return;
		ew_add_role(inf, s, EW_ROLE_REDIRECTOR);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_ICMP_REDIRECT, ts)))
			return;
		bool same_gw = r->k[EVK_ICMP_REDIRECT].count > 1 && ew_ip_eq(&r->icmp_gateway, &p->gateway);
		r->icmp_redirect_code = p->code;
		r->icmp_gateway = p->gateway;
		if (p->has_inner)
			r->icmp_dest = p->inner_dst;
		/* for a destination off the subnet, to another gateway: a router's
		 * redirect (one for an on-link destination names the destination) */
		if (p->has_inner && p->inner_dst.family == EW_AF_INET && !ew_ip_eq(&p->gateway, &p->inner_dst) &&
		    ew_subnets_known(inf->cur_sn, EW_AF_INET) && !ew_subnets_local(inf->cur_sn, &p->inner_dst) &&
		    !ew_ip_is_special(&p->inner_dst)) {
			if (r->redirect_off < UINT32_MAX)
				r->redirect_off++;
			redirect_forwarded(inf, s, r, p);
		}
		if (ip_nonzero_unicast(&p->gateway) && !(p->has_inner && ew_ip_eq(&p->gateway, &p->inner_dst))) {
			uint32_t owner = addr_owner(inf, r, same_gw, &p->gateway);
			r->redirect_owner = owner;
			r = NULL; /* the owner's evidence may reclaim records */
			redirect_gateway(inf, f, s, owner, &p->gateway, p->has_inner ? &p->inner_dst : NULL);
		}
		return;
	}
	if (ev->type == EW_EV_ND_REDIRECT) {
		const struct ew_ev_nd_redirect *p = &ev->u.redirect;
		ew_add_role(inf, s, EW_ROLE_REDIRECTOR);
		frame_src_bind(inf, f, s);
		if (!(r = ew_evidence(inf, s, EVK_ND_REDIRECT, ts)))
			return;
		bool same_gw = r->k[EVK_ND_REDIRECT].count > 1 && ew_ip_eq(&r->nd_target, &p->target);
		r->nd_target = p->target;
		r->nd_dest = p->dest;
		r->nd_has_tlla = p->has_tgt_lladdr;
		if (p->has_tgt_lladdr)
			r->nd_tlla = p->tgt_lladdr;
		/* RFC 4861 §8.1: target == destination means the destination is on-link */
		if (ew_ip_eq(&p->target, &p->dest) || ew_ip_is_zero(&p->target))
			return;
		uint32_t owner = EW_NONE;
		if (p->has_tgt_lladdr && !ew_mac_is_multicast(&p->tgt_lladdr) && !ew_mac_is_zero(&p->tgt_lladdr))
			owner = ew_dev_get(inf, &p->tgt_lladdr, inf->cur_vlan, s);
		else
			owner = addr_owner(inf, r, same_gw, &p->target);
		r->redirect_owner = owner;
		r = NULL;
		if (owner != EW_NONE && p->has_tgt_lladdr)
			ew_dev_bind(inf, owner, &p->target, ts); /* the option is the target's own binding */
		redirect_gateway(inf, f, s, owner, &p->target, &p->dest);
	}
}
