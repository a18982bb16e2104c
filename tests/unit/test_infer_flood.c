/* SPDX-License-Identifier: ISC */
/* test_infer_flood.c - bounded memory: eviction order under a full table, and
 * a capture of 1,000,000 random source MACs that must keep peak RSS under
 * 100 MiB and keep the declared gateway and a real candidate. Prints the
 * event rate of ew_infer_event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <sys/resource.h>
#include <time.h>

#include "infer_sim.h"

#if defined(__SANITIZE_ADDRESS__)
#define EW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EW_ASAN 1
#endif
#endif

#define GW "00:11:22:00:00:01"
#define HGW "00:3a:9d:00:00:99"

static bool present(struct sim *s, const char *mac)
{
	struct ew_mac m = MAC(mac);
	return ew_dev_find(&s->inf->t, &m, 0) != EW_NONE;
}

/* Plain hosts go first, then devices with weak evidence, then candidates
 * (least recently seen first); declared devices never. */
static void eviction_order(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	s->cfg.max_devices = 8;
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.0.2");
	sim_dhcp_reply(s, HGW, "192.168.1.1", "00:1b:21:00:00:01", 0, 2, "192.168.1.20", "255.255.255.0",
		       "192.168.1.1");
	sim_dhcp_request(s, "00:1b:21:00:00:02", 0, 1, "weak"); /* weak evidence */
	char m[EW_MAC_STRLEN], ip[32];
	for (unsigned i = 0; i < 50; i++) {
		snprintf(m, sizeof m, "00:1b:21:00:01:%02x", i);
		snprintf(ip, sizeof ip, "10.20.1.%u", i + 1);
		sim_arp(s, m, 0, ip, "10.20.0.1");
	}
	assert_int_equal(ew_infer_device_count(s->inf), 8);
	assert_true(present(s, GW));
	assert_true(present(s, HGW));
	assert_true(present(s, "00:1b:21:00:00:02"));
	assert_false(present(s, "00:1b:21:00:00:01")); /* a plain host (the DHCP client) */
	assert_false(present(s, "00:1b:21:00:01:00"));
	assert_true(present(s, "00:1b:21:00:01:31")); /* the most recent */
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "eviction");
	struct json_object *lim = jget(rep, "limits");
	assert_int_equal(jint(lim, "max_devices"), 8);
	assert_int_equal(jint(lim, "evicted_devices"), 46);
	assert_int_equal(jint(lim, "evicted_with_evidence"), 0);
	assert_int_equal(jint(jget(rep, "capture"), "evicted"), 46);
	assert_non_null(sim_cand(rep, HGW, 0));
	assert_non_null(sim_cand(rep, GW, 0));
	json_object_put(rep);
	/* ten more DHCP servers: plain hosts, then the weak device, then the
	 * least recently seen candidates make room; the gateway stays */
	for (unsigned i = 0; i < 10; i++) {
		snprintf(m, sizeof m, "00:3a:9d:00:01:%02x", i);
		snprintf(ip, sizeof ip, "192.168.%u.1", 10 + i);
		sim_dhcp_reply(s, m, ip, "ff:ff:ff:ff:ff:ff", 0, 2, "192.168.99.9", NULL, ip);
	}
	assert_true(present(s, GW));
	assert_false(present(s, "00:1b:21:00:00:02"));
	assert_false(present(s, HGW));
	assert_true(present(s, "00:3a:9d:00:01:09"));
	rep = sim_report(s);
	assert_true(jint(jget(rep, "limits"), "evicted_with_evidence") >= 2);
	json_object_put(rep);
	sim_free(s);
}

/* Second chance: among plain hosts, one that keeps talking outlives a
 * stream of MACs seen once. */
static void talking_host_outlives_a_flood(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	s->cfg.max_devices = 6;
	sim_start(s);
	char m[EW_MAC_STRLEN], ip[32];
	for (unsigned i = 0; i < 200; i++) {
		snprintf(m, sizeof m, "00:1b:21:00:02:%02x", i);
		snprintf(ip, sizeof ip, "10.20.2.%u", i + 1);
		sim_arp(s, m, 0, ip, "10.20.0.1");
		if (i % 3 == 0)
			sim_arp(s, "00:1b:21:00:00:77", 0, "10.20.0.77", "10.20.0.1");
	}
	assert_true(present(s, "00:1b:21:00:00:77"));
	assert_int_equal(ew_infer_device_count(s->inf), 6);
	sim_free(s);
}

/* Everything declared: new devices cannot get in, nothing crashes. */
static void table_of_declared_only(void **state)
{
	(void)state;
	struct sim *s = sim_new();
	s->cfg.max_devices = 4;
	char m[EW_MAC_STRLEN];
	for (unsigned i = 0; i < 4; i++) {
		snprintf(m, sizeof m, "00:11:22:00:00:%02x", i + 1);
		sim_declare(s, m);
	}
	sim_start(s);
	for (unsigned i = 0; i < 4; i++) {
		snprintf(m, sizeof m, "00:11:22:00:00:%02x", i + 1);
		sim_arp(s, m, 0, "10.0.0.1", "10.0.0.2");
	}
	sim_arp(s, "00:1b:21:00:00:01", 0, "10.0.0.9", "10.0.0.2");
	sim_ip(s, "00:11:22:00:00:01", "00:1b:21:00:00:02", 0, "10.0.0.1", "8.8.8.8", 64);
	assert_int_equal(ew_infer_device_count(s->inf), 4);
	struct json_object *rep = sim_report(s);
	assert_int_equal(jint(jget(rep, "limits"), "table_full_drops"), 2);
	assert_int_equal(json_object_array_length(jget(rep, "candidates")), 4);
	json_object_put(rep);
	sim_free(s);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, so the test is the same every run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void flood_of_random_macs(void **state)
{
	(void)state;
	enum { FRAMES = 1000000 };
	struct sim *s = sim_new();
	sim_subnet(s, "10.0.0.0/8");
	sim_declare(s, GW);
	s->cfg.evidence_cb = NULL; /* count nothing: the callback log is bounded anyway */
	sim_start(s);
	sim_arp(s, GW, 0, "10.0.0.1", "10.0.0.2");
	struct ew_frame *f = &s->f;
	struct ew_event *ev = &s->ev;
	memset(f, 0, sizeof *f);
	f->has_l2 = true;
	f->caplen = f->wirelen = 60;
	f->ip_version = 4;
	struct ew_mac gw = MAC(GW);
	double t0 = cpu_seconds();
	uint64_t events = 0;
	for (unsigned n = 0; n < FRAMES; n++) {
		s->ts += 10;
		f->ts_usec = s->ts;
		f->number = ++s->number;
		uint64_t r = rnd();
		for (int i = 0; i < 6; i++)
			f->src.b[i] = (uint8_t)(r >> (8 * i));
		f->src.b[0] &= 0xfe; /* unicast */
		f->dst = gw;
		memset(ev, 0, sizeof ev->u.ipv4 + offsetof(struct ew_event, u));
		ev->type = EW_EV_IPV4;
		ev->u.ipv4.src = ew_ip4_from_u32(0x0a000000u | (uint32_t)(r >> 40));
		ev->u.ipv4.dst = ew_ip4_from_u32(0x01000000u + (uint32_t)(rnd() % 0xd0000000u));
		ev->u.ipv4.ttl = 64;
		ev->u.ipv4.proto = 6;
		f->ip_src = ev->u.ipv4.src;
		f->ip_dst = ev->u.ipv4.dst;
		ew_infer_event(s->inf, f, ev);
		events++;
		/* the real candidate keeps talking: an offer and forwarded traffic now and then */
		if (n % 5000 == 0) {
			sim_dhcp_reply(s, HGW, "192.168.1.1", "00:1b:21:00:00:01", 0, 2, "192.168.1.20",
				       "255.255.255.0", "192.168.1.1");
			events += 2;
		}
		/* one frame in a hundred is a DHCP offer from a random MAC: an evidence flood */
		if (n % 100 == 50) {
			char m[EW_MAC_STRLEN];
			struct ew_mac rm = { { (uint8_t)(r >> 8) & 0xfe, (uint8_t)(r >> 16), (uint8_t)(r >> 24),
					       (uint8_t)(r >> 32), (uint8_t)(r >> 40), (uint8_t)(r >> 48) } };
			ew_mac_str(&rm, m);
			sim_dhcp_reply(s, m, "172.16.0.1", "00:1b:21:00:00:02", 0, 2, "172.16.0.9", NULL, "172.16.0.1");
			events += 2;
			f->ip_version = 4;
		}
	}
	double secs = cpu_seconds() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	print_message("infer flood: %" PRIu64 " events in %.3f s CPU = %.0f events/s; peak RSS %.1f MiB; "
		      "struct dev %zu B, struct dev_ev %zu B\n",
		      events, secs, (double)events / secs, (double)ru.ru_maxrss / 1024.0, sizeof(struct dev),
		      sizeof(struct dev_ev));
#ifndef EW_ASAN
	assert_true(ru.ru_maxrss < 100 * 1024); /* KiB on Linux */
#endif
	assert_int_equal(ew_infer_device_count(s->inf), EW_DEFAULT_MAX_DEVICES);
	assert_true(present(s, GW));
	assert_true(present(s, HGW));
	struct json_object *rep = sim_report(s);
	sim_dump(rep, "flood");
	struct json_object *gwc = sim_cand(rep, GW, 0);
	assert_non_null(gwc);
	assert_true(json_object_get_boolean(jget(gwc, "declared")));
	assert_true(jint(gwc, "inside_hosts") > 1000); /* an estimate beyond the exact cap */
	assert_true(jint(gwc, "remote_addrs") > 1000);
	struct json_object *hc = sim_cand(rep, HGW, 0);
	assert_non_null(hc);
	assert_non_null(sim_evidence(hc, "dhcp_rogue_router"));
	struct json_object *lim = jget(rep, "limits");
	assert_true(jint(lim, "evicted_devices") > 900000);
	assert_true(jint(lim, "evidence_reclaimed") > 0);
	assert_true(jint(rep, "hosts_seen") > 1000000);
	json_object_put(rep);
	sim_free(s);
}

/* The per-packet cost on ordinary traffic: 1,000 hosts talking to a server
 * and, through the declared gateway, to 5,000 remote addresses; 2,000,000
 * IP events. Prints the rate (CPU time); asserts only the outcome. */
static void steady_state_rate(void **state)
{
	(void)state;
	enum { EVENTS = 2000000, HOSTS = 1000, REMOTES = 5000 };
	struct sim *s = sim_new();
	sim_subnet(s, "10.0.0.0/8");
	sim_declare(s, GW);
	sim_start(s);
	struct ew_mac gw = MAC(GW), server = MAC("00:1b:21:ff:ff:01");
	struct ew_mac *hosts = calloc(HOSTS, sizeof *hosts);
	assert_non_null(hosts);
	for (unsigned i = 0; i < HOSTS; i++) {
		hosts[i] = MAC("00:1b:21:00:00:00");
		hosts[i].b[4] = (uint8_t)(i >> 8);
		hosts[i].b[5] = (uint8_t)i;
	}
	struct ew_frame *f = &s->f;
	struct ew_event *ev = &s->ev;
	memset(f, 0, sizeof *f);
	f->has_l2 = true;
	f->caplen = f->wirelen = 600;
	f->ip_version = 4;
	ev->type = EW_EV_IPV4;
	double t0 = cpu_seconds();
	for (unsigned n = 0; n < EVENTS; n++) {
		uint64_t r = rnd();
		unsigned h = (unsigned)(r % HOSTS);
		struct ew_ip hip = ew_ip4_from_u32(0x0a010000u + h);
		struct ew_ip rip = ew_ip4_from_u32(0xc6336400u + (unsigned)((r >> 20) % REMOTES));
		s->ts += 5;
		f->ts_usec = s->ts;
		f->number = ++s->number;
		memset(&ev->u.ipv4, 0, sizeof ev->u.ipv4);
		ev->u.ipv4.ttl = 64;
		ev->u.ipv4.proto = 6;
		switch ((r >> 40) % 4) {
		case 0: /* host -> internet */
			f->src = hosts[h], f->dst = gw;
			ev->u.ipv4.src = hip, ev->u.ipv4.dst = rip;
			break;
		case 1: /* internet -> host */
			f->src = gw, f->dst = hosts[h];
			ev->u.ipv4.src = rip, ev->u.ipv4.dst = hip;
			ev->u.ipv4.ttl = 52;
			break;
		case 2: /* host -> server */
			f->src = hosts[h], f->dst = server;
			ev->u.ipv4.src = hip, ev->u.ipv4.dst = ew_ip4_from_u32(0x0a0000fe);
			break;
		default: /* server -> host */
			f->src = server, f->dst = hosts[h];
			ev->u.ipv4.src = ew_ip4_from_u32(0x0a0000fe), ev->u.ipv4.dst = hip;
			break;
		}
		f->ip_src = ev->u.ipv4.src;
		f->ip_dst = ev->u.ipv4.dst;
		ew_infer_event(s->inf, f, ev);
	}
	double secs = cpu_seconds() - t0;
	print_message("infer steady state: %d IP events in %.3f s CPU = %.0f events/s (%.0f ns/event)\n", EVENTS, secs,
		      EVENTS / secs, secs * 1e9 / EVENTS);
	struct json_object *rep = sim_report(s);
	assert_int_equal(sim_unlisted(rep), 0);
	struct json_object *gwc = sim_cand(rep, GW, 0);
	assert_non_null(gwc);
	assert_true(jint(gwc, "inside_hosts") > 900);
	json_object_put(rep);
	free(hosts);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eviction_order),
		cmocka_unit_test(talking_host_outlives_a_flood),
		cmocka_unit_test(table_of_declared_only),
		cmocka_unit_test(flood_of_random_macs),
		cmocka_unit_test(steady_state_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
