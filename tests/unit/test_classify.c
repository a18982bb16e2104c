/* SPDX-License-Identifier: ISC */
/* test_classify.c - the classifier on hand-built facts: one case per class of
 * DESIGN §3 with the shipped data/fingerprints.conf, the caps on weak
 * knowledge, tie-breaking, string matching, the reason line, determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "egresswatch/classify.h"

#define SHIPPED "data/fingerprints.conf" /* run-unit.sh runs from the project root */

static struct ew_fp_db *shipped;

static int load_shipped(void **state)
{
	(void)state;
	char err[512];
	shipped = ew_fp_load(SHIPPED, err, sizeof err);
	if (!shipped) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int free_shipped(void **state)
{
	(void)state;
	ew_fp_free(shipped);
	shipped = NULL;
	return 0;
}

/* A rules file of the test's own: head + body. */
static struct ew_fp_db *load_rules(const char *body)
{
	char path[64] = "/tmp/ew-cls-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "[classes]\nhgw onu_bridged ctu modem mobile_router home_router host_sharing router dhcp_server\n"
		   "[rules]\n%s",
		body);
	assert_int_equal(fclose(f), 0);
	char err[512] = "";
	struct ew_fp_db *db = ew_fp_load(path, err, sizeof err);
	unlink(path);
	if (!db)
		fail_msg("%s", err);
	return db;
}

/* ---- facts builders ---- */

static void facts_init(struct ew_facts *f)
{
	memset(f, 0, sizeof *f);
	assert_true(ew_mac_parse("00:11:22:33:44:55", &f->mac));
}

static void ip(struct ew_ip *out, const char *s) { assert_true(ew_ip_parse(s, out)); }
static void add_addr(struct ew_facts *f, const char *s) { ip(&f->addrs[f->addr_count++], s); }
static void add_dhcp_router(struct ew_facts *f, const char *s) { ip(&f->dhcp_routers[f->dhcp_router_count++], s); }
static void add_dhcp_dns(struct ew_facts *f, const char *s) { ip(&f->dhcp_dns[f->dhcp_dns_count++], s); }
static void add_rdnss(struct ew_facts *f, const char *s) { ip(&f->ra_rdnss[f->ra_rdnss_count++], s); }
static void add_ra_prefix(struct ew_facts *f, const char *s)
{
	assert_true(ew_prefix_parse(s, &f->ra_prefixes[f->ra_prefix_count++]));
}
static void set_str(char *dst, const char *s) { snprintf(dst, EW_FACT_STRLEN, "%s", s); }

static void verdict(const struct ew_fp_db *db, const struct ew_facts *f, struct ew_verdict *v)
{
	ew_classify(db, f, v);
	/* every verdict: a bounded, terminated reason; a confidence in [0,1] */
	assert_true(strnlen(v->reason, EW_REASON_LEN) < EW_REASON_LEN);
	assert_true(v->confidence >= 0.0 && v->confidence <= 1.0);
	if (v->cls != EW_CLASS_NONE)
		assert_true(v->reason[0] != '\0');
}

#define assert_class(v, c)                                                                                    \
	do {                                                                                                  \
		if ((v)->cls != (c))                                                                          \
			fail_msg("class %s (%.3f: %s), want %s", ew_class_name((v)->cls), (v)->confidence,    \
				 (v)->reason, ew_class_name(c));                                              \
	} while (0)

#define assert_reason_has(v, s)                                                                               \
	do {                                                                                                  \
		if (!strstr((v)->reason, (s)))                                                               \
			fail_msg("reason \"%s\" lacks \"%s\"", (v)->reason, (s));                              \
	} while (0)

static bool confident(const struct ew_verdict *v) { return v->confidence > EW_CONF_HINT; }

/* ---- one case per DESIGN §3 class ---- */

static void hgw_by_role_combination(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f); /* no vendor, no known address: roles alone */
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER | EW_ROLE_UPNP_IGD;
	f.inside_hosts = 3;
	add_addr(&f, "172.31.5.1");
	add_dhcp_router(&f, "172.31.5.1");
	set_str(f.ssdp_type[f.ssdp_type_count++], "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(confident(&v));
	assert_int_equal(v.strength, EW_STRENGTH_S);
	assert_reason_has(&v, "routes, serves DHCP and advertises a gateway (router,dhcp_server,upnp_igd)");
	assert_reason_has(&v, "announces a UPnP Internet gateway");
	assert_reason_has(&v, "forwards off-subnet traffic for 3 hosts");

	/* RA instead of UPnP: still the combination */
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER | EW_ROLE_RA_ROUTER;
	f.ssdp_type_count = 0;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(confident(&v));
}

static void hgw_by_nec_vendor_and_router(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	f.inside_hosts = 2;
	f.vendor = "NEC Platforms, Ltd.";
	add_addr(&f, "10.9.8.7");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(confident(&v));
	assert_reason_has(&v, "vendor NEC Platforms, Ltd. (NTT HGW and Aterm maker)");

	/* the registry's other spelling, without the dot */
	f.vendor = "NEC Platforms, Ltd";
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);

	/* the full NTT HGW picture piles up, and the reason names each part */
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	f.vendor = "NEC Platforms, Ltd.";
	f.addr_count = 0;
	add_addr(&f, "192.168.1.1");
	add_dhcp_router(&f, "192.168.1.1");
	add_dhcp_dns(&f, "192.168.1.1");
	f.dhcp_lease = 14400;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(v.confidence > 0.8);
	assert_reason_has(&v, "NTT HGW default address 192.168.1.1");
	assert_reason_has(&v, "lease 14400 s, DNS 192.168.1.1");
	assert_reason_has(&v, "serves DHCP with router 192.168.1.1");
}

static void onu_bridged_by_pppoe_ac(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_PPPOE_AC;
	set_str(f.pppoe_ac_name, "BRAS-TKY-01");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	assert_true(v.confidence >= 0.9);
	assert_reason_has(&v, "answers PPPoE discovery (AC-Name BRAS-TKY-01)");
}

static void onu_bridged_by_ngn_ra_prefix(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_RA_ROUTER;
	add_ra_prefix(&f, "2408:210:a1b2:c300::/64"); /* inside NTT East 2408::/22 */
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	assert_true(confident(&v));
	assert_reason_has(&v, "NTT East NGN prefix 2408:210:a1b2:c300::/64 in RAs");

	/* NTT West, second prefix of the list matched: the reason names it */
	f.ra_prefix_count = 0;
	add_ra_prefix(&f, "fd00:1::/64");
	add_ra_prefix(&f, "2001:a010:1:2::/64");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	assert_reason_has(&v, "NTT West NGN prefix 2001:a010:1:2::/64");

	/* a shorter prefix than the rule's is not inside it */
	f.ra_prefix_count = 0;
	add_ra_prefix(&f, "2408::/16");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);

	/* the same prefix from a device serving DHCPv4 and routing: an HGW handing its prefix on */
	f.ra_prefix_count = 0;
	add_ra_prefix(&f, "2408:210:a1b2:c300::/64");
	f.roles = EW_ROLE_RA_ROUTER | EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);

	/* an IPoE provider prefix (W): the class, but not confidently */
	facts_init(&f);
	f.roles = EW_ROLE_RA_ROUTER;
	add_ra_prefix(&f, "240b:11:2:3::/64"); /* JPNE v6plus 240b:10::/30 */
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	assert_false(confident(&v));
	assert_int_equal(v.strength, EW_STRENGTH_W);

	/* NGN DNS servers and domain, and DHCPv6 enterprise 210, each on their own */
	facts_init(&f);
	f.roles = EW_ROLE_RA_ROUTER;
	add_rdnss(&f, "2404:1a8:7f01:b::3");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	facts_init(&f);
	f.roles = EW_ROLE_DHCP6_SERVER;
	set_str(f.dns_search, "FLETS-WEST.JP");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	facts_init(&f);
	f.roles = EW_ROLE_DHCP6_SERVER;
	f.dhcp6_enterprise = 210;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
}

static void pppoe_client_dials_a_line(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_PPPOE_CLIENT;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ONU_BRIDGED);
	assert_reason_has(&v, "dials a PPPoE line itself");
}

static void mobile_router_by_default_address_and_dhcp(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER;
	f.foreign_subnet = true;
	ip(&f.foreign_addrs[f.foreign_addr_count++], "192.168.43.1"); /* what report.c fills beside it */
	add_addr(&f, "192.168.43.1");
	add_dhcp_router(&f, "192.168.43.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_MOBILE_ROUTER);
	assert_true(v.confidence <= EW_CONF_CAP_W); /* W knowledge only */
	assert_reason_has(&v, "cloud-SIM pocket router default 192.168.43.1");
	assert_reason_has(&v, "uses 192.168.43.1, outside every local subnet"); /* the note */

	/* the Aterm default is unverified: still named, lower */
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER | EW_ROLE_ROUTER;
	add_addr(&f, "192.168.179.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_MOBILE_ROUTER);
	assert_true(v.confidence <= EW_CONF_CAP_U);
	assert_int_equal(v.strength, EW_STRENGTH_U);
}

static void home_router_by_huawei_hilink_address(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	f.vendor = "HUAWEI TECHNOLOGIES CO.,LTD";
	add_addr(&f, "192.168.8.1");
	add_dhcp_router(&f, "192.168.8.1");
	f.dhcp_lease = 86400;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HOME_ROUTER);
	assert_true(v.confidence <= EW_CONF_CAP_W);
	assert_reason_has(&v, "Huawei HiLink default address 192.168.8.1");
	assert_reason_has(&v, "(SoftBank Air maker)");
}

static void host_sharing_pc_that_forwards(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	f.acts_as_client = true;
	f.inside_hosts = 1;
	f.vendor = "Dell Inc.";
	set_str(f.client_hostname, "DESKTOP-4F2K9QX");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HOST_SHARING);
	assert_true(confident(&v));
	assert_reason_has(&v, "acts as a client itself");
	assert_reason_has(&v, "vendor Dell Inc. (PC maker)");
	assert_reason_has(&v, "Windows default hostname DESKTOP-4F2K9QX");

	/* Windows ICS: DHCP from 192.168.137.1 */
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	f.acts_as_client = true;
	add_addr(&f, "192.168.137.1");
	add_dhcp_router(&f, "192.168.137.1");
	ip(&f.dhcp_offered, "192.168.137.23");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HOST_SHARING);
	assert_reason_has(&v, "offers 192.168.137.23");

	/* the PC-maker vendor needs the router role: a Dell that only serves DHCP is no PC hint */
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER;
	f.vendor = "Dell Inc.";
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_DHCP_SERVER);
}

static void router_alone(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	f.inside_hosts = 4;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	assert_reason_has(&v, "forwards off-subnet traffic for 4 hosts");
	assert_int_equal(v.rules_for_class, 1);
	f.inside_hosts = 0; /* no count: no "for 0 hosts" */
	verdict(shipped, &f, &v);
	assert_string_equal(v.reason, "forwards off-subnet traffic");

	/* a RIP default route alone */
	f.roles = EW_ROLE_RIP_DEFAULT | EW_ROLE_ROUTING_PROTO;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	assert_reason_has(&v, "announces itself as a router (rip_default,routing_proto)");
}

static void dhcp_server_alone(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER;
	add_dhcp_router(&f, "10.20.30.254");
	f.dhcp_rogue_router = true;
	ip(&f.dhcp_rogue_addrs[f.dhcp_rogue_addr_count++], "10.20.30.254"); /* what report.c fills beside it */
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_DHCP_SERVER);
	assert_false(confident(&v));
	assert_string_equal(v.reason, "serves DHCP with router 10.20.30.254; offers an undeclared default router 10.20.30.254");
}

static void modem_by_docsis_address_and_router(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	add_addr(&f, "192.168.100.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_MODEM);
	assert_false(confident(&v));
	assert_reason_has(&v, "DOCSIS");
}

static void ctu_unverified_stays_low(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	add_addr(&f, "192.168.24.1");
	add_dhcp_router(&f, "192.168.24.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_CTU);
	assert_true(v.confidence <= EW_CONF_CAP_U);
	assert_int_equal(v.strength, EW_STRENGTH_U);
	assert_reason_has(&v, "unverified");
}

static void plain_host_is_none(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.acts_as_client = true;
	f.vendor = "Dell Inc.";
	add_addr(&f, "10.1.2.3");
	set_str(f.client_hostname, "DESKTOP-ABC1234");
	set_str(f.client_vendor_class, "MSFT 5.0");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	assert_true(v.confidence == 0.0);
	assert_string_equal(v.reason, "");
	assert_int_equal(v.rules_fired, 0);

	/* an HGW maker's MAC on a device that does nothing: no verdict either */
	f.vendor = "NEC Platforms, Ltd.";
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_NONE);

	/* NULLs */
	ew_classify(NULL, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	ew_classify(shipped, NULL, &v);
	assert_class(&v, EW_CLASS_NONE);
}

static void weak_hints_without_role_are_not_confident(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	/* a default address alone, without routing or DHCP */
	facts_init(&f);
	f.foreign_subnet = true;
	add_addr(&f, "192.168.1.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(v.confidence <= EW_CONF_CAP_NOROLE);
	facts_init(&f);
	f.foreign_subnet = true;
	add_addr(&f, "192.168.100.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_MODEM);
	assert_true(v.confidence <= EW_CONF_CAP_NOROLE);
}

/* ---- the caps and the combination, on rules of the test's own ---- */

static void caps_on_weak_knowledge(void **state)
{
	(void)state;
	struct ew_fp_db *db = load_rules("rule hgw 0.9 W \"w1\"\n  vendor ~ a\n"
					 "rule hgw 0.9 W \"w2\"\n  vendor ~ b\n"
					 "rule modem 0.9 U \"u1\"\n  vendor ~ c\n"
					 "rule router 0.9 S \"s1\"\n  vendor ~ d\n"
					 "rule router 0.5 W \"w3\"\n  vendor ~ e\n"
					 "rule home_router 0.2 S \"s2\"\n  vendor ~ f\n"
					 "rule home_router 0.3 S \"s3\"\n  vendor ~ g\n");
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;

	f.vendor = "a"; /* one W rule at 0.9 */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	assert_true(v.confidence == EW_CONF_CAP_W);
	f.vendor = "ab"; /* two W rules: still capped */
	verdict(db, &f, &v);
	assert_true(v.confidence == EW_CONF_CAP_W);
	assert_int_equal(v.rules_for_class, 2);
	f.vendor = "c"; /* U */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_MODEM);
	assert_true(v.confidence == EW_CONF_CAP_U);
	f.vendor = "d"; /* S: not capped */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	assert_true(v.confidence == 0.9);
	f.vendor = "de"; /* S and W agreeing: noisy-OR, 1 - 0.1 * 0.5 */
	verdict(db, &f, &v);
	assert_true(v.confidence == 0.95);
	assert_int_equal(v.strength, EW_STRENGTH_S);
	f.vendor = "fg"; /* 1 - 0.8 * 0.7 = 0.44 */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_HOME_ROUTER);
	assert_true(v.confidence == 0.44);
	f.vendor = "adfg"; /* W hgw 0.5 < S router 0.9 */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);

	/* no role at all: even S stops at the no-role cap */
	f.roles = 0;
	f.vendor = "d";
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	assert_true(v.confidence == EW_CONF_CAP_NOROLE);
	ew_fp_free(db);

	/* full weight S is still not certainty */
	db = load_rules("rule hgw 1 S \"certain?\"\n  role router\n");
	f.roles = EW_ROLE_ROUTER;
	verdict(db, &f, &v);
	assert_true(v.confidence == EW_CONF_CAP_S);
	ew_fp_free(db);
}

static void ties_go_to_the_earlier_class(void **state)
{
	(void)state;
	/* router listed first in the file, hgw second: equal confidence, hgw wins */
	struct ew_fp_db *db = load_rules("rule router 0.4 S \"r\"\n  role router\n"
					 "rule dhcp_server 0.4 S \"d\"\n  role router\n"
					 "rule hgw 0.4 S \"h\"\n  role router\n");
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	/* the winner's words first, then the others in file order */
	assert_string_equal(v.reason, "h; r; d");
	assert_int_equal(v.rules_fired, 3);
	ew_fp_free(db);
}

static void notes_add_words_not_confidence(void **state)
{
	(void)state;
	struct ew_fp_db *db = load_rules("rule hgw 0 S \"note only\"\n  role router\n");
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	assert_int_equal(v.rules_fired, 1);
	ew_fp_free(db);
}

static void string_and_number_matching(void **state)
{
	(void)state;
	struct ew_fp_db *db = load_rules("rule hgw 0.6 S \"eq\"\n  vendor = \"nec platforms, ltd\"\n"
					 "rule modem 0.6 S \"prefix\"\n  vendor ^= \"ELECOM\"\n"
					 "rule ctu 0.6 S \"has\"\n  sysdescr ~ \"yamaha rtx\"\n"
					 "rule router 0.6 S \"lease\"\n  dhcp_lease < 3600\n"
					 "rule dhcp_server 0.6 S \"hosts\"\n  inside_hosts >= 2\n  not inside_hosts > 5\n");
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;

	f.vendor = "  \"NEC Platforms, Ltd.\" "; /* blanks, quotes, trailing dot ignored */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	f.vendor = "NEC Platforms, Ltd. Japan"; /* = is whole-name */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);

	f.vendor = "ELECOM CO.,LTD.";
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_MODEM);
	f.vendor = "Ilshin Elecom"; /* ^= is a prefix, so no match mid-name */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	f.vendor = "ELE";
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	f.vendor = NULL;

	set_str(f.sysdescr, "RTX1210 Rev.14 (YAMAHA RTX Series)");
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_CTU);
	/* a string field filled to its end without a NUL is read within bounds */
	memset(f.sysdescr, 'y', EW_FACT_STRLEN);
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	memset(f.sysdescr, 0, EW_FACT_STRLEN);

	/* a lease of 0 means "no DHCP seen": "< 3600" must not fire */
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	f.dhcp_lease = 600;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	f.dhcp_lease = 0;

	f.inside_hosts = 2;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_DHCP_SERVER);
	f.inside_hosts = 6;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_NONE);
	ew_fp_free(db);
}

static void reason_is_capped_and_clean(void **state)
{
	(void)state;
	/* many long descriptions: the line is cut with "..." inside EW_REASON_LEN */
	char body[8192];
	int k = 0;
	for (int i = 0; i < 8; i++)
		k += snprintf(body + k, sizeof body - (size_t)k,
			      "rule hgw 0.%d S \"rule %d says a great deal about this device, more than fits in one line\"\n"
			      "  role router\n",
			      i + 1, i);
	k += snprintf(body + k, sizeof body - (size_t)k, "rule onu_bridged 0.1 S \"AC {pppoe_ac_name}\"\n  role router\n");
	struct ew_fp_db *db = load_rules(body);
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	verdict(db, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
	size_t n = strlen(v.reason);
	assert_true(n < EW_REASON_LEN);
	assert_string_equal(v.reason + n - 5, "; ...");
	assert_true(strncmp(v.reason, "rule 7 says", 11) == 0); /* heaviest first */
	ew_fp_free(db);

	/* wire bytes in a placeholder: control characters replaced, value cut */
	db = load_rules("rule onu_bridged 0.9 S \"AC {pppoe_ac_name}\"\n  role pppoe_ac\n");
	facts_init(&f);
	f.roles = EW_ROLE_PPPOE_AC;
	set_str(f.pppoe_ac_name, "evil\n\x1b[31mname");
	verdict(db, &f, &v);
	assert_string_equal(v.reason, "AC evil??[31mname");
	memset(f.pppoe_ac_name, 'z', EW_FACT_STRLEN - 1);
	f.pppoe_ac_name[EW_FACT_STRLEN - 1] = '\0';
	verdict(db, &f, &v);
	assert_int_equal(strlen(v.reason), 3 + 64);
	/* a placeholder whose fact is absent */
	f.pppoe_ac_name[0] = '\0';
	verdict(db, &f, &v);
	assert_string_equal(v.reason, "AC ?");
	ew_fp_free(db);
}

static void deterministic(void **state)
{
	(void)state;
	struct ew_facts f;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER | EW_ROLE_RA_ROUTER | EW_ROLE_UPNP_IGD;
	f.vendor = "HUAWEI TECHNOLOGIES CO.,LTD";
	f.inside_hosts = 7;
	add_addr(&f, "192.168.8.1");
	add_dhcp_router(&f, "192.168.8.1");
	add_ra_prefix(&f, "2408:210:1:2::/64");
	struct ew_verdict a, b;
	verdict(shipped, &f, &a);
	for (int i = 0; i < 50; i++) {
		struct ew_facts copy = f;
		memset(&b, 0x5a, sizeof b);
		verdict(shipped, &copy, &b);
		assert_int_equal(a.cls, b.cls);
		assert_true(a.confidence == b.confidence);
		assert_string_equal(a.reason, b.reason);
		assert_int_equal(a.rules_fired, b.rules_fired);
	}
	/* the facts are not touched */
	struct ew_facts before = f;
	verdict(shipped, &f, &a);
	assert_memory_equal(&before, &f, sizeof f);
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int c = 0; c < EW_CLASS__COUNT; c++) {
		enum ew_class back;
		assert_true(ew_class_parse(ew_class_name((enum ew_class)c), &back));
		assert_int_equal(back, c);
	}
	assert_string_equal(ew_class_name(EW_CLASS_HOST_SHARING), "host_sharing");
	assert_string_equal(ew_class_name(EW_CLASS__COUNT), "none");
	enum ew_class c;
	assert_false(ew_class_parse("gateway", &c));
	for (int i = 0; i < EW_ROLE__COUNT; i++) {
		enum ew_role r;
		assert_true(ew_role_parse(ew_role_name((enum ew_role)(1u << i)), &r));
		assert_int_equal(r, 1u << i);
	}
	assert_string_equal(ew_role_name(EW_ROLE_UPNP_IGD), "upnp_igd");
	assert_string_equal(ew_role_name((enum ew_role)(EW_ROLE_ROUTER | EW_ROLE_NAT)), "unknown");
	assert_string_equal(ew_strength_name(EW_STRENGTH_W), "W");
}


/* ---- the way-out verdict (ew_classify_wayout): pure, on facts ---------------------- */

static void wayout(const struct ew_facts *f, const struct ew_verdict *v, struct ew_wayout *w)
{
	ew_classify_wayout(f, v, w);
	assert_true(w->confidence >= 0.0 && w->confidence <= EW_WAYOUT_MAX);
	assert_true(strnlen(w->reason, EW_WAYOUT_REASON_LEN) < EW_WAYOUT_REASON_LEN);
	assert_true((w->proven & ~w->shown) == 0);
}

static void wayout_proof_counts(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_wayout w;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	f.fwd_frames = EW_WAYOUT_FWD_PROOF - 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_SEEN);
	assert_int_equal(w.shown, 1u << EW_WAYOUT_FORWARDING);
	assert_int_equal(w.proven, 0);
	f.fwd_frames = EW_WAYOUT_FWD_PROOF;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_PROVEN);
	assert_int_equal(w.proven, 1u << EW_WAYOUT_FORWARDING);
	assert_false(w.infrastructure);
	assert_string_equal(w.reason, "");

	/* announcements: repeated is proven, once is seen */
	facts_init(&f);
	f.roles = EW_ROLE_RA_ROUTER;
	f.ra_default_count = EW_WAYOUT_ANNOUNCE_PROOF;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_PROVEN);
	f.roles = 0; /* RAs with lifetime 0 only: not a default router */
	wayout(&f, NULL, &w);
	assert_int_equal(w.shown, 0);
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER;
	f.dhcp_rogue_offers = 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_SEEN);

	/* a concentrator's one answer is proof; a probe's forwarded packet too */
	facts_init(&f);
	f.roles = EW_ROLE_PPPOE_AC;
	f.pppoe_ac_frames = 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_PROVEN);
	facts_init(&f);
	f.probe_forwarded = 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_PROVEN);
	assert_string_equal(ew_wayout_kind_name(EW_WAYOUT_PROBE), "probe_forwarding");
}

static void wayout_independent_behaviours_combine(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_wayout w;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER | EW_ROLE_UPNP_IGD;
	f.fwd_frames = 3;
	f.igd_count = 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence >= 0.9 && w.confidence < EW_WAYOUT_MAX);
	/* everything at once: never certain */
	f.fwd_frames = 500;
	f.igd_count = 50;
	f.roles |= EW_ROLE_RA_ROUTER | EW_ROLE_DHCP_SERVER;
	f.ra_default_count = 50;
	f.dhcp_rogue_offers = 50;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_MAX);
	/* many addresses counts only without forwarding (one behaviour, not two) */
	facts_init(&f);
	f.roles = EW_ROLE_ROUTER;
	f.fwd_frames = 3;
	f.many_addrs = true;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_SEEN);
}

static void wayout_pppoe_dial(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_wayout w;
	facts_init(&f);
	f.roles = EW_ROLE_PPPOE_CLIENT;
	f.pppoe_dial_frames = 4;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_DIAL_UNANSWERED); /* nobody answered */
	f.pppoe_answered = true;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_SEEN);
	f.pppoe_answered = false;
	f.pppoe_padr = 1;
	wayout(&f, NULL, &w);
	assert_true(w.confidence == EW_WAYOUT_SEEN);
	f.pppoe_session_frames = EW_WAYOUT_SESSION_PROOF;
	wayout(&f, NULL, &w);
	assert_true(w.confidence >= EW_WAYOUT_PROVEN);
}

/* Vendor, address and name hints: at most EW_WAYOUT_HINT_MAX, however
 * sure the class. */
static void wayout_hints_capped(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	struct ew_wayout w;
	facts_init(&f);
	f.roles = EW_ROLE_ROUTING_PROTO | EW_ROLE_LLDP_ROUTER;
	memset(&v, 0, sizeof v);
	v.cls = EW_CLASS_HGW;
	v.confidence = 0.8;
	wayout(&f, &v, &w);
	assert_true(w.confidence == EW_WAYOUT_HINT_MAX);
	assert_false(w.infrastructure);
	assert_non_null(strstr(w.reason, "hints only"));
	v.confidence = 0.3;
	wayout(&f, &v, &w);
	assert_true(w.confidence == 0.3);
	v.cls = EW_CLASS_NONE;
	v.confidence = 0;
	wayout(&f, &v, &w);
	assert_true(w.confidence == 0);
	/* a PC maker and a default hostname on a plain host: not a way out */
	facts_init(&f);
	f.vendor = "Dell Inc.";
	set_str(f.client_hostname, "DESKTOP-7K3Q9PL");
	f.acts_as_client = true;
	verdict(shipped, &f, &v);
	wayout(&f, &v, &w);
	assert_true(w.confidence <= EW_WAYOUT_HINT_MAX);
}

static void wayout_infrastructure(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_wayout w;
	/* DHCP naming only declared routers */
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER | EW_ROLE_DHCP6_SERVER;
	add_dhcp_router(&f, "10.20.0.1");
	wayout(&f, NULL, &w);
	assert_true(w.infrastructure);
	assert_true(w.confidence <= 0.1);
	assert_non_null(strstr(w.reason, "10.20.0.1"));
	/* ... and an undeclared one: a way out */
	f.dhcp_rogue_offers = 2;
	f.dhcp_rogue_router = true;
	wayout(&f, NULL, &w);
	assert_false(w.infrastructure);
	assert_true(w.confidence == EW_WAYOUT_SEEN);
	/* a relay passes on its server's routers: still infrastructure */
	f.dhcp_relay = true;
	f.dhcp_relayed = 2;
	wayout(&f, NULL, &w);
	assert_true(w.infrastructure);
	assert_non_null(strstr(w.reason, "relay"));
	/* DHCP with no router option */
	facts_init(&f);
	f.roles = EW_ROLE_DHCP_SERVER;
	wayout(&f, NULL, &w);
	assert_true(w.infrastructure);
	/* a DHCP server that also speaks OSPF is a router we cannot place */
	f.roles |= EW_ROLE_ROUTING_PROTO;
	wayout(&f, NULL, &w);
	assert_false(w.infrastructure);

	/* a switch; with router capability it is not */
	facts_init(&f);
	f.l2_switch = true;
	wayout(&f, NULL, &w);
	assert_true(w.infrastructure);
	assert_non_null(strstr(w.reason, "switch"));
	f.roles = EW_ROLE_LLDP_ROUTER;
	wayout(&f, NULL, &w);
	assert_false(w.infrastructure);

	/* a redundancy peer of a declared router: its forwarding and RAs are the
	 * declared gateway's; a UPnP gateway of its own is not */
	facts_init(&f);
	f.redundancy_peer = true;
	f.roles = EW_ROLE_ROUTING_PROTO | EW_ROLE_ROUTER | EW_ROLE_RA_ROUTER;
	f.fwd_frames = 400;
	f.ra_default_count = 10;
	wayout(&f, NULL, &w);
	assert_true(w.infrastructure);
	assert_true(w.confidence <= 0.1);
	f.roles |= EW_ROLE_UPNP_IGD;
	f.igd_count = 5;
	wayout(&f, NULL, &w);
	assert_false(w.infrastructure);
	assert_true(w.confidence >= EW_WAYOUT_PROVEN);
}

/* Issue 7: retail broadband routers are a class of their own. */
static void broadband_router_is_not_hgw(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.vendor = "BUFFALO.INC";
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER | EW_ROLE_UPNP_IGD;
	add_addr(&f, "192.168.11.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_BROADBAND_ROUTER);
	f.vendor = "TP-LINK TECHNOLOGIES CO.,LTD.";
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_BROADBAND_ROUTER);
	/* NEC makes NTT HGWs and retail Aterms: Aterm's retail default decides */
	facts_init(&f);
	f.vendor = "NEC Platforms, Ltd.";
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	add_addr(&f, "192.168.10.1");
	add_dhcp_router(&f, "192.168.10.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_BROADBAND_ROUTER);
	facts_init(&f);
	f.vendor = "NEC Platforms, Ltd.";
	f.roles = EW_ROLE_ROUTER | EW_ROLE_DHCP_SERVER;
	add_addr(&f, "192.168.1.1");
	add_dhcp_router(&f, "192.168.1.1");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_HGW);
}

/* LLDP/CDP capabilities are first-hand: the switch class is not held to the
 * no-role cap of vendor and address hints. */
static void switch_class(void **state)
{
	(void)state;
	struct ew_facts f;
	struct ew_verdict v;
	facts_init(&f);
	f.l2_switch = true;
	set_str(f.sysname, "floor3-sw");
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_SWITCH);
	assert_true(v.confidence > EW_CONF_CAP_NOROLE);
	assert_reason_has(&v, "floor3-sw");
	f.redundancy_peer = true;
	f.l2_switch = false;
	f.roles = EW_ROLE_ROUTING_PROTO;
	verdict(shipped, &f, &v);
	assert_class(&v, EW_CLASS_ROUTER);
	assert_reason_has(&v, "with a declared router");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hgw_by_role_combination),
		cmocka_unit_test(hgw_by_nec_vendor_and_router),
		cmocka_unit_test(onu_bridged_by_pppoe_ac),
		cmocka_unit_test(onu_bridged_by_ngn_ra_prefix),
		cmocka_unit_test(pppoe_client_dials_a_line),
		cmocka_unit_test(mobile_router_by_default_address_and_dhcp),
		cmocka_unit_test(home_router_by_huawei_hilink_address),
		cmocka_unit_test(host_sharing_pc_that_forwards),
		cmocka_unit_test(router_alone),
		cmocka_unit_test(dhcp_server_alone),
		cmocka_unit_test(modem_by_docsis_address_and_router),
		cmocka_unit_test(ctu_unverified_stays_low),
		cmocka_unit_test(plain_host_is_none),
		cmocka_unit_test(weak_hints_without_role_are_not_confident),
		cmocka_unit_test(caps_on_weak_knowledge),
		cmocka_unit_test(ties_go_to_the_earlier_class),
		cmocka_unit_test(notes_add_words_not_confidence),
		cmocka_unit_test(string_and_number_matching),
		cmocka_unit_test(reason_is_capped_and_clean),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(wayout_proof_counts),
		cmocka_unit_test(wayout_independent_behaviours_combine),
		cmocka_unit_test(wayout_pppoe_dial),
		cmocka_unit_test(wayout_hints_capped),
		cmocka_unit_test(wayout_infrastructure),
		cmocka_unit_test(broadband_router_is_not_hgw),
		cmocka_unit_test(switch_class),
	};
	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
