/* SPDX-License-Identifier: ISC */
/* test_infer_issue7.c - review findings on what evidence says about whom:
 * a relayed DHCP reply gives the relay no borrowed address, a reason names
 * the address that triggered it, subnets are per VLAN, redirects name the
 * router they point at, every fact a rule may name is filled, and a vendor
 * alone never outvotes what a device does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent_config.h"
#include "egresswatch/oui.h"
#include "fingerprints.h"
#include "infer_sim.h"


#define CORE "00:a0:de:20:00:01"   /* the declared core router (a DHCP relay) */
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"
#define HGW "00:3a:9d:00:00:99"

static struct ew_fp_db *shipped(void)
{
	return sim_shipped_rules();
}

static bool cand_has_addr(struct json_object *c, const char *ip)
{
	return c && (jarr_has(jget(c, "ipv4"), ip) || jarr_has(jget(c, "ipv6"), ip));
}

/* ---- relayed DHCP --------------------------------------------------------------------- */

/* The core relays the hospital's remote DHCP server: the reply on this wire
 * has giaddr set, IP source the server (10.99.0.5, another site), Ethernet
 * source the core. */
static void relayed_dhcp_gives_relay_no_borrowed_address(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, CORE);
	sim_start(s);
	sim_arp(s, CORE, 0, "10.20.0.1", "10.20.0.10");
	struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, CORE, "10.99.0.5", HOST_A, 0, 5, "10.20.1.10");
	d->giaddr = IP("10.20.0.1");
	d->has_mask = true;
	d->mask = IP("255.255.0.0");
	d->router_count = 1;
	d->routers[0] = IP("10.20.0.1");
	sim_feed(s);
	/* the same reply without giaddr, routed here (TTL 62) with the server's source */
	d = sim_dhcp_reply_framed(s, CORE, HOST_B, 0, "10.99.0.5", "10.20.1.11", 62, 5, "10.20.1.11", HOST_B);
	d->router_count = 1;
	d->routers[0] = IP("10.20.0.1");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "relayed_dhcp");
	struct json_object *c = sim_cand(rep, CORE, 0);
	assert_non_null(c);
	assert_true(cand_has_addr(c, "10.20.0.1"));
	assert_false(cand_has_addr(c, "10.99.0.5"));
	assert_null(strstr(jstr(c, "reason"), "outside every local subnet"));
	assert_null(sim_evidence(c, "foreign_subnet"));
	struct json_object *d4 = sim_detail(c, "dhcp_offer");
	assert_int_equal(jint(d4, "relayed"), 2);
	assert_string_equal(jstr(d4, "relayed_from"), "10.99.0.5");
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* DHCPv6: a Relay-reply routed to the relay carries the remote server's
 * source address; the router that put it on the wire does not own it. */
static void relayed_dhcp6_gives_no_borrowed_address(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "2001:db8:20::/64");
	sim_declare(s, CORE);
	sim_start(s);
	struct ew_event *ev = sim_ip_event(s, CORE, "00:3a:9d:00:00:70", 0, "2001:db8:99::547", "2001:db8:20::70", 62,
					   17, EW_EV_DHCP6);
	ev->u.dhcp6.msg_type = 7;
	ev->u.dhcp6.relay_hops = 1;
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, CORE, 0);
	assert_non_null(c);
	assert_false(cand_has_addr(c, "2001:db8:99::547"));
	json_object_put(rep);
	sim_free(s);
}

/* An unrelayed rogue server still owns the address it sends from, also when
 * it is a second address of a host (Windows ICS on a PC with an EMR lease). */
static void unrelayed_server_owns_its_source(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.33", "255.255.255.0", "192.168.1.1");
	sim_arp(s, HOST_B, 0, "10.20.1.11", "10.20.0.1");
	sim_dhcp_reply(s, HOST_B, "192.168.137.1", HOST_A, 0, 2, "192.168.137.20", "255.255.255.0", "192.168.137.1");
	struct json_object *rep = sim_report(s);
	assert_true(cand_has_addr(sim_cand(rep, HGW, 0), "192.168.1.1"));
	assert_true(cand_has_addr(sim_cand(rep, HOST_B, 0), "192.168.137.1"));
	json_object_put(rep);
	sim_free(s);
}

/* "uses X, outside every local subnet" names the foreign address, not the
 * device's first one. */
static void foreign_reason_names_the_foreign_address(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_arp(s, HGW, 0, "10.20.5.5", "10.20.0.1");     /* first address: local */
	sim_arp(s, HGW, 0, "172.31.9.9", "172.31.9.1");   /* second: foreign */
	sim_dhcp_reply(s, HGW, "10.20.5.5", HOST_A, 0, 2, "10.20.5.50", "255.255.0.0", "10.20.5.5");
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	const char *reason = jstr(c, "reason");
	assert_non_null(strstr(reason, "uses 172.31.9.9, outside every local subnet"));
	assert_null(strstr(reason, "uses 10.20.5.5"));
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* The rogue-router note names the undeclared router, not the declared one
 * offered beside it. */
static void rogue_note_names_the_rogue_router(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, "10.20.0.1");
	sim_start(s);
	struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, HGW, "10.20.7.7", HOST_A, 0, 2, "10.20.7.50");
	d->router_count = 2;
	d->routers[0] = IP("10.20.0.1");
	d->routers[1] = IP("10.20.7.7");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	const char *reason = jstr(sim_cand(rep, HGW, 0), "reason");
	assert_non_null(strstr(reason, "offers an undeclared default router 10.20.7.7"));
	assert_null(strstr(reason, "undeclared default router 10.20.0.1"));
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* ---- subnets per VLAN ------------------------------------------------------------------ */

static bool has_subnet_vlan(struct json_object *rep, const char *prefix, const char *from, int vlan)
{
	struct json_object *arr = jget(rep, "subnets");
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *v = jget(o, "vlan");
		int ov = v ? json_object_get_int(v) : -1;
		if (strcmp(jstr(o, "prefix"), prefix) == 0 && strcmp(jstr(o, "from"), from) == 0 && ov == vlan)
			return true;
	}
	return false;
}

/* A trunk: VLAN 20 has the declared DHCP server (its mask makes 10.20/16
 * local), VLAN 30 has nothing but ARP. The core routes both. */
static void trunk(struct sim *s)
{
	sim_arp(s, CORE, 20, "10.20.0.1", "10.20.1.10");
	sim_arp(s, CORE, 30, "10.30.0.1", "10.30.1.10");
	sim_dhcp_reply(s, "00:11:22:00:00:02", "10.20.0.2", HOST_A, 20, 5, "10.20.1.10", "255.255.0.0", "10.20.0.1");
	sim_arp(s, HOST_B, 30, "10.30.1.11", "10.30.0.1");
	sim_arp(s, "00:1b:21:00:00:0c", 30, "10.30.1.12", "10.30.0.1");
	/* VLAN 30 hosts reach the internet and each other through the core */
	sim_ip(s, HOST_B, CORE, 30, "10.30.1.11", "8.8.8.8", 64);
	sim_ip(s, "00:1b:21:00:00:0c", CORE, 30, "10.30.1.12", "1.1.1.1", 64);
	sim_ip(s, HOST_B, CORE, 30, "10.30.1.11", "10.30.1.12", 64);
	sim_ip(s, CORE, HOST_B, 30, "8.8.8.8", "10.30.1.11", 57);
	sim_ip(s, CORE, HOST_B, 30, "1.1.1.1", "10.30.1.11", 57);
}

static void learned_subnets_per_vlan(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_declare(s, CORE);
	sim_declare(s, "00:11:22:00:00:02");
	sim_start(s);
	trunk(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "subnets_per_vlan");
	assert_true(has_subnet_vlan(rep, "10.20.0.0/16", "dhcp", 20));
	assert_true(has_subnet_vlan(rep, "10.30.0.0/24", "arp", 30));
	assert_false(has_subnet_vlan(rep, "10.30.0.0/24", "arp", 20));
	struct json_object *c30 = sim_cand(rep, CORE, 30);
	assert_non_null(c30);
	assert_null(sim_evidence(c30, "foreign_subnet"));
	assert_null(strstr(jstr(c30, "reason"), "outside every local subnet"));
	struct json_object *fw = sim_detail(c30, "forwarding");
	assert_int_equal(jint(fw, "remote_addrs"), 2); /* 8.8.8.8 and 1.1.1.1, not 10.30.1.12 */
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* A subnet configured for VLAN 30 only leaves VLAN 20 learning; one without
 * a VLAN applies to all. */
static void configured_subnet_per_vlan(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_declare(s, CORE);
	sim_declare(s, "00:11:22:00:00:02");
	sim_subnet(s, "10.30.0.0/16");
	s->cfg.subnet_vlan_set[0] = true;
	s->cfg.subnet_vlan[0] = 30;
	sim_subnet(s, "2001:db8:1::/64");
	sim_start(s);
	trunk(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "subnets_per_vlan_config");
	assert_true(has_subnet_vlan(rep, "10.30.0.0/16", "config", 30));
	assert_true(has_subnet_vlan(rep, "10.20.0.0/16", "dhcp", 20));
	assert_true(has_subnet_vlan(rep, "2001:db8:1::/64", "config", -1));
	assert_false(has_subnet_vlan(rep, "10.30.0.0/24", "arp", 30));
	assert_null(sim_evidence(sim_cand(rep, CORE, 30), "foreign_subnet"));
	assert_null(sim_evidence(sim_cand(rep, CORE, 20), "foreign_subnet"));
	json_object_put(rep);
	sim_free(s);
}

/* --subnet CIDR@VLAN on the command line, "subnet CIDR vlan VLAN" in a config file */
static void subnet_vlan_options(void **state)
{
	(void)state;
	char path[64] = "/tmp/ew-cfg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("subnet 10.30.0.0/16 vlan 30   # ward\nsubnet 10.20.0.0/16\n", f);
	assert_int_equal(fclose(f), 0);
	char *argv[] = { "egresswatch-agent", "-r", "x.pcap", "-c", path, "--subnet", "10.40.0.0/16@40", "--subnet",
			 "fd20::/64@0", NULL };
	struct ew_agent_config cfg;
	assert_int_equal(ew_agent_config_parse(&cfg, 9, argv), EW_CFG_OK);
	unlink(path);
	const struct ew_infer_config *ic = &cfg.infer;
	assert_int_equal(ic->subnet_count, 4);
	assert_true(ic->subnet_vlan_set[0]);
	assert_int_equal(ic->subnet_vlan[0], 30);
	assert_false(ic->subnet_vlan_set[1]);
	assert_true(ic->subnet_vlan_set[2]);
	assert_int_equal(ic->subnet_vlan[2], 40);
	assert_true(ic->subnet_vlan_set[3]); /* 0: untagged frames only */
	assert_int_equal(ic->subnet_vlan[3], 0);
	ew_agent_config_free(&cfg);
	struct ew_infer_config bad;
	memset(&bad, 0, sizeof bad);
	const char *bads[] = { "10.40.0.0/16@", "10.40.0.0/16@4095", "10.40.0.0/16@x", "10.40.0.0/16 vlan",
			       "10.40.0.0/16 vlan 3 4", "10.40.0.0/16 foo 3", "10.40.0.0@3" };
	for (size_t i = 0; i < sizeof bads / sizeof *bads; i++)
		assert_int_equal(ew_config_add_subnet(&bad, bads[i]), -1);
	assert_int_equal(bad.subnet_count, 0);
}

/* ---- redirects -------------------------------------------------------------------------- */

static void redirect_names_a_router(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_subnet(s, "10.20.0.0/16");
	sim_subnet(s, "2001:db8:20::/64");
	sim_declare(s, CORE);
	sim_start(s);
	sim_arp(s, HGW, 0, "10.20.9.1", "10.20.0.1");
	/* the core tells HOST_A that 10.20.9.1 (the HGW) is the better way to 203.0.113.7 */
	sim_icmp_redirect(s, CORE, HOST_A, "10.20.0.1", "10.20.1.10", "10.20.9.1", "10.20.1.10", "203.0.113.7");
	/* ND redirect naming a router by link-layer address */
	struct ew_event *ev = sim_ip_event(s, CORE, HOST_B, 0, "fe80::1", "fe80::b", 255, 58, EW_EV_ND_REDIRECT);
	ev->u.redirect.target = IP("fe80::99");
	ev->u.redirect.dest = IP("2001:db8:99::5");
	ev->u.redirect.has_tgt_lladdr = true;
	ev->u.redirect.tgt_lladdr = MAC("00:3a:9d:00:00:77");
	sim_feed(s);
	/* target == destination: the destination is on-link, no router named */
	ev = sim_ip_event(s, CORE, HOST_B, 0, "fe80::1", "fe80::b", 255, 58, EW_EV_ND_REDIRECT);
	ev->u.redirect.target = IP("fe80::c");
	ev->u.redirect.dest = IP("fe80::c");
	ev->u.redirect.has_tgt_lladdr = true;
	ev->u.redirect.tgt_lladdr = MAC(HOST_A);
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "redirect_gateway");
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	assert_false(json_object_get_boolean(jget(c, "declared")));
	assert_true(jarr_has(jget(c, "roles"), "redirect_gateway"));
	struct json_object *d = sim_detail(c, "redirect_gateway");
	assert_string_equal(jstr(d, "gateway"), "10.20.9.1");
	assert_string_equal(jstr(d, "dest"), "203.0.113.7");
	assert_string_equal(jstr(d, "by"), CORE);
	assert_string_equal(jstr(c, "class"), "router");
	struct json_object *c6 = sim_cand(rep, "00:3a:9d:00:00:77", 0);
	assert_non_null(c6);
	assert_non_null(sim_evidence(c6, "redirect_gateway"));
	assert_true(cand_has_addr(c6, "fe80::99"));
	/* the sender is a redirector (a router) */
	assert_true(jarr_has(jget(sim_cand(rep, CORE, 0), "roles"), "redirector"));
	/* the on-link neighbour is not named a router */
	assert_null(sim_cand(rep, HOST_A, 0));
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* ---- every fact a rule may name is filled -------------------------------------------- */

static void set_lstr(struct ew_lstr *d, const char *s) { ew_lstr_set(d, (const uint8_t *)s, strlen(s)); }
static void set_str(struct ew_str *d, const char *s) { ew_str_set(d, (const uint8_t *)s, strlen(s)); }

/* A segment where every kind of evidence the core records is shown once. */
static void every_kind_of_evidence(struct sim *s)
{
	/* an HGW on a foreign address: DHCP with lease, DNS, domain; forwarding */
	sim_arp(s, HGW, 0, "192.168.1.1", "192.168.1.33");
	struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, HGW, "192.168.1.1", HOST_A, 0, 5, "192.168.1.33");
	d->has_mask = true;
	d->mask = IP("255.255.255.0");
	d->router_count = 1;
	d->routers[0] = IP("192.168.1.1");
	d->dns_count = 1;
	d->dns[0] = IP("192.168.1.1");
	d->has_lease = true;
	d->lease = 14400;
	set_str(&d->domain, "flets-east.jp");
	sim_feed(s);
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.0.1");
	sim_arp(s, HOST_B, 0, "10.20.1.11", "10.20.0.1");
	for (int i = 0; i < 3; i++) {
		sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", i ? "8.8.8.8" : "1.1.1.1", 128);
		sim_ip(s, HOST_B, HGW, 0, "10.20.1.11", "9.9.9.9", 128);
	}
	/* a client asking for an address: hostname, vendor class */
	sim_dhcp_request(s, "00:1b:21:00:00:0c", 0, 1, "DESKTOP-ABC1234");
	s->ev.u.dhcp4.vendor_class.len = 0;
	set_str(&s->ev.u.dhcp4.vendor_class, "MSFT 5.0");
	sim_feed(s);
	/* a randomised MAC, and a device on a VLAN */
	sim_arp(s, "02:00:00:00:00:01", 0, "10.20.1.12", "10.20.0.1");
	sim_arp(s, "00:1b:21:00:00:0d", 30, "10.30.1.12", "10.30.0.1");
	/* RA with prefix, RDNSS, DNSSL */
	struct ew_event *ev = sim_ip_event(s, "00:3a:9d:00:00:61", "33:33:00:00:00:01", 0, "fe80::61", "ff02::1", 255,
					   58, EW_EV_ND_RA);
	ev->u.ra.router_lifetime = 1800;
	ev->u.ra.prefix_count = 1;
	ev->u.ra.prefixes[0].prefix = PFX("2408:210:a3c0:4e00::/64");
	ev->u.ra.prefixes[0].onlink = true;
	ev->u.ra.prefixes[0].valid = 86400;
	ev->u.ra.rdnss_count = 1;
	ev->u.ra.rdnss[0] = IP("2404:1a8:7f01:a::3");
	set_lstr(&ev->u.ra.dnssl, "flets-east.jp");
	sim_feed(s);
	/* DHCPv6 reply delegating a /60, with a vendor option */
	ev = sim_ip_event(s, "00:3a:9d:00:00:62", "00:1b:21:00:00:0a", 0, "fe80::62", "fe80::a", 255, 17, EW_EV_DHCP6);
	ev->u.dhcp6.msg_type = 7;
	ev->u.dhcp6.ia_count = 1;
	ev->u.dhcp6.ias[0].type = 25;
	ev->u.dhcp6.ias[0].addr_count = 1;
	ev->u.dhcp6.ias[0].addrs[0].prefix = PFX("2408:210:a3c0:4e10::/60");
	ev->u.dhcp6.ias[0].addrs[0].valid = 14400;
	ev->u.dhcp6.vendor_count = 1;
	ev->u.dhcp6.vendors[0].option = 17;
	ev->u.dhcp6.vendors[0].enterprise = 210;
	sim_feed(s);
	/* PPPoE: the concentrator's PADO, then the dialler's session with its IPv4 address */
	sim_frame(s, "00:3a:9d:00:00:63", "00:1b:21:00:00:0e", 0);
	s->f.ethertype = 0x8863;
	ev = sim_ev(s, EW_EV_PPPOE_DISC);
	ev->u.pppoe.code = EW_PADO;
	set_str(&ev->u.pppoe.ac_name, "TKY-BAS-0417");
	ev->u.pppoe.has_service_name = true;
	set_str(&ev->u.pppoe.service_name, "flets");
	sim_feed(s);
	sim_frame(s, "00:1b:21:00:00:0e", "00:3a:9d:00:00:63", 0);
	s->f.ethertype = 0x8864;
	ev = sim_ev(s, EW_EV_PPPOE_SESS);
	ev->u.pppoes.session_id = 7;
	ev->u.pppoes.ppp_proto = 0x0021;
	sim_feed(s);
	sim_iphdr(s, "1.72.3.4", "203.0.113.5", 64, 6);
	/* SSDP, LLDP, CDP */
	ev = sim_ip_event(s, "00:3a:9d:00:00:64", "01:00:5e:7f:ff:fa", 0, "10.20.9.64", "239.255.255.250", 4, 17,
			  EW_EV_SSDP);
	ev->u.ssdp.kind = EW_SSDP_NOTIFY;
	set_lstr(&ev->u.ssdp.nt, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	set_lstr(&ev->u.ssdp.server, "Linux/3.10 UPnP/1.0 miniupnpd/2.0");
	sim_feed(s);
	sim_frame(s, "00:3a:9d:00:00:65", "01:80:c2:00:00:0e", 0);
	ev = sim_ev(s, EW_EV_LLDP);
	set_str(&ev->u.lldp.system_name, "sw-ward3");
	set_lstr(&ev->u.lldp.system_descr, "Layer 2 switch Rev.2.01");
	ev->u.lldp.has_caps = true;
	ev->u.lldp.caps_system = EW_CAP_BRIDGE | EW_CAP_ROUTER;
	ev->u.lldp.caps_enabled = EW_CAP_BRIDGE;
	sim_feed(s);
	sim_frame(s, "00:3a:9d:00:00:66", "01:00:0c:cc:cc:cc", 0);
	ev = sim_ev(s, EW_EV_CDP);
	set_str(&ev->u.cdp.device_id, "ward4-gw");
	set_str(&ev->u.cdp.platform, "cisco C1111-4P");
	sim_feed(s);
	/* a relay answering from its own address (giaddr), and the VRRP peer of the declared gateway */
	d = sim_dhcp_reply_begin(s, "00:3a:9d:00:00:67", "10.20.0.254", "00:1b:21:00:00:0f", 0, 5, "10.20.1.15");
	d->giaddr = IP("10.20.0.254");
	sim_feed(s);
	ev = sim_ip_event(s, "00:3a:9d:00:00:68", "01:00:5e:00:00:12", 0, "10.20.0.3", "224.0.0.18", 255, 112,
			  EW_EV_VRRP);
	ev->u.vrrp.version = 2;
	ev->u.vrrp.vrid = 1;
	ev->u.vrrp.priority = 100;
	ev->u.vrrp.addr_count = 1;
	ev->u.vrrp.addrs[0] = IP("10.20.0.1");
	sim_feed(s);
	/* HSRP, OSPF, a RIP default route via a next hop, IRDP, an ICMP redirect */
	ev = sim_ip_event(s, "00:3a:9d:00:00:69", "01:00:5e:00:00:02", 0, "10.20.0.4", "224.0.0.2", 1, 17, EW_EV_HSRP);
	ev->u.hsrp.group = 3;
	ev->u.hsrp.virtual_ip = IP("10.20.0.33");
	sim_feed(s);
	ev = sim_ip_event(s, "00:3a:9d:00:00:6a", "01:00:5e:00:00:05", 0, "10.20.0.5", "224.0.0.5", 1, 89,
			  EW_EV_OSPF_HELLO);
	ev->u.ospf.version = 2;
	ev->u.ospf.router_id = IP("1.1.1.1");
	ev->u.ospf.area_id = IP("0.0.0.0");
	sim_feed(s);
	ev = sim_ip_event(s, "00:3a:9d:00:00:6b", "01:00:5e:00:00:09", 0, "10.20.0.6", "224.0.0.9", 2, 17, EW_EV_RIP);
	ev->u.rip.command = 2;
	ev->u.rip.version = 2;
	ev->u.rip.entry_count = 1;
	ev->u.rip.entries[0].prefix = PFX("0.0.0.0/0");
	ev->u.rip.entries[0].next_hop = IP("10.20.0.7");
	ev->u.rip.entries[0].metric = 1;
	ev->u.rip.has_default = true;
	sim_feed(s);
	ev = sim_ip_event(s, "00:3a:9d:00:00:6c", "01:00:5e:00:00:01", 0, "10.20.0.8", "224.0.0.1", 1, 1,
			  EW_EV_IRDP_ADVERT);
	ev->u.irdp.lifetime = 1800;
	ev->u.irdp.count = 1;
	ev->u.irdp.entries[0].addr = IP("10.20.0.8");
	sim_feed(s);
	sim_icmp_redirect(s, "00:3a:9d:00:00:6d", HOST_A, "10.20.0.9", "10.20.1.10", "10.20.0.1", "10.20.1.10",
			  "203.0.113.5");
}

/* Every fact the grammar accepts (the parser's table) is filled by the
 * inference core on some device of a segment that shows every kind of
 * evidence: a rule naming a fact nothing fills could never fire. */
static void every_rule_fact_is_filled(void **state)
{
	(void)state;
	char err[256];
	struct ew_oui_db *oui = ew_oui_load(EW_OUI_DEFAULT_DIR, err, sizeof err);
	if (!oui)
		fail_msg("the vendor fact needs Debian's ieee-data: %s", err);
	struct sim *s = sim_new();
	s->cfg.oui = oui;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, "10.20.0.1");
	sim_start(s);
	every_kind_of_evidence(s);
	bool filled[FP__COUNT] = { false };
	for (int id = 0; id < FP__COUNT; id++) {
		/* one rule testing only that the fact was seen (role: any role) */
		char path[64] = "/tmp/ew-facts-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		FILE *f = fdopen(fd, "w");
		assert_non_null(f);
		fprintf(f, "[classes]\nrouter\n[rules]\nrule router 0.1 S \"seen\"\n\t%s%s\n", fp_fact_name((enum fp_fact)id),
			id == FP_ROLE ? " router|dhcp_server|dhcp6_server|ra_router|pppoe_ac|pppoe_client|upnp_igd|"
					"rip_default|routing_proto|irdp|lldp_router|redirector|nat|redirect_gateway"
				      : "");
		assert_int_equal(fclose(f), 0);
		struct ew_fp_db *db = ew_fp_load(path, err, sizeof err);
		unlink(path);
		if (!db)
			fail_msg("fact %s: %s", fp_fact_name((enum fp_fact)id), err);
		const struct dev_table *t = &s->inf->t;
		for (uint32_t i = 0; i < t->cap && !filled[id]; i++) {
			const struct dev *dv = &t->devs[i];
			if (!(dv->flags & DEV_USED))
				continue;
			struct dev_view v;
			struct ew_facts fx;
			struct ew_verdict vd;
			ew_dev_view(s->inf, dv, &v);
			ew_dev_facts(s->inf, dv, &v, &fx);
			ew_classify(db, &fx, &vd);
			filled[id] = vd.rules_fired > 0;
		}
		ew_fp_free(db);
	}
	int missing = 0;
	for (int id = 0; id < FP__COUNT; id++)
		if (!filled[id]) {
			fprintf(stderr, "fact %s: no code fills it\n", fp_fact_name((enum fp_fact)id));
			missing++;
		}
	assert_int_equal(missing, 0);
	sim_free(s);
	ew_oui_free(oui);
}

/* Every {fact} a shipped description names is tested by a condition of its
 * rule (not negated), so the reason shows the value that made the rule fire
 * rather than whatever value comes first. */
static void descriptions_name_what_fired(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	int bad = 0;
	for (size_t i = 0; i < db->nrules; i++) {
		const struct fp_rule *r = &db->rules[i];
		const char *d = db->strs + r->desc;
		for (const char *p = strchr(d, '{'); p; p = strchr(p + 1, '{')) {
			const char *e = strchr(p, '}');
			assert_non_null(e);
			size_t n = (size_t)(e - p - 1);
			if (n == 5 && memcmp(p + 1, "roles", 5) == 0)
				continue;
			enum fp_fact id = fp_fact_lookup(p + 1, n);
			bool guarded = false;
			for (uint8_t k = 0; k < r->ncond && id != FP__COUNT; k++) {
				const struct fp_cond *c = &db->conds[r->cond + k];
				guarded |= c->fact == id && !c->neg;
			}
			if (!guarded) {
				fprintf(stderr, "line %u: \"%s\" names {%.*s} but no condition tests it\n", r->line, d, (int)n,
					p + 1);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
	ew_fp_free(db);
}

/* ---- a vendor alone never outvotes behaviour ------------------------------------------- */

static struct ew_verdict verdict_of(const struct ew_fp_db *db, const char *vendor, uint32_t roles, const char *addr)
{
	struct ew_facts f;
	memset(&f, 0, sizeof f);
	f.mac = MAC("00:11:22:33:44:55");
	f.vendor = vendor;
	f.roles = roles;
	if (addr) {
		f.addrs[f.addr_count++] = IP(addr);
		f.foreign_subnet = true;
		f.foreign_addrs[f.foreign_addr_count++] = IP(addr);
	}
	struct ew_verdict v;
	ew_classify(db, &f, &v);
	return v;
}

static void vendor_never_outvotes_behaviour(void **state)
{
	(void)state;
	struct ew_fp_db *db = shipped();
	/* a Lenovo-factory MAC on a router at the Aterm mobile router default:
	 * the address (what it does) names the kind, not the maker */
	struct ew_verdict v = verdict_of(db, "LCFC(HeFei) Electronics Technology co., ltd",
					 EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER, "192.168.179.1");
	assert_int_equal(v.cls, EW_CLASS_MOBILE_ROUTER);
	/* an NTT HGW maker's MAC (S vendor rule) routing from the Windows ICS address */
	v = verdict_of(db, "NEC Platforms, Ltd.", EW_ROLE_ROUTER, "192.168.137.1");
	assert_int_equal(v.cls, EW_CLASS_HOST_SHARING);
	/* gateway behaviour beats a PC maker */
	v = verdict_of(db, "Dell Inc.", EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER | EW_ROLE_UPNP_IGD, NULL);
	assert_int_equal(v.cls, EW_CLASS_HGW);
	/* with no specific behaviour, the vendor still names a plain router's kind */
	v = verdict_of(db, "NEC Platforms, Ltd.", EW_ROLE_ROUTER, NULL);
	assert_int_equal(v.cls, EW_CLASS_HGW);
	v = verdict_of(db, "Quanta Computer Inc.", EW_ROLE_ROUTER, NULL);
	assert_int_equal(v.cls, EW_CLASS_HOST_SHARING);
	assert_non_null(strstr(v.reason, "vendor Quanta Computer Inc. (PC ODM)"));
	v = verdict_of(db, "LCFC(Hefei) Electronics Technology Co., Ltd", EW_ROLE_ROUTER, NULL);
	assert_int_equal(v.cls, EW_CLASS_HOST_SHARING);
	/* a CPE arm of an ODM is not a PC maker */
	v = verdict_of(db, "Compal Broadband Networks, Inc.", EW_ROLE_ROUTER, NULL);
	assert_int_equal(v.cls, EW_CLASS_ROUTER);
	ew_fp_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relayed_dhcp_gives_relay_no_borrowed_address),
		cmocka_unit_test(relayed_dhcp6_gives_no_borrowed_address),
		cmocka_unit_test(unrelayed_server_owns_its_source),
		cmocka_unit_test(foreign_reason_names_the_foreign_address),
		cmocka_unit_test(rogue_note_names_the_rogue_router),
		cmocka_unit_test(redirect_names_a_router),
		cmocka_unit_test(learned_subnets_per_vlan),
		cmocka_unit_test(configured_subnet_per_vlan),
		cmocka_unit_test(subnet_vlan_options),
		cmocka_unit_test(every_rule_fact_is_filled),
		cmocka_unit_test(vendor_never_outvotes_behaviour),
		cmocka_unit_test(descriptions_name_what_fired),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
