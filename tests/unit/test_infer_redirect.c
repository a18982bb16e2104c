/* SPDX-License-Identifier: ISC */
/* test_infer_redirect.c - an ICMP redirect as proof of forwarding (RFC 792):
 * a device that redirects an inside host's datagram for an off-subnet
 * destination and is seen forwarding that datagram (same source,
 * destination and IP id, from its MAC, TTL one less than the host's) routes,
 * whichever of the two comes first; a redirect alone is a likely way out,
 * never a proven one (a host can forge it); a declared router's redirects
 * change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fingerprints.h"
#include "infer_sim.h"


#define CORE "f4:bd:9e:00:00:01"   /* declared core router 10.20.0.1 */
#define OLD "0c:c4:7a:00:00:fc"    /* an old router 10.20.0.252 some hosts still use */
#define HOST "00:1b:21:00:00:0a"   /* an EMR PC 10.20.1.10, Windows TTL 128 */
#define REMOTE "203.0.113.7"

struct world {
	struct ew_fp_db *db;
	struct sim *s;
};

static struct world start(void)
{
	struct world w = { .db = sim_shipped_rules() };
	w.s = sim_new();
	w.s->cfg.fp = w.db;
	sim_subnet(w.s, "10.20.0.0/16");
	sim_declare(w.s, CORE);
	sim_declare(w.s, "10.20.0.1");
	sim_start(w.s);
	sim_arp(w.s, CORE, 0, "10.20.0.1", "10.20.1.10");
	sim_arp(w.s, OLD, 0, "10.20.0.252", "10.20.1.10");
	sim_arp(w.s, HOST, 0, "10.20.1.10", "10.20.0.252");
	return w;
}

static void finish(struct world *w)
{
	sim_free(w->s);
	ew_fp_free(w->db);
}

/* One TCP frame with its IP id. */
static void tcp(struct sim *s, const char *src, const char *dst, const char *sip, const char *dip, uint8_t ttl,
		uint16_t id)
{
	sim_frame(s, src, dst, 0);
	s->f.ip_version = EW_AF_INET;
	s->f.ip_src = IP(sip);
	s->f.ip_dst = IP(dip);
	s->f.ttl = ttl;
	s->f.l4_proto = 6;
	struct ew_event *ev = sim_ev(s, EW_EV_IPV4);
	ev->u.ipv4.src = IP(sip);
	ev->u.ipv4.dst = IP(dip);
	ev->u.ipv4.ttl = ttl;
	ev->u.ipv4.proto = 6;
	ev->u.ipv4.id = id;
	ev->u.ipv4.has_tcp_flags = true;
	ev->u.ipv4.tcp_flags = 0x02; /* SYN */
	sim_feed(s);
}

/* The redirect `from` (at from_ip) sends HOST for its datagram to REMOTE
 * (its IP id and TTL as quoted), naming gateway. */
static void redirect_full(struct sim *s, const char *from, const char *from_ip, const char *gateway, uint16_t id,
			  uint8_t quoted_ttl)
{
	struct ew_event *ev = sim_ip_event(s, from, HOST, 0, from_ip, "10.20.1.10", 64, 1, EW_EV_ICMP);
	ev->u.icmp.type = 5;
	ev->u.icmp.code = 1;
	ev->u.icmp.gateway = IP(gateway);
	ev->u.icmp.has_inner = true;
	ev->u.icmp.inner_src = IP("10.20.1.10");
	ev->u.icmp.inner_dst = IP(REMOTE);
	ev->u.icmp.inner_proto = 6;
	ev->u.icmp.inner_id = id;
	ev->u.icmp.inner_ttl = quoted_ttl;
	sim_feed(s);
}

static double num(struct json_object *c, const char *key)
{
	struct json_object *v = jget(c, key);
	if (!v)
		fail_msg("no %s", key);
	return json_object_get_double(v);
}

/* The host's datagram to the old router, the old router's copy to the core
 * (TTL 127), and the old router's reply to the remote through the core. */
static void host_datagram(struct sim *s, uint16_t id)
{
	tcp(s, HOST, OLD, "10.20.1.10", REMOTE, 128, id);
}

static void old_forwards(struct sim *s, uint16_t id, uint8_t ttl)
{
	tcp(s, OLD, CORE, "10.20.1.10", REMOTE, ttl, id);
}

/* Forwarded copy first, then the redirect (what tests/tools/ew-gen writes):
 * one datagram to one remote, too little to call it routing by volume. */
static void copy_then_redirect_is_proven(void **state)
{
	(void)state;
	struct world w = start();
	host_datagram(w.s, 0x4d21);
	old_forwards(w.s, 0x4d21, 127);
	redirect_full(w.s, OLD, "10.20.0.252", "10.20.0.1", 0x4d21, 128);
	struct json_object *rep = sim_report(w.s);
	sim_dump(rep, "redirect_copy_first");
	struct json_object *c = sim_cand(rep, OLD, 0);
	assert_non_null(c);
	assert_false(json_object_get_boolean(jget(c, "declared")));
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_true(jarr_has(jget(c, "way_out"), "forwarding"));
	assert_true(jarr_has(jget(c, "roles"), "router"));
	assert_string_equal(jstr(c, "class"), "router");
	assert_int_equal(jint(sim_detail(c, "icmp_redirect"), "forwarded"), 1);
	json_object_put(rep);
	finish(&w);
}

/* Linux sends the redirect before the forwarded copy and quotes the
 * datagram with its TTL already decremented. */
static void redirect_then_copy_is_proven(void **state)
{
	(void)state;
	struct world w = start();
	host_datagram(w.s, 0x0102);
	redirect_full(w.s, OLD, "10.20.0.252", "10.20.0.1", 0x0102, 127);
	old_forwards(w.s, 0x0102, 127);
	struct json_object *rep = sim_report(w.s);
	struct json_object *c = sim_cand(rep, OLD, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") >= EW_WAYOUT_PROVEN);
	assert_int_equal(jint(sim_detail(c, "icmp_redirect"), "forwarded"), 1);
	json_object_put(rep);
	finish(&w);
}

/* A redirect alone from an undeclared device for an off-subnet destination:
 * it claims to be the host's first hop, a router: likely, not proven. */
static void redirect_alone_is_likely(void **state)
{
	(void)state;
	struct world w = start();
	host_datagram(w.s, 0x0203);
	redirect_full(w.s, OLD, "10.20.0.252", "10.20.0.1", 0x0203, 128);
	struct json_object *rep = sim_report(w.s);
	struct json_object *c = sim_cand(rep, OLD, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") >= EW_WAYOUT_SEEN);
	assert_true(num(c, "confidence") < EW_WAYOUT_PROVEN);
	assert_false(json_object_get_boolean(jget(c, "infrastructure")));
	assert_string_equal(jstr(c, "class"), "router");
	assert_null(jget(sim_detail(c, "icmp_redirect"), "forwarded"));
	json_object_put(rep);
	finish(&w);
}

/* A host forging a redirect that names itself (an attack or a confused
 * stack), with frames that look like a copy but are not one: another IP id,
 * the host's own TTL, or a TTL two below. Never proven. */
static void forged_redirect_is_not_proven(void **state)
{
	(void)state;
	const char *liar = "00:1b:21:00:00:66"; /* an EMR PC at 10.20.1.66 */
	struct world w = start();
	sim_arp(w.s, liar, 0, "10.20.1.66", "10.20.0.1");
	host_datagram(w.s, 0x0304);
	redirect_full(w.s, liar, "10.20.1.66", "10.20.1.66", 0x0304, 128);
	tcp(w.s, liar, CORE, "10.20.1.10", REMOTE, 127, 0x0305); /* another datagram's id */
	tcp(w.s, liar, CORE, "10.20.1.10", REMOTE, 128, 0x0304); /* the host's TTL: not forwarded */
	tcp(w.s, liar, CORE, "10.20.1.10", REMOTE, 126, 0x0304); /* two hops, not one */
	tcp(w.s, liar, CORE, "10.20.1.10", "198.51.100.9", 127, 0x0304); /* another destination */
	struct json_object *rep = sim_report(w.s);
	struct json_object *c = sim_cand(rep, liar, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") < EW_WAYOUT_PROVEN);
	assert_null(jget(sim_detail(c, "icmp_redirect"), "forwarded"));
	json_object_put(rep);
	finish(&w);
}

/* A redirect for a destination on the subnet says the destination is a
 * neighbour: no router is claimed, nothing is forwarded off the subnet. */
static void onlink_redirect_claims_nothing(void **state)
{
	(void)state;
	struct world w = start();
	sim_frame(w.s, OLD, HOST, 0);
	sim_iphdr(w.s, "10.20.0.252", "10.20.1.10", 64, 1);
	struct ew_event *ev = sim_ev(w.s, EW_EV_ICMP);
	ev->u.icmp.type = 5;
	ev->u.icmp.code = 1;
	ev->u.icmp.gateway = IP("10.20.1.30");
	ev->u.icmp.has_inner = true;
	ev->u.icmp.inner_src = IP("10.20.1.10");
	ev->u.icmp.inner_dst = IP("10.20.1.30");
	sim_feed(w.s);
	struct json_object *rep = sim_report(w.s);
	struct json_object *c = sim_cand(rep, OLD, 0);
	assert_non_null(c);
	assert_true(num(c, "confidence") <= EW_WAYOUT_HINT_MAX);
	json_object_put(rep);
	finish(&w);
}

/* The declared core redirects and forwards: what the report says of it is
 * the same with or without the forwarded copy. */
static void declared_router_redirects_change_nothing(void **state)
{
	(void)state;
	const char *keys[] = { "confidence", "way_out", "roles", "class", "reason", "infrastructure" };
	const char *seen[2][6];
	struct json_object *reps[2];
	for (int copy = 0; copy < 2; copy++) {
		struct world w = start();
		tcp(w.s, HOST, CORE, "10.20.1.10", REMOTE, 128, 0x0506);
		redirect_full(w.s, CORE, "10.20.0.1", "10.20.0.252", 0x0506, 128);
		if (copy)
			tcp(w.s, CORE, OLD, "10.20.1.10", REMOTE, 127, 0x0506);
		reps[copy] = sim_report(w.s);
		struct json_object *c = sim_cand(reps[copy], CORE, 0);
		assert_non_null(c);
		assert_true(json_object_get_boolean(jget(c, "declared")));
		assert_null(jget(sim_detail(c, "icmp_redirect"), "forwarded"));
		for (int k = 0; k < 6; k++)
			seen[copy][k] = json_object_to_json_string(jget(c, keys[k]));
		finish(&w);
	}
	for (int k = 0; k < 6; k++)
		assert_string_equal(seen[0][k], seen[1][k]);
	json_object_put(reps[0]);
	json_object_put(reps[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copy_then_redirect_is_proven),
		cmocka_unit_test(redirect_then_copy_is_proven),
		cmocka_unit_test(redirect_alone_is_likely),
		cmocka_unit_test(forged_redirect_is_not_proven),
		cmocka_unit_test(onlink_redirect_claims_nothing),
		cmocka_unit_test(declared_router_redirects_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
