/* SPDX-License-Identifier: ISC */
/* report.c - the candidate report (DESIGN §4, schema egresswatch.report/1,
 * include/egresswatch/report.schema.json).
 *
 * Candidates: every device seen in the window with an egress role, a
 * class other than "none" or an infrastructure verdict, plus every declared
 * device seen. Each device's evidence is reduced to `struct ew_facts`; the
 * classifier gives the class and class_confidence (when no rule matches a
 * device that has roles, a built-in verdict, class_confidence <= 0.5, keeps
 * the report useful without a rules file), and ew_classify_wayout the
 * confidence that it is a way out and the infrastructure verdict.
 *
 * Order (deterministic): unlisted before declared; then confidence (way
 * out), highest first; then class_confidence; then MAC; then VLAN. Evidence
 * kinds appear in a fixed order.
 *
 * report_id: a UUID (version 8, RFC 9562 §5.8) whose 122 free bits are the
 * FNV-1a 128-bit hash of the report's compact JSON text with report_id set to
 * "". That text holds the agent id, the window and the whole content, so a
 * report sent again has the same id, and any change gives another.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/jsonw.h"
#include "egresswatch/utf8.h"
#include "infer_internal.h"

#define SCHEMA_NAME "egresswatch.report/1"

/* ---- the device at report time -------------------------------------------------------- */

static bool outside_now(const struct ew_infer *inf, const struct dev *d, const struct ew_ip *ip)
{
	/* a family whose subnets are no longer known (ARP-learned /24 tainted
	 * later) cannot be judged again: keep what was seen */
	const struct subnets *sn = ew_subnets_find(inf, d->vlan);
	if (!sn || !ew_subnets_known(sn, ip->family))
		return true;
	return !ew_subnets_local(sn, ip) && !ew_dev_has_addr(ew_more_of(&inf->t, d), ip);
}

void ew_dev_view(const struct ew_infer *inf, const struct dev *d, struct dev_view *v)
{
	memset(v, 0, sizeof *v);
	const struct dev_ev *e = ew_dev_ev_peek(&inf->t, d);
	v->roles = d->roles;
	const struct subnets *sn = ew_subnets_find(inf, d->vlan);
	const struct dev_more *m = ew_more_of(&inf->t, d);
	for (unsigned i = 0; sn && i < m->addr_n && v->foreign_n < EW_FOREIGN_MAX; i++) {
		const struct ew_ip *ip = &m->addrs[i];
		if (!ew_ip_is_linklocal(ip) && ew_subnets_known(sn, ip->family) && !ew_subnets_local(sn, ip))
			v->foreign[v->foreign_n++] = *ip;
	}
	if (!e)
		return;
	/* Forwarding is judged again with today's subnets: an address that was
	 * outside when seen but lies in a subnet learned since is not remote. */
	uint32_t kept = 0;
	for (unsigned i = 0; i < EW_SET_SLOTS; i++)
		if (e->remote.slot[i].family && outside_now(inf, d, &e->remote.slot[i]))
			kept++;
	uint32_t total = ew_ipset_count(&e->remote);
	v->remote_addrs = kept + (total > e->remote.n ? total - e->remote.n : 0);
	v->inside_hosts = ew_macset_count(&e->inside);
	v->forwarding_ok = e->k[EVK_FORWARDING].count && ew_forwarding_router(e, v->remote_addrs);
	v->many_ok = e->k[EVK_MANY_ADDRS].count > 0;
	v->roles &= ~(uint32_t)EW_ROLE_ROUTER;
	/* a probe's TTL-1 test came back, or it forwarded a datagram it
	 * redirected (undeclared: a declared router's redirects change nothing) */
	if (v->forwarding_ok || v->many_ok || e->k[EVK_PROBE_FORWARDING].count ||
	    (e->redirect_fwd && !(d->flags & DEV_DECLARED)))
		v->roles |= EW_ROLE_ROUTER;
	for (unsigned i = 0; i < e->rogue_n; i++) {
		if (ew_declared_gateway_ip(inf, &e->rogue[i]))
			continue;
		const struct evk_stat *st = &e->rogue_stat[i];
		if (!v->rogue_stat.count || st->first < v->rogue_stat.first)
			v->rogue_stat.first = st->first;
		if (!v->rogue_stat.count || st->last > v->rogue_stat.last)
			v->rogue_stat.last = st->last;
		v->rogue_stat.count += st->count;
		v->rogue[v->rogue_n++] = e->rogue[i];
	}
}

/* ---- way-out and infrastructure facts -------------------------------------------------- */

/* A concentrator on this VLAN sent PPPoE discovery (PADO/PADS) to this device. */
static bool pppoe_answered(const struct ew_infer *inf, const struct dev *d)
{
	for (int tier = TIER_CANDIDATE; tier <= TIER_DECLARED; tier++)
		for (uint32_t i = inf->t.tier[tier].head; i != EW_NONE; i = inf->t.more[i].next) {
			const struct dev *a = &inf->t.devs[i];
			const struct dev_ev *ae = ew_dev_ev_peek(&inf->t, a);
			if (a != d && a->vlan == d->vlan && (a->flags & DEV_WAS_PPPOE_AC) && ae && ae->has_peer &&
			    ew_mac_eq(&ae->peer, &d->mac) && ae->pado + ae->pads > 0)
				return true;
		}
	return false;
}

/* VRRP/HSRP for a declared router: a virtual address that is a declared
 * gateway, or the group (VRID) a declared device speaks on the same VLAN. */
static bool redundancy_peer(const struct ew_infer *inf, const struct dev *d, const struct dev_ev *e)
{
	bool vrrp = e->k[EVK_VRRP].count > 0, hsrp = e->k[EVK_HSRP].count > 0;
	if (!vrrp && !hsrp)
		return false;
	for (unsigned i = 0; vrrp && i < e->vrrp_addr_n; i++)
		if (ew_declared_gateway_ip(inf, &e->vrrp_addrs[i]))
			return true;
	if (hsrp && e->hsrp_vip.family != EW_AF_NONE && ew_declared_gateway_ip(inf, &e->hsrp_vip))
		return true;
	for (uint32_t i = inf->t.tier[TIER_DECLARED].head; i != EW_NONE; i = inf->t.more[i].next) {
		const struct dev *p = &inf->t.devs[i];
		const struct dev_ev *pe = ew_dev_ev_peek(&inf->t, p);
		if (p == d || !pe || p->vlan != d->vlan)
			continue;
		if (vrrp && pe->k[EVK_VRRP].count && pe->vrrp_vrid == e->vrrp_vrid)
			return true;
		if (hsrp && pe->k[EVK_HSRP].count && pe->hsrp_group == e->hsrp_group)
			return true;
	}
	return false;
}

/* LLDP/CDP capabilities of a bridge or switch with routing off (IEEE
 * 802.1AB-2016 §8.5.8: enabled capabilities; CDP: as on the wire). */
static bool l2_switch(const struct dev_ev *e)
{
	const uint32_t cdp_bridges = EW_CDP_CAP_TRANS_BRIDGE | EW_CDP_CAP_SR_BRIDGE | EW_CDP_CAP_SWITCH;
	bool lldp = e->lldp_has_caps && (e->lldp_caps_en & EW_CAP_BRIDGE) && !(e->lldp_caps_en & EW_CAP_ROUTER);
	bool cdp = e->cdp_has_caps && (e->cdp_caps & cdp_bridges) && !(e->cdp_caps & EW_CDP_CAP_ROUTER);
	bool router = (e->lldp_has_caps && (e->lldp_caps_en & EW_CAP_ROUTER)) ||
		      (e->cdp_has_caps && (e->cdp_caps & EW_CDP_CAP_ROUTER));
	return (lldp || cdp) && !router;
}

static void wayout_facts(const struct ew_infer *inf, const struct dev *d, const struct dev_view *v,
			 const struct dev_ev *e, struct ew_facts *fx)
{
	if (v->forwarding_ok) {
		fx->fwd_frames = (uint32_t)(e->fwd_in + e->fwd_out > UINT32_MAX ? UINT32_MAX : e->fwd_in + e->fwd_out);
		fx->fwd_own_only = !e->fwd_out && !e->fwd_in_routed;
	}
	fx->many_addrs = v->many_ok;
	if (v->roles & EW_ROLE_PPPOE_AC)
		fx->pppoe_ac_frames = e->k[EVK_PPPOE_AC].count;
	fx->pppoe_session_frames = e->k[EVK_PPPOE_SESSION].count;
	if (v->roles & EW_ROLE_PPPOE_CLIENT) {
		fx->pppoe_dial_frames = e->k[EVK_PPPOE_CLIENT].count;
		fx->pppoe_padr = e->padr;
		fx->pppoe_answered = fx->pppoe_dial_frames && pppoe_answered(inf, d);
	}
	fx->dhcp_rogue_offers = v->rogue_stat.count;
	if (v->roles & EW_ROLE_RA_ROUTER)
		fx->ra_default_count = e->k[EVK_RA].count;
	fx->igd_count = e->k[EVK_SSDP_IGD].count;
	if (e->rip_default)
		fx->default_route_count += e->k[EVK_RIP].count;
	if (e->ripng_default)
		fx->default_route_count += e->k[EVK_RIPNG].count;
	fx->default_route_count += e->k[EVK_IRDP].count;
	fx->probe_forwarded = e->k[EVK_PROBE_FORWARDING].count;
	if (!(d->flags & DEV_DECLARED)) {
		fx->redirects_off_subnet = e->redirect_off;
		fx->redirect_forwarded = e->redirect_fwd;
	}
	fx->dhcp_relayed = e->dhcp_relayed;
	fx->dhcp_relay = e->dhcp_relayed > 0;
	fx->dhcp_to_relay = e->dhcp_to_relay;
	fx->l2_switch = l2_switch(e);
	fx->redundancy_peer = !(d->flags & DEV_DECLARED) && redundancy_peer(inf, d, e);
}

/* The values behind the routing roles (group, virtual address, router id,
 * next hop, metric, redirect target), so a reason names what it saw. */
static void routing_facts(const struct dev_ev *e, struct ew_facts *fx)
{
	if (e->k[EVK_HSRP].count) {
		fx->hsrp = true;
		fx->hsrp_group = e->hsrp_group;
		fx->hsrp_vip = e->hsrp_vip;
	}
	if (e->k[EVK_VRRP].count) {
		fx->vrrp_vrid = e->vrrp_vrid;
		for (unsigned i = 0; i < e->vrrp_addr_n && fx->vrrp_addr_count < EW_FACT_ADDRS; i++)
			fx->vrrp_addrs[fx->vrrp_addr_count++] = e->vrrp_addrs[i];
	}
	if (e->k[EVK_OSPF].count) {
		fx->ospf_router_id = e->ospf_router_id;
		fx->ospf_area = e->ospf_area;
	}
	if (e->k[EVK_RIP].count)
		fx->rip_version = e->rip_version;
	if (e->rip_default && e->k[EVK_RIP].count) {
		fx->rip_metric = e->rip_default_metric;
		/* RFC 2453 §4.4: next hop 0.0.0.0 means "via the sender" */
		if (e->rip_next_hop.family != EW_AF_NONE && !ew_ip_is_zero(&e->rip_next_hop))
			fx->rip_next_hop = e->rip_next_hop;
	} else if (e->ripng_default && e->k[EVK_RIPNG].count)
		fx->rip_metric = e->ripng_default_metric;
	if (e->k[EVK_IRDP].count)
		for (unsigned i = 0; i < e->irdp_n && fx->irdp_addr_count < EW_FACT_ADDRS; i++)
			fx->irdp_addrs[fx->irdp_addr_count++] = e->irdp[i].addr;
	if (e->k[EVK_ICMP_REDIRECT].count) {
		fx->redirect_target = e->icmp_gateway;
		fx->redirect_dest = e->icmp_dest;
	} else if (e->k[EVK_ND_REDIRECT].count) {
		fx->redirect_target = e->nd_target;
		fx->redirect_dest = e->nd_dest;
	}
}

static void fact_str(char out[EW_FACT_STRLEN], const char *s, size_t n)
{
	if (n >= EW_FACT_STRLEN)
		n = EW_FACT_STRLEN - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

void ew_dev_facts(const struct ew_infer *inf, const struct dev *d, const struct dev_view *v, struct ew_facts *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->mac = d->mac;
	fx->vlan = d->vlan;
	fx->mac_local = ew_mac_is_local(&d->mac);
	fx->vendor = inf->cfg.oui ? ew_oui_lookup(inf->cfg.oui, &d->mac) : NULL;
	fx->roles = v->roles;
	fx->inside_hosts = v->inside_hosts;
	fx->remote_addrs = v->remote_addrs;
	fx->foreign_subnet = v->foreign_n > 0;
	for (unsigned i = 0; i < v->foreign_n && fx->foreign_addr_count < EW_FACT_ADDRS; i++)
		fx->foreign_addrs[fx->foreign_addr_count++] = v->foreign[i];
	const struct dev_more *more = ew_more_of(&inf->t, d);
	for (unsigned i = 0; i < more->addr_n && fx->addr_count < EW_FACT_ADDRS; i++)
		fx->addrs[fx->addr_count++] = more->addrs[i];
	fx->acts_as_client = d->flags & DEV_CLIENT;
	const struct dev_ev *e = ew_dev_ev_peek(&inf->t, d);
	if (!e)
		return;
	fx->dhcp_router_count = e->dhcp_router_n;
	memcpy(fx->dhcp_routers, e->dhcp_routers, e->dhcp_router_n * sizeof *e->dhcp_routers);
	fx->dhcp_dns_count = e->dhcp_dns_n;
	memcpy(fx->dhcp_dns, e->dhcp_dns, e->dhcp_dns_n * sizeof *e->dhcp_dns);
	fx->dhcp_mask = e->dhcp_mask;
	fx->dhcp_lease = e->has_lease ? e->dhcp_lease : 0;
	fact_str(fx->dhcp_domain, e->dhcp_domain.s, e->dhcp_domain.len);
	fx->dhcp_rogue_router = v->rogue_n > 0;
	for (unsigned i = 0; i < v->rogue_n && fx->dhcp_rogue_addr_count < EW_FACT_ADDRS; i++)
		fx->dhcp_rogue_addrs[fx->dhcp_rogue_addr_count++] = v->rogue[i];
	if (e->offered_n)
		fx->dhcp_offered = e->offered[0];
	for (unsigned i = 0; i < e->ra_prefix_n && fx->ra_prefix_count < EW_FACT_ADDRS; i++)
		fx->ra_prefixes[fx->ra_prefix_count++] = e->ra_prefixes[i].prefix;
	fx->ra_rdnss_count = e->ra_rdnss_n;
	memcpy(fx->ra_rdnss, e->ra_rdnss, e->ra_rdnss_n * sizeof *e->ra_rdnss);
	if (e->ra_dnssl.len)
		fact_str(fx->dns_search, e->ra_dnssl.s, e->ra_dnssl.len);
	else
		fact_str(fx->dns_search, e->dhcp6_domains.s, e->dhcp6_domains.len);
	fx->dhcp6_enterprise = e->ent_n ? e->ent[0] : 0;
	fx->dhcp6_pd_len = e->has_pd ? e->pd.len : 0;
	/* a probe's GetExternalIPAddress names the egress better than a PPPoE session's source */
	fx->wan_addr = e->probe_wan.family != EW_AF_NONE ? e->probe_wan : e->wan_addr;
	/* the model: a UPnP description's modelName (and modelNumber), else its
	 * friendlyName, else CDP's platform (e.g. "cisco C1111-4P"), else the
	 * title of its admin page (probes) */
	if (e->upnp_model_name.len) {
		char m[EW_FACT_STRLEN];
		int n = snprintf(m, sizeof m, "%s%s%s", e->upnp_model_name.s, e->upnp_model_number.len ? " " : "",
				 e->upnp_model_number.s);
		fact_str(fx->model, m, n < 0 ? 0 : (size_t)n);
	} else if (e->upnp_friendly.len)
		fact_str(fx->model, e->upnp_friendly.s, e->upnp_friendly.len);
	else if (e->cdp_platform.len)
		fact_str(fx->model, e->cdp_platform.s, e->cdp_platform.len);
	else
		fact_str(fx->model, e->http_title.s, e->http_title.len);
	fact_str(fx->pppoe_ac_name, e->ac_name.s, e->ac_name.len);
	fact_str(fx->pppoe_service, e->service.s, e->service.len);
	for (unsigned i = 0; i < e->ssdp_server_n && i < EW_FACT_STRS; i++)
		fact_str(fx->ssdp_server[fx->ssdp_server_count++], e->ssdp_server[i].s, e->ssdp_server[i].len);
	for (unsigned i = 0; i < e->ssdp_type_n && i < EW_FACT_STRS; i++)
		fact_str(fx->ssdp_type[fx->ssdp_type_count++], e->ssdp_type[i].s, e->ssdp_type[i].len);
	if (e->lldp_name.len)
		fact_str(fx->sysname, e->lldp_name.s, e->lldp_name.len);
	else
		fact_str(fx->sysname, e->cdp_device.s, e->cdp_device.len);
	if (e->lldp_descr.len)
		fact_str(fx->sysdescr, e->lldp_descr.s, e->lldp_descr.len);
	else if (e->cdp_software.len)
		fact_str(fx->sysdescr, e->cdp_software.s, e->cdp_software.len);
	else
		fact_str(fx->sysdescr, e->cdp_platform.s, e->cdp_platform.len);
	fact_str(fx->client_hostname, e->client_hostname.s, e->client_hostname.len);
	fact_str(fx->client_vendor_class, e->client_vendor_class.s, e->client_vendor_class.len);
	routing_facts(e, fx);
	wayout_facts(inf, d, v, e, fx);
}

/* ---- built-in verdict ------------------------------------------------------------------- */

#define BUILTIN_NOTE " (built-in rule: no fingerprint matched)"

void ew_fallback_verdict(const struct dev *d, const struct dev_view *v, const struct dev_ev *e, struct ew_verdict *out)
{
	(void)d;
	memset(out, 0, sizeof *out);
	uint32_t r = v->roles;
	char ip[EW_IP_STRLEN];
	if (r & EW_ROLE_ROUTER) {
		out->cls = EW_CLASS_ROUTER;
		if (v->forwarding_ok) {
			out->confidence = 0.5;
			snprintf(out->reason, sizeof out->reason,
				 "forwards off-subnet traffic for %u inside host(s) to %u remote address(es)" BUILTIN_NOTE,
				 v->inside_hosts, v->remote_addrs);
		} else {
			out->confidence = 0.4;
			snprintf(out->reason, sizeof out->reason,
				 "carries the traffic of at least %d distinct IP addresses behind one MAC" BUILTIN_NOTE,
				 EW_MANY_ADDRS);
		}
	} else if (r & EW_ROLE_DHCP_SERVER) {
		out->cls = EW_CLASS_DHCP_SERVER;
		if (v->rogue_n) {
			out->confidence = 0.5;
			ew_ip_str(&v->rogue[0], ip);
			snprintf(out->reason, sizeof out->reason,
				 "serves DHCP and offers router %s, which is not a declared gateway" BUILTIN_NOTE, ip);
		} else {
			out->confidence = 0.4;
			snprintf(out->reason, sizeof out->reason, "serves DHCP" BUILTIN_NOTE);
		}
	} else if (r & (EW_ROLE_PPPOE_AC | EW_ROLE_PPPOE_CLIENT)) {
		out->cls = EW_CLASS_ONU_BRIDGED;
		out->confidence = 0.5;
		snprintf(out->reason, sizeof out->reason, "PPPoE %s on the segment: a line terminates here" BUILTIN_NOTE,
			 (r & EW_ROLE_PPPOE_AC) ? "access concentrator" : "dialling");
		if (e && e->ac_name.len)
			snprintf(out->reason, sizeof out->reason,
				 "PPPoE on the segment (AC-Name \"%.64s\"): a line terminates here" BUILTIN_NOTE, e->ac_name.s);
	} else if (r & EW_ROLE_RA_ROUTER) {
		out->cls = EW_CLASS_ROUTER;
		out->confidence = 0.4;
		snprintf(out->reason, sizeof out->reason, "sends IPv6 router advertisements as a default router" BUILTIN_NOTE);
	} else if (r & EW_ROLE_DHCP6_SERVER) {
		out->cls = EW_CLASS_DHCP_SERVER;
		out->confidence = 0.3;
		snprintf(out->reason, sizeof out->reason, "serves DHCPv6" BUILTIN_NOTE);
	} else if (r & (EW_ROLE_RIP_DEFAULT | EW_ROLE_IRDP)) {
		out->cls = EW_CLASS_ROUTER;
		out->confidence = 0.4;
		snprintf(out->reason, sizeof out->reason, "announces a default route (%s)" BUILTIN_NOTE,
			 (r & EW_ROLE_RIP_DEFAULT) ? "RIP" : "IRDP");
	} else if (r & EW_ROLE_UPNP_IGD) {
		out->cls = EW_CLASS_ROUTER;
		out->confidence = 0.4;
		snprintf(out->reason, sizeof out->reason, "announces a UPnP Internet gateway device" BUILTIN_NOTE);
	} else if (r) {
		out->cls = EW_CLASS_ROUTER;
		out->confidence = 0.3;
		snprintf(out->reason, sizeof out->reason, "%s" BUILTIN_NOTE,
			 (r & EW_ROLE_ROUTING_PROTO)  ? "speaks a routing or redundancy protocol"
			 : (r & EW_ROLE_LLDP_ROUTER) ? "advertises router capability in LLDP/CDP"
			 : (r & EW_ROLE_REDIRECTOR)  ? "sends redirects naming another gateway"
			 : (r & EW_ROLE_REDIRECT_GATEWAY) ? "named as the gateway in another router's redirects"
						     : "shows router behaviour");
	}
}

/* ---- JSON helpers ---------------------------------------------------------------- */

static void add_time(struct json_object *o, const char *key, int64_t usec)
{
	char t[64];
	ew_rfc3339(usec, t);
	ew_json_add_cstr(o, key, t);
}

static struct json_object *cstr_or_empty(const char *s)
{
	return s ? ew_json_wire_string(s, strlen(s)) : ew_json_string("");
}

static void add_u(struct json_object *o, const char *key, uint64_t v)
{
	ew_json_add_int(o, key, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

static void add_ip_opt(struct json_object *o, const char *key, const struct ew_ip *ip)
{
	if (ip->family != EW_AF_NONE)
		ew_json_add_ip(o, key, ip);
}

static void add_macs(struct json_object *o, const char *key, const struct ew_mac *m, unsigned n)
{
	struct json_object *a = ew_json_arr();
	for (unsigned i = 0; i < n; i++)
		ew_json_push(a, ew_json_mac(&m[i]));
	ew_json_add(o, key, a);
}

static void add_strs(struct json_object *o, const char *key, const struct ew_str *s, unsigned n)
{
	struct json_object *a = ew_json_arr();
	for (unsigned i = 0; i < n; i++)
		ew_json_push(a, ew_json_wire_string(s[i].s, s[i].len));
	ew_json_add(o, key, a);
}

/* Confidence as a short decimal, so the text (and report_id) never depends
 * on how a double happens to print. */
static struct json_object *confidence_json(double c)
{
	if (!(c >= 0)) /* NaN too */
		c = 0;
	if (c > 1)
		c = 1;
	char buf[16];
	snprintf(buf, sizeof buf, "%.3f", c);
	size_t n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return ew_json_double_s(strtod(buf, NULL), buf);
}

/* ---- evidence details ------------------------------------------------------------------ */

static void detail_forwarding(struct json_object *o, const struct dev_ev *e, const struct dev_view *v)
{
	add_u(o, "frames_out", e->fwd_out);
	add_u(o, "frames_in", e->fwd_in);
	add_u(o, "frames_in_routed", e->fwd_in_routed);
	add_u(o, "bytes", e->fwd_bytes);
	add_u(o, "inside_hosts", v->inside_hosts);
	add_u(o, "remote_addrs", v->remote_addrs);
	add_macs(o, "inside_sample", e->inside_sample, e->inside_sample_n);
	ew_json_add_ip_list(o, "remote_sample", e->remote_sample, e->remote_sample_n);
	struct json_object *t = ew_json_arr();
	for (unsigned i = 0; i < e->ttl_n; i++) {
		struct json_object *x = ew_json_obj();
		ew_json_add_int(x, "ttl", e->ttl_val[i]);
		add_u(x, "count", e->ttl_count[i]);
		ew_json_push(t, x);
	}
	ew_json_add(o, "ttls_in", t);
	if (e->ttl_other)
		add_u(o, "ttls_in_other", e->ttl_other);
}

static void detail_dhcp(struct json_object *o, const struct dev_ev *e)
{
	add_u(o, "offers", e->dhcp_offers);
	add_u(o, "acks", e->dhcp_acks);
	add_u(o, "naks", e->dhcp_naks);
	add_ip_opt(o, "server_id", &e->dhcp_server_id);
	if (e->dhcp_from_remote) {
		add_u(o, "relayed", e->dhcp_from_remote);
		add_ip_opt(o, "relayed_from", &e->dhcp_remote_server);
	}
	if (e->dhcp_to_relay)
		add_u(o, "to_relays", e->dhcp_to_relay);
	ew_json_add_ip_list(o, "routers", e->dhcp_routers, e->dhcp_router_n);
	add_ip_opt(o, "mask", &e->dhcp_mask);
	ew_json_add_ip_list(o, "dns", e->dhcp_dns, e->dhcp_dns_n);
	ew_json_add_str(o, "domain", &e->dhcp_domain);
	if (e->has_lease)
		add_u(o, "lease", e->dhcp_lease);
	if (e->dhcp_route_n) {
		ew_json_add_int(o, "route_option", e->dhcp_route_option);
		struct json_object *a = ew_json_arr();
		for (unsigned i = 0; i < e->dhcp_route_n; i++) {
			struct json_object *x = ew_json_obj();
			ew_json_add(x, "dest", ew_json_prefix(&e->dhcp_routes[i].dest));
			ew_json_add_ip(x, "router", &e->dhcp_routes[i].router);
			ew_json_push(a, x);
		}
		ew_json_add(o, "classless_routes", a);
	}
	ew_json_add_ip_list(o, "offered", e->offered, e->offered_n);
}

static void detail_dhcp6(struct json_object *o, const struct dev_ev *e)
{
	add_u(o, "advertise", e->dhcp6_advertise);
	add_u(o, "reply", e->dhcp6_reply);
	if (e->duid_len) {
		ew_json_add(o, "server_duid", ew_json_hex(e->duid, e->duid_len));
		if (e->duid_truncated)
			ew_json_add_bool(o, "server_duid_truncated", 1);
	}
	ew_json_add_ip_list(o, "dns", e->dhcp6_dns, e->dhcp6_dns_n);
	ew_json_add_lstr(o, "domains", &e->dhcp6_domains);
	if (e->has_pd)
		ew_json_add(o, "delegated_prefix", ew_json_prefix(&e->pd));
	if (e->ent_n) {
		struct json_object *a = ew_json_arr();
		for (unsigned i = 0; i < e->ent_n; i++)
			ew_json_push(a, ew_json_int(e->ent[i]));
		ew_json_add(o, "enterprise", a);
	}
}

static void detail_ra(struct json_object *o, const struct dev_ev *e)
{
	ew_json_add_int(o, "router_lifetime", e->ra_lifetime);
	ew_json_add_int(o, "max_router_lifetime", e->ra_max_lifetime);
	ew_json_add_bool(o, "managed", e->ra_managed);
	ew_json_add_bool(o, "other", e->ra_other);
	ew_json_add_int(o, "preference", e->ra_pref);
	ew_json_add_int(o, "hop_limit", e->ra_hop_limit);
	if (e->ra_mtu)
		add_u(o, "mtu", e->ra_mtu);
	struct json_object *a = ew_json_arr();
	for (unsigned i = 0; i < e->ra_prefix_n; i++) {
		const struct ew_ra_prefix *p = &e->ra_prefixes[i];
		struct json_object *x = ew_json_obj();
		ew_json_add(x, "prefix", ew_json_prefix(&p->prefix));
		ew_json_add_bool(x, "onlink", p->onlink);
		ew_json_add_bool(x, "autonomous", p->autonomous);
		add_u(x, "valid", p->valid);
		add_u(x, "preferred", p->preferred);
		ew_json_push(a, x);
	}
	ew_json_add(o, "prefixes", a);
	ew_json_add_ip_list(o, "rdnss", e->ra_rdnss, e->ra_rdnss_n);
	ew_json_add_lstr(o, "dnssl", &e->ra_dnssl);
	if (e->has_pref64)
		ew_json_add(o, "pref64", ew_json_prefix(&e->pref64));
}

static void detail_pppoe(struct json_object *o, const struct dev_ev *e, bool session)
{
	if (session) {
		ew_json_add_int(o, "session_id", e->session_id);
		add_ip_opt(o, "wan_addr", &e->wan_addr);
	} else {
		add_u(o, "padi", e->padi);
		add_u(o, "pado", e->pado);
		add_u(o, "padr", e->padr);
		add_u(o, "pads", e->pads);
		add_u(o, "padt", e->padt);
		ew_json_add_str(o, "ac_name", &e->ac_name);
		ew_json_add_str(o, "service", &e->service);
	}
	if (e->has_peer)
		ew_json_add_mac(o, "peer", &e->peer);
}

static void detail_ssdp(struct json_object *o, const struct dev_ev *e)
{
	add_u(o, "notify", e->ssdp_notify);
	add_u(o, "response", e->ssdp_response);
	add_strs(o, "types", e->ssdp_type, e->ssdp_type_n);
	add_strs(o, "servers", e->ssdp_server, e->ssdp_server_n);
	ew_json_add_lstr(o, "usn", &e->ssdp_usn);
	ew_json_add_lstr(o, "location", &e->ssdp_location);
}

static void detail_lldp(struct json_object *o, const struct dev_ev *e)
{
	ew_json_add_str(o, "system_name", &e->lldp_name);
	ew_json_add_lstr(o, "system_descr", &e->lldp_descr);
	ew_json_add_str(o, "chassis_id", &e->lldp_chassis);
	ew_json_add_str(o, "port_id", &e->lldp_port);
	if (e->lldp_has_caps) {
		ew_json_add_int(o, "caps_system", e->lldp_caps_sys);
		ew_json_add_int(o, "caps_enabled", e->lldp_caps_en);
		ew_json_add_bool(o, "router", e->lldp_caps_en & EW_CAP_ROUTER);
	}
	ew_json_add_ip_list(o, "mgmt", e->lldp_mgmt, e->lldp_mgmt_n);
}

static void detail_cdp(struct json_object *o, const struct dev_ev *e)
{
	ew_json_add_str(o, "device_id", &e->cdp_device);
	ew_json_add_str(o, "platform", &e->cdp_platform);
	ew_json_add_lstr(o, "software", &e->cdp_software);
	ew_json_add_str(o, "port_id", &e->cdp_port);
	if (e->cdp_has_caps) {
		add_u(o, "caps", e->cdp_caps);
		ew_json_add_bool(o, "router", e->cdp_caps & 1);
	}
	ew_json_add_ip_list(o, "addrs", e->cdp_addrs, e->cdp_addr_n);
}

static void detail_routing(struct json_object *o, const struct dev_ev *e, enum evk k)
{
	switch (k) {
	case EVK_RIP:
		ew_json_add_int(o, "version", e->rip_version);
		ew_json_add_int(o, "entries", e->rip_entries);
		ew_json_add_bool(o, "default_route", e->rip_default);
		if (e->rip_default) {
			add_u(o, "default_metric", e->rip_default_metric);
			add_ip_opt(o, "default_next_hop", &e->rip_next_hop);
		}
		break;
	case EVK_RIPNG:
		ew_json_add_int(o, "entries", e->ripng_entries);
		ew_json_add_bool(o, "default_route", e->ripng_default);
		if (e->ripng_default)
			ew_json_add_int(o, "default_metric", e->ripng_default_metric);
		break;
	case EVK_IRDP: {
		ew_json_add_int(o, "lifetime", e->irdp_lifetime);
		struct json_object *a = ew_json_arr();
		for (unsigned i = 0; i < e->irdp_n; i++) {
			struct json_object *x = ew_json_obj();
			ew_json_add_ip(x, "addr", &e->irdp[i].addr);
			ew_json_add_int(x, "preference", e->irdp[i].preference);
			ew_json_push(a, x);
		}
		ew_json_add(o, "addrs", a);
		break;
	}
	case EVK_VRRP:
		ew_json_add_int(o, "version", e->vrrp_version);
		ew_json_add_int(o, "vrid", e->vrrp_vrid);
		ew_json_add_int(o, "priority", e->vrrp_priority);
		ew_json_add_ip_list(o, "addrs", e->vrrp_addrs, e->vrrp_addr_n);
		break;
	case EVK_HSRP:
		ew_json_add_int(o, "version", e->hsrp_version);
		ew_json_add_int(o, "group", e->hsrp_group);
		ew_json_add_int(o, "state", e->hsrp_state);
		ew_json_add_int(o, "priority", e->hsrp_priority);
		add_ip_opt(o, "virtual_ip", &e->hsrp_vip);
		break;
	case EVK_OSPF:
		ew_json_add_int(o, "version", e->ospf_version);
		add_ip_opt(o, "router_id", &e->ospf_router_id);
		add_ip_opt(o, "area_id", &e->ospf_area);
		add_ip_opt(o, "mask", &e->ospf_mask);
		ew_json_add_int(o, "priority", e->ospf_priority);
		add_ip_opt(o, "dr", &e->ospf_dr);
		add_ip_opt(o, "bdr", &e->ospf_bdr);
		break;
	default: break;
	}
}

static struct json_object *detail(const struct ew_infer *inf, const struct dev *d, const struct dev_ev *e,
				  const struct dev_view *v, enum evk k)
{
	struct json_object *o = ew_json_obj();
	switch (k) {
	case EVK_FORWARDING: detail_forwarding(o, e, v); break;
	case EVK_MANY_ADDRS:
		add_u(o, "distinct_sources", ew_lc_estimate(&d->src_lc, 1));
		add_u(o, "distinct_destinations", ew_lc_estimate(&d->dst_lc, 1));
		break;
	case EVK_DHCP_OFFER: detail_dhcp(o, e); break;
	case EVK_DHCP_ROGUE: ew_json_add_ip_list(o, "routers", v->rogue, v->rogue_n); break;
	case EVK_DHCP6: detail_dhcp6(o, e); break;
	case EVK_RA: detail_ra(o, e); break;
	case EVK_PPPOE_AC:
	case EVK_PPPOE_CLIENT: detail_pppoe(o, e, false); break;
	case EVK_PPPOE_SESSION: detail_pppoe(o, e, true); break;
	case EVK_SSDP_IGD:
	case EVK_SSDP: detail_ssdp(o, e); break;
	case EVK_RIP:
	case EVK_RIPNG:
	case EVK_IRDP:
	case EVK_VRRP:
	case EVK_HSRP:
	case EVK_OSPF: detail_routing(o, e, k); break;
	case EVK_ICMP_REDIRECT:
		ew_json_add_int(o, "code", e->icmp_redirect_code);
		add_ip_opt(o, "gateway", &e->icmp_gateway);
		add_ip_opt(o, "dest", &e->icmp_dest);
		if (e->redirect_fwd) /* redirects whose datagram it was seen forwarding */
			ew_json_add_int(o, "forwarded", e->redirect_fwd);
		break;
	case EVK_ND_REDIRECT:
		add_ip_opt(o, "target", &e->nd_target);
		add_ip_opt(o, "dest", &e->nd_dest);
		if (e->nd_has_tlla)
			ew_json_add_mac(o, "target_lladdr", &e->nd_tlla);
		break;
	case EVK_LLDP: detail_lldp(o, e); break;
	case EVK_CDP: detail_cdp(o, e); break;
	case EVK_FOREIGN: ew_json_add_ip_list(o, "addrs", v->foreign, v->foreign_n); break;
	case EVK_ND_ROUTER_FLAG: break;
	case EVK_REDIRECT_GATEWAY:
		ew_json_add_mac(o, "by", &e->redirect_by);
		add_ip_opt(o, "gateway", &e->redirect_gw);
		add_ip_opt(o, "dest", &e->redirect_dest);
		break;
	case EVK_PROBE_FORWARDING:
		add_ip_opt(o, "target", &e->probe_target);
		ew_json_add_bool(o, "ipv4", (e->probe_fwd_families & 1) != 0);
		ew_json_add_bool(o, "ipv6", (e->probe_fwd_families & 2) != 0);
		break;
	case EVK_PROBE_ANSWER: {
		static const char *const stim[] = { "dhcp", "dhcp6", "rs", "irdp", "ssdp", "arp", "forward", "http" };
		struct json_object *a = json_object_new_array();
		for (unsigned i = 0; i < sizeof stim / sizeof stim[0]; i++)
			if (e->probe_stimuli & (1u << i))
				json_object_array_add(a, json_object_new_string(stim[i]));
		ew_json_add(o, "stimuli", a);
		break;
	}
	case EVK_PROBE_UPNP:
		add_ip_opt(o, "at", &e->probe_upnp_at);
		ew_json_add_str(o, "manufacturer", &e->upnp_manufacturer);
		ew_json_add_str(o, "model_name", &e->upnp_model_name);
		ew_json_add_str(o, "model_number", &e->upnp_model_number);
		ew_json_add_str(o, "friendly_name", &e->upnp_friendly);
		break;
	case EVK_PROBE_WAN:
		add_ip_opt(o, "external_addr", &e->probe_wan);
		ew_json_add_str(o, "carrier", &e->probe_carrier);
		ew_json_add_bool(o, "mobile", e->probe_mobile);
		add_u(o, "asn", e->probe_asn);
		break;
	case EVK_PROBE_HTTP:
		add_ip_opt(o, "at", &e->probe_http_at);
		ew_json_add(o, "title", ew_json_wire_string(e->http_title.s, e->http_title.len));
		ew_json_add_str(o, "server", &e->http_server);
		break;
	case EVK_DHCP_CLIENT:
		ew_json_add_str(o, "hostname", &e->client_hostname);
		ew_json_add_str(o, "vendor_class", &e->client_vendor_class);
		add_ip_opt(o, "requested", &e->client_requested);
		break;
	default: break;
	}
	(void)inf;
	return o;
}

static void add_evidence_item(struct json_object *arr, enum evk k, uint32_t count, int64_t first, int64_t last,
			      struct json_object *det)
{
	struct json_object *x = ew_json_obj();
	ew_json_add_cstr(x, "kind", ew_evk_name(k));
	add_u(x, "count", count);
	add_time(x, "first_seen", first);
	add_time(x, "last_seen", last);
	ew_json_add(x, "detail", det);
	ew_json_push(arr, x);
}

static struct json_object *evidence_json(const struct ew_infer *inf, const struct dev *d, const struct dev_view *v)
{
	struct json_object *arr = ew_json_arr();
	const struct dev_ev *e = ew_dev_ev_peek(&inf->t, d);
	for (int k = 0; k < EVK__COUNT; k++) {
		if (k == EVK_FOREIGN) {
			/* judged with today's subnets; may have become foreign by a later taint */
			if (!v->foreign_n)
				continue;
			const struct evk_stat *st = e ? &e->k[k] : NULL;
			struct json_object *o = ew_json_obj();
			ew_json_add_ip_list(o, "addrs", v->foreign, v->foreign_n);
			if (st && st->count)
				add_evidence_item(arr, (enum evk)k, st->count, st->first, st->last, o);
			else
				add_evidence_item(arr, (enum evk)k, v->foreign_n, d->first_seen, d->last_seen, o);
			continue;
		}
		if (!e || !e->k[k].count)
			continue;
		if (k == EVK_DHCP_ROGUE) {
			/* only routers still not declared: one may have turned out declared */
			if (v->rogue_n)
				add_evidence_item(arr, (enum evk)k, v->rogue_stat.count, v->rogue_stat.first,
						  v->rogue_stat.last, detail(inf, d, e, v, (enum evk)k));
			continue;
		}
		if (k == EVK_FORWARDING && !v->remote_addrs)
			continue; /* every "remote" address turned out local */
		if (k == EVK_SSDP_IGD && e->k[EVK_SSDP].count) {
			/* one device's announcements, some naming the gateway: one item */
			const struct evk_stat *a = &e->k[EVK_SSDP_IGD], *b = &e->k[EVK_SSDP];
			add_evidence_item(arr, (enum evk)k, a->count + b->count, a->first < b->first ? a->first : b->first,
					  a->last > b->last ? a->last : b->last, detail(inf, d, e, v, (enum evk)k));
			continue;
		}
		if (k == EVK_SSDP && e->k[EVK_SSDP_IGD].count)
			continue;
		const struct evk_stat *st = &e->k[k];
		add_evidence_item(arr, (enum evk)k, st->count, st->first, st->last, detail(inf, d, e, v, (enum evk)k));
	}
	return arr;
}

/* ---- candidates ------------------------------------------------------------------------ */

struct cand {
	uint32_t idx;
	bool declared;
	struct dev_view view;
	struct ew_verdict verdict; /* the class and class_confidence */
	struct ew_wayout wayout;   /* confidence that it is a way out; infrastructure */
};

static int cand_cmp(const void *a, const void *b, void *arg)
{
	const struct ew_infer *inf = arg;
	const struct cand *x = a, *y = b;
	if (x->declared != y->declared)
		return x->declared ? 1 : -1;
	if (x->wayout.confidence != y->wayout.confidence)
		return x->wayout.confidence > y->wayout.confidence ? -1 : 1;
	if (x->verdict.confidence != y->verdict.confidence)
		return x->verdict.confidence > y->verdict.confidence ? -1 : 1;
	const struct dev *dx = &inf->t.devs[x->idx], *dy = &inf->t.devs[y->idx];
	int c = memcmp(dx->mac.b, dy->mac.b, EW_MAC_LEN);
	if (c)
		return c;
	return dx->vlan < dy->vlan ? -1 : dx->vlan > dy->vlan;
}

/* reason = lead "; " reason, cut on a UTF-8 boundary with "..." to fit. */
static void reason_lead(char reason[EW_REASON_LEN], const char *lead)
{
	char r[EW_REASON_LEN];
	size_t n = strnlen(lead, EW_REASON_LEN - 1), m = strnlen(reason, EW_REASON_LEN - 1);
	memcpy(r, lead, n);
	if (m && n + 2 < EW_REASON_LEN) {
		memcpy(r + n, "; ", 2);
		n += 2;
		size_t room = EW_REASON_LEN - 1 - n;
		if (m > room) {
			m = ew_utf8_cut(reason, m, room > 3 ? room - 3 : 0);
			memcpy(r + n, reason, m);
			memcpy(r + n + m, "...", 3);
			n += m + 3;
		} else {
			memcpy(r + n, reason, m);
			n += m;
		}
	}
	r[n] = '\0';
	memcpy(reason, r, n + 1);
}

static void verdict_for(const struct ew_infer *inf, const struct dev *d, struct cand *c)
{
	struct ew_facts fx;
	ew_dev_view(inf, d, &c->view);
	ew_dev_facts(inf, d, &c->view, &fx);
	memset(&c->verdict, 0, sizeof c->verdict);
	if (inf->cfg.fp)
		ew_classify(inf->cfg.fp, &fx, &c->verdict);
	if ((unsigned)c->verdict.cls >= EW_CLASS__COUNT)
		c->verdict.cls = EW_CLASS_NONE;
	c->verdict.reason[sizeof c->verdict.reason - 1] = '\0';
	if (!(c->verdict.confidence >= 0))
		c->verdict.confidence = 0;
	if (c->verdict.confidence > 1)
		c->verdict.confidence = 1;
	if (c->verdict.cls == EW_CLASS_NONE && c->view.roles)
		ew_fallback_verdict(d, &c->view, ew_dev_ev_peek(&inf->t, d), &c->verdict);
	ew_classify_wayout(&fx, &c->verdict, &c->wayout);
	if (c->verdict.cls == EW_CLASS_NONE) {
		c->verdict.confidence = 0;
		if (!c->wayout.reason[0])
			snprintf(c->verdict.reason, sizeof c->verdict.reason, "%s",
				 c->declared ? "declared infrastructure; no egress role seen in this window"
					     : "no egress role");
		else
			c->verdict.reason[0] = '\0';
	}
	/* the way-out verdict's words (infrastructure, hints only) lead */
	if (c->wayout.reason[0])
		reason_lead(c->verdict.reason, c->wayout.reason);
}

/* With probe evidence: "probes" when every way-out behaviour it showed was
 * an answer to a stimulus the probes sent (DHCP DISCOVER -> rogue router, RS
 * -> RA, M-SEARCH -> IGD response, IRDP solicitation -> advertisement, the
 * TTL-1 test), "probes_and_listening" otherwise; NULL without probes. */
static const char *found_by(const struct dev_ev *e, const struct ew_wayout *w)
{
	if (!e || !(e->k[EVK_PROBE_FORWARDING].count | e->k[EVK_PROBE_ANSWER].count | e->k[EVK_PROBE_UPNP].count |
		    e->k[EVK_PROBE_WAN].count | e->k[EVK_PROBE_HTTP].count))
		return NULL;
	uint32_t answered = 1u << EW_WAYOUT_PROBE;
	if (e->probe_stimuli & EW_PROBE_STIM_DHCP)
		answered |= 1u << EW_WAYOUT_DHCP_ROGUE;
	if (e->probe_stimuli & EW_PROBE_STIM_RS)
		answered |= 1u << EW_WAYOUT_RA;
	if ((e->probe_stimuli & EW_PROBE_STIM_SSDP) && !e->ssdp_notify)
		answered |= 1u << EW_WAYOUT_IGD;
	if (e->probe_stimuli & EW_PROBE_STIM_IRDP)
		answered |= 1u << EW_WAYOUT_DEFAULT_ROUTE;
	return (w->shown & ~answered) ? "probes_and_listening" : "probes";
}

static struct json_object *candidate_json(const struct ew_infer *inf, const struct cand *c,
					  const struct ew_report_meta *meta)
{
	const struct dev *d = &inf->t.devs[c->idx];
	struct json_object *o = ew_json_obj();
	ew_json_add_mac(o, "mac", &d->mac);
	ew_json_set(o, "vlan", d->vlan ? ew_json_int(d->vlan) : NULL); /* null: untagged */
	ew_json_add_bool(o, "declared", c->declared);
	const char *vendor = inf->cfg.oui ? ew_oui_lookup(inf->cfg.oui, &d->mac) : NULL;
	ew_json_add(o, "vendor", vendor ? ew_json_wire_string(vendor, strlen(vendor)) : ew_json_string("unknown"));
	struct json_object *v4 = ew_json_arr(), *v6 = ew_json_arr();
	const struct dev_more *m = ew_dev_more(&inf->t, c->idx);
	for (unsigned i = 0; i < m->addr_n; i++)
		ew_json_push(m->addrs[i].family == EW_AF_INET ? v4 : v6, ew_json_ip(&m->addrs[i]));
	ew_json_add(o, "ipv4", v4);
	ew_json_add(o, "ipv6", v6);
	ew_json_add_cstr(o, "class", ew_class_name(c->verdict.cls));
	ew_json_add(o, "confidence", confidence_json(c->wayout.confidence));
	ew_json_add(o, "class_confidence", confidence_json(c->verdict.confidence));
	ew_json_add_bool(o, "infrastructure", c->wayout.infrastructure);
	struct json_object *way = ew_json_arr();
	for (int k = 0; k < EW_WAYOUT__COUNT; k++)
		if (c->wayout.shown & (1u << k))
			ew_json_push(way, ew_json_string(ew_wayout_kind_name((enum ew_wayout_kind)k)));
	ew_json_add(o, "way_out", way);
	struct json_object *roles = ew_json_arr();
	for (int r = 0; r < EW_ROLE__COUNT; r++)
		if (c->view.roles & (1u << r))
			ew_json_push(roles, ew_json_string(ew_role_name((enum ew_role)(1u << r))));
	ew_json_add(o, "roles", roles);
	ew_json_add(o, "reason", ew_json_wire_string(c->verdict.reason, strlen(c->verdict.reason)));
	add_time(o, "first_seen", d->first_seen);
	add_time(o, "last_seen", d->last_seen);
	add_u(o, "inside_hosts", c->view.inside_hosts);
	add_u(o, "remote_addrs", c->view.remote_addrs);
	ew_json_add_bool(o, "mac_local", ew_mac_is_local(&d->mac));
	const char *path = meta && meta->evidence_path ? meta->evidence_path(meta->evidence_user, &d->mac, d->vlan) : NULL;
	if (path)
		ew_json_add(o, "evidence_file", ew_json_wire_string(path, strlen(path)));
	struct json_object *loc = meta && meta->location ? meta->location(meta->location_user, &d->mac, d->vlan) : NULL;
	if (loc)
		ew_json_add(o, "location", loc);
	ew_json_add(o, "evidence", evidence_json(inf, d, &c->view));
	const char *by = found_by(ew_dev_ev_peek(&inf->t, d), &c->wayout);
	if (by)
		ew_json_add_cstr(o, "found_by", by);
	return o;
}

/* ---- report_id ------------------------------------------------------------------------- */

__extension__ typedef unsigned __int128 u128;

static void report_uuid(const char *text, char out[37])
{
	/* FNV-1a, 128-bit (offset basis and prime from draft-eastlake-fnv) */
	u128 h = ((u128)0x6c62272e07bb0142ULL << 64) | 0x62b821756295c58dULL;
	const u128 prime = ((u128)0x0000000001000000ULL << 64) | 0x000000000000013bULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		h ^= *p;
		h *= prime;
	}
	uint8_t b[16];
	for (int i = 15; i >= 0; i--) {
		b[i] = (uint8_t)h;
		h >>= 8;
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x80); /* version 8 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* ---- the report ------------------------------------------------------------------------- */

/* The devices the loop below looks at: only they have their vendor looked
 * up (ew_dev_facts, candidate_json). */
static bool may_need_vendor(const struct dev *d)
{
	return (d->flags & DEV_USED) && (d->flags & DEV_SEEN) && d->tier != TIER_PLAIN;
}

size_t ew_infer_report_macs(const struct ew_infer *inf, struct ew_mac *out, size_t cap)
{
	size_t n = 0;
	for (uint32_t i = 0; inf && i < inf->t.fresh; i++)
		if (may_need_vendor(&inf->t.devs[i]) && n++ < cap)
			out[n - 1] = inf->t.devs[i].mac;
	return n;
}

struct json_object *ew_infer_report(struct ew_infer *inf, const struct ew_report_meta *meta)
{
	if (!inf)
		return NULL;
	static const struct ew_report_meta empty;
	if (!meta)
		meta = &empty;
	ew_json_clear_failed(); /* every ew_json_* below records an allocation failure */
	struct json_object *root = ew_json_obj();
	ew_json_add_cstr(root, "schema", SCHEMA_NAME);
	ew_json_add_cstr(root, "report_id", "");

	struct json_object *agent = ew_json_obj();
	ew_json_add(agent, "id", cstr_or_empty(meta->agent_id));
	ew_json_add(agent, "site", cstr_or_empty(meta->site));
	ew_json_add(agent, "segment", cstr_or_empty(meta->segment));
	ew_json_add(agent, "interface", cstr_or_empty(meta->interface));
	ew_json_add(agent, "version", cstr_or_empty(meta->version));
	ew_json_add(root, "agent", agent);

	struct json_object *win = ew_json_obj();
	add_time(win, "start", meta->window_start_usec);
	add_time(win, "end", meta->window_end_usec);
	ew_json_add(root, "window", win);

	const struct dev_table *t = &inf->t;
	struct json_object *cap = ew_json_obj();
	ew_json_add_cstr(cap, "source", meta->source && !strcmp(meta->source, "live") ? "live" : "file");
	add_u(cap, "packets", meta->packets);
	add_u(cap, "bytes", meta->bytes);
	add_u(cap, "dropped", meta->dropped);
	add_u(cap, "evicted", t->evicted);
	if (meta->truncated)
		ew_json_add(cap, "truncated", ew_json_bool(1));
	ew_json_add(root, "capture", cap);

	if (meta->helper_count) {
		struct json_object *helpers = ew_json_obj();
		for (size_t i = 0; i < meta->helper_count && i < EW_REPORT_HELPERS_MAX; i++) {
			const struct ew_report_helper *h = &meta->helpers[i];
			struct json_object *o = ew_json_obj();
			ew_json_add_cstr(o, "state", h->stopped ? "stopped" : "running");
			if (h->stopped) {
				add_time(o, "since", h->since_usec);
				ew_json_add(o, "reason", cstr_or_empty(h->reason));
			}
			ew_json_add(helpers, h->name ? h->name : "", o);
		}
		ew_json_add(root, "helpers", helpers);
	}

	struct json_object *subnets = ew_json_arr();
	ew_subnets_json(inf, subnets);
	ew_json_add(root, "subnets", subnets);

	/* candidates: only devices with evidence, roles or declared can qualify */
	uint32_t n = 0, max = t->tier[TIER_EVIDENCE].n + t->tier[TIER_CANDIDATE].n + t->tier[TIER_DECLARED].n;
	struct cand *cands = calloc(max ? max : 1, sizeof *cands);
	if (!cands)
		ew_json_set_failed(); /* not a report with no candidates: no report */
	uint64_t addr_dropped = 0;
	/* slots at and past t->fresh were never used: not reading them keeps
	 * a small segment's report from faulting in the whole table (4 MiB at
	 * the default cap, a fifth of the agent's start-to-exit cost on a
	 * short capture) */
	for (uint32_t i = 0; i < t->fresh; i++) {
		const struct dev *d = &t->devs[i];
		if (!(d->flags & DEV_USED))
			continue;
		addr_dropped += t->more[i].addr_more;
		if (!may_need_vendor(d) || !cands || n >= max)
			continue;
		struct cand *c = &cands[n];
		c->idx = i;
		c->declared = d->flags & DEV_DECLARED;
		verdict_for(inf, d, c);
		if (c->declared || c->view.roles || c->verdict.cls != EW_CLASS_NONE || c->wayout.infrastructure)
			n++;
	}
	if (cands)
		qsort_r(cands, n, sizeof *cands, cand_cmp, inf);
	struct json_object *arr = ew_json_arr();
	for (uint32_t i = 0; i < n; i++)
		ew_json_push(arr, candidate_json(inf, &cands[i], meta));
	free(cands);
	ew_json_add(root, "candidates", arr);
	add_u(root, "hosts_seen", inf->hosts_seen);

	struct json_object *lim = ew_json_obj();
	add_u(lim, "max_devices", t->cap);
	add_u(lim, "devices", t->used);
	add_u(lim, "evicted_devices", t->evicted);
	add_u(lim, "evicted_with_evidence", t->evicted_with_evidence);
	add_u(lim, "table_full_drops", t->insert_failed);
	add_u(lim, "evidence_records_max", t->ev_cap);
	add_u(lim, "evidence_records", t->ev_used);
	add_u(lim, "evidence_reclaimed", t->ev_reclaimed);
	add_u(lim, "evidence_dropped", t->ev_dropped);
	add_u(lim, "addresses_per_device", EW_DEV_ADDRS);
	add_u(lim, "addresses_dropped", addr_dropped);
	add_u(lim, "inside_hosts_exact", EW_SET_CAP);
	add_u(lim, "remote_addrs_exact", EW_SET_CAP);
	add_u(lim, "evidence_frames_per_device", EW_EVIDENCE_FRAMES);
	add_u(lim, "subnets_dropped", ew_subnets_dropped(inf));
	add_u(lim, "subnet_vlans", EW_SUBNET_VLANS);
	add_u(lim, "subnet_vlan_frames_shared", inf->sn_shared);
	add_u(lim, "redirect_lookups_dropped", inf->redirect_scans_dropped);
	ew_json_add(root, "limits", lim);

	char id[37];
	const char *text = ew_json_failed() ? NULL
			   : ew_json_text(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text) {
		report_uuid(text, id);
		ew_json_set(root, "report_id", ew_json_string(id));
	}
	if (ew_json_failed()) { /* out of memory somewhere: a partial report would lie */
		json_object_put(root);
		return NULL;
	}
	return root;
}
