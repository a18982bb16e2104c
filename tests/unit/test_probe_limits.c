/* SPDX-License-Identifier: ISC */
/* test_probe_limits.c - the guest's manners: the rate limit holds in every
 * window, a sweep larger than /20 is refused without --allow-large-sweep
 * (and says how long it would take), and the probe list parses strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "egresswatch/probe.h"
#include "rate.h"
#include "sweep.h"

static void rate_spaces_packets(void **state)
{
	(void)state;
	struct ew_rate r;
	assert_false(ew_rate_init(&r, 0));
	assert_false(ew_rate_init(&r, EW_RATE_MAX_PPS + 1));
	assert_true(ew_rate_init(&r, 20));
	/* a greedy sender: sends whenever allowed, over 10 simulated seconds */
	int64_t t = 1000000, sent[400];
	int n = 0;
	while (t < 11000000 && n < 400) {
		int64_t w = ew_rate_wait(&r, t);
		if (w) {
			t += w;
			continue;
		}
		ew_rate_sent(&r, t);
		sent[n++] = t;
		t += 1; /* try again at once */
	}
	assert_in_range(n, 199, 201);
	for (int i = 1; i < n; i++)
		assert_true(sent[i] - sent[i - 1] >= 50000);
	/* any one-second window holds at most 21 packets */
	for (int i = 0; i < n; i++) {
		int in = 0;
		for (int j = i; j < n && sent[j] < sent[i] + 1000000; j++)
			in++;
		assert_true(in <= 21);
	}
}

static void rate_does_not_bank_idle_time(void **state)
{
	(void)state;
	struct ew_rate r;
	assert_true(ew_rate_init(&r, 10));
	ew_rate_sent(&r, 0);
	/* idle for a minute: still one packet now, then the interval again */
	assert_int_equal(ew_rate_wait(&r, 60000000), 0);
	ew_rate_sent(&r, 60000000);
	assert_int_equal(ew_rate_wait(&r, 60000001), 99999);
}

static struct ew_prefix pfx(const char *s)
{
	struct ew_prefix p;
	assert_true(ew_prefix_parse(s, &p));
	return p;
}

static void sweep_refuses_above_a_slash_20(void **state)
{
	(void)state;
	struct ew_sweep_plan plan;
	struct ew_prefix p = pfx("10.20.0.0/16");
	ew_sweep_plan(&p, 1, 20, false, &plan);
	assert_true(plan.refused);
	assert_int_equal(plan.hosts, 65534);
	assert_int_equal(plan.seconds, 3277); /* almost an hour at 20/s: said before refusing */
	assert_non_null(strstr(plan.why, "--allow-large-sweep"));
	ew_sweep_plan(&p, 1, 20, true, &plan);
	assert_false(plan.refused);
	p = pfx("10.0.0.0/7");
	ew_sweep_plan(&p, 1, 20, true, &plan);
	assert_true(plan.refused); /* never, even with the flag */
	p = pfx("10.20.0.0/20");
	ew_sweep_plan(&p, 1, 20, false, &plan);
	assert_false(plan.refused);
	assert_int_equal(plan.hosts, 4094);
	p = pfx("10.20.0.0/19");
	ew_sweep_plan(&p, 1, 20, false, &plan);
	assert_true(plan.refused);
	/* IPv6 prefixes are not swept and do not count */
	struct ew_prefix two[2] = { pfx("10.20.0.0/24"), pfx("2001:db8::/32") };
	ew_sweep_plan(two, 2, 20, false, &plan);
	assert_false(plan.refused);
	assert_int_equal(plan.hosts, 254);
	assert_int_equal(plan.seconds, 13);
}

static void sweep_hosts_skip_network_and_broadcast(void **state)
{
	(void)state;
	struct ew_prefix p = pfx("10.20.0.0/24");
	char s[EW_IP_STRLEN];
	struct ew_ip a = ew_sweep_host(&p, 0);
	ew_ip_str(&a, s);
	assert_string_equal(s, "10.20.0.1");
	a = ew_sweep_host(&p, ew_sweep_hosts(&p) - 1);
	ew_ip_str(&a, s);
	assert_string_equal(s, "10.20.0.254");
	p = pfx("10.20.0.4/31");
	assert_int_equal(ew_sweep_hosts(&p), 2);
	p = pfx("10.20.0.9/32");
	assert_int_equal(ew_sweep_hosts(&p), 1);
	a = ew_sweep_host(&p, 0);
	ew_ip_str(&a, s);
	assert_string_equal(s, "10.20.0.9");
}

static void probe_list_parses_strictly(void **state)
{
	(void)state;
	uint32_t m;
	assert_true(ew_probe_parse_list("dhcp,forward", &m));
	assert_int_equal(m, EW_PROBE_STIM_DHCP | EW_PROBE_STIM_FORWARD);
	assert_true(ew_probe_parse_list("all", &m));
	assert_int_equal(m, EW_PROBE_ALL);
	assert_false(ew_probe_parse_list("dhcp,portscan", &m));
	assert_false(ew_probe_parse_list("", &m));
	assert_false(ew_probe_parse_list("dhc", &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_spaces_packets),
		cmocka_unit_test(rate_does_not_bank_idle_time),
		cmocka_unit_test(sweep_refuses_above_a_slash_20),
		cmocka_unit_test(sweep_hosts_skip_network_and_broadcast),
		cmocka_unit_test(probe_list_parses_strictly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
