/* SPDX-License-Identifier: ISC */
/* test_infer.c - the inference core on scripted event sequences: gateway-MAC
 * inference and its thresholds, local subnets (configured and learned),
 * declared vs unlisted, rogue router options, VLAN separation, randomised
 * MACs, a benign hospital segment, windows and determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "infer_sim.h"

#define GW "00:11:22:00:00:01"     /* the core router */
#define DHCPD "00:11:22:00:00:02"  /* the hospital's DHCP server */
#define HGW "00:3a:9d:00:00:99"    /* a home gateway someone plugged in */
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"

static void host_mac(char out[EW_MAC_STRLEN], unsigned i)
{
	snprintf(out, EW_MAC_STRLEN, "00:1b:21:00:%02x:%02x", (i >> 8) & 0xff, i & 0xff);
}

/* ---- gateway-MAC inference ----------------------------------------------------------- */

static void offsubnet_traffic_makes_a_router(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.0.254");
	sim_arp(s, HOST_B, 0, "10.20.1.11", "10.20.0.254");
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 128);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 128);
	sim_ip(s, HOST_B, HGW, 0, "10.20.1.11", "1.1.1.1", 64);
	sim_ip(s, HGW, HOST_A, 0, "8.8.8.8", "10.20.1.10", 57); /* reply, forwarded in */
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "offsubnet");
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	assert_false(json_object_get_boolean(jget(c, "declared")));
	assert_int_equal(jint(c, "inside_hosts"), 2);
	assert_int_equal(jint(c, "remote_addrs"), 2);
	assert_string_equal(jstr(c, "class"), "router"); /* built-in verdict: no rules loaded */
	assert_true(json_object_get_double(jget(c, "class_confidence")) <= 0.5);
	/* forwarding seen, over fewer frames than its proof: a likely way out */
	assert_true(json_object_get_double(jget(c, "confidence")) == EW_WAYOUT_SEEN);
	assert_true(jarr_has(jget(c, "way_out"), "forwarding"));
	struct json_object *d = sim_detail(c, "forwarding");
	assert_int_equal(jint(d, "frames_out"), 3);
	assert_int_equal(jint(d, "frames_in"), 1);
	struct json_object *ttls = jget(d, "ttls_in");
	assert_int_equal(json_object_array_length(ttls), 1);
	assert_int_equal(jint(json_object_array_get_idx(ttls, 0), "ttl"), 57);
	assert_true(jarr_has(jget(d, "remote_sample"), "8.8.8.8"));
	assert_true(jarr_has(jget(d, "inside_sample"), HOST_A));
	/* the hosts themselves are not candidates */
	assert_null(sim_cand(rep, HOST_A, 0));
	assert_null(sim_cand(rep, HOST_B, 0));
	assert_int_equal(sim_unlisted(rep), 1);
	json_object_put(rep);
	sim_free(s);
}

/* Every capture record is a frame. Two records alike in microsecond, lengths,
 * VLAN and addresses were once merged into one: on a fast link they are two
 * segments of one flow, and the second one's IP header was lost. A SPAN
 * port's duplicate of a record counts too, as tcpdump counts it. */
static void same_microsecond_records_are_frames(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 64);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 64);
	s->ts -= 1000; /* the next record in the same microsecond as the last */
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.4.4", 64);
	/* three frames, two remote addresses: a router */
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	s->ts -= 1000;
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.4.4", 64); /* the very same record again */
	struct ew_mac a = MAC(HOST_A);
	uint32_t ai = ew_dev_find(&s->inf->t, &a, 0);
	assert_int_not_equal(ai, EW_NONE);
	assert_int_equal(ew_dev(&s->inf->t, ai)->packets, 4);
	sim_free(s);
}

/* One off-subnet packet, or many to one address, is not a router: it could be
 * a host whose address lies outside the known subnets. Two distinct remote
 * addresses over at least three frames are. */
static void thresholds_single_packet_vs_many(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.0.254");
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 64);
	assert_false(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	struct json_object *rep = sim_report(s);
	assert_null(sim_cand(rep, HGW, 0));
	json_object_put(rep);
	for (int i = 0; i < 10; i++)
		sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 64);
	assert_false(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	/* a second remote address: three frames and two remotes are enough */
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.4.4", 64);
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	sim_free(s);

	/* two frames to two remotes: below the frame threshold */
	s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.8.8", 64);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.4.4", 64);
	assert_false(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "8.8.4.4", 64);
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	sim_free(s);

	/* one remote address whose frames arrive with a decremented TTL: routed */
	s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", "198.51.100.10", 64);
	sim_ip(s, HGW, HOST_A, 0, "198.51.100.10", "10.20.1.10", 63);
	sim_ip(s, HGW, HOST_A, 0, "198.51.100.10", "10.20.1.10", 63);
	assert_false(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	sim_ip(s, HGW, HOST_A, 0, "198.51.100.10", "10.20.1.10", 63);
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	/* one remote address with initial TTLs both ways: a host whose address
	 * is outside the subnet, not a router */
	for (int i = 0; i < 10; i++) {
		sim_ip(s, HOST_A, HOST_B, 0, "10.20.1.10", "192.0.2.7", 64);
		sim_ip(s, HOST_B, HOST_A, 0, "192.0.2.7", "10.20.1.10", 128);
	}
	assert_false(sim_roles(s, HOST_B, 0) & EW_ROLE_ROUTER);
	struct json_object *rep2 = sim_report(s);
	assert_null(sim_cand(rep2, HOST_B, 0));
	assert_non_null(sim_cand(rep2, HGW, 0));
	json_object_put(rep2);
	sim_free(s);
}

/* A server in a part of the subnet that was never learned (its /24 not yet
 * ARP-seen) receives traffic for its one address: that is not forwarding,
 * and once its ARP arrives the address is its own. */
static void endpoint_is_not_forwarding(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_start(s);
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.1.1");
	for (int i = 0; i < 20; i++)
		sim_ip(s, HOST_A, "00:1b:21:00:00:55", 0, "10.20.1.10", "10.20.5.9", 64);
	assert_false(sim_roles(s, "00:1b:21:00:00:55", 0) & EW_ROLE_ROUTER);
	sim_arp(s, "00:1b:21:00:00:55", 0, "10.20.5.9", "10.20.1.10");
	for (int i = 0; i < 20; i++)
		sim_ip(s, HOST_A, "00:1b:21:00:00:55", 0, "10.20.1.10", "10.20.5.9", 64);
	struct json_object *rep = sim_report(s);
	assert_null(sim_cand(rep, "00:1b:21:00:00:55", 0));
	json_object_put(rep);
	sim_free(s);
}

/* Before any subnet is known: a MAC that carries many distinct addresses is a
 * router; a host with a few addresses is not. */
static void many_addresses_behind_one_mac(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_start(s);
	char dst[32];
	for (int i = 0; i < 40; i++) {
		snprintf(dst, sizeof dst, "203.0.113.%d", i + 1);
		sim_ip(s, HOST_A, HGW, 0, "10.9.9.9", dst, 64);
	}
	/* a host with four addresses of its own talking to a peer */
	const char *own[] = { "10.9.9.20", "10.9.9.21", "10.9.9.22", "10.9.9.23" };
	for (int r = 0; r < 5; r++)
		for (int i = 0; i < 4; i++) {
			sim_ip(s, HOST_B, HOST_A, 0, own[i], "10.9.9.9", 64);
			sim_ip(s, HOST_A, HOST_B, 0, "10.9.9.9", own[i], 64);
		}
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_ROUTER);
	assert_false(sim_roles(s, HOST_A, 0) & EW_ROLE_ROUTER);
	assert_false(sim_roles(s, HOST_B, 0) & EW_ROLE_ROUTER);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	struct json_object *d = sim_detail(c, "many_addresses");
	assert_true(jint(d, "distinct_destinations") >= EW_MANY_ADDRS);
	assert_int_equal(sim_unlisted(rep), 1);
	json_object_put(rep);
	sim_free(s);
}

/* ---- declared infrastructure ----------------------------------------------------------- */

static void declared_gateway_is_declared_not_unlisted(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.1.10");
	char dst[32];
	for (int i = 0; i < 10; i++) {
		snprintf(dst, sizeof dst, "198.51.100.%d", i + 1);
		sim_ip(s, HOST_A, GW, 0, "10.20.1.10", dst, 64);
	}
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, GW, 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "declared")));
	assert_non_null(sim_evidence(c, "forwarding")); /* still with its evidence */
	assert_true(jarr_has(jget(c, "ipv4"), "10.20.0.1"));
	assert_int_equal(sim_unlisted(rep), 0);
	json_object_put(rep);
	sim_free(s);
}

static void declared_by_ip(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, "10.20.0.1");
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.1.10");
	sim_ip(s, HOST_A, GW, 0, "10.20.1.10", "198.51.100.1", 64);
	sim_ip(s, HOST_A, GW, 0, "10.20.1.10", "198.51.100.2", 64);
	sim_ip(s, HOST_A, GW, 0, "10.20.1.10", "198.51.100.3", 64);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, GW, 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "declared")));
	assert_int_equal(sim_unlisted(rep), 0);
	json_object_put(rep);
	sim_free(s);
}

/* A declared DHCP server that offers a router which is not a declared
 * gateway is still visible (DESIGN §4). */
static void rogue_router_option_from_declared_server(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_declare(s, DHCPD);
	sim_start(s);
	/* offered before the gateway was ever seen: judged again at report time */
	sim_dhcp_reply(s, DHCPD, "10.20.0.2", HOST_A, 0, 2, "10.20.1.10", "255.255.0.0", "10.20.0.1");
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.1.10");
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "declared")));
	assert_non_null(sim_evidence(c, "dhcp_offer"));
	assert_null(sim_evidence(c, "dhcp_rogue_router"));
	json_object_put(rep);

	sim_dhcp_reply(s, DHCPD, "10.20.0.2", HOST_B, 0, 2, "10.20.1.11", "255.255.0.0", "10.20.0.77");
	rep = sim_report(s);
	sim_dump(rep, "rogue_option_declared");
	c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "declared")));
	struct json_object *d = sim_detail(c, "dhcp_rogue_router");
	assert_true(jarr_has(jget(d, "routers"), "10.20.0.77"));
	assert_false(jarr_has(jget(d, "routers"), "10.20.0.1"));
	assert_int_equal(jint(sim_evidence(c, "dhcp_rogue_router"), "count"), 1);
	assert_int_equal(sim_unlisted(rep), 0);
	json_object_put(rep);

	/* the facts the classifier sees say so too */
	struct ew_mac m = MAC(DHCPD);
	uint32_t i = ew_dev_find(&s->inf->t, &m, 0);
	assert_int_not_equal(i, EW_NONE);
	struct dev_view v;
	struct ew_facts fx;
	ew_dev_view(s->inf, ew_dev(&s->inf->t, i), &v);
	ew_dev_facts(s->inf, ew_dev(&s->inf->t, i), &v, &fx);
	assert_true(fx.dhcp_rogue_router);
	assert_int_equal(fx.dhcp_router_count, 2);
	sim_free(s);
}

static void rogue_dhcp_server(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_start(s);
	struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, HGW, "192.168.1.1", HOST_A, 0, 5, "192.168.1.33");
	d->has_mask = true;
	d->mask = IP("255.255.255.0");
	d->router_count = 1;
	d->routers[0] = IP("192.168.1.1");
	d->dns_count = 1;
	d->dns[0] = IP("192.168.1.1");
	d->has_lease = true;
	d->lease = 14400;
	ew_str_set(&d->domain, (const uint8_t *)"flets-east.jp", 13);
	d->route_count = 1;
	d->route_option = 121;
	d->routes[0].dest = PFX("0.0.0.0/0");
	d->routes[0].router = IP("192.168.1.1");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "rogue_dhcp");
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	assert_false(json_object_get_boolean(jget(c, "declared")));
	assert_string_equal(jstr(c, "class"), "dhcp_server");
	assert_true(json_object_get_double(jget(c, "class_confidence")) <= 0.5);
	/* one offer naming an undeclared router: seen, not yet proven */
	assert_true(json_object_get_double(jget(c, "confidence")) == EW_WAYOUT_SEEN);
	assert_false(json_object_get_boolean(jget(c, "infrastructure")));
	assert_non_null(strstr(jstr(c, "reason"), "192.168.1.1"));
	struct json_object *det = sim_detail(c, "dhcp_offer");
	assert_int_equal(jint(det, "acks"), 1);
	assert_string_equal(jstr(det, "mask"), "255.255.255.0");
	assert_true(jarr_has(jget(det, "routers"), "192.168.1.1"));
	assert_true(jarr_has(jget(det, "dns"), "192.168.1.1"));
	assert_string_equal(jstr(det, "domain"), "flets-east.jp");
	assert_int_equal(jint(det, "lease"), 14400);
	assert_int_equal(jint(det, "route_option"), 121);
	assert_string_equal(jstr(json_object_array_get_idx(jget(det, "classless_routes"), 0), "dest"), "0.0.0.0/0");
	assert_true(jarr_has(jget(det, "offered"), "192.168.1.33"));
	assert_non_null(sim_evidence(c, "dhcp_rogue_router"));
	assert_true(jarr_has(jget(c, "ipv4"), "192.168.1.1"));
	/* its own address is outside the configured subnet */
	assert_non_null(sim_evidence(c, "foreign_subnet"));
	/* the client got an address from it: its own, and foreign too */
	struct json_object *rows = jget(rep, "subnets");
	assert_int_equal(json_object_array_length(rows), 1);
	assert_true(sim_has_subnet(rep, "10.20.0.0/16", "config"));
	json_object_put(rep);
	sim_free(s);
}

/* ---- local subnets ----------------------------------------------------------------------- */

static void learned_subnets_from_declared_dhcp_not_rogue(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_declare(s, DHCPD);
	sim_start(s);
	sim_dhcp_reply(s, DHCPD, "10.20.0.2", HOST_A, 0, 5, "10.20.3.4", "255.255.0.0", "10.20.0.1");
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_B, 0, 2, "192.168.1.40", "255.255.255.0", "192.168.1.1");
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "learned_dhcp");
	assert_true(sim_has_subnet(rep, "10.20.0.0/16", "dhcp"));
	assert_false(sim_has_subnet(rep, "192.168.1.0/24", NULL));
	assert_int_equal(json_object_array_length(jget(rep, "subnets")), 1);
	json_object_put(rep);
	/* with the learned subnet, off-subnet forwarding works */
	sim_arp(s, HOST_A, 0, "10.20.3.4", "10.20.0.1");
	sim_ip(s, HOST_A, GW, 0, "10.20.3.4", "8.8.8.8", 64);
	sim_ip(s, HOST_A, GW, 0, "10.20.3.4", "8.8.4.4", 64);
	sim_ip(s, HOST_A, GW, 0, "10.20.3.4", "8.8.4.4", 64);
	assert_true(sim_roles(s, GW, 0) & EW_ROLE_ROUTER);
	sim_free(s);
}

static void learned_subnets_from_arp_minus_rogue(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_start(s);
	sim_arp(s, HOST_A, 0, "10.30.1.5", "10.30.1.1");
	sim_arp(s, HOST_B, 0, "10.30.2.6", "10.30.2.1");
	sim_arp(s, HGW, 0, "192.168.1.1", "192.168.1.20"); /* the rogue's own ARP */
	struct json_object *rep = sim_report(s);
	assert_true(sim_has_subnet(rep, "10.30.1.0/24", "arp"));
	assert_true(sim_has_subnet(rep, "10.30.2.0/24", "arp"));
	assert_true(sim_has_subnet(rep, "192.168.1.0/24", "arp"));
	json_object_put(rep);
	/* once it hands out that subnet, it is no longer local */
	sim_dhcp_reply(s, HGW, "192.168.1.1", "00:1b:21:00:00:0c", 0, 2, "192.168.1.20", "255.255.255.0", "192.168.1.1");
	rep = sim_report(s);
	sim_dump(rep, "learned_arp");
	assert_false(sim_has_subnet(rep, "192.168.1.0/24", NULL));
	assert_true(sim_has_subnet(rep, "10.30.1.0/24", "arp"));
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	assert_non_null(sim_evidence(c, "foreign_subnet"));
	json_object_put(rep);
	sim_free(s);
}

static void learned_ipv6_subnets(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_declare(s, GW);
	sim_start(s);
	/* neighbour discovery alone: the /64 of a solicited target */
	sim_ns(s, HOST_A, 0, "2001:db8:5::10", "2001:db8:5::1");
	struct json_object *rep = sim_report(s);
	assert_true(sim_has_subnet(rep, "2001:db8:5::/64", "nd"));
	json_object_put(rep);
	/* a declared router's on-link prefix wins over ND */
	struct ew_ev_nd_ra *ra = &sim_ip_event(s, GW, "33:33:00:00:00:01", 0, "fe80::1", "ff02::1", 255, 58,
					       EW_EV_ND_RA)->u.ra;
	ra->router_lifetime = 1800;
	ra->prefix_count = 1;
	ra->prefixes[0].prefix = PFX("2001:db8:1::/64");
	ra->prefixes[0].onlink = true;
	ra->prefixes[0].autonomous = true;
	sim_feed(s);
	/* a rogue's RA: carrier prefix, never local */
	ra = &sim_ip_event(s, HGW, "33:33:00:00:00:01", 0, "fe80::99", "ff02::1", 255, 58, EW_EV_ND_RA)->u.ra;
	ra->router_lifetime = 1800;
	ra->prefix_count = 1;
	ra->prefixes[0].prefix = PFX("2408:210:1:2::/64");
	ra->prefixes[0].onlink = true;
	sim_feed(s);
	rep = sim_report(s);
	sim_dump(rep, "learned_ra");
	assert_true(sim_has_subnet(rep, "2001:db8:1::/64", "ra"));
	assert_false(sim_has_subnet(rep, "2001:db8:5::/64", NULL));
	assert_false(sim_has_subnet(rep, "2408:210:1:2::/64", NULL));
	struct json_object *c = sim_cand(rep, HGW, 0);
	assert_non_null(c);
	assert_true(sim_roles(s, HGW, 0) & EW_ROLE_RA_ROUTER);
	assert_true(jarr_has(jget(c, "ipv6"), "fe80::99"));
	assert_int_equal(sim_unlisted(rep), 1);
	json_object_put(rep);
	sim_free(s);
}

static void configured_subnets_are_not_learned_over(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_subnet(s, "2001:db8:1::/64");
	sim_declare(s, DHCPD);
	sim_start(s);
	sim_arp(s, HOST_A, 0, "10.40.1.5", "10.40.1.1");
	sim_dhcp_reply(s, DHCPD, "10.20.0.2", HOST_B, 0, 5, "10.20.3.4", "255.255.255.0", "10.20.0.1");
	sim_ns(s, HOST_A, 0, "2001:db8:9::10", "2001:db8:9::1");
	struct json_object *rep = sim_report(s);
	struct json_object *rows = jget(rep, "subnets");
	assert_int_equal(json_object_array_length(rows), 2);
	assert_true(sim_has_subnet(rep, "10.20.0.0/16", "config"));
	assert_true(sim_has_subnet(rep, "2001:db8:1::/64", "config"));
	/* the host in 10.40.1.0/24 uses a foreign address */
	struct ew_mac m = MAC(HOST_A);
	struct dev_view v;
	ew_dev_view(s->inf, ew_dev(&s->inf->t, ew_dev_find(&s->inf->t, &m, 0)), &v);
	assert_int_equal(v.foreign_n, 2); /* 10.40.1.5 and 2001:db8:9::10 */
	json_object_put(rep);
	sim_free(s);
}

/* ---- identity: VLANs and randomised MACs ------------------------------------------------ */

static void same_mac_on_two_vlans_is_two_devices(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 10, 2, "192.168.1.20", "255.255.255.0", "192.168.1.1");
	sim_arp(s, HGW, 20, "10.20.5.5", "10.20.0.1");
	sim_ip(s, HGW, HOST_B, 20, "10.20.5.5", "10.20.1.11", 64);
	/* HGW on both VLANs and the client on VLAN 10; the receiver of a frame
	 * between two inside addresses is not looked up */
	assert_int_equal(ew_infer_device_count(s->inf), 3);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "vlans");
	struct json_object *c10 = sim_cand(rep, HGW, 10);
	assert_non_null(c10);
	assert_int_equal(jint(c10, "vlan"), 10);
	assert_null(sim_cand(rep, HGW, 20));
	assert_null(sim_cand(rep, HGW, 0));
	assert_false(jarr_has(jget(c10, "ipv4"), "10.20.5.5"));
	json_object_put(rep);
	sim_free(s);
}

static void randomised_mac_is_flagged_not_a_class(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	/* a phone with a randomised MAC that shares its connection */
	sim_dhcp_reply(s, "da:a1:19:00:00:01", "172.20.10.1", HOST_A, 0, 2, "172.20.10.2", "255.255.255.240",
		       "172.20.10.1");
	/* an ordinary randomised-MAC host: not a candidate at all */
	sim_arp(s, "6a:00:00:00:00:02", 0, "10.20.7.7", "10.20.0.1");
	sim_ip(s, "6a:00:00:00:00:02", HOST_B, 0, "10.20.7.7", "10.20.1.11", 64);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, "da:a1:19:00:00:01", 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "mac_local")));
	assert_string_equal(jstr(c, "class"), "dhcp_server");
	assert_string_equal(jstr(c, "vendor"), "unknown");
	assert_null(sim_cand(rep, "6a:00:00:00:00:02", 0));
	assert_int_equal(sim_unlisted(rep), 1);
	json_object_put(rep);
	sim_free(s);
}

/* ---- benign segment ------------------------------------------------------------------------ */

/* Everything a quiet EMR segment does: DHCP clients of the declared server
 * (from 0.0.0.0), ARP probes and announcements, hosts talking to each other
 * and through the declared gateway, mDNS, a host with two addresses, IPv6
 * with privacy addresses. Nothing here may be reported as unlisted. */
static void benign(struct sim *s, bool with_ipv6)
{
	char m[EW_MAC_STRLEN], ip[32], ip2[32], dst[32];
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.0.2");
	for (unsigned i = 1; i <= 30; i++) {
		host_mac(m, i);
		snprintf(ip, sizeof ip, "10.20.1.%u", i);
		sim_dhcp_request(s, m, 0, 1, "EMR-PC");
		sim_dhcp_reply(s, DHCPD, "10.20.0.2", m, 0, 2, ip, "255.255.0.0", "10.20.0.1");
		sim_dhcp_request(s, m, 0, 3, "EMR-PC");
		sim_dhcp_reply(s, DHCPD, "10.20.0.2", m, 0, 5, ip, "255.255.0.0", "10.20.0.1");
		/* RFC 5227 probe (sender 0.0.0.0), then announcement */
		sim_frame(s, m, "ff:ff:ff:ff:ff:ff", 0);
		struct ew_event *ev = sim_ev(s, EW_EV_ARP);
		ev->u.arp.op = 1;
		ev->u.arp.ptype = 0x0800;
		ev->u.arp.sha = MAC(m);
		ev->u.arp.spa = IP("0.0.0.0");
		ev->u.arp.tpa = IP(ip);
		sim_feed(s);
		sim_arp(s, m, 0, ip, ip);
	}
	/* hosts talk to the EMR server and through the gateway */
	sim_arp(s, "00:1b:21:00:99:99", 0, "10.20.0.10", "10.20.0.1");
	for (unsigned r = 0; r < 20; r++)
		for (unsigned i = 1; i <= 30; i++) {
			host_mac(m, i);
			snprintf(ip, sizeof ip, "10.20.1.%u", i);
			snprintf(dst, sizeof dst, "198.51.100.%u", (i * 7 + r) % 250 + 1);
			sim_ip(s, m, "00:1b:21:00:99:99", 0, ip, "10.20.0.10", 128);
			sim_ip(s, "00:1b:21:00:99:99", m, 0, "10.20.0.10", ip, 64);
			sim_ip(s, m, GW, 0, ip, dst, 128);
			sim_ip(s, GW, m, 0, dst, ip, 50);
			/* mDNS */
			sim_ip(s, m, "01:00:5e:00:00:fb", 0, ip, "224.0.0.251", 255);
			/* broadcast to the subnet */
			sim_ip(s, m, "ff:ff:ff:ff:ff:ff", 0, ip, "10.20.255.255", 64);
		}
	/* a server with two local addresses */
	sim_arp(s, "00:1b:21:00:88:88", 0, "10.20.0.20", "10.20.0.1");
	sim_arp(s, "00:1b:21:00:88:88", 0, "10.20.0.21", "10.20.0.1");
	for (unsigned i = 1; i <= 30; i++) {
		host_mac(m, i);
		snprintf(ip, sizeof ip, "10.20.1.%u", i);
		snprintf(ip2, sizeof ip2, "10.20.0.%u", 20 + (i & 1));
		sim_ip(s, m, "00:1b:21:00:88:88", 0, ip, ip2, 64);
		sim_ip(s, "00:1b:21:00:88:88", m, 0, ip2, ip, 64);
	}
	if (!with_ipv6)
		return;
	/* IPv6: the declared gateway advertises, hosts use privacy addresses */
	struct ew_ev_nd_ra *ra = &sim_ip_event(s, GW, "33:33:00:00:00:01", 0, "fe80::1", "ff02::1", 255, 58,
					       EW_EV_ND_RA)->u.ra;
	ra->router_lifetime = 1800;
	ra->prefix_count = 1;
	ra->prefixes[0].prefix = PFX("2001:db8:20::/64");
	ra->prefixes[0].onlink = ra->prefixes[0].autonomous = true;
	sim_feed(s);
	for (unsigned i = 1; i <= 10; i++) {
		host_mac(m, i);
		char ll[64];
		snprintf(ll, sizeof ll, "fe80::21b:21ff:fe00:%x", i);
		for (unsigned k = 0; k < 4; k++) { /* stable + three temporary addresses */
			snprintf(ip, sizeof ip, "2001:db8:20::%x:%x", i, 0x1000 + k * 0x111);
			sim_ns(s, m, 0, "::", ip); /* DAD */
			sim_ns(s, m, 0, ip, "2001:db8:20::1");
			for (unsigned r = 0; r < 5; r++) {
				snprintf(dst, sizeof dst, "2001:db8:ffff::%x", r + 1);
				sim_ip(s, m, GW, 0, ip, dst, 64);
				sim_ip(s, GW, m, 0, dst, ip, 58);
			}
			host_mac(ip2, i % 10 + 1);
			char peer[64];
			snprintf(peer, sizeof peer, "2001:db8:20::%x:1000", i % 10 + 1);
			sim_ip(s, m, ip2, 0, ip, peer, 64);
		}
		sim_ip(s, m, "33:33:00:00:00:fb", 0, ll, "ff02::fb", 255);
	}
}

static void benign_segment_has_no_unlisted(void **state)
{
	(void)state;
	/* configured subnets */
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_subnet(s, "2001:db8:20::/64");
	sim_declare(s, GW);
	sim_declare(s, DHCPD);
	sim_start(s);
	benign(s, true);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "benign_config");
	assert_int_equal(sim_unlisted(rep), 0);
	assert_non_null(sim_cand(rep, GW, 0));
	assert_non_null(sim_cand(rep, DHCPD, 0));
	assert_true(jint(rep, "hosts_seen") >= 30);
	json_object_put(rep);
	sim_free(s);

	/* learned subnets: only the declared MACs are known */
	s = sim_new();
	sim_declare(s, GW);
	sim_declare(s, DHCPD);
	sim_start(s);
	benign(s, true);
	rep = sim_report(s);
	sim_dump(rep, "benign_learned");
	assert_int_equal(sim_unlisted(rep), 0);
	assert_true(sim_has_subnet(rep, "10.20.0.0/16", "dhcp"));
	assert_true(sim_has_subnet(rep, "2001:db8:20::/64", "ra"));
	/* the declared gateway carries the traffic, so it is a router */
	struct json_object *c = sim_cand(rep, GW, 0);
	assert_non_null(c);
	assert_true(jint(c, "inside_hosts") >= 30);
	json_object_put(rep);
	sim_free(s);

	/* nothing known at all: ARP/ND learning; only the gateway carries many addresses */
	s = sim_new();
	sim_start(s);
	benign(s, true);
	assert_true(sim_roles(s, GW, 0) & EW_ROLE_ROUTER);
	for (unsigned i = 1; i <= 30; i++) {
		char m[EW_MAC_STRLEN];
		host_mac(m, i);
		assert_int_equal(sim_roles(s, m, 0), 0);
	}
	assert_int_equal(sim_roles(s, "00:1b:21:00:88:88", 0), 0);
	assert_int_equal(sim_roles(s, "00:1b:21:00:99:99", 0), 0);
	sim_free(s);
}

/* ---- evidence frames, windows, determinism --------------------------------------------- */

static void evidence_callback_is_bounded(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_start(s);
	for (int i = 0; i < 100; i++)
		sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.20", "255.255.255.0", "192.168.1.1");
	assert_int_equal(sim_cb_count(s, HGW), EW_EVIDENCE_FRAMES);
	/* forwarded frames: only once it is a router, at most EW_EVIDENCE_FWD_FRAMES */
	char dst[32];
	for (int i = 0; i < 100; i++) {
		snprintf(dst, sizeof dst, "198.51.100.%d", i % 50 + 1);
		sim_ip(s, HOST_A, GW, 0, "10.20.1.10", dst, 64);
	}
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.0.1");
	assert_int_equal(sim_cb_count(s, GW), EW_EVIDENCE_FWD_FRAMES);
	assert_int_equal(sim_cb_count(s, HOST_A), 0);
	/* a new window restarts the budget */
	ew_infer_new_window(s->inf);
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.20", "255.255.255.0", "192.168.1.1");
	assert_int_equal(sim_cb_count(s, HGW), EW_EVIDENCE_FRAMES + 1);
	sim_free(s);
}

static void new_window_restarts_evidence_keeps_learning(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_declare(s, DHCPD);
	sim_start(s);
	sim_dhcp_reply(s, DHCPD, "10.20.0.2", HOST_A, 0, 5, "10.20.3.4", "255.255.0.0", "10.20.0.1");
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_B, 0, 2, "192.168.1.40", "255.255.255.0", "192.168.1.1");
	ew_infer_new_window(s->inf);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "new_window_empty");
	assert_true(sim_has_subnet(rep, "10.20.0.0/16", "dhcp"));
	assert_int_equal(json_object_array_length(jget(rep, "candidates")), 0);
	assert_int_equal(jint(rep, "hosts_seen"), 0);
	json_object_put(rep);
	/* the declared server is still declared and keeps its address */
	sim_ip(s, DHCPD, HOST_A, 0, "10.20.0.2", "10.20.3.4", 64);
	rep = sim_report(s);
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_true(json_object_get_boolean(jget(c, "declared")));
	assert_true(jarr_has(jget(c, "ipv4"), "10.20.0.2"));
	assert_null(sim_evidence(c, "dhcp_offer"));
	assert_int_equal(jint(rep, "hosts_seen"), 1); /* senders only */
	json_object_put(rep);
	sim_free(s);
}

static void script(struct sim *s)
{
	benign(s, true);
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.20", "255.255.255.0", "192.168.1.1");
	sim_ip(s, HOST_A, HGW, 0, "192.168.1.20", "8.8.8.8", 64);
	sim_ip(s, HOST_A, HGW, 0, "192.168.1.20", "8.8.4.4", 64);
	sim_ip(s, HOST_A, HGW, 0, "192.168.1.20", "8.8.4.4", 64);
}

static char *report_text(struct sim *s)
{
	struct json_object *rep = sim_report(s);
	char *t = strdup(json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PRETTY));
	json_object_put(rep);
	assert_non_null(t);
	return t;
}

static void same_events_same_report(void **state)
{
	(void)state;
	char *text[2];
	for (int k = 0; k < 2; k++) {
		struct sim *s = sim_new();
		sim_subnet(s, "10.20.0.0/16");
		sim_declare(s, GW);
		sim_declare(s, DHCPD);
		s->cfg.max_devices = 20; /* with eviction too */
		sim_start(s);
		script(s);
		text[k] = report_text(s);
		sim_free(s);
	}
	assert_string_equal(text[0], text[1]);
	/* the id is a UUID (version 8) and changes with the content */
	struct json_object *r = json_tokener_parse(text[0]);
	const char *id = jstr(r, "report_id");
	assert_int_equal(strlen(id), 36);
	assert_int_equal(id[14], '8');
	assert_non_null(strchr("89ab", id[19]));
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_start(s);
	script(s);
	char *other = report_text(s);
	struct json_object *r2 = json_tokener_parse(other);
	assert_string_not_equal(jstr(r2, "report_id"), id);
	json_object_put(r);
	json_object_put(r2);
	free(other);
	free(text[0]);
	free(text[1]);
	sim_free(s);
}

static void candidates_sorted_unlisted_first(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, "00:00:00:00:00:01");
	sim_start(s);
	sim_arp(s, "00:00:00:00:00:01", 0, "10.20.0.1", "10.20.0.2");
	sim_dhcp_reply(s, "00:00:00:00:00:01", "10.20.0.1", HOST_A, 0, 2, "10.20.1.1", "255.255.0.0", "10.20.0.1");
	sim_dhcp_reply(s, "00:00:00:00:00:05", "192.168.0.1", HOST_A, 0, 2, "192.168.0.5", NULL, NULL); /* 0.4 */
	sim_dhcp_reply(s, "00:00:00:00:00:09", "192.168.9.1", HOST_A, 0, 2, "192.168.9.5", NULL, "192.168.9.1"); /* 0.5 */
	sim_dhcp_reply(s, "00:00:00:00:00:07", "192.168.7.1", HOST_A, 0, 2, "192.168.7.5", NULL, "192.168.7.1"); /* 0.5 */
	struct json_object *rep = sim_report(s);
	struct json_object *arr = jget(rep, "candidates");
	assert_int_equal(json_object_array_length(arr), 4);
	assert_string_equal(jstr(json_object_array_get_idx(arr, 0), "mac"), "00:00:00:00:00:07");
	assert_string_equal(jstr(json_object_array_get_idx(arr, 1), "mac"), "00:00:00:00:00:09");
	assert_string_equal(jstr(json_object_array_get_idx(arr, 2), "mac"), "00:00:00:00:00:05");
	assert_string_equal(jstr(json_object_array_get_idx(arr, 3), "mac"), "00:00:00:00:00:01");
	json_object_put(rep);
	sim_free(s);
}

static void report_envelope(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_start(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "empty");
	assert_string_equal(jstr(rep, "schema"), "egresswatch.report/1");
	assert_string_equal(jstr(jget(rep, "agent"), "id"), "test-agent");
	assert_string_equal(jstr(jget(rep, "window"), "start"), "2023-11-14T22:13:20.000000Z");
	assert_string_equal(jstr(jget(rep, "capture"), "source"), "file");
	assert_int_equal(jint(jget(rep, "limits"), "max_devices"), EW_DEFAULT_MAX_DEVICES);
	assert_int_equal(json_object_array_length(jget(rep, "candidates")), 0);
	json_object_put(rep);
	/* NULL meta and NULL inputs do not crash */
	rep = ew_infer_report(s->inf, NULL);
	assert_non_null(rep);
	json_object_put(rep);
	ew_infer_event(NULL, &s->f, &s->ev);
	ew_infer_event(s->inf, NULL, &s->ev);
	assert_null(ew_infer_report(NULL, NULL));
	ew_infer_new_window(NULL);
	ew_infer_free(NULL);
	/* frames without L2 addresses are ignored */
	sim_ip(s, HOST_A, GW, 0, "10.20.1.1", "8.8.8.8", 64);
	s->f.has_l2 = false;
	s->f.ts_usec++;
	sim_feed(s);
	assert_int_equal(ew_infer_device_count(s->inf), 2);
	sim_free(s);
}

/* "helpers": only when the agent started one; each says running or stopped,
 * since when and why, so that a report without probe findings or locations
 * does not read as "nothing found" (the schema check reads the dump). */
static void report_says_which_helpers_run(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_start(s);
	struct json_object *rep = sim_report(s);
	assert_null(jget(rep, "helpers")); /* no helper: no member */
	json_object_put(rep);

	struct ew_report_meta m = sim_meta();
	m.helpers[0] = (struct ew_report_helper){ .name = "prober" };
	m.helpers[1] = (struct ew_report_helper){
		.name = "locator", .stopped = true, .since_usec = SIM_T0 + 60000000, .reason = "killed by signal 31 (SIGSYS)"
	};
	m.helper_count = 2;
	rep = ew_infer_report(s->inf, &m);
	assert_non_null(rep);
	sim_dump(rep, "helpers");
	struct json_object *h = jget(rep, "helpers");
	assert_non_null(h);
	assert_int_equal(json_object_object_length(h), 2);
	assert_string_equal(jstr(jget(h, "prober"), "state"), "running");
	assert_int_equal(json_object_object_length(jget(h, "prober")), 1);
	assert_string_equal(jstr(jget(h, "locator"), "state"), "stopped");
	assert_string_equal(jstr(jget(h, "locator"), "since"), "2023-11-14T22:14:20.000000Z");
	assert_string_equal(jstr(jget(h, "locator"), "reason"), "killed by signal 31 (SIGSYS)");
	json_object_put(rep);

	m.helper_count = 1; /* --probe alone */
	m.helpers[0] = (struct ew_report_helper){ .name = "prober", .stopped = true, .since_usec = SIM_T0,
						   .reason = "exited with status 2" };
	rep = ew_infer_report(s->inf, &m);
	assert_non_null(rep);
	sim_dump(rep, "helpers-prober");
	h = jget(rep, "helpers");
	assert_int_equal(json_object_object_length(h), 1);
	assert_null(jget(h, "locator"));
	assert_string_equal(jstr(jget(h, "prober"), "reason"), "exited with status 2");
	json_object_put(rep);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(offsubnet_traffic_makes_a_router),
		cmocka_unit_test(thresholds_single_packet_vs_many),
		cmocka_unit_test(same_microsecond_records_are_frames),
		cmocka_unit_test(endpoint_is_not_forwarding),
		cmocka_unit_test(many_addresses_behind_one_mac),
		cmocka_unit_test(declared_gateway_is_declared_not_unlisted),
		cmocka_unit_test(declared_by_ip),
		cmocka_unit_test(rogue_router_option_from_declared_server),
		cmocka_unit_test(rogue_dhcp_server),
		cmocka_unit_test(learned_subnets_from_declared_dhcp_not_rogue),
		cmocka_unit_test(learned_subnets_from_arp_minus_rogue),
		cmocka_unit_test(learned_ipv6_subnets),
		cmocka_unit_test(configured_subnets_are_not_learned_over),
		cmocka_unit_test(same_mac_on_two_vlans_is_two_devices),
		cmocka_unit_test(randomised_mac_is_flagged_not_a_class),
		cmocka_unit_test(benign_segment_has_no_unlisted),
		cmocka_unit_test(evidence_callback_is_bounded),
		cmocka_unit_test(new_window_restarts_evidence_keeps_learning),
		cmocka_unit_test(same_events_same_report),
		cmocka_unit_test(candidates_sorted_unlisted_first),
		cmocka_unit_test(report_envelope),
		cmocka_unit_test(report_says_which_helpers_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
