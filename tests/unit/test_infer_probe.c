/* SPDX-License-Identifier: ISC */
/* test_infer_probe.c - probe findings (EW_EV_PROBE) in the inference: a
 * matched time exceeded proves a way out (probe_forwarding, >= 0.9); an
 * answer alone makes no candidate; a UPnP model and an IGD's mobile external
 * address fill the model and wan_addr facts the shipped rules use; found_by
 * tells probe-only candidates from those also seen listening. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "infer_sim.h"

#define SHIPPED "data/fingerprints.conf"
#define GW "00:a0:de:20:00:01"
#define PC "00:08:74:cc:00:01"    /* Dell OUI */
#define H5G "00:22:a5:bb:00:22"   /* Sharp OUI */
#define HOST "00:1b:21:00:00:0a"
#define PROBE "00:00:5e:00:53:50"

static struct ew_fp_db *fp;
static struct ew_oui_db *oui;

static int setup(void **state)
{
	(void)state;
	char err[512];
	fp = ew_fp_load(SHIPPED, err, sizeof err);
	oui = ew_oui_load("/usr/share/ieee-data", err, sizeof err);
	return fp ? 0 : -1;
}
static int teardown(void **state)
{
	(void)state;
	ew_fp_free(fp);
	ew_oui_free(oui);
	return 0;
}

static struct sim *site(void)
{
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/24");
	sim_declare(s, GW);
	sim_declare(s, "10.20.0.1");
	s->cfg.fp = fp;
	s->cfg.oui = oui;
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.0.2");
	return s;
}

static struct ew_ev_probe *probe_begin(struct sim *s, const char *mac, enum ew_probe_finding k, uint32_t stim)
{
	sim_frame(s, mac, PROBE, 0);
	struct ew_event *ev = sim_ev(s, EW_EV_PROBE);
	ev->u.probe.finding = (uint8_t)k;
	ev->u.probe.stimulus = stim;
	return &ev->u.probe;
}

static void set(struct ew_str *d, const char *v)
{
	ew_str_set(d, (const uint8_t *)v, strlen(v));
}

static void forwarded_test_proves_a_way_out(void **state)
{
	(void)state;
	struct sim *s = site();
	struct ew_ev_probe *p = probe_begin(s, PC, EW_PROBE_ANSWERED, EW_PROBE_STIM_ARP);
	p->addr = IP("10.20.0.109");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	assert_null(sim_cand(rep, PC, 0)); /* answering ARP is what every host does */
	json_object_put(rep);
	p = probe_begin(s, PC, EW_PROBE_FORWARDED, EW_PROBE_STIM_FORWARD);
	p->addr = IP("192.0.2.1");
	sim_feed(s);
	rep = sim_report(s);
	struct json_object *c = sim_cand(rep, PC, 0);
	assert_non_null(c);
	assert_true(json_object_get_double(jget(c, "confidence")) >= EW_WAYOUT_PROVEN);
	assert_true(jarr_has(jget(c, "way_out"), "probe_forwarding"));
	assert_true(jarr_has(jget(c, "roles"), "router"));
	assert_string_equal(jstr(c, "found_by"), "probes");
	assert_string_equal(jstr(sim_detail(c, "probe_forwarding"), "target"), "192.0.2.1");
	assert_true(jarr_has(jget(sim_detail(c, "probe_answer"), "stimuli"), "arp"));
	json_object_put(rep);
	sim_free(s);
}

static void model_and_mobile_wan_address_settle_the_class(void **state)
{
	(void)state;
	struct sim *s = site();
	struct ew_ev_probe *p = probe_begin(s, H5G, EW_PROBE_UPNP, EW_PROBE_STIM_SSDP);
	p->addr = IP("10.20.0.250");
	set(&p->manufacturer, "SHARP");
	set(&p->model_name, "HR01");
	sim_feed(s);
	p = probe_begin(s, H5G, EW_PROBE_WAN, EW_PROBE_STIM_SSDP);
	p->addr = IP("1.66.12.34");
	set(&p->carrier, "docomo");
	p->mobile = true;
	p->asn = 9605;
	sim_feed(s);
	p = probe_begin(s, H5G, EW_PROBE_FORWARDED, EW_PROBE_STIM_FORWARD);
	p->addr = IP("192.0.2.1");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "infer_probe_igd");
	struct json_object *c = sim_cand(rep, H5G, 0);
	assert_non_null(c);
	const char *cls = jstr(c, "class");
	assert_true(!strcmp(cls, "home_router") || !strcmp(cls, "mobile_router"));
	assert_non_null(strstr(jstr(c, "reason"), "HR01"));
	assert_non_null(strstr(jstr(c, "reason"), "docomo"));
	struct json_object *w = sim_detail(c, "probe_wan_addr");
	assert_string_equal(jstr(w, "external_addr"), "1.66.12.34");
	assert_string_equal(jstr(w, "carrier"), "docomo");
	assert_true(json_object_get_boolean(jget(w, "mobile")));
	assert_string_equal(jstr(sim_detail(c, "probe_upnp"), "model_name"), "HR01");
	json_object_put(rep);
	sim_free(s);
}

static void seen_listening_too_says_so(void **state)
{
	(void)state;
	struct sim *s = site();
	sim_arp(s, HOST, 0, "10.20.0.20", "10.20.0.1");
	for (int i = 0; i < 30; i++) /* a host's traffic to the outside goes through PC */
		sim_ip(s, HOST, PC, 0, "10.20.0.20", i % 2 ? "198.51.100.10" : "203.0.113.7", 64);
	struct ew_ev_probe *p = probe_begin(s, PC, EW_PROBE_FORWARDED, EW_PROBE_STIM_FORWARD);
	p->addr = IP("192.0.2.1");
	sim_feed(s);
	struct json_object *rep = sim_report(s);
	struct json_object *c = sim_cand(rep, PC, 0);
	assert_non_null(c);
	assert_true(jarr_has(jget(c, "way_out"), "forwarding"));
	assert_string_equal(jstr(c, "found_by"), "probes_and_listening");
	/* a candidate without probe evidence has no found_by */
	json_object_put(rep);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forwarded_test_proves_a_way_out),
		cmocka_unit_test(model_and_mobile_wan_address_settle_the_class),
		cmocka_unit_test(seen_listening_too_says_so),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
