/* SPDX-License-Identifier: ISC */
/* test_reconcile.c - every verdict and rule of reconcile.c, and its speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "rc_fixture.h"
#include "reconcile.h"

#define MAXL 8
#define MAXD 8

struct world {
	struct ew_ledger lg;
	struct ew_ledger_line lines[MAXL];
	struct ew_device devs[MAXD];
	size_t nd;
	struct ew_reconciliation rc;
};

static struct world W;

static int setup(void **state)
{
	(void)state;
	memset(&W, 0, sizeof W);
	W.lg.lines = W.lines;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ew_reconciliation_free(&W.rc);
	for (size_t i = 0; i < W.lg.count; i++)
		fx_line_free(&W.lines[i]);
	for (size_t i = 0; i < W.nd; i++)
		fx_device_free(&W.devs[i]);
	return 0;
}

static struct ew_ledger_line *line(const char *no, enum ew_yesno emr, const char *macs, const char *ips)
{
	struct ew_ledger_line *l = &W.lines[W.lg.count];
	fx_line(l, (unsigned)W.lg.count + 2, no, emr, macs, ips);
	W.lg.count++;
	return l;
}

static struct ew_device *dev(const char *mac, const char *ips, const char *cls, double conf)
{
	struct ew_device *d = &W.devs[W.nd++];
	fx_device(d, mac, ips, cls, conf);
	return d;
}

static void run(void)
{
	assert_int_equal(ew_reconcile(&W.lg, W.devs, W.nd, &W.rc), 0);
	assert_int_equal(W.rc.line_count, W.lg.count);
	assert_int_equal(W.rc.device_count, W.nd);
}

/* the reconciled entry of the device with this MAC */
static const struct ew_rc_device *rdev(const char *mac)
{
	struct ew_mac m;
	assert_true(ew_mac_parse(mac, &m));
	for (size_t i = 0; i < W.rc.device_count; i++)
		if (ew_mac_eq(&W.rc.devices[i].device->mac, &m))
			return &W.rc.devices[i];
	fail_msg("no device %s", mac);
	return NULL;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

static void exact_mac(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	dev("00:a0:de:20:00:01", "10.20.0.1", "router", 0.95);
	run();
	const struct ew_rc_device *d = rdev("00:a0:de:20:00:01");
	assert_int_equal(d->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(d->line, 0);
	assert_contains(d->why, "declared on 回線1");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
	assert_int_equal(W.rc.lines[0].device_count, 1);
	assert_int_equal(W.rc.lines[0].devices[0], 0);
	assert_int_equal(W.rc.summary.lines_matched, 1);
	assert_int_equal(W.rc.summary.devices_matched, 1);
}

static void near_plus2_same_oui(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	dev("00:a0:de:20:00:03", NULL, "hgw", 0.9);
	run();
	const struct ew_rc_device *d = rdev("00:a0:de:20:00:03");
	assert_int_equal(d->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(d->line, 0);
	assert_contains(d->why, "2 above 00:a0:de:20:00:01");
	assert_contains(d->why, "number their ports consecutively");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
}

static void near_minus1(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:10", NULL);
	dev("00:a0:de:20:00:0f", NULL, "hgw", 0.9);
	run();
	assert_int_equal(rdev("00:a0:de:20:00:0f")->verdict, EW_DEVICE_MATCHED);
	assert_contains(rdev("00:a0:de:20:00:0f")->why, "1 below");
}

static void near_plus3_is_not(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	dev("00:a0:de:20:00:04", NULL, "hgw", 0.9);
	run();
	assert_int_equal(rdev("00:a0:de:20:00:04")->verdict, EW_DEVICE_UNLISTED);
	assert_int_equal(rdev("00:a0:de:20:00:04")->line, -1);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_UNSEEN);
	assert_int_equal(W.rc.summary.devices_unlisted, 1);
}

static void near_other_oui_is_not(void **state)
{
	(void)state;
	/* +2 by value, but across the OUI boundary */
	line("回線1", EW_YN_YES, "00:a0:de:ff:ff:ff", NULL);
	dev("00:a0:df:00:00:01", NULL, "hgw", 0.9);
	run();
	assert_int_equal(rdev("00:a0:df:00:00:01")->verdict, EW_DEVICE_UNLISTED);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_UNSEEN);
}

static void exact_first_then_neighbour_port(void **state)
{
	(void)state;
	/* one box, two lines: 回線2 names the port seen, 回線1 the next one */
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	line("回線2", EW_YN_YES, "00:a0:de:20:00:02", NULL);
	line("回線3", EW_YN_YES, "00:a0:de:20:00:05", NULL);
	dev("00:a0:de:20:00:02", NULL, "router", 0.9);
	run();
	const struct ew_rc_device *d = rdev("00:a0:de:20:00:02");
	assert_int_equal(d->line, 1);
	assert_int_equal(d->verdict, EW_DEVICE_MATCHED);
	assert_contains(d->why, "declared on 回線2");
	assert_contains(d->why, "1 above 00:a0:de:20:00:01 declared on 回線1");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_MATCHED);
	assert_int_equal(W.rc.lines[2].verdict, EW_LINE_UNSEEN);
}

static void nearest_port_only(void **state)
{
	(void)state;
	/* ±1 and ±2 both declared: the nearest wins */
	line("回線1", EW_YN_YES, "00:a0:de:20:00:11", NULL);
	line("回線2", EW_YN_YES, "00:a0:de:20:00:12", NULL);
	dev("00:a0:de:20:00:10", NULL, "router", 0.9);
	run();
	assert_int_equal(rdev("00:a0:de:20:00:10")->line, 0);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_UNSEEN);
}

static void ip_match(void **state)
{
	(void)state;
	line("回線2", EW_YN_YES, NULL, "192.168.10.1 2001:db8::1");
	dev("14:66:82:00:00:09", "192.168.1.5 2001:db8::1", "hgw", 0.9);
	run();
	const struct ew_rc_device *d = rdev("14:66:82:00:00:09");
	assert_int_equal(d->verdict, EW_DEVICE_MATCHED);
	assert_contains(d->why, "address 2001:db8::1 is declared on 回線2");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
}

static void ip_used_by_other_mac_conflicts(void **state)
{
	(void)state;
	line("回線2", EW_YN_YES, "14:66:82:00:00:01", "192.168.10.1");
	dev("00:25:dc:00:00:08", "192.168.10.1", "hgw", 0.9);
	run();
	assert_int_equal(rdev("00:25:dc:00:00:08")->verdict, EW_DEVICE_CONFLICT);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_contains(W.rc.lines[0].why, "used by MAC 00:25:dc:00:00:08");
}

/* A line that gives only an address (the ministry's sheet has no MAC
 * column) and two different boxes at it: HGWs all answer at 192.168.1.1,
 * so a second, undeclared one was matched to the declared line and never
 * flagged. Both conflict; the same box on two VLANs, or its neighbouring
 * port, is still one device. */
static void one_address_two_boxes_conflicts(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, NULL, "192.168.1.1");
	line("回線2", EW_YN_YES, NULL, "192.168.10.1");
	dev("a4:12:42:7e:ec:d3", "192.168.1.1", "hgw", 0.99);
	dev("a4:12:42:12:51:c9", "192.168.1.1", "hgw", 0.99);
	dev("14:66:82:00:00:01", "192.168.10.1", "hgw", 0.99);
	dev("14:66:82:00:00:01", "192.168.10.1", "hgw", 0.99)->vlan = 20;
	dev("14:66:82:00:00:02", "192.168.10.1", "hgw", 0.99);
	dev("00:00:0c:9f:f0:01", "192.168.10.1", "router", 0.1)->infrastructure = true; /* its HSRP peer */
	run();
	assert_int_equal(rdev("a4:12:42:7e:ec:d3")->verdict, EW_DEVICE_CONFLICT);
	assert_int_equal(rdev("a4:12:42:12:51:c9")->verdict, EW_DEVICE_CONFLICT);
	assert_contains(rdev("a4:12:42:12:51:c9")->why, "192.168.1.1 on 回線1 (row 2) is used by 2 MACs");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_contains(W.rc.lines[0].why, "address 192.168.1.1 is used by 2 MACs (a4:12:42:12:51:c9, a4:12:42:7e:ec:d3)");
	assert_int_equal(W.rc.summary.devices_conflict, 2);
	assert_int_equal(rdev("14:66:82:00:00:02")->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(rdev("00:00:0c:9f:f0:01")->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_MATCHED);
}

/* One box on two VLANs (a trunk) is two devices with one MAC: the line's
 * why said every conflict and "seen:" twice, word for word, as if two
 * boxes were there. Each is said once; the VLAN tells the two apart. */
static void one_box_on_two_vlans_said_once(void **state)
{
	(void)state;
	line("回線2", EW_YN_NO, "a4:12:42:7e:ec:d3", NULL);
	struct ew_device *a = dev("a4:12:42:7e:ec:d3", "192.168.1.1", "hgw", 0.99);
	struct ew_device *b = dev("a4:12:42:7e:ec:d3", "192.168.1.1", "hgw", 0.99);
	a->routes = b->routes = true;
	a->inside_hosts = b->inside_hosts = 3;
	b->vlan = 20;
	run();
	const char *why = W.rc.lines[0].why;
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	const char *once = "marked 電子カルテ接続 なし, but MAC a4:12:42:7e:ec:d3 routes traffic for EMR hosts (3 inside hosts)";
	const char *at = strstr(why, once);
	assert_non_null(at);
	if (strstr(at + 1, once))
		fail_msg("said twice: %s", why);
	assert_contains(why, "seen: a4:12:42:7e:ec:d3 hgw; seen: a4:12:42:7e:ec:d3 hgw (VLAN 20)");
}

static void declared_flag(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	struct ew_device *d = dev("52:54:00:12:34:56", "10.20.0.2", "router", 0.6);
	d->declared = true;
	run();
	const struct ew_rc_device *r = rdev("52:54:00:12:34:56");
	assert_int_equal(r->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(r->line, -1);
	assert_contains(r->why, "declared to the agent");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_UNSEEN);
	assert_int_equal(W.rc.summary.devices_unlisted, 0);
}

static void infrastructure_is_never_unlisted(void **state)
{
	(void)state;
	struct ew_device *d = dev("00:11:22:33:44:55", "10.20.0.9", "", 0.1);
	d->infrastructure = true;
	dev("00:11:22:33:44:99", "192.168.1.1", "hgw", 0.8);
	run();
	assert_int_equal(rdev("00:11:22:33:44:55")->verdict, EW_DEVICE_INFRASTRUCTURE);
	assert_int_equal(rdev("00:11:22:33:44:55")->line, -1);
	assert_string_equal(ew_device_verdict_str(EW_DEVICE_INFRASTRUCTURE), "infrastructure");
	assert_int_equal(W.rc.summary.devices_infrastructure, 1);
	assert_int_equal(W.rc.summary.devices_unlisted, 1);
	/* unlisted first, infrastructure last */
	assert_int_equal(W.rc.devices[0].verdict, EW_DEVICE_UNLISTED);
	assert_int_equal(W.rc.devices[1].verdict, EW_DEVICE_INFRASTRUCTURE);
}

static void nashi_routes_conflicts(void **state)
{
	(void)state;
	line("回線8", EW_YN_NO, "00:25:dc:00:00:08", NULL);
	struct ew_device *d = dev("00:25:dc:00:00:08", NULL, "hgw", 0.5);
	d->routes = true;
	d->inside_hosts = 7;
	run();
	assert_int_equal(rdev("00:25:dc:00:00:08")->verdict, EW_DEVICE_CONFLICT);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_contains(W.rc.lines[0].why, "なし");
	assert_contains(W.rc.lines[0].why, "7 inside hosts");
	assert_int_equal(W.rc.summary.lines_conflict, 1);
	assert_int_equal(W.rc.summary.devices_conflict, 1);
}

static void nashi_confident_forwarder_conflicts(void **state)
{
	(void)state;
	line("回線8", EW_YN_NO, "00:25:dc:00:00:08", NULL);
	line("回線9", EW_YN_NO, "00:25:dc:00:01:08", NULL);
	struct ew_device *a = dev("00:25:dc:00:00:08", NULL, "hgw", 0.95);
	fx_set(&a->roles, "dhcp_server,router");
	/* as sure, but no forwarding role: a DHCP server alone is no conflict */
	struct ew_device *b = dev("00:25:dc:00:01:08", NULL, "dhcp_server", 0.95);
	fx_set(&b->roles, "dhcp_server");
	run();
	assert_int_equal(rdev("00:25:dc:00:00:08")->verdict, EW_DEVICE_CONFLICT);
	assert_int_equal(rdev("00:25:dc:00:01:08")->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_MATCHED);
}

static void ari_routes_is_fine(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	struct ew_device *d = dev("00:a0:de:20:00:01", "10.20.0.1", "router", 0.95);
	d->routes = true;
	run();
	assert_int_equal(rdev("00:a0:de:20:00:01")->verdict, EW_DEVICE_MATCHED);
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_MATCHED);
}

static void mac_at_other_ip_conflicts(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	dev("00:a0:de:20:00:01", "10.20.0.77", "router", 0.9);
	run();
	const struct ew_rc_device *d = rdev("00:a0:de:20:00:01");
	assert_int_equal(d->verdict, EW_DEVICE_CONFLICT);
	assert_contains(d->why, "seen at 10.20.0.77");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_contains(W.rc.lines[0].why, "not the sheet's 10.20.0.1");
}

static void mac_at_sheet_ip_and_another_is_fine(void **state)
{
	(void)state;
	/* the sheet's IPv4 is among those seen; no IPv6 on the sheet */
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	dev("00:a0:de:20:00:01", "10.20.0.77 10.20.0.1 fe80::1", "router", 0.9);
	run();
	assert_int_equal(rdev("00:a0:de:20:00:01")->verdict, EW_DEVICE_MATCHED);
}

static void one_mac_two_lines_conflicts(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	line("回線2", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	dev("00:a0:de:20:00:01", NULL, "router", 0.9);
	run();
	assert_int_equal(rdev("00:a0:de:20:00:01")->verdict, EW_DEVICE_CONFLICT);
	assert_contains(rdev("00:a0:de:20:00:01")->why, "one MAC on 2 lines");
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_CONFLICT);
	assert_contains(W.rc.lines[0].why, "also declared on 回線2");
	assert_contains(W.rc.lines[1].why, "also declared on 回線1");
	assert_int_equal(W.rc.lines[0].device_count, 1);
	assert_int_equal(W.rc.lines[1].device_count, 1);
}

static void one_mac_two_lines_unseen_still_conflicts(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	line("回線2", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	run();
	assert_int_equal(W.rc.lines[0].verdict, EW_LINE_CONFLICT);
	assert_int_equal(W.rc.lines[1].verdict, EW_LINE_CONFLICT);
}

static void unseen_wording(void **state)
{
	(void)state;
	line("回線3", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	line("回線4", EW_YN_YES, NULL, NULL);
	run();
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(W.rc.lines[i].verdict, EW_LINE_UNSEEN);
		assert_contains(W.rc.lines[i].why, "not seen on the monitored segments");
		assert_null(strstr(W.rc.lines[i].why, "absent"));
		assert_int_equal(W.rc.lines[i].device_count, 0);
	}
	assert_contains(W.rc.lines[0].why, "00:a0:de:20:00:01");
	assert_contains(W.rc.lines[1].why, "no MAC or IP address");
	assert_int_equal(W.rc.summary.lines_unseen, 2);
	assert_string_equal(ew_line_verdict_str(EW_LINE_UNSEEN), "unseen");
}

static void order_and_window(void **state)
{
	(void)state;
	line("回線1", EW_YN_YES, "00:a0:de:20:00:01", NULL);
	dev("00:a0:de:20:00:01", NULL, "router", 0.99);
	struct ew_device *a = dev("02:00:00:00:00:01", NULL, "mobile_router", 0.6);
	struct ew_device *b = dev("02:00:00:00:00:02", NULL, "hgw", 0.9);
	a->first_seen = 1000;
	b->last_seen = 9000000000000000LL;
	run();
	assert_int_equal(W.rc.devices[0].verdict, EW_DEVICE_UNLISTED);
	assert_string_equal(W.rc.devices[0].device->cls, "hgw");
	assert_string_equal(W.rc.devices[1].device->cls, "mobile_router");
	assert_int_equal(W.rc.devices[2].verdict, EW_DEVICE_MATCHED);
	/* the line's device index follows the sorted order */
	assert_int_equal(W.rc.lines[0].devices[0], 2);
	assert_int_equal(W.rc.devices[2].line, 0);
	assert_int_equal(W.rc.window_start, 1000);
	assert_int_equal(W.rc.window_end, 9000000000000000LL);
}

static void empty_inputs(void **state)
{
	(void)state;
	run();
	assert_int_equal(W.rc.summary.lines, 0);
	assert_int_equal(W.rc.summary.devices, 0);
	ew_reconciliation_free(&W.rc);
	assert_int_equal(ew_reconcile(NULL, NULL, 0, &W.rc), 0);
}

static void why_is_cut_at_a_character(void **state)
{
	(void)state;
	/* a long Japanese line number, twice the why's size, repeated MACs */
	char no[EW_RECONCILE_WHY_MAX * 2];
	size_t o = 0;
	while (o + 4 < sizeof no) {
		memcpy(no + o, "回", 3);
		o += 3;
	}
	no[o] = '\0';
	line(no, EW_YN_YES, "00:a0:de:20:00:01", NULL);
	line(no, EW_YN_YES, "00:a0:de:20:00:01", NULL);
	run();
	const char *w = W.rc.lines[1].why;
	size_t n = strlen(w);
	assert_true(n < EW_RECONCILE_WHY_MAX);
	/* ends on a whole character: the last lead byte has all its bytes */
	size_t i = n;
	while (i > 0 && ((unsigned char)w[i - 1] & 0xC0) == 0x80)
		i--;
	assert_true(i > 0);
	unsigned char lead = (unsigned char)w[i - 1];
	size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	assert_int_equal(n - (i - 1), want);
}

/* 10,000 lines x 100,000 devices "well under 1 s": the bound here is
 * generous (sanitizers, a shared machine); tests/collector/ew-reconcile-bench
 * prints the figure. */
static void speed(void **state)
{
	(void)state;
	enum { NL = 10000, ND = 100000 };
	struct ew_ledger lg = {0};
	lg.lines = calloc(NL, sizeof *lg.lines);
	struct ew_device *devs = calloc(ND, sizeof *devs);
	assert_non_null(lg.lines);
	assert_non_null(devs);
	char mac[32], ip[32];
	for (unsigned i = 0; i < NL; i++) {
		snprintf(mac, sizeof mac, "00:a0:de:%02x:%02x:00", i >> 8 & 0xff, i & 0xff);
		snprintf(ip, sizeof ip, "10.%u.%u.1", i >> 8 & 0xff, i & 0xff);
		fx_line(&lg.lines[i], i + 2, "回線", i % 10 ? EW_YN_YES : EW_YN_NO, mac, ip);
	}
	lg.count = NL;
	for (unsigned i = 0; i < ND; i++) {
		unsigned k = i % NL;
		if (i < NL) /* exact, at the sheet's address */
			snprintf(mac, sizeof mac, "00:a0:de:%02x:%02x:00", k >> 8 & 0xff, k & 0xff);
		else if (i < 2 * NL) /* a neighbouring port */
			snprintf(mac, sizeof mac, "00:a0:de:%02x:%02x:02", k >> 8 & 0xff, k & 0xff);
		else
			snprintf(mac, sizeof mac, "02:%02x:%02x:%02x:00:01", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
		snprintf(ip, sizeof ip, "10.%u.%u.%u", k >> 8 & 0xff, k & 0xff, i < NL ? 1 : 2 + i % 200);
		fx_device(&devs[i], mac, ip, "hgw", (double)(i % 100) / 100.0);
	}
	struct timespec t0, t1;
	struct ew_reconciliation rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ew_reconcile(&lg, devs, ND, &rc), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("reconcile %d lines x %d devices: %.3f s\n", NL, ND, s);
	assert_true(s < 10.0);
	assert_int_equal(rc.summary.lines_unseen, 0);
	assert_int_equal(rc.summary.devices_unlisted, ND - 2 * NL);
	ew_reconciliation_free(&rc);
	for (unsigned i = 0; i < NL; i++)
		fx_line_free(&lg.lines[i]);
	for (unsigned i = 0; i < ND; i++)
		fx_device_free(&devs[i]);
	free(lg.lines);
	free(devs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(exact_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(near_plus2_same_oui, setup, teardown),
		cmocka_unit_test_setup_teardown(near_minus1, setup, teardown),
		cmocka_unit_test_setup_teardown(near_plus3_is_not, setup, teardown),
		cmocka_unit_test_setup_teardown(near_other_oui_is_not, setup, teardown),
		cmocka_unit_test_setup_teardown(exact_first_then_neighbour_port, setup, teardown),
		cmocka_unit_test_setup_teardown(nearest_port_only, setup, teardown),
		cmocka_unit_test_setup_teardown(ip_match, setup, teardown),
		cmocka_unit_test_setup_teardown(ip_used_by_other_mac_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(one_address_two_boxes_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(one_box_on_two_vlans_said_once, setup, teardown),
		cmocka_unit_test_setup_teardown(declared_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(infrastructure_is_never_unlisted, setup, teardown),
		cmocka_unit_test_setup_teardown(nashi_routes_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(nashi_confident_forwarder_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(ari_routes_is_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_at_other_ip_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_at_sheet_ip_and_another_is_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(one_mac_two_lines_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(one_mac_two_lines_unseen_still_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(unseen_wording, setup, teardown),
		cmocka_unit_test_setup_teardown(order_and_window, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(why_is_cut_at_a_character, setup, teardown),
		cmocka_unit_test(speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
