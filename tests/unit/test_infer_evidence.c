/* SPDX-License-Identifier: ISC */
/* test_infer_evidence.c - each evidence kind: the role it gives, the values
 * the report keeps, and the built-in verdict when no rule file is loaded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "infer_sim.h"

#define DEV "00:3a:9d:00:00:99"
#define PEER "00:1b:21:00:00:0a"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct sim *start(void)
{
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_subnet(s, "2001:db8:20::/64");
	sim_start(s);
	return s;
}

/* The candidate for DEV, which must exist, with the evidence kind. */
static struct json_object *cand_with(struct json_object *rep, const char *kind)
{
	struct json_object *c = sim_cand(rep, DEV, 0);
	assert_non_null(c);
	struct json_object *e = sim_evidence(c, kind);
	assert_non_null(e);
	assert_true(jint(e, "count") >= 1);
	assert_non_null(jstr(e, "first_seen"));
	return c;
}

static void set_str(struct ew_str *d, const char *s)
{
	ew_str_set(d, (const uint8_t *)s, strlen(s));
}

static void set_lstr(struct ew_lstr *d, const char *s)
{
	ew_lstr_set(d, (const uint8_t *)s, strlen(s));
}

static void dhcpv6_server(void **state)
{
	(void)state;
	struct sim *s = start();
	static const uint8_t duid[] = { 0, 3, 0, 1, 0x00, 0x3a, 0x9d, 0, 0, 0x99 };
	struct ew_ev_dhcp6 *d = &sim_ip_event(s, DEV, PEER, 0, "fe80::99", "fe80::a", 64, 17, EW_EV_DHCP6)->u.dhcp6;
	d->msg_type = 2; /* ADVERTISE */
	d->server_duid.p = duid;
	d->server_duid.len = sizeof duid;
	d->dns_count = 1;
	d->dns[0] = IP("2404:1a8:7f01:a::3");
	set_lstr(&d->domains, "flets-east.jp");
	d->vendor_count = 1;
	d->vendors[0].enterprise = 210;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_dhcp6");
	struct json_object *c = cand_with(rep, "dhcp6_server");
	struct json_object *det = sim_detail(c, "dhcp6_server");
	assert_string_equal(jstr(det, "server_duid"), "00030001003a9d000099");
	assert_true(jarr_has(jget(det, "dns"), "2404:1a8:7f01:a::3"));
	assert_string_equal(jstr(det, "domains"), "flets-east.jp");
	assert_int_equal(json_object_get_int(json_object_array_get_idx(jget(det, "enterprise"), 0)), 210);
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_DHCP6_SERVER);
	assert_string_equal(jstr(c, "class"), "dhcp_server");
	assert_true(jarr_has(jget(c, "ipv6"), "fe80::99"));
	json_object_put(rep);
	sim_free(s);
}

static void router_advertisement(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_nd_ra *ra = &sim_ip_event(s, DEV, "33:33:00:00:00:01", 0, "fe80::99", "ff02::1", 255, 58,
					       EW_EV_ND_RA)->u.ra;
	ra->router_lifetime = 1800;
	ra->managed = false;
	ra->other = true;
	ra->cur_hop_limit = 64;
	ra->has_mtu = true;
	ra->mtu = 1454;
	ra->prefix_count = 1;
	ra->prefixes[0].prefix = PFX("2408:210:abcd:1200::/64");
	ra->prefixes[0].onlink = ra->prefixes[0].autonomous = true;
	ra->prefixes[0].valid = 2592000;
	ra->prefixes[0].preferred = 604800;
	ra->rdnss_count = 1;
	ra->rdnss[0] = IP("2408:210:abcd:1200::1");
	set_lstr(&ra->dnssl, "flets-east.jp");
	sim_feed(s);
	/* lifetime 0: evidence, but not a default router */
	sim_ip_event(s, "00:3a:9d:00:00:98", "33:33:00:00:00:01", 0, "fe80::98", "ff02::1", 255, 58, EW_EV_ND_RA);
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_ra");
	struct json_object *c = cand_with(rep, "router_advertisement");
	struct json_object *det = sim_detail(c, "router_advertisement");
	assert_int_equal(jint(det, "router_lifetime"), 1800);
	assert_int_equal(jint(det, "mtu"), 1454);
	assert_true(json_object_get_boolean(jget(det, "other")));
	struct json_object *p = json_object_array_get_idx(jget(det, "prefixes"), 0);
	assert_string_equal(jstr(p, "prefix"), "2408:210:abcd:1200::/64");
	assert_int_equal(jint(p, "valid"), 2592000);
	assert_true(jarr_has(jget(det, "rdnss"), "2408:210:abcd:1200::1"));
	assert_string_equal(jstr(det, "dnssl"), "flets-east.jp");
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_RA_ROUTER);
	assert_string_equal(jstr(c, "class"), "router");
	assert_int_equal(sim_roles(s, "00:3a:9d:00:00:98", 0), 0);
	assert_null(sim_cand(rep, "00:3a:9d:00:00:98", 0));
	/* the classifier sees the carrier prefix */
	struct ew_mac m = MAC(DEV);
	struct dev_view v;
	struct ew_facts fx;
	const struct dev *dv = ew_dev(&s->inf->t, ew_dev_find(&s->inf->t, &m, 0));
	ew_dev_view(s->inf, dv, &v);
	ew_dev_facts(s->inf, dv, &v, &fx);
	assert_int_equal(fx.ra_prefix_count, 1);
	assert_int_equal(fx.ra_prefixes[0].len, 64);
	assert_string_equal(fx.dns_search, "flets-east.jp");
	json_object_put(rep);
	sim_free(s);
}

static void pppoe_discovery_and_session(void **state)
{
	(void)state;
	struct sim *s = start();
	/* PADI from a local router (broadcast), PADO from the concentrator */
	sim_frame(s, PEER, BCAST, 0);
	s->f.ethertype = 0x8863;
	struct ew_ev_pppoe_disc *p = &sim_ev(s, EW_EV_PPPOE_DISC)->u.pppoe;
	p->code = EW_PADI;
	p->has_service_name = true;
	sim_feed(s);
	sim_frame(s, DEV, PEER, 0);
	s->f.ethertype = 0x8863;
	p = &sim_ev(s, EW_EV_PPPOE_DISC)->u.pppoe;
	p->code = EW_PADO;
	set_str(&p->ac_name, "BAS-TOKYO-01");
	p->has_service_name = true;
	set_str(&p->service_name, "flets");
	sim_feed(s);
	/* sessions: each end, the AC known from discovery */
	for (int i = 0; i < 3; i++) {
		sim_frame(s, DEV, PEER, 0);
		s->f.ethertype = 0x8864;
		sim_ev(s, EW_EV_PPPOE_SESS)->u.pppoes.session_id = 0x1234;
		sim_feed(s);
		sim_frame(s, PEER, DEV, 0);
		s->f.ethertype = 0x8864;
		sim_ev(s, EW_EV_PPPOE_SESS)->u.pppoes.session_id = 0x1234;
		sim_feed(s);
	}
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_pppoe");
	struct json_object *c = cand_with(rep, "pppoe_ac");
	struct json_object *det = sim_detail(c, "pppoe_ac");
	assert_string_equal(jstr(det, "ac_name"), "BAS-TOKYO-01");
	assert_string_equal(jstr(det, "service"), "flets");
	assert_string_equal(jstr(det, "peer"), PEER);
	assert_int_equal(jint(det, "pado"), 1);
	assert_int_equal(jint(sim_evidence(c, "pppoe_session"), "count"), 3);
	assert_int_equal(jint(sim_detail(c, "pppoe_session"), "session_id"), 0x1234);
	assert_string_equal(jstr(c, "class"), "onu_bridged");
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_PPPOE_AC);
	assert_false(sim_roles(s, DEV, 0) & EW_ROLE_PPPOE_CLIENT);
	struct json_object *cl = sim_cand(rep, PEER, 0);
	assert_non_null(cl);
	assert_non_null(sim_evidence(cl, "pppoe_client"));
	assert_true(sim_roles(s, PEER, 0) & EW_ROLE_PPPOE_CLIENT);
	json_object_put(rep);
	/* next window: only sessions, the concentrator is still known as such */
	ew_infer_new_window(s->inf);
	sim_frame(s, DEV, PEER, 0);
	sim_ev(s, EW_EV_PPPOE_SESS)->u.pppoes.session_id = 0x1234;
	sim_feed(s);
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_PPPOE_AC);
	sim_free(s);
}

static void ssdp_igd_and_plain(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_ssdp *e = &sim_ip_event(s, DEV, "01:00:5e:7f:ff:fa", 0, "10.20.9.9", "239.255.255.250", 4, 17,
					     EW_EV_SSDP)->u.ssdp;
	e->kind = EW_SSDP_NOTIFY;
	set_lstr(&e->nt, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	set_lstr(&e->nts, "ssdp:alive");
	set_lstr(&e->server, "Linux/3.4 UPnP/1.0 Huawei-ATP-IGD");
	set_lstr(&e->location, "http://10.20.9.9:37215/desc.xml");
	set_lstr(&e->usn, "uuid:1::urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	sim_feed(s);
	/* a printer's NOTIFY: weak context only, not a candidate */
	e = &sim_ip_event(s, PEER, "01:00:5e:7f:ff:fa", 0, "10.20.1.50", "239.255.255.250", 4, 17, EW_EV_SSDP)->u.ssdp;
	e->kind = EW_SSDP_NOTIFY;
	set_lstr(&e->nt, "urn:schemas-upnp-org:device:Printer:1");
	sim_feed(s);
	/* an M-SEARCH for a gateway is a client asking */
	e = &sim_ip_event(s, "00:1b:21:00:00:0c", "01:00:5e:7f:ff:fa", 0, "10.20.1.51", "239.255.255.250", 4, 17,
			  EW_EV_SSDP)->u.ssdp;
	e->kind = EW_SSDP_MSEARCH;
	set_lstr(&e->st, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_ssdp");
	struct json_object *c = cand_with(rep, "ssdp_igd");
	struct json_object *det = sim_detail(c, "ssdp_igd");
	assert_true(jarr_has(jget(det, "types"), "urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
	assert_true(jarr_has(jget(det, "servers"), "Linux/3.4 UPnP/1.0 Huawei-ATP-IGD"));
	assert_string_equal(jstr(det, "location"), "http://10.20.9.9:37215/desc.xml");
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_UPNP_IGD);
	assert_null(sim_cand(rep, PEER, 0));
	assert_null(sim_cand(rep, "00:1b:21:00:00:0c", 0));
	assert_int_equal(sim_unlisted(rep), 1);
	json_object_put(rep);
	sim_free(s);
}

static void lldp_and_cdp(void **state)
{
	(void)state;
	struct sim *s = start();
	sim_frame(s, DEV, "01:80:c2:00:00:0e", 0);
	struct ew_ev_lldp *l = &sim_ev(s, EW_EV_LLDP)->u.lldp;
	set_str(&l->system_name, "RTX1210");
	set_lstr(&l->system_descr, "RTX1210 Rev.14.01.38");
	set_str(&l->chassis_id, "00:3a:9d:00:00:99");
	l->has_caps = true;
	l->caps_system = EW_CAP_ROUTER | EW_CAP_BRIDGE;
	l->caps_enabled = EW_CAP_ROUTER;
	l->mgmt_count = 1;
	l->mgmt[0] = IP("10.20.0.254");
	sim_feed(s);
	/* a switch: LLDP without router capability is infrastructure, not a way out */
	sim_frame(s, PEER, "01:80:c2:00:00:0e", 0);
	l = &sim_ev(s, EW_EV_LLDP)->u.lldp;
	set_str(&l->system_name, "core-sw-1");
	l->has_caps = true;
	l->caps_system = l->caps_enabled = EW_CAP_BRIDGE;
	sim_feed(s);
	/* CDP from a Cisco router */
	sim_frame(s, "00:00:0c:00:00:01", "01:00:0c:cc:cc:cc", 0);
	struct ew_ev_cdp *c = &sim_ev(s, EW_EV_CDP)->u.cdp;
	set_str(&c->device_id, "branch-gw");
	set_str(&c->platform, "cisco C891F");
	c->has_caps = true;
	c->caps = 0x01 | 0x08;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_lldp");
	struct json_object *cand = cand_with(rep, "lldp");
	struct json_object *det = sim_detail(cand, "lldp");
	assert_string_equal(jstr(det, "system_name"), "RTX1210");
	assert_string_equal(jstr(det, "system_descr"), "RTX1210 Rev.14.01.38");
	assert_true(json_object_get_boolean(jget(det, "router")));
	assert_true(jarr_has(jget(det, "mgmt"), "10.20.0.254"));
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_LLDP_ROUTER);
	struct json_object *sw = sim_cand(rep, PEER, 0);
	assert_non_null(sw);
	assert_true(json_object_get_boolean(jget(sw, "infrastructure")));
	assert_true(json_object_get_double(jget(sw, "confidence")) <= EW_WAYOUT_INFRA);
	assert_int_equal(json_object_array_length(jget(sw, "way_out")), 0);
	struct json_object *cc = sim_cand(rep, "00:00:0c:00:00:01", 0);
	assert_non_null(cc);
	assert_string_equal(jstr(sim_detail(cc, "cdp"), "platform"), "cisco C891F");
	assert_string_equal(jstr(sim_detail(cc, "cdp"), "device_id"), "branch-gw");
	assert_true(sim_roles(s, "00:00:0c:00:00:01", 0) & EW_ROLE_LLDP_ROUTER);
	json_object_put(rep);
	sim_free(s);
}

static void rip_and_ripng(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_rip *r = &sim_ip_event(s, DEV, "01:00:5e:00:00:09", 0, "10.20.0.99", "224.0.0.9", 1, 17,
					    EW_EV_RIP)->u.rip;
	r->command = 2;
	r->version = 2;
	r->entry_count = 2;
	r->entries[0].prefix = PFX("10.99.0.0/16");
	r->entries[0].metric = 2;
	r->entries[1].prefix = PFX("0.0.0.0/0");
	r->entries[1].metric = 1;
	r->entries[1].next_hop = IP("10.20.0.99");
	r->has_default = true;
	sim_feed(s);
	/* a RIP request is not an announcement */
	sim_frame(s, PEER, "01:00:5e:00:00:09", 0);
	sim_iphdr(s, "10.20.1.10", "224.0.0.9", 1, 17);
	sim_ev(s, EW_EV_RIP)->u.rip.command = 1;
	sim_feed(s);
	struct ew_ev_ripng *g = &sim_ip_event(s, "00:3a:9d:00:00:98", "33:33:00:00:00:09", 0, "fe80::98", "ff02::9",
					      255, 17, EW_EV_RIPNG)->u.ripng;
	g->command = 2;
	g->entry_count = 1;
	g->entries[0].prefix = PFX("::/0");
	g->entries[0].metric = 1;
	g->has_default = true;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_rip");
	struct json_object *c = cand_with(rep, "rip");
	struct json_object *det = sim_detail(c, "rip");
	assert_true(json_object_get_boolean(jget(det, "default_route")));
	assert_int_equal(jint(det, "default_metric"), 1);
	assert_string_equal(jstr(det, "default_next_hop"), "10.20.0.99");
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_RIP_DEFAULT);
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_ROUTING_PROTO);
	assert_string_equal(jstr(c, "class"), "router");
	assert_null(sim_cand(rep, PEER, 0));
	struct json_object *g6 = sim_cand(rep, "00:3a:9d:00:00:98", 0);
	assert_non_null(g6);
	assert_true(json_object_get_boolean(jget(sim_detail(g6, "ripng"), "default_route")));
	json_object_put(rep);
	sim_free(s);
}

static void irdp_vrrp_hsrp_ospf(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_irdp_advert *ir = &sim_ip_event(s, DEV, "01:00:5e:00:00:01", 0, "10.20.0.99", "224.0.0.1", 1, 1,
						     EW_EV_IRDP_ADVERT)->u.irdp;
	ir->lifetime = 1800;
	ir->count = 1;
	ir->entries[0].addr = IP("10.20.0.99");
	ir->entries[0].preference = 0;
	sim_feed(s);
	struct ew_ev_vrrp *v = &sim_ip_event(s, "00:00:5e:00:01:07", "01:00:5e:00:00:12", 0, "10.20.0.97", "224.0.0.18",
					     255, 112, EW_EV_VRRP)->u.vrrp;
	v->version = 2;
	v->type = 1;
	v->vrid = 7;
	v->priority = 100;
	v->addr_count = 1;
	v->addrs[0] = IP("10.20.0.254");
	sim_feed(s);
	struct ew_ev_hsrp *h = &sim_ip_event(s, "00:00:0c:07:ac:01", "01:00:5e:00:00:02", 0, "10.20.0.96", "224.0.0.2",
					     1, 17, EW_EV_HSRP)->u.hsrp;
	h->version = 0;
	h->group = 1;
	h->state = 16;
	h->priority = 110;
	h->virtual_ip = IP("10.20.0.253");
	sim_feed(s);
	struct ew_ev_ospf_hello *o = &sim_ip_event(s, "00:00:0c:00:00:95", "01:00:5e:00:00:05", 0, "10.20.0.95",
						   "224.0.0.5", 1, 89, EW_EV_OSPF_HELLO)->u.ospf;
	o->version = 2;
	o->router_id = IP("10.255.0.1");
	o->area_id = IP("0.0.0.0");
	o->mask = IP("255.255.0.0");
	o->priority = 1;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_routing");
	struct json_object *c = cand_with(rep, "irdp");
	assert_int_equal(jint(sim_detail(c, "irdp"), "lifetime"), 1800);
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_IRDP);
	struct json_object *cv = sim_cand(rep, "00:00:5e:00:01:07", 0);
	assert_non_null(cv);
	assert_int_equal(jint(sim_detail(cv, "vrrp"), "vrid"), 7);
	assert_true(jarr_has(jget(sim_detail(cv, "vrrp"), "addrs"), "10.20.0.254"));
	struct json_object *ch = sim_cand(rep, "00:00:0c:07:ac:01", 0);
	assert_non_null(ch);
	assert_string_equal(jstr(sim_detail(ch, "hsrp"), "virtual_ip"), "10.20.0.253");
	struct json_object *co = sim_cand(rep, "00:00:0c:00:00:95", 0);
	assert_non_null(co);
	assert_string_equal(jstr(sim_detail(co, "ospf_hello"), "router_id"), "10.255.0.1");
	assert_true(sim_roles(s, "00:00:0c:00:00:95", 0) & EW_ROLE_ROUTING_PROTO);
	json_object_put(rep);
	sim_free(s);
}

/* HSRPv2 (UDP 1985 to 224.0.0.102) numbers groups in 12 bits (0..4095) and
 * carries a 32-bit priority field; the evidence must keep both whole (an
 * 8-bit record turned group 272 into 16 and priority 300 into 44). */
static void hsrp2_wide_group_priority(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_hsrp *h = &sim_ip_event(s, "00:00:0c:9f:f1:10", "01:00:5e:00:00:66", 0, "10.20.0.94",
					     "224.0.0.102", 1, 17, EW_EV_HSRP)->u.hsrp;
	h->version = 2;
	h->group = 0x110;
	h->state = 6;
	h->priority = 300;
	h->virtual_ip = IP("10.20.0.252");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	struct json_object *ch = sim_cand(rep, "00:00:0c:9f:f1:10", 0);
	assert_non_null(ch);
	assert_int_equal(jint(sim_detail(ch, "hsrp"), "version"), 2);
	assert_int_equal(jint(sim_detail(ch, "hsrp"), "group"), 0x110);
	assert_int_equal(jint(sim_detail(ch, "hsrp"), "priority"), 300);
	json_object_put(rep);
	sim_free(s);
}

static void redirects(void **state)
{
	(void)state;
	struct sim *s = start();
	struct ew_ev_icmp *i = &sim_ip_event(s, DEV, PEER, 0, "10.20.0.99", "10.20.1.10", 64, 1, EW_EV_ICMP)->u.icmp;
	i->type = 5;
	i->code = 1;
	i->gateway = IP("10.20.0.98");
	i->has_inner = true;
	i->inner_src = IP("10.20.1.10");
	i->inner_dst = IP("8.8.8.8");
	sim_feed(s);
	/* an echo reply says nothing */
	sim_frame(s, PEER, DEV, 0);
	sim_iphdr(s, "10.20.1.10", "10.20.0.99", 64, 1);
	sim_ev(s, EW_EV_ICMP)->u.icmp.type = 0;
	sim_feed(s);
	struct ew_ev_nd_redirect *r = &sim_ip_event(s, "00:3a:9d:00:00:98", PEER, 0, "fe80::98", "2001:db8:20::a", 255,
						    58, EW_EV_ND_REDIRECT)->u.redirect;
	r->target = IP("fe80::97");
	r->dest = IP("2001:db8:ffff::1");
	r->has_tgt_lladdr = true;
	r->tgt_lladdr = MAC("00:3a:9d:00:00:97");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_redirect");
	struct json_object *c = cand_with(rep, "icmp_redirect");
	struct json_object *det = sim_detail(c, "icmp_redirect");
	assert_string_equal(jstr(det, "gateway"), "10.20.0.98");
	assert_string_equal(jstr(det, "dest"), "8.8.8.8");
	assert_true(sim_roles(s, DEV, 0) & EW_ROLE_REDIRECTOR);
	assert_null(sim_cand(rep, PEER, 0));
	struct json_object *c6 = sim_cand(rep, "00:3a:9d:00:00:98", 0);
	assert_non_null(c6);
	assert_string_equal(jstr(sim_detail(c6, "nd_redirect"), "target_lladdr"), "00:3a:9d:00:00:97");
	json_object_put(rep);
	sim_free(s);
}

/* A device using an address outside every local subnet: evidence, and facts
 * for the classifier, but by itself no role (a rule decides, e.g. on
 * 192.168.137.1 for Windows connection sharing). */
static void foreign_subnet(void **state)
{
	(void)state;
	struct sim *s = start();
	sim_arp(s, DEV, 0, "192.168.137.1", "192.168.137.20");
	sim_ip(s, DEV, PEER, 0, "192.168.137.1", "10.20.1.10", 128);
	sim_ip(s, DEV, PEER, 0, "192.168.137.1", "10.20.1.10", 128);
	struct ew_mac m = MAC(DEV);
	struct dev_view v;
	struct ew_facts fx;
	const struct dev *dv = ew_dev(&s->inf->t, ew_dev_find(&s->inf->t, &m, 0));
	ew_dev_view(s->inf, dv, &v);
	ew_dev_facts(s->inf, dv, &v, &fx);
	assert_true(fx.foreign_subnet);
	assert_int_equal(fx.addr_count, 1);
	assert_int_equal(v.roles, 0);
	const struct dev_ev *e = ew_dev_ev_peek(&s->inf->t, dv);
	assert_non_null(e);
	assert_int_equal(e->k[EVK_FOREIGN].count, 3); /* the ARP and two frames */
	assert_int_equal(sim_cb_count(s, DEV), 0);    /* not strong: no evidence frames for it */
	/* it forwards for a host behind it: now a candidate, with the evidence */
	sim_arp(s, "00:1b:21:00:00:0c", 0, "192.168.137.20", "192.168.137.1");
	sim_ip(s, "00:1b:21:00:00:0c", DEV, 0, "192.168.137.20", "8.8.8.8", 128);
	sim_ip(s, "00:1b:21:00:00:0c", DEV, 0, "192.168.137.20", "8.8.4.4", 128);
	sim_ip(s, "00:1b:21:00:00:0c", DEV, 0, "192.168.137.20", "8.8.4.4", 128);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "ev_foreign");
	struct json_object *c = cand_with(rep, "foreign_subnet");
	assert_true(jarr_has(jget(sim_detail(c, "foreign_subnet"), "addrs"), "192.168.137.1"));
	assert_non_null(sim_evidence(c, "forwarding"));
	json_object_put(rep);
	sim_free(s);
}

static void dhcp_client_and_router_flag(void **state)
{
	(void)state;
	struct sim *s = start();
	sim_dhcp_request(s, DEV, 0, 1, "DESKTOP-7Q2");
	struct ew_ev_nd_na *na = &sim_ip_event(s, DEV, PEER, 0, "fe80::99", "fe80::a", 255, 58, EW_EV_ND_NA)->u.na;
	na->router = true;
	na->target = IP("2001:db8:20::99");
	na->has_tgt_lladdr = true;
	na->tgt_lladdr = MAC(DEV);
	sim_feed(s);
	/* weak evidence alone: no candidate */
	struct json_object *rep = sim_report(s);
	assert_null(sim_cand(rep, DEV, 0));
	json_object_put(rep);
	/* once it forwards, the weak evidence travels with it */
	sim_ip(s, PEER, DEV, 0, "2001:db8:20::a", "2001:db8:ffff::1", 64);
	sim_ip(s, PEER, DEV, 0, "2001:db8:20::a", "2001:db8:ffff::2", 64);
	sim_ip(s, PEER, DEV, 0, "2001:db8:20::a", "2001:db8:ffff::2", 64);
	rep = sim_report(s);
	sim_dump(rep, "ev_client");
	struct json_object *c = cand_with(rep, "dhcp_client");
	assert_string_equal(jstr(sim_detail(c, "dhcp_client"), "hostname"), "DESKTOP-7Q2");
	assert_non_null(sim_evidence(c, "nd_router_flag"));
	assert_true(jarr_has(jget(c, "ipv6"), "2001:db8:20::99"));
	struct ew_mac m = MAC(DEV);
	struct dev_view v;
	struct ew_facts fx;
	const struct dev *dv = ew_dev(&s->inf->t, ew_dev_find(&s->inf->t, &m, 0));
	ew_dev_view(s->inf, dv, &v);
	ew_dev_facts(s->inf, dv, &v, &fx);
	assert_true(fx.acts_as_client);
	assert_string_equal(fx.client_hostname, "DESKTOP-7Q2");
	assert_int_equal(fx.remote_addrs, 2);
	assert_int_equal(fx.inside_hosts, 1);
	json_object_put(rep);
	sim_free(s);
}

/* Wire strings keep any bytes: the report stays valid UTF-8 JSON. */
static void wire_strings_are_sanitised(void **state)
{
	(void)state;
	struct sim *s = start();
	sim_frame(s, DEV, "01:80:c2:00:00:0e", 0);
	struct ew_ev_lldp *l = &sim_ev(s, EW_EV_LLDP)->u.lldp;
	static const uint8_t bad[] = { 'a', 0xff, 0xc0, 0x80, '"', '\\', 0, '\n', 'z' };
	ew_str_set(&l->system_name, bad, sizeof bad);
	l->has_caps = true;
	l->caps_enabled = EW_CAP_ROUTER;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	const char *txt = json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PLAIN);
	struct json_object *back = json_tokener_parse(txt);
	assert_non_null(back);
	struct json_object *c = sim_cand(back, DEV, 0);
	const char *name = jstr(sim_detail(c, "lldp"), "system_name");
	assert_non_null(strstr(name, "\xef\xbf\xbd")); /* U+FFFD */
	assert_non_null(strstr(name, "\"\\"));
	assert_int_equal(name[strlen(name) - 1], 'z'); /* the NUL did not cut it */
	json_object_put(back);
	json_object_put(rep);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dhcpv6_server),
		cmocka_unit_test(router_advertisement),
		cmocka_unit_test(pppoe_discovery_and_session),
		cmocka_unit_test(ssdp_igd_and_plain),
		cmocka_unit_test(lldp_and_cdp),
		cmocka_unit_test(rip_and_ripng),
		cmocka_unit_test(irdp_vrrp_hsrp_ospf),
		cmocka_unit_test(hsrp2_wide_group_priority),
		cmocka_unit_test(redirects),
		cmocka_unit_test(foreign_subnet),
		cmocka_unit_test(dhcp_client_and_router_flag),
		cmocka_unit_test(wire_strings_are_sanitised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
