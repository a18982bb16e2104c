/* SPDX-License-Identifier: ISC */
/* test_device.c - ew_device_merge: what a device record keeps from each
 * report, and that the order reports arrive in does not change it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "device.h"

static struct ew_device cand(int64_t first, int64_t last, double conf, const char *cls, const char *vendor,
			     const char *agent, uint8_t ip_last)
{
	struct ew_device d;
	memset(&d, 0, sizeof d);
	ew_mac_parse("00:1b:8b:aa:00:01", &d.mac);
	d.vlan = -1;
	snprintf(d.cls, sizeof d.cls, "%s", cls);
	d.confidence = conf;
	d.class_confidence = conf / 2;
	d.vendor = (char *)vendor;
	d.roles = (char *)"router";
	d.reason = (char *)cls;
	d.evidence_summary = (char *)cls;
	d.evidence_json = (char *)"[]";
	d.agents[0] = (char *)agent;
	d.agent_count = 1;
	uint8_t b[4] = {10, 0, 0, ip_last};
	d.ipv4[0] = ew_ip4_from_bytes(b);
	d.ipv4_count = 1;
	d.first_seen = first;
	d.last_seen = last;
	d.inside_hosts = (unsigned)ip_last;
	return d;
}

static void same_in_any_order(void **state)
{
	(void)state;
	struct ew_device c[3] = {cand(100, 200, 0.5, "hgw", "NEC", "a1", 1),
				 cand(50, 150, 0.9, "mobile_router", "unknown", "a2", 2),
				 cand(300, 400, 0.7, "router", "Yamaha", "a1", 1)};
	static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	for (size_t o = 0; o < 6; o++) {
		struct ew_device acc;
		memset(&acc, 0, sizeof acc);
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(ew_device_merge(&acc, &c[orders[o][k]]), 0);
		assert_int_equal(acc.first_seen, 50);
		assert_int_equal(acc.last_seen, 400);
		assert_string_equal(acc.cls, "mobile_router"); /* the surest report */
		assert_true(acc.confidence == 0.9 && acc.class_confidence == 0.45);
		assert_string_equal(acc.reason, "router");      /* the latest report */
		assert_string_equal(acc.vendor, "Yamaha");
		assert_int_equal(acc.ipv4_count, 2);
		assert_int_equal(acc.agent_count, 2);
		assert_int_equal(acc.inside_hosts, 2);
		ew_device_free(&acc);
	}
}

static void caps_hold(void **state)
{
	(void)state;
	struct ew_device acc;
	memset(&acc, 0, sizeof acc);
	char agents[40][16];
	char long_reason[EW_DEVICE_TEXT_MAX * 2];
	memset(long_reason, 'x', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	for (unsigned i = 0; i < 40; i++) {
		snprintf(agents[i], sizeof agents[i], "a%u", i);
		struct ew_device c = cand(i, i, 0.1, "hgw", "NEC", agents[i], (uint8_t)i);
		c.reason = long_reason;
		assert_int_equal(ew_device_merge(&acc, &c), 0);
	}
	assert_int_equal(acc.agent_count, EW_DEVICE_AGENTS_MAX);
	assert_int_equal(acc.ipv4_count, EW_DEVICE_ADDRS_MAX);
	assert_int_equal(strlen(acc.reason), EW_DEVICE_TEXT_MAX - 1);
	ew_device_free(&acc);
	ew_devices_free(NULL, 0);
}

/* Evidence longer than the text cap is kept whole: cut, it would not parse
 * and the exports would show the device with no evidence. */
static void evidence_json_kept_whole(void **state)
{
	(void)state;
	static char ev[EW_DEVICE_TEXT_MAX * 3];
	size_t o = 0;
	ev[o++] = '[';
	for (unsigned i = 0; o + 64 < sizeof ev; i++)
		o += (size_t)snprintf(ev + o, sizeof ev - o, "%s{\"kind\":\"forwarding\",\"count\":%u}", i ? "," : "", i);
	ev[o++] = ']';
	ev[o] = '\0';
	for (int later = 0; later < 2; later++) {
		struct ew_device acc;
		memset(&acc, 0, sizeof acc);
		struct ew_device a = cand(1, 1, 0.5, "hgw", "NEC", "a", 1);
		struct ew_device b = cand(2, 2, 0.5, "hgw", "NEC", "b", 2);
		a.evidence_json = later ? (char *)"[]" : ev;
		b.evidence_json = ev;
		assert_int_equal(ew_device_merge(&acc, &a), 0);
		if (later)
			assert_int_equal(ew_device_merge(&acc, &b), 0);
		assert_string_equal(acc.evidence_json, ev);
		ew_device_free(&acc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_in_any_order),
		cmocka_unit_test(caps_hold),
		cmocka_unit_test(evidence_json_kept_whole),
	};
	return cmocka_run_group_tests_name("device", tests, NULL, NULL);
}
