/* test_infer_issue7.c - review findings on what evidence says about whom:
 * a relayed DHCP reply gives the relay no borrowed address, a reason names
 * the address that triggered it, subnets are per VLAN, redirects name the
 * router they point at, every fact a rule may name is filled, and a vendor
 * alone never outvotes what a device does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fingerprints.h"
#include "infer_sim.h"

#define SHIPPED "data/fingerprints.conf" /* run-unit.sh runs from the project root */

#define CORE "00:a0:de:20:00:01"   /* the declared core router (a DHCP relay) */
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"
#define HGW "00:3a:9d:00:00:99"

static struct ew_fp_db *shipped(void)
{
	char err[256];
	struct ew_fp_db *db = ew_fp_load(SHIPPED, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	return db;
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
	/* the same reply without giaddr (a relay that keeps the server's source) */
	d = sim_dhcp_reply_begin(s, CORE, "10.99.0.5", HOST_B, 0, 5, "10.20.1.11");
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
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

/* An unrelayed rogue server still owns the address it sends from. */
static void unrelayed_server_owns_its_source(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.33", "255.255.255.0", "192.168.1.1");
	struct json_object *rep = sim_report(s);
	assert_true(cand_has_addr(sim_cand(rep, HGW, 0), "192.168.1.1"));
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
	sim_frame(s, CORE, HOST_A, 0);
	sim_iphdr(s, "10.20.0.1", "10.20.1.10", 64, 1);
	struct ew_event *ev = sim_ev(s, EW_EV_ICMP);
	ev->u.icmp.type = 5;
	ev->u.icmp.code = 1;
	ev->u.icmp.gateway = IP("10.20.9.1");
	ev->u.icmp.has_inner = true;
	ev->u.icmp.inner_src = IP("10.20.1.10");
	ev->u.icmp.inner_dst = IP("203.0.113.7");
	sim_feed(s);
	/* ND redirect naming a router by link-layer address */
	sim_frame(s, CORE, HOST_B, 0);
	sim_iphdr(s, "fe80::1", "fe80::b", 255, 58);
	ev = sim_ev(s, EW_EV_ND_REDIRECT);
	ev->u.redirect.target = IP("fe80::99");
	ev->u.redirect.dest = IP("2001:db8:99::5");
	ev->u.redirect.has_tgt_lladdr = true;
	ev->u.redirect.tgt_lladdr = MAC("00:3a:9d:00:00:77");
	sim_feed(s);
	/* target == destination: the destination is on-link, no router named */
	sim_frame(s, CORE, HOST_B, 0);
	sim_iphdr(s, "fe80::1", "fe80::b", 255, 58);
	ev = sim_ev(s, EW_EV_ND_REDIRECT);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relayed_dhcp_gives_relay_no_borrowed_address),
		cmocka_unit_test(unrelayed_server_owns_its_source),
		cmocka_unit_test(foreign_reason_names_the_foreign_address),
		cmocka_unit_test(redirect_names_a_router),
		cmocka_unit_test(learned_subnets_per_vlan),
		cmocka_unit_test(configured_subnet_per_vlan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
