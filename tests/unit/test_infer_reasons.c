/* SPDX-License-Identifier: ISC */
/* test_infer_reasons.c - issue 7 point 4: a reason names the address, prefix
 * or value that triggered it. Routing and redundancy speakers (HSRP, VRRP,
 * OSPF, RIP default, IRDP) and redirect senders are fed to the inference with
 * the shipped rules; the reason must show the group, virtual address, router
 * id, area, RIP version, next hop, metric, advertised address or redirect
 * target, and a router forwarding for one host says "1 host", not "1 hosts". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "infer_sim.h"


#define CORE "00:a0:de:20:00:01" /* the declared core router */
#define HOST_A "00:1b:21:00:00:0a"
#define SPEAKER "00:3a:9d:00:00:42"

struct run {
	struct ew_fp_db *db;
	struct sim *s;
	struct json_object *rep;
};

static void run_start(struct run *r)
{
	r->db = sim_shipped_rules();
	r->s = sim_new();
	r->s->cfg.fp = r->db;
	sim_subnet(r->s, "10.20.0.0/16");
	sim_declare(r->s, CORE);
	sim_start(r->s);
	r->rep = NULL;
}

/* The speaker's reason, after the report. */
static const char *reason_of(struct run *r, const char *mac)
{
	r->rep = sim_report(r->s);
	struct json_object *c = sim_cand(r->rep, mac, 0);
	assert_non_null(c);
	const char *why = jstr(c, "reason");
	assert_non_null(why);
	return why;
}

static void run_end(struct run *r)
{
	json_object_put(r->rep);
	sim_free(r->s);
	ew_fp_free(r->db);
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("reason \"%s\" lacks \"%s\"", hay, needle);
}

static struct ew_event *speak(struct sim *s, const char *dst_mac, const char *dst_ip, uint8_t proto, enum ew_event_type t)
{
	return sim_ip_event(s, SPEAKER, dst_mac, 0, "10.20.0.2", dst_ip, 255, proto, t);
}

static void hsrp_names_group_and_virtual_address(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:02", "224.0.0.2", 17, EW_EV_HSRP);
	ev->u.hsrp.version = 0;
	ev->u.hsrp.group = 7;
	ev->u.hsrp.state = 16;
	ev->u.hsrp.priority = 110;
	ev->u.hsrp.virtual_ip = IP("10.20.0.77");
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "speaks HSRP for virtual address 10.20.0.77 (group 7)");
	run_end(&r);
}

/* group 0 is HSRP's default group: still named */
static void hsrp_group_zero_without_address(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:02", "224.0.0.2", 17, EW_EV_HSRP);
	ev->u.hsrp.group = 0;
	ev->u.hsrp.state = 2;
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "speaks HSRP (group 0, virtual address not yet seen)");
	run_end(&r);
}

static void vrrp_names_vrid_and_address(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:12", "224.0.0.18", 112, EW_EV_VRRP);
	ev->u.vrrp.version = 2;
	ev->u.vrrp.vrid = 5;
	ev->u.vrrp.priority = 100;
	ev->u.vrrp.addr_count = 1;
	ev->u.vrrp.addrs[0] = IP("10.20.0.55");
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "VRRP router for 10.20.0.55 (VRID 5)");
	run_end(&r);
}

static void ospf_names_router_id_and_area(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:05", "224.0.0.5", 89, EW_EV_OSPF_HELLO);
	ev->u.ospf.version = 2;
	ev->u.ospf.router_id = IP("1.1.1.1");
	ev->u.ospf.area_id = IP("0.0.0.0");
	ev->u.ospf.mask = IP("255.255.0.0");
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "OSPF hello from router id 1.1.1.1, area 0.0.0.0");
	run_end(&r);
}

static void rip_default(struct sim *s, const char *next_hop)
{
	struct ew_event *ev = speak(s, "01:00:5e:00:00:09", "224.0.0.9", 17, EW_EV_RIP);
	ev->u.rip.command = 2;
	ev->u.rip.version = 2;
	ev->u.rip.entry_count = 2;
	ev->u.rip.entries[0].afi = 2;
	ev->u.rip.entries[0].prefix = PFX("10.99.0.0/16");
	ev->u.rip.entries[0].metric = 3;
	ev->u.rip.entries[1].afi = 2;
	ev->u.rip.entries[1].prefix = PFX("0.0.0.0/0");
	ev->u.rip.entries[1].next_hop = IP(next_hop);
	ev->u.rip.entries[1].metric = 2;
	ev->u.rip.has_default = true;
	sim_feed(s);
}

static void rip_default_names_next_hop_and_metric(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	rip_default(r.s, "10.20.0.9");
	assert_has(reason_of(&r, SPEAKER), "announces a default route by RIP (next hop 10.20.0.9, metric 2)");
	run_end(&r);
	/* RFC 2453 §4.4: next hop 0.0.0.0 is the sender itself */
	run_start(&r);
	rip_default(r.s, "0.0.0.0");
	const char *why = reason_of(&r, SPEAKER);
	assert_has(why, "announces a default route by RIP (via itself, metric 2)");
	assert_null(strstr(why, "next hop 0.0.0.0"));
	run_end(&r);
}

/* a RIP speaker with no default route names its version */
static void rip_speaker_names_version(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:09", "224.0.0.9", 17, EW_EV_RIP);
	ev->u.rip.command = 2;
	ev->u.rip.version = 2;
	ev->u.rip.entry_count = 1;
	ev->u.rip.entries[0].afi = 2;
	ev->u.rip.entries[0].prefix = PFX("10.99.0.0/16");
	ev->u.rip.entries[0].metric = 3;
	sim_feed(r.s);
	const char *why = reason_of(&r, SPEAKER);
	assert_has(why, "speaks RIPv2 (no default route)");
	assert_null(strstr(why, "default route by RIP"));
	run_end(&r);
}

static void irdp_names_advertised_address(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	struct ew_event *ev = speak(r.s, "01:00:5e:00:00:01", "224.0.0.1", 1, EW_EV_IRDP_ADVERT);
	ev->u.irdp.num_addrs = 1;
	ev->u.irdp.addr_entry_size = 2;
	ev->u.irdp.lifetime = 1800;
	ev->u.irdp.count = 1;
	ev->u.irdp.entries[0].addr = IP("10.20.0.2");
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "advertises itself by IRDP (10.20.0.2)");
	run_end(&r);
}

static void redirect_names_destination_and_target(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	sim_icmp_redirect(r.s, SPEAKER, HOST_A, "10.20.0.2", "10.20.1.10", "10.20.0.1", "10.20.1.10", "203.0.113.5");
	assert_has(reason_of(&r, SPEAKER), "sends ICMP redirects for 203.0.113.5 to 10.20.0.1");
	run_end(&r);
	/* ND (RFC 4861 §8) */
	run_start(&r);
	sim_frame(r.s, SPEAKER, HOST_A, 0);
	sim_iphdr(r.s, "fe80::2", "fe80::a", 255, 58);
	struct ew_event *ev = sim_ev(r.s, EW_EV_ND_REDIRECT);
	ev->u.redirect.target = IP("fe80::1");
	ev->u.redirect.dest = IP("2001:db8:99::5");
	sim_feed(r.s);
	assert_has(reason_of(&r, SPEAKER), "sends ND redirects for 2001:db8:99::5 to fe80::1");
	run_end(&r);
}

/* One inside host: "1 host"; two: "2 hosts" (the facts a forwarding router
 * gives, against the shipped rules). */
static void forwarding_count_agrees(void **state)
{
	(void)state;
	struct ew_fp_db *db = sim_shipped_rules();
	struct ew_facts f;
	memset(&f, 0, sizeof f);
	f.mac = MAC(SPEAKER);
	f.roles = EW_ROLE_ROUTER;
	f.inside_hosts = 1;
	struct ew_verdict one, two;
	ew_classify(db, &f, &one);
	assert_has(one.reason, "forwards off-subnet traffic for 1 host");
	assert_null(strstr(one.reason, "1 hosts"));
	f.inside_hosts = 2;
	ew_classify(db, &f, &two);
	assert_has(two.reason, "forwards off-subnet traffic for 2 hosts");
	/* only the words differ */
	assert_int_equal(one.cls, two.cls);
	assert_true(one.confidence == two.confidence);
	ew_fp_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hsrp_names_group_and_virtual_address),
		cmocka_unit_test(hsrp_group_zero_without_address),
		cmocka_unit_test(vrrp_names_vrid_and_address),
		cmocka_unit_test(ospf_names_router_id_and_area),
		cmocka_unit_test(rip_default_names_next_hop_and_metric),
		cmocka_unit_test(rip_speaker_names_version),
		cmocka_unit_test(irdp_names_advertised_address),
		cmocka_unit_test(redirect_names_destination_and_target),
		cmocka_unit_test(forwarding_count_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
