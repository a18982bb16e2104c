/* SPDX-License-Identifier: ISC */
/* infer.c - the inference core: events in, per-device evidence out.
 *
 * Pure: no I/O, no clock; the same events and configuration give the same
 * state. Per frame the hot path is one hash lookup for the source MAC, one for
 * the destination MAC of unicast IP frames, and two subnet tests; it never
 * allocates (evidence records come from a pool, see devices.c).
 *
 * Gateway-MAC inference (DESIGN §2). For an IP frame from MAC A to unicast
 * MAC B, with neither address special (multicast, broadcast, unspecified,
 * loopback, link-local):
 *  - source inside, destination outside  -> B carries off-subnet traffic for
 *    the inside host A (B is the gateway A uses);
 *  - source outside, destination inside  -> A forwards traffic in from outside
 *    (its TTLs are recorded: routed traffic arrives with a decremented TTL).
 * "Inside" is: in a local subnet (subnets.c), or an address bound to that very
 * MAC by ARP/ND/DHCP (a host using a foreign address is still on this wire).
 * A destination bound to B itself is never "outside": B is then the endpoint.
 * Nothing is inferred for a family whose local subnets are unknown; then only
 * "many IPs behind one MAC" works: a MAC that sources, or receives, at least
 * EW_MANY_ADDRS distinct unicast addresses carries more than one host's
 * traffic. Benign cases that must not make a router, and why they do not:
 * DHCP from 0.0.0.0 and ARP probes (unspecified source: special), mDNS and
 * broadcasts (multicast/broadcast: special, and not a unicast MAC), a host with
 * two local addresses or IPv6 privacy addresses (both inside; a handful of
 * distinct addresses is far below EW_MANY_ADDRS).
 *
 * Own addresses come only from bindings a device makes itself: ARP sender
 * fields, ND source/target with matching link-layer address, a DHCP ACK to
 * its hardware address, its DHCP/RA server address, and link-local sources.
 * A router's forwarded sources are therefore never taken for its addresses.
 */
#include <stdlib.h>
#include <string.h>

#include "infer_internal.h"

static const char *const evk_names[EVK__COUNT] = {
	[EVK_FORWARDING] = "forwarding",
	[EVK_MANY_ADDRS] = "many_addresses",
	[EVK_DHCP_OFFER] = "dhcp_offer",
	[EVK_DHCP_ROGUE] = "dhcp_rogue_router",
	[EVK_DHCP6] = "dhcp6_server",
	[EVK_RA] = "router_advertisement",
	[EVK_PPPOE_AC] = "pppoe_ac",
	[EVK_PPPOE_CLIENT] = "pppoe_client",
	[EVK_PPPOE_SESSION] = "pppoe_session",
	[EVK_SSDP_IGD] = "ssdp_igd",
	[EVK_RIP] = "rip",
	[EVK_RIPNG] = "ripng",
	[EVK_IRDP] = "irdp",
	[EVK_VRRP] = "vrrp",
	[EVK_HSRP] = "hsrp",
	[EVK_OSPF] = "ospf_hello",
	[EVK_ICMP_REDIRECT] = "icmp_redirect",
	[EVK_ND_REDIRECT] = "nd_redirect",
	[EVK_REDIRECT_GATEWAY] = "redirect_gateway",
	[EVK_LLDP] = "lldp",
	[EVK_CDP] = "cdp",
	[EVK_FOREIGN] = "foreign_subnet",
	[EVK_SSDP] = "ssdp",
	[EVK_ND_ROUTER_FLAG] = "nd_router_flag",
	[EVK_DHCP_CLIENT] = "dhcp_client",
	[EVK_PROBE_FORWARDING] = "probe_forwarding",
	[EVK_PROBE_ANSWER] = "probe_answer",
	[EVK_PROBE_UPNP] = "probe_upnp",
	[EVK_PROBE_WAN] = "probe_wan_addr",
	[EVK_PROBE_HTTP] = "probe_http",
};

const char *ew_evk_name(enum evk k)
{
	return (unsigned)k < EVK__COUNT ? evk_names[k] : "unknown";
}

bool ew_evk_strong(enum evk k)
{
	switch (k) {
	case EVK_MANY_ADDRS:   /* no single frame shows it */
	case EVK_LLDP:         /* medium: strong only with router capability (caller decides) */
	case EVK_CDP:
	case EVK_SSDP:
	case EVK_ND_ROUTER_FLAG:
	case EVK_DHCP_CLIENT:
	case EVK_PROBE_FORWARDING: /* a probe's finding is no frame of its own */
	case EVK_PROBE_ANSWER:
	case EVK_PROBE_UPNP:
	case EVK_PROBE_WAN:
	case EVK_PROBE_HTTP:
	case EVK_FOREIGN:      /* medium, and every frame of a rogue's clients would qualify */
	case EVK_FORWARDING:   /* forwarded frames are handed over once the device is a router */
		return false;
	default:
		return true;
	}
}

/* A host with an address outside the known subnets looks like a router
 * with one remote address behind it, except that what it sends starts with
 * an initial TTL; routed frames arrive with a decremented one. */
bool ew_forwarding_router(const struct dev_ev *e, uint32_t remote_addrs)
{
	if (e->fwd_in + e->fwd_out < EW_FWD_MIN_FRAMES || remote_addrs == 0)
		return false;
	return remote_addrs >= EW_FWD_MIN_REMOTES || e->fwd_in_routed >= EW_FWD_MIN_FRAMES;
}

/* ---- declared infrastructure ------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_ip(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ew_ip));
}

bool ew_declared_ip(const struct ew_infer *inf, const struct ew_ip *ip)
{
	if (!inf->decl_ip_n || ip->family == EW_AF_NONE)
		return false;
	return bsearch(ip, inf->decl_ip, inf->decl_ip_n, sizeof *inf->decl_ip, cmp_ip) != NULL;
}

bool ew_dev_has_addr(const struct dev_more *m, const struct ew_ip *ip)
{
	for (unsigned i = 0; i < m->addr_n; i++)
		if (ew_ip_eq(&m->addrs[i], ip))
			return true;
	return false;
}

bool ew_declared_gateway_ip(const struct ew_infer *inf, const struct ew_ip *ip)
{
	if (ew_declared_ip(inf, ip))
		return true;
	for (uint32_t i = inf->t.tier[TIER_DECLARED].head; i != EW_NONE; i = inf->t.more[i].next)
		if (ew_dev_has_addr(&inf->t.more[i], ip))
			return true;
	return false;
}

/* ---- evidence bookkeeping ----------------------------------------------------------- */

void ew_evidence_frame(struct ew_infer *inf, uint32_t di, bool forwarding)
{
	if (!inf->cfg.evidence_cb)
		return;
	struct dev *d = ew_dev(&inf->t, di);
	struct dev_more *m = ew_dev_more(&inf->t, di);
	struct dev_ev *e = ew_dev_ev_peek(&inf->t, d);
	if (!e || m->cb_seq == inf->seq || e->frames_cb >= EW_EVIDENCE_FRAMES)
		return;
	if (forwarding && e->fwd_frames_cb >= EW_EVIDENCE_FWD_FRAMES)
		return;
	m->cb_seq = inf->seq;
	e->frames_cb++;
	if (forwarding)
		e->fwd_frames_cb++;
	inf->cfg.evidence_cb(inf->cfg.evidence_user, &d->mac, d->vlan);
}

struct dev_ev *ew_evidence(struct ew_infer *inf, uint32_t di, enum evk k, int64_t ts)
{
	struct dev_ev *e = ew_dev_ev(inf, di);
	if (!e)
		return NULL;
	struct evk_stat *st = &e->k[k];
	if (st->count == 0 || ts < st->first)
		st->first = ts;
	if (st->count == 0 || ts > st->last)
		st->last = ts;
	if (st->count < UINT32_MAX)
		st->count++;
	if (ew_evk_strong(k))
		ew_evidence_frame(inf, di, false);
	return e;
}

void ew_add_role(struct ew_infer *inf, uint32_t di, uint32_t roles)
{
	struct dev *d = ew_dev(&inf->t, di);
	if ((d->roles & roles) == roles)
		return;
	d->roles = (uint16_t)(d->roles | roles);
	ew_dev_retier(&inf->t, di);
}

void ew_dev_bind(struct ew_infer *inf, uint32_t di, const struct ew_ip *ip, int64_t ts)
{
	if (ip->family != EW_AF_INET && ip->family != EW_AF_INET6)
		return;
	/* special addresses are never anybody's own, except link-local */
	if (ew_ip_is_special(ip) && !(ew_ip_is_linklocal(ip) && !ew_ip_is_multicast(ip)))
		return;
	struct dev *d = ew_dev(&inf->t, di);
	struct dev_more *m = ew_dev_more(&inf->t, di);
	if (ew_dev_has_addr(m, ip))
		return;
	if (m->addr_n < EW_DEV_ADDRS)
		m->addrs[m->addr_n++] = *ip;
	else if (m->addr_more < UINT16_MAX)
		m->addr_more++;
	if (!(d->flags & DEV_DECLARED) && ew_declared_ip(inf, ip)) {
		d->flags |= DEV_DECLARED;
		ew_dev_retier(&inf->t, di);
	}
	const struct subnets *sn = d->vlan == inf->cur_vlan && inf->cur_sn ? inf->cur_sn : ew_subnets_vlan(inf, d->vlan);
	if (!ew_ip_is_linklocal(ip) && ew_subnets_known(sn, ip->family) && !ew_subnets_local(sn, ip)) {
		struct dev_ev *e = ew_evidence(inf, di, EVK_FOREIGN, ts);
		if (e && e->foreign_n < EW_FOREIGN_MAX)
			e->foreign[e->foreign_n++] = *ip;
	}
}

/* ---- gateway-MAC inference ------------------------------------------------------------ */

static inline bool mac_unicast(const struct ew_mac *m)
{
	/* the six bytes as two words, not shifted into one: twice per frame */
	uint32_t hi;
	uint16_t lo;
	memcpy(&hi, m->b, 4);
	memcpy(&lo, m->b + 4, 2);
	return !(m->b[0] & 1) && (hi | lo);
}

static void note_seen(struct dev *d, int64_t ts)
{
	if (!(d->flags & DEV_SEEN)) {
		d->flags |= DEV_SEEN;
		d->first_seen = d->last_seen = ts;
		return;
	}
	/* captures are not always in time order */
	if (ts < d->first_seen)
		d->first_seen = ts;
	if (ts > d->last_seen)
		d->last_seen = ts;
}

static void many_check(struct ew_infer *inf, uint32_t di, int64_t ts)
{
	struct dev *d = ew_dev(&inf->t, di);
	int src = __builtin_popcountll(d->src_lc), dst = __builtin_popcountll(d->dst_lc);
	/* each set bit is at least one distinct address: no estimate involved */
	if (src < EW_MANY_ADDRS && dst < EW_MANY_ADDRS)
		return;
	struct dev_ev *e = ew_evidence(inf, di, EVK_MANY_ADDRS, ts);
	if (e) {
		e->many_src = (uint16_t)ew_lc_estimate(&d->src_lc, 1);
		e->many_dst = (uint16_t)ew_lc_estimate(&d->dst_lc, 1);
	}
	ew_add_role(inf, di, EW_ROLE_ROUTER);
}

static void ttl_add(struct dev_ev *e, uint8_t ttl)
{
	for (unsigned i = 0; i < e->ttl_n; i++)
		if (e->ttl_val[i] == ttl) {
			e->ttl_count[i]++;
			return;
		}
	if (e->ttl_n < EW_TTL_SLOTS) {
		e->ttl_val[e->ttl_n] = ttl;
		e->ttl_count[e->ttl_n++] = 1;
	} else {
		e->ttl_other++;
	}
}

/* Router `ri` carried a frame between the inside host `inside` and the
 * off-subnet address `remote` (out: inside -> remote; in: remote -> inside). */
static void forward(struct ew_infer *inf, const struct ew_frame *f, uint32_t ri, bool out,
		    struct ew_mac inside, const struct ew_ip *remote, uint8_t ttl)
{
	/* ew_evidence() inlined: this runs for every frame through a gateway */
	struct dev *r = ew_dev(&inf->t, ri);
	struct dev_ev *e = r->ev != EW_NONE ? ew_ev_at(&inf->t, r->ev) : ew_dev_ev(inf, ri);
	if (!e)
		return;
	struct evk_stat *st = &e->k[EVK_FORWARDING];
	int64_t ts = f->ts_usec;
	if (st->count == 0 || ts < st->first)
		st->first = ts;
	if (st->count == 0 || ts > st->last)
		st->last = ts;
	if (st->count < UINT32_MAX)
		st->count++;
	if (out) {
		e->fwd_out++;
	} else {
		e->fwd_in++;
		if (!ew_ttl_initial(ttl))
			e->fwd_in_routed++;
	}
	e->fwd_bytes += f->wirelen;
	/* one-entry caches: consecutive frames of one flow skip the set lookups */
	if (!ew_mac_eq(&e->last_inside, &inside)) {
		uint16_t before = e->inside.n;
		ew_macset_add(&e->inside, &inside);
		if (e->inside.n != before && e->inside_sample_n < EW_SAMPLE)
			e->inside_sample[e->inside_sample_n++] = inside;
		e->last_inside = inside;
	}
	if (!ew_ip_eq(&e->last_remote, remote)) {
		uint16_t before = e->remote.n;
		ew_ipset_add(&e->remote, remote);
		if (e->remote.n != before && e->remote_sample_n < EW_SAMPLE)
			e->remote_sample[e->remote_sample_n++] = *remote;
		e->last_remote = *remote;
	}
	if (!out)
		ttl_add(e, ttl);
	if (!(r->roles & EW_ROLE_ROUTER) && ew_forwarding_router(e, ew_ipset_count(&e->remote)))
		ew_add_role(inf, ri, EW_ROLE_ROUTER);
	if ((r->roles & EW_ROLE_ROUTER) && e->fwd_frames_cb < EW_EVIDENCE_FWD_FRAMES)
		ew_evidence_frame(inf, ri, true);
}

/* ew_ip_is_special with the IPv4 case inline: it runs twice per packet.
 * 0/8, 127/8, 169.254/16, 224/4 multicast, 240/4 and 255.255.255.255. */
static inline bool ip_special(const struct ew_ip *ip)
{
	/* first bytes that may be special, one bit each: 0, 127, 169, 224-255;
	 * a common address is one bit test */
	static const uint64_t maybe[4] = { 1, 1ULL << 63, 1ULL << (169 - 128), ~0ULL << (224 - 192) };
	if (ip->family == EW_AF_INET) {
		uint8_t a0 = ip->a[0];
		if (!(maybe[a0 >> 6] >> (a0 & 63) & 1))
			return false;
		return a0 != 169 || ip->a[1] == 254;
	}
	return ew_ip_is_special(ip);
}

static void on_ip(struct ew_infer *inf, const struct ew_frame *f, uint32_t si, const struct ew_ip *sip,
		  const struct ew_ip *dip, uint8_t ttl, uint16_t ipid, bool syn)
{
	struct dev *s = ew_dev(&inf->t, si);
	bool s_special = ip_special(sip), d_special = ip_special(dip);
	if (!s_special) {
		uint64_t bit = 1ULL << (ew_ip_hash(sip) >> 58);
		if (!(s->src_lc & bit)) {
			s->src_lc |= bit;
			many_check(inf, si, f->ts_usec);
		}
	} else if (ew_ip_is_linklocal(sip) && !ew_ip_is_multicast(sip) && !ew_dev_has_addr(ew_dev_more(&inf->t, si), sip)) {
		/* link-local is never forwarded (RFC 4291 §2.5.6, RFC 3927 §2.7): it is the sender's own */
		ew_dev_bind(inf, si, sip, f->ts_usec);
	}
	if (d_special || !mac_unicast(&f->dst))
		return;
	const struct subnets *sn = inf->cur_sn;
	bool known = !s_special && ew_subnets_known(sn, sip->family);
	bool s_in = known && ew_subnets_local(sn, sip), d_in = known && ew_subnets_local(sn, dip);
	if (s_in && d_in) {
		/* The common frame, between two inside addresses, needs nothing of its
		 * receiver: not looking it up saves a cache miss per packet. (A router
		 * between two local subnets still shows many sources on its own frames.) */
		if (syn && ew_dev_has_addr(ew_dev_more(&inf->t, si), sip))
			s->flags |= DEV_CLIENT; /* opens connections from its own address: behaves like a PC */
		return;
	}
	uint32_t di = ew_dev_find(&inf->t, &f->dst, inf->cur_vlan);
	if (di == EW_NONE)
		di = ew_dev_get(inf, &f->dst, inf->cur_vlan, si);
	if (di == EW_NONE || di == si)
		return;
	struct dev *d = ew_dev(&inf->t, di);
	note_seen(d, f->ts_usec);
	ew_dev_touch(&inf->t, di);
	uint64_t bit = 1ULL << (ew_ip_hash(dip) >> 58);
	if (!(d->dst_lc & bit)) {
		d->dst_lc |= bit;
		many_check(inf, di, f->ts_usec);
	}
	if (!known)
		return;
	if (!s_in && ew_dev_has_addr(ew_dev_more(&inf->t, si), sip)) {
		s_in = true; /* its own address, outside every local subnet */
		struct dev_ev *e = ew_evidence(inf, si, EVK_FOREIGN, f->ts_usec);
		if (e && e->foreign_n < EW_FOREIGN_MAX) {
			bool have = false;
			for (unsigned i = 0; i < e->foreign_n; i++)
				have |= ew_ip_eq(&e->foreign[i], sip);
			if (!have)
				e->foreign[e->foreign_n++] = *sip;
		}
	}
	if (!d_in && ew_dev_has_addr(ew_dev_more(&inf->t, di), dip))
		d_in = true;
	if (s_in && !d_in) {
		/* An inside host's frame leaves with its initial TTL; one that does
		 * not was routed here: only those are looked at (ICMP redirects),
		 * and not a declared router's (it may route a whole site's traffic
		 * through here, and its redirects change nothing) */
		if (!ew_ttl_initial(ttl) && sip->family == EW_AF_INET && !(s->flags & DEV_DECLARED))
			ew_on_resent(inf, f, si, sip, dip, ipid, ttl);
		forward(inf, f, di, true, s->mac, dip, ttl);
	}
	else if (!s_in && d_in)
		forward(inf, f, si, false, d->mac, sip, ttl);
	else if (s_in && d_in && syn && ew_dev_has_addr(ew_dev_more(&inf->t, si), sip))
		s->flags |= DEV_CLIENT;
}

/* ---- entry points -------------------------------------------------------------------- */

struct ew_infer *ew_infer_new(const struct ew_infer_config *cfg)
{
	struct ew_infer *inf = calloc(1, sizeof *inf);
	if (!inf)
		return NULL;
	if (cfg)
		inf->cfg = *cfg;
	if (inf->cfg.subnet_count > EW_SUBNETS_MAX)
		inf->cfg.subnet_count = EW_SUBNETS_MAX;
	if (inf->cfg.declared_count > EW_DECLARED_MAX)
		inf->cfg.declared_count = EW_DECLARED_MAX;
	size_t cap = inf->cfg.max_devices ? inf->cfg.max_devices : EW_DEFAULT_MAX_DEVICES;
	if (cap < 4)
		cap = 4;
	if (cap > EW_MAX_DEVICES_LIMIT)
		cap = EW_MAX_DEVICES_LIMIT;
	inf->cfg.max_devices = cap;
	inf->cur = EW_NONE;
	size_t n = inf->cfg.declared_count;
	inf->decl_mac = calloc(n ? n : 1, sizeof *inf->decl_mac);
	inf->decl_ip = calloc(n ? n : 1, sizeof *inf->decl_ip);
	inf->sn = calloc(EW_SUBNET_VLANS, sizeof *inf->sn); /* pages touched only as VLANs appear */
	if (!inf->decl_mac || !inf->decl_ip || !inf->sn || ew_devs_init(&inf->t, (uint32_t)cap) != 0) {
		ew_infer_free(inf);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ew_declared *d = &inf->cfg.declared[i];
		if (d->is_mac) {
			inf->decl_mac[inf->decl_mac_n++] = ew_mac_key(&d->mac, 0);
		} else if (d->ip.family == EW_AF_INET || d->ip.family == EW_AF_INET6) {
			struct ew_ip ip = d->ip.family == EW_AF_INET ? ew_ip4_from_bytes(d->ip.a) : d->ip;
			inf->decl_ip[inf->decl_ip_n++] = ip;
		}
	}
	/* a VLAN with subnets configured for it has a view of its own from the start */
	for (size_t i = 0; i < inf->cfg.subnet_count; i++)
		if (inf->cfg.subnet_vlan_set[i])
			ew_subnets_vlan(inf, inf->cfg.subnet_vlan[i]);
	qsort(inf->decl_mac, inf->decl_mac_n, sizeof *inf->decl_mac, cmp_u64);
	qsort(inf->decl_ip, inf->decl_ip_n, sizeof *inf->decl_ip, cmp_ip);
	return inf;
}

void ew_infer_free(struct ew_infer *inf)
{
	if (!inf)
		return;
	ew_devs_free(&inf->t);
	free(inf->sn);
	free(inf->decl_mac);
	free(inf->decl_ip);
	free(inf);
}

size_t ew_infer_device_count(const struct ew_infer *inf)
{
	return inf ? inf->t.used : 0;
}

void ew_infer_new_window(struct ew_infer *inf)
{
	if (!inf)
		return;
	ew_devs_new_window(&inf->t);
	inf->hosts_seen = 0;
	inf->frames = 0;
	inf->redirect_scans = 0;
	inf->redirect_scans_dropped = 0;
	memset(inf->resent, 0, sizeof inf->resent);
	inf->resent_next = 0;
	inf->cur = EW_NONE;
	inf->cur_number = 0; /* the next event starts a new frame */
}

void ew_infer_event(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev)
{
	if (!inf || !f || !ev || !f->has_l2 || !mac_unicast(&f->src))
		return;
	if (ev->type == EW_EV_PROBE) {
		/* a probe's finding, not a frame: counts no packet */
		ew_on_probe(inf, f, &ev->u.probe);
		return;
	}
	uint16_t vlan = ew_frame_vlan(f);
	/* every capture record is a frame, a SPAN port's duplicate too: two
	 * records alike in time, lengths and addresses are, on a fast link, as
	 * often two frames (infer.h) */
	if (f->number != inf->cur_number || f->number == 0) {
		inf->seq++;
		inf->cur_number = f->number;
		inf->cur_vlan = vlan;
		if (!inf->cur_sn || inf->cur_sn->vlan != vlan || inf->cur_sn->shared)
			inf->cur_sn = ew_subnets_vlan(inf, vlan);
		inf->ip_done = false;
		inf->pppoe_sess = false;
		inf->frames++;
		inf->cur = EW_NONE;
		uint32_t si = ew_dev_find(&inf->t, &f->src, vlan);
		if (si == EW_NONE)
			si = ew_dev_get(inf, &f->src, vlan, EW_NONE);
		inf->cur = si;
		if (si != EW_NONE) {
			struct dev *s = ew_dev(&inf->t, si);
			note_seen(s, f->ts_usec);
			if (!(s->flags & DEV_SENT)) {
				s->flags |= DEV_SENT;
				inf->hosts_seen++;
			}
			s->packets++;
			s->bytes += f->wirelen;
			ew_dev_touch(&inf->t, si);
		}
	}
	uint32_t si = inf->cur;
	if (si == EW_NONE)
		return;
	switch (ev->type) {
	case EW_EV_IPV4:
		/* only the outermost header: tunnelled packets are the tunnel's business */
		if (!inf->ip_done) {
			inf->ip_done = true;
			const struct ew_ev_ipv4 *p = &ev->u.ipv4;
			bool syn = p->proto == 6 && (p->tcp_flags & 0x12) == 0x02;
			on_ip(inf, f, si, &p->src, &p->dst, p->ttl, p->id, syn);
			ew_on_pppoe_ip(inf, &p->src, si);
		}
		break;
	case EW_EV_IPV6:
		if (!inf->ip_done) {
			inf->ip_done = true;
			const struct ew_ev_ipv6 *p = &ev->u.ipv6;
			bool syn = p->next_header == 6 && (p->tcp_flags & 0x12) == 0x02;
			on_ip(inf, f, si, &p->src, &p->dst, p->hop_limit, 0, syn);
		}
		break;
	case EW_EV_ARP: ew_on_arp(inf, f, &ev->u.arp, si); break;
	case EW_EV_DHCP4: ew_on_dhcp4(inf, f, &ev->u.dhcp4, si); break;
	case EW_EV_DHCP6: ew_on_dhcp6(inf, f, &ev->u.dhcp6, si); break;
	case EW_EV_ND_RS:
	case EW_EV_ND_NS:
	case EW_EV_ND_NA: ew_on_nd(inf, f, ev, si); break;
	case EW_EV_ND_RA: ew_on_ra(inf, f, &ev->u.ra, si); break;
	case EW_EV_PPPOE_DISC:
	case EW_EV_PPPOE_SESS: ew_on_pppoe(inf, f, ev, si); break;
	case EW_EV_LLDP:
	case EW_EV_CDP: ew_on_l2info(inf, f, ev, si); break;
	case EW_EV_SSDP: ew_on_ssdp(inf, f, &ev->u.ssdp, si); break;
	case EW_EV_RIP:
	case EW_EV_RIPNG:
	case EW_EV_VRRP:
	case EW_EV_HSRP:
	case EW_EV_OSPF_HELLO:
	case EW_EV_IRDP_ADVERT: ew_on_routing(inf, f, ev, si); break;
	case EW_EV_ICMP:
	case EW_EV_ND_REDIRECT:
	case EW_EV_IRDP_SOLICIT: ew_on_icmp(inf, f, ev, si); break;
	default: break; /* mDNS, malformed: nothing about egress */
	}
}
