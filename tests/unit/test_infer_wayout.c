/* SPDX-License-Identifier: ISC */
/* test_infer_wayout.c - the two numbers per candidate on scripted segments:
 * "confidence" (is it a way out? from behaviour on the wire) and
 * "class_confidence" (which kind), and the infrastructure verdict (a DHCP
 * server naming only declared routers, a relay, a switch, a redundancy peer
 * of a declared router: confidence <= 0.1, never an unlisted way out).
 * With the shipped data/fingerprints.conf and Debian's IEEE registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "infer_sim.h"

#define SHIPPED "data/fingerprints.conf" /* run-unit.sh runs from the project root */
#define OUI_DIR "/usr/share/ieee-data"

#define GW "00:a0:de:20:00:01"     /* the declared core router, 10.20.0.1 */
#define DHCPD "00:11:22:00:00:05"  /* the hospital's DHCP server, not declared */
#define MR "00:15:eb:bb:00:01"     /* a mobile router (ZTE OUI) */
#define PC "00:06:5b:00:50:01"     /* a PC (Dell OUI) */
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"

static struct ew_fp_db *fp;
static struct ew_oui_db *oui;

static int setup(void **state)
{
	(void)state;
	char err[512];
	fp = ew_fp_load(SHIPPED, err, sizeof err);
	if (!fp) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	oui = ew_oui_load(OUI_DIR, err, sizeof err); /* may be NULL: vendor "unknown" */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ew_fp_free(fp);
	ew_oui_free(oui);
	return 0;
}

/* The site: 10.20.0.0/16, core router declared by MAC and IP. */
static struct sim *site(void)
{
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_declare(s, "10.20.0.1");
	s->cfg.fp = fp;
	s->cfg.oui = oui;
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.0.2");
	sim_arp(s, HOST_A, 0, "10.20.1.10", "10.20.0.1");
	sim_arp(s, HOST_B, 0, "10.20.1.11", "10.20.0.1");
	return s;
}

static double num(struct json_object *c, const char *key)
{
	struct json_object *v = jget(c, key);
	if (!v)
		fail_msg("missing %s", key);
	return json_object_get_double(v);
}

static bool infra(struct json_object *c) { return json_object_get_boolean(jget(c, "infrastructure")); }

/* n frames of `inside`'s traffic through `router`, half out, half back in
 * (routed: TTL 57), to `remotes` distinct public addresses. */
static void through(struct sim *s, const char *inside, const char *inside_ip, const char *router, int n, int remotes)
{
	char remote[32];
	for (int i = 0; i < n; i++) {
		snprintf(remote, sizeof remote, "203.0.113.%d", 1 + i % remotes);
		if (i % 2 == 0)
			sim_ip(s, inside, router, 0, inside_ip, remote, 64);
		else
			sim_ip(s, router, inside, 0, remote, inside_ip, 57);
	}
}

static void ra(struct sim *s, const char *mac, const char *ll, uint16_t lifetime)
{
	sim_frame(s, mac, "33:33:00:00:00:01", 0);
	sim_iphdr(s, ll, "ff02::1", 255, 58);
	sim_ev(s, EW_EV_ND_RA)->u.ra.router_lifetime = lifetime;
	sim_feed(s);
}

static void pppoe(struct sim *s, const char *src, const char *dst, uint8_t code, const char *ac_name)
{
	sim_frame(s, src, dst, 0);
	s->f.ethertype = 0x8863;
	struct ew_ev_pppoe_disc *p = &sim_ev(s, EW_EV_PPPOE_DISC)->u.pppoe;
	p->code = code;
	if (ac_name)
		ew_str_set(&p->ac_name, (const uint8_t *)ac_name, strlen(ac_name));
	sim_feed(s);
}

static void vrrp(struct sim *s, const char *mac, const char *src_ip, uint8_t vrid, const char *vip)
{
	struct ew_ev_vrrp *v = &sim_ip_event(s, mac, "01:00:5e:00:00:12", 0, src_ip, "224.0.0.18", 255, 112,
					     EW_EV_VRRP)->u.vrrp;
	v->version = 2;
	v->vrid = vrid;
	v->priority = 100;
	v->addr_count = 1;
	v->addrs[0] = IP(vip);
	sim_feed(s);
}

/* ---- ways out ------------------------------------------------------------------- */

/* Issue 7: "a mobile router that forwarded 120 frames and served DHCP with its
 * own router option is printed as UNLISTED mobile_router 0.50". */
static void mobile_router_proven_by_forwarding_and_dhcp(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_dhcp_reply(s, MR, "192.168.43.1", HOST_A, 0, 2, "192.168.43.100", "255.255.255.0", "192.168.43.1");
	sim_dhcp_reply(s, MR, "192.168.43.1", HOST_A, 0, 5, "192.168.43.100", "255.255.255.0", "192.168.43.1");
	through(s, HOST_A, "10.20.1.10", MR, 120, 6);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_mobile_router");
	struct json_object *c = sim_cand(rep, MR, 0);
	assert_non_null(c);
	assert_string_equal(jstr(c, "class"), "mobile_router");
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_true(num(c, "class_confidence") > 0 && num(c, "class_confidence") <= 0.5); /* W knowledge */
	assert_false(infra(c));
	assert_true(jarr_has(jget(c, "way_out"), "forwarding"));
	assert_true(jarr_has(jget(c, "way_out"), "dhcp_rogue_router"));
	/* the first candidate: sorted by confidence */
	assert_string_equal(jstr(json_object_array_get_idx(jget(rep, "candidates"), 0), "mac"), MR);
	json_object_put(rep);
	sim_free(s);
}

/* "a PC proven to forward for another host, host_sharing 0.45" */
static void pc_sharing_proven_by_forwarding(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, PC, 0, "10.20.1.50", "10.20.0.1");
	sim_dhcp_request(s, PC, 0, 3, "DESKTOP-7K3Q9PL"); /* it is a client itself */
	through(s, HOST_B, "10.20.1.11", PC, 40, 4);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_host_sharing");
	struct json_object *c = sim_cand(rep, PC, 0);
	assert_non_null(c);
	assert_string_equal(jstr(c, "class"), "host_sharing");
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_true(num(c, "class_confidence") < num(c, "confidence"));
	json_object_put(rep);
	sim_free(s);
}

/* "a router proven by forwarding, 0.40"; and the same router over three
 * frames only is likely, not proven. */
static void forwarding_proof_count(void **state)
{
	(void)state;
	struct sim *s = site();
	through(s, HOST_A, "10.20.1.10", "02:00:00:00:00:77", 4, 2);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, "02:00:00:00:00:77", 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") == EW_WAYOUT_SEEN);
	json_object_put(rep);
	through(s, HOST_A, "10.20.1.10", "02:00:00:00:00:77", EW_WAYOUT_FWD_PROOF, 2);
	rep = sim_report(s);
	c = sim_cand(rep, "02:00:00:00:00:77", 0);
	assert_string_equal(jstr(c, "class"), "router");
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_true(num(c, "class_confidence") <= 0.5);
	json_object_put(rep);
	sim_free(s);
}

/* Two independent behaviours, each seen only briefly, make >= 0.9. */
static void two_independent_roles(void **state)
{
	(void)state;
	struct sim *s = site();
	const char *r = "02:00:00:00:00:88";
	through(s, HOST_A, "10.20.1.10", r, 4, 2);
	ra(s, r, "fe80::88", 1800);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_two_roles");
	struct json_object *c = sim_cand(rep, r, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") >= 0.9);
	assert_true(jarr_has(jget(c, "way_out"), "router_advertisement"));
	json_object_put(rep);
	sim_free(s);
}

/* A vendor or a default address without behaviour: a hint, <= 0.5. An RA
 * with lifetime 0 is not a default router. */
static void hints_alone_stay_low(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, "00:1b:8b:aa:00:09", 0, "192.168.1.1", "192.168.1.2"); /* NEC, the HGW default */
	ra(s, "02:00:00:00:00:99", "fe80::99", 0);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_hints");
	struct json_object *c = sim_cand(rep, "00:1b:8b:aa:00:09", 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") <= EW_WAYOUT_HINT_MAX);
	assert_int_equal(json_object_array_length(jget(c, "way_out")), 0);
	assert_false(infra(c));
	c = sim_cand(rep, "02:00:00:00:00:99", 0);
	if (c)
		assert_true(num(c, "confidence") <= EW_WAYOUT_HINT_MAX);
	json_object_put(rep);
	sim_free(s);
}

/* PPPoE: a concentrator's one PADO proves a line ends here; a PADI nobody
 * answered is a hint; one answered is likely; a session proves it. */
static void pppoe_ends(void **state)
{
	(void)state;
	struct sim *s = site();
	const char *ac = "00:00:0c:dd:00:01", *lonely = "00:06:5b:00:50:02";
	pppoe(s, PC, "ff:ff:ff:ff:ff:ff", EW_PADI, NULL);
	pppoe(s, ac, PC, EW_PADO, "TKY-BAS-0417");
	pppoe(s, lonely, "ff:ff:ff:ff:ff:ff", EW_PADI, NULL);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_pppoe");
	struct json_object *c = sim_cand(rep, ac, 0);
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_string_equal(jstr(c, "class"), "onu_bridged");
	c = sim_cand(rep, PC, 0);
	assert_true(num(c, "confidence") == EW_WAYOUT_SEEN);
	c = sim_cand(rep, lonely, 0);
	assert_true(num(c, "confidence") <= EW_WAYOUT_HINT_MAX);
	json_object_put(rep);
	for (int i = 0; i < EW_WAYOUT_SESSION_PROOF; i++) {
		sim_frame(s, PC, ac, 0);
		s->f.ethertype = 0x8864;
		sim_ev(s, EW_EV_PPPOE_SESS)->u.pppoes.session_id = 7;
		sim_feed(s);
	}
	rep = sim_report(s);
	assert_true(num(sim_cand(rep, PC, 0), "confidence") >= EW_WAYOUT_PROVEN);
	json_object_put(rep);
	sim_free(s);
}

/* ---- infrastructure ------------------------------------------------------------------ */

/* Issue 7: "The legitimate DHCP server, handing out the declared gateway, is
 * listed as an unlisted router." */
static void dhcp_server_of_declared_router_is_infrastructure(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
	for (int i = 0; i < 4; i++)
		sim_dhcp_reply(s, DHCPD, "10.20.0.5", HOST_A, 0, i % 2 ? 5 : 2, "10.20.1.10", "255.255.0.0", "10.20.0.1");
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_infra_dhcp");
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_false(json_object_get_boolean(jget(c, "declared")));
	assert_true(infra(c));
	assert_true(num(c, "confidence") <= 0.1);
	assert_string_equal(jstr(c, "class"), "dhcp_server");
	assert_non_null(strstr(jstr(c, "reason"), "10.20.0.1"));
	assert_int_equal(json_object_array_length(jget(c, "way_out")), 0);
	/* after every way out (here: the declared router comes last anyway) */
	json_object_put(rep);
	sim_free(s);
}

/* RFC 3442: a client given classless static routes (option 121, or
 * Microsoft's 249) ignores the router option. A server naming the declared
 * router in option 3 but a default route through another router in 121
 * sends its clients to that router: a rogue default router, not
 * infrastructure. */
static void classless_default_route_to_undeclared_router_is_rogue(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
	for (int i = 0; i < 4; i++) {
		struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, DHCPD, "10.20.0.5", HOST_A, 0, i % 2 ? 5 : 2, "10.20.1.10");
		d->has_mask = true;
		d->mask = IP("255.255.0.0");
		d->router_count = 1;
		d->routers[0] = IP("10.20.0.1"); /* declared, and ignored by the client */
		d->route_option = 121;
		d->route_count = 2;
		d->routes[0].dest = PFX("0.0.0.0/0");
		d->routes[0].router = IP("10.20.0.250");
		d->routes[1].dest = PFX("10.20.0.0/16");
		d->routes[1].router = IP("0.0.0.0"); /* on-link */
		sim_feed(s);
	}
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_classless_rogue");
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_false(infra(c));
	assert_true(jarr_has(jget(c, "way_out"), "dhcp_rogue_router"));
	assert_true(jarr_has(jget(sim_detail(c, "dhcp_rogue_router"), "routers"), "10.20.0.250"));
	assert_false(jarr_has(jget(sim_detail(c, "dhcp_rogue_router"), "routers"), "0.0.0.0"));
	assert_non_null(strstr(jstr(c, "reason"), "10.20.0.250"));
	assert_true(num(c, "confidence") >= 0.9);
	json_object_put(rep);
	sim_free(s);
}

/* Frames that only ever come from a device, from two addresses outside the
 * subnets, all with an initial TTL, and none sent through it: that is a
 * host with two foreign addresses (or a gateway seen one way only), not 20
 * forwarded frames. Likely, never proven (ndpi's fix2.pcap: 1065 such
 * frames read as a proven way out). Routed frames, or frames sent through
 * it, prove it as before. */
static void own_frames_alone_do_not_prove_forwarding(void **state)
{
	(void)state;
	struct sim *s = site();
	for (int i = 0; i < 40; i++)
		sim_ip(s, PC, HOST_A, 0, i % 2 ? "10.102.0.2" : "10.102.0.9", "10.20.1.10", 128);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_own_frames");
	struct json_object *c = sim_cand(rep, PC, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") < 0.9);
	json_object_put(rep);
	/* the same with one frame in routed: proven */
	sim_ip(s, PC, HOST_A, 0, "10.102.0.2", "10.20.1.10", 61);
	rep = sim_report(s);
	assert_true(num(sim_cand(rep, PC, 0), "confidence") >= 0.9);
	json_object_put(rep);
	sim_free(s);
}

/* The same server, once it also forwards off-subnet traffic, is a way out. */
static void infrastructure_that_forwards_is_a_way_out(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
	sim_dhcp_reply(s, DHCPD, "10.20.0.5", HOST_A, 0, 5, "10.20.1.10", "255.255.0.0", "10.20.0.1");
	through(s, HOST_B, "10.20.1.11", DHCPD, 30, 3);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_false(infra(c));
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	json_object_put(rep);
	sim_free(s);
}

/* RFC 2131 §4.1: a relay (an L3 switch with ip helper-address) sends the
 * server's replies from giaddr; the router option is the server's choice. */
static void dhcp_relay_is_infrastructure(void **state)
{
	(void)state;
	struct sim *s = site();
	const char *relay = "00:11:22:00:00:fe";
	for (int i = 0; i < 4; i++) {
		struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, relay, "10.20.9.1", HOST_B, 0, 5, "10.20.9.40");
		d->giaddr = IP("10.20.9.1");
		d->server_id = IP("10.20.0.5");
		d->router_count = 1;
		d->routers[0] = IP("10.20.9.1"); /* the VLAN's gateway, not declared */
		sim_feed(s);
	}
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_infra_relay");
	struct json_object *c = sim_cand(rep, relay, 0);
	assert_non_null(c);
	assert_true(infra(c));
	assert_true(num(c, "confidence") <= 0.1);
	assert_non_null(strstr(jstr(c, "reason"), "relay"));
	json_object_put(rep);
	sim_free(s);
}

/* The same relay when the reply it passes on keeps the remote server's
 * source address (routed here: TTL 63), the shape issue 7 describes (and
 * ew-gen's trunk): still a relay, not a server naming an undeclared router.
 * Having routed the server's packets in, it forwards: that stays. */
static void dhcp_relay_with_server_source_is_a_relay(void **state)
{
	(void)state;
	struct sim *s = site();
	const char *relay = "00:11:22:00:00:fe";
	for (int i = 0; i < 4; i++) {
		struct ew_ev_dhcp4 *d =
			sim_dhcp_reply_framed(s, relay, HOST_B, 0, "10.99.0.5", "10.20.9.40", 63, 5, "10.20.9.40", HOST_B);
		d->giaddr = IP("10.20.9.1");
		d->has_server_id = true;
		d->server_id = IP("10.99.0.5");
		d->router_count = 1;
		d->routers[0] = IP("10.20.9.1"); /* the VLAN's gateway, not declared */
		sim_feed(s);
	}
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_infra_relay_routed");
	struct json_object *c = sim_cand(rep, relay, 0);
	assert_non_null(c);
	assert_false(jarr_has(jget(c, "way_out"), "dhcp_rogue_router"));
	assert_non_null(strstr(jstr(c, "reason"), "relays DHCP"));
	assert_null(strstr(jstr(c, "reason"), "serves DHCP"));
	assert_false(jarr_has(jget(c, "ipv4"), "10.99.0.5"));
	json_object_put(rep);
	sim_free(s);
}

/* A central DHCP server on this segment answers the relays of other VLANs
 * (RFC 2131 §4.1: unicast to giaddr, router option the client VLAN's
 * gateway): no host here takes those leases, so no rogue router, no
 * subnet learned from them, and the server keeps its own address. Seen in
 * tcpdump's dhcp-rfc4388.pcap (a server answering an Arista relay). */
static void dhcp_server_answering_relays_is_infrastructure(void **state)
{
	(void)state;
	for (int declared = 0; declared < 2; declared++) {
		struct sim *s = sim_new();
		if (!declared) {
			sim_subnet(s, "10.20.0.0/16");
		} else {
			sim_declare(s, DHCPD); /* no subnet configured: a mask would be learned */
			sim_declare(s, "10.20.0.5");
		}
		sim_declare(s, GW);
		sim_declare(s, "10.20.0.1");
		s->cfg.fp = fp;
		s->cfg.oui = oui;
		sim_start(s);
		sim_arp(s, GW, 0, "10.20.0.1", "10.20.0.5");
		sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
		for (int i = 0; i < 4; i++) {
			/* to the relay, for a client on VLAN 30 (not here) */
			struct ew_ev_dhcp4 *d = sim_dhcp_reply_framed(s, DHCPD, GW, 0, "10.20.0.5", "10.30.0.1", 64,
								      i % 2 ? 5 : 2, "10.30.1.50", "00:1b:21:00:30:50");
			d->giaddr = IP("10.30.0.1");
			d->has_server_id = true;
			d->server_id = IP("10.20.0.5");
			d->has_mask = true;
			d->mask = IP("255.255.0.0");
			d->router_count = 1;
			d->routers[0] = IP("10.30.0.1"); /* VLAN 30's gateway, not declared */
			sim_feed(s);
		}
		struct json_object *rep = sim_report(s);
		sim_dump(rep, declared ? "wayout_infra_to_relay_declared" : "wayout_infra_to_relay");
		struct json_object *c = sim_cand(rep, DHCPD, 0);
		assert_non_null(c);
		assert_true(infra(c));
		assert_true(num(c, "confidence") <= 0.1);
		assert_null(sim_evidence(c, "dhcp_rogue_router"));
		assert_non_null(strstr(jstr(c, "reason"), "answering relays"));
		assert_true(jarr_has(jget(c, "ipv4"), "10.20.0.5"));
		assert_null(sim_evidence(c, "foreign_subnet"));
		assert_int_equal(jint(sim_detail(c, "dhcp_offer"), "to_relays"), 4);
		assert_false(sim_has_subnet(rep, "10.30.0.0/16", NULL));
		assert_int_equal(sim_unlisted(rep), declared ? 0 : 1); /* the server itself */
		json_object_put(rep);
		sim_free(s);
	}

	/* framed to the client's own MAC, the same header is for the client:
	 * not a reply to a relay, whatever its IP destination */
	struct sim *s = site();
	sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
	for (int i = 0; i < 4; i++) {
		struct ew_ev_dhcp4 *d =
			sim_dhcp_reply_framed(s, DHCPD, HOST_A, 0, "10.20.0.5", "10.30.0.1", 64, 5, "10.20.1.10", HOST_A);
		d->giaddr = IP("10.30.0.1");
		d->router_count = 1;
		d->routers[0] = IP("10.20.0.250");
		sim_feed(s);
	}
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, DHCPD, 0);
	assert_non_null(c);
	assert_null(jget(sim_detail(c, "dhcp_offer"), "to_relays"));
	json_object_put(rep);
	sim_free(s);
}

/* LLDP/CDP switches: infrastructure; with router capability: not. */
static void switch_is_infrastructure(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_frame(s, "00:1c:0e:00:00:01", "01:00:0c:cc:cc:cc", 0);
	struct ew_ev_cdp *c = &sim_ev(s, EW_EV_CDP)->u.cdp;
	ew_str_set(&c->device_id, (const uint8_t *)"floor3-sw", 9);
	c->has_caps = true;
	c->caps = 0x08 | 0x20; /* switch, IGMP */
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_infra_switch");
	struct json_object *sw = sim_cand(rep, "00:1c:0e:00:00:01", 0);
	assert_non_null(sw);
	assert_true(infra(sw));
	assert_string_equal(jstr(sw, "class"), "switch");
	assert_true(num(sw, "confidence") <= 0.1);
	assert_non_null(strstr(jstr(sw, "reason"), "floor3-sw"));
	json_object_put(rep);
	sim_free(s);
}

/* VRRP for the declared gateway's address, or in the declared router's
 * group: its peer, not a way out of its own. Another VRRP router: not. */
static void redundancy_peers_of_declared_router(void **state)
{
	(void)state;
	struct sim *s = site();
	const char *by_vip = "00:11:22:00:00:31", *by_group = "00:11:22:00:00:32", *other = "00:11:22:00:00:33";
	vrrp(s, by_vip, "10.20.0.3", 1, "10.20.0.1");
	vrrp(s, GW, "10.20.0.1", 7, "10.20.0.100");
	vrrp(s, by_group, "10.20.0.4", 7, "10.20.0.100");
	vrrp(s, other, "10.20.0.6", 9, "10.20.0.200");
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "wayout_infra_vrrp");
	struct json_object *c = sim_cand(rep, by_vip, 0);
	assert_non_null(c);
	assert_true(infra(c));
	assert_true(num(c, "confidence") <= 0.1);
	c = sim_cand(rep, by_group, 0);
	assert_true(infra(c));
	assert_non_null(strstr(jstr(c, "reason"), "peer of a declared router"));
	c = sim_cand(rep, other, 0);
	assert_non_null(c);
	assert_false(infra(c));
	json_object_put(rep);
	sim_free(s);
}

/* Infrastructure sinks below every way out, and is never a way out in
 * the summary's sense (declared false, infrastructure true). */
static void sorted_by_confidence(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, DHCPD, 0, "10.20.0.5", "10.20.0.1");
	sim_dhcp_reply(s, DHCPD, "10.20.0.5", HOST_A, 0, 5, "10.20.1.10", "255.255.0.0", "10.20.0.1");
	through(s, HOST_A, "10.20.1.10", "02:00:00:00:00:77", 4, 2);       /* 0.7 */
	through(s, HOST_B, "10.20.1.11", "02:00:00:00:00:66", 40, 3);      /* 0.9 */
	sim_arp(s, "00:1b:8b:aa:00:09", 0, "192.168.1.1", "192.168.1.2"); /* hint */
	struct json_object *rep = sim_report(s);
	struct json_object *arr = jget(rep, "candidates");
	double last = 2;
	bool seen_declared = false;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		bool decl = json_object_get_boolean(jget(c, "declared"));
		if (decl && !seen_declared) {
			seen_declared = true;
			last = 2;
		}
		assert_true(decl == seen_declared); /* unlisted first */
		assert_true(num(c, "confidence") <= last);
		last = num(c, "confidence");
	}
	assert_string_equal(jstr(json_object_array_get_idx(arr, 0), "mac"), "02:00:00:00:00:66");
	json_object_put(rep);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mobile_router_proven_by_forwarding_and_dhcp),
		cmocka_unit_test(pc_sharing_proven_by_forwarding),
		cmocka_unit_test(forwarding_proof_count),
		cmocka_unit_test(two_independent_roles),
		cmocka_unit_test(hints_alone_stay_low),
		cmocka_unit_test(pppoe_ends),
		cmocka_unit_test(dhcp_server_of_declared_router_is_infrastructure),
		cmocka_unit_test(infrastructure_that_forwards_is_a_way_out),
		cmocka_unit_test(own_frames_alone_do_not_prove_forwarding),
		cmocka_unit_test(classless_default_route_to_undeclared_router_is_rogue),
		cmocka_unit_test(dhcp_relay_is_infrastructure),
		cmocka_unit_test(dhcp_relay_with_server_source_is_a_relay),
		cmocka_unit_test(dhcp_server_answering_relays_is_infrastructure),
		cmocka_unit_test(switch_is_infrastructure),
		cmocka_unit_test(redundancy_peers_of_declared_router),
		cmocka_unit_test(sorted_by_confidence),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
