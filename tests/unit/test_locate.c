/* SPDX-License-Identifier: ISC */
/* test_locate.c - issue 11's pure parts: the edge-port rule (one case per
 * rule and their order), switch answers as rows (every refusal reason), the
 * choice among places over hand-built tables of two cascaded switches, the
 * `switch` setting's grammar and its secret files, the location JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "locate.h"
#include "locate_config.h"
#include "locate_json.h"

/* ---- building rows ------------------------------------------------------------------- */

static const uint32_t BRIDGE_ADDR[] = { 1, 3, 6, 1, 2, 1, 17, 1, 1 };
static const uint32_t PORT_IFINDEX[] = { 1, 3, 6, 1, 2, 1, 17, 1, 4, 1, 2 };
static const uint32_t FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 4, 3, 1, 2 };
static const uint32_t Q_FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2 };
static const uint32_t Q_VLAN_FDB_ID[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 2, 1, 3 }; /* .timeMark.vlanIndex */
static const uint32_t IF_NAME[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1 };
static const uint32_t IF_ALIAS[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18 };
static const uint32_t LLDP_CHASSIS[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 5 };
static const uint32_t LLDP_SYSNAME[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9 };
static const uint32_t LLDP_CAPS[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 12 };
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void vb_oid(struct ew_locate_vb *vb, const uint32_t *p, size_t n, const uint32_t *idx, size_t ni)
{
	memset(vb, 0, sizeof *vb);
	memcpy(vb->oid, p, n * sizeof *p);
	memcpy(vb->oid + n, idx, ni * sizeof *idx);
	vb->oid_len = n + ni;
}

static int add_int(struct ew_locate_table *t, const uint32_t *p, size_t n, const uint32_t *idx, size_t ni, int64_t v)
{
	struct ew_locate_vb vb;
	vb_oid(&vb, p, n, idx, ni);
	vb.type = EW_LOCATE_V_INT;
	vb.integer = v;
	return ew_locate_table_add(t, &vb);
}

static int add_octets(struct ew_locate_table *t, const uint32_t *p, size_t n, const uint32_t *idx, size_t ni,
		      const void *s, size_t len)
{
	struct ew_locate_vb vb;
	vb_oid(&vb, p, n, idx, ni);
	vb.type = EW_LOCATE_V_OCTETS;
	memcpy(vb.octets, s, len);
	vb.octets_len = len;
	return ew_locate_table_add(t, &vb);
}

static struct ew_mac M(const char *s)
{
	struct ew_mac m;
	assert_true(ew_mac_parse(s, &m));
	return m;
}

/* fdb 0: a BRIDGE-MIB row; else a Q-BRIDGE-MIB row in filtering database fdb */
static int add_fdb(struct ew_locate_table *t, const char *mac, uint32_t fdb, int64_t port)
{
	struct ew_mac m = M(mac);
	uint32_t idx[7];
	size_t k = 0;
	if (fdb)
		idx[k++] = fdb;
	for (int i = 0; i < 6; i++)
		idx[k++] = m.b[i];
	return fdb ? add_int(t, Q_FDB_PORT, N(Q_FDB_PORT), idx, k, port) : add_int(t, FDB_PORT, N(FDB_PORT), idx, k, port);
}

/* dot1qVlanFdbId.timeMark.vlan = fdb */
static int add_vlan_fdb(struct ew_locate_table *t, uint32_t time_mark, uint32_t vlan, int64_t fdb)
{
	uint32_t idx[2] = { time_mark, vlan };
	return add_int(t, Q_VLAN_FDB_ID, N(Q_VLAN_FDB_ID), idx, 2, fdb);
}

static void add_port(struct ew_locate_table *t, uint32_t bp, uint32_t ifidx, const char *name, const char *alias)
{
	assert_int_equal(add_int(t, PORT_IFINDEX, N(PORT_IFINDEX), &bp, 1, ifidx), 0);
	assert_int_equal(add_octets(t, IF_NAME, N(IF_NAME), &ifidx, 1, name, strlen(name)), 0);
	if (alias)
		assert_int_equal(add_octets(t, IF_ALIAS, N(IF_ALIAS), &ifidx, 1, alias, strlen(alias)), 0);
}

static void set_bridge(struct ew_locate_table *t, const char *mac)
{
	struct ew_mac m = M(mac);
	uint32_t zero = 0;
	assert_int_equal(add_octets(t, BRIDGE_ADDR, N(BRIDGE_ADDR), &zero, 1, m.b, 6), 0);
}

static void add_lldp(struct ew_locate_table *t, uint32_t port, const char *chassis, const char *name, uint8_t caps0)
{
	uint32_t idx[3] = { 0, port, 1 };
	struct ew_mac m = M(chassis);
	assert_int_equal(add_octets(t, LLDP_CHASSIS, N(LLDP_CHASSIS), idx, 3, m.b, 6), 0);
	assert_int_equal(add_octets(t, LLDP_SYSNAME, N(LLDP_SYSNAME), idx, 3, name, strlen(name)), 0);
	uint8_t caps[2] = { caps0, 0 };
	assert_int_equal(add_octets(t, LLDP_CAPS, N(LLDP_CAPS), idx, 3, caps, 2), 0);
}

#define CORE_MAC "00:00:0c:00:00:01"
#define EDGE_MAC "00:00:0c:00:00:02"
#define DEV "00:1b:8b:30:50:03"
#define PC "00:11:22:33:44:04"

/* core: port 1 uplink to edge (learns the edge's bridge address), port 2 server;
 * edge: port 1 uplink, port 3 the device, port 4 a PC */
static void two_switches(struct ew_locate_table *core, struct ew_locate_table *edge, bool edge_mac_on_core)
{
	assert_int_equal(ew_locate_table_init(core, "sw-core", 0), 0);
	assert_int_equal(ew_locate_table_init(edge, "sw-3f-e", 0), 0);
	set_bridge(core, CORE_MAC);
	set_bridge(edge, EDGE_MAC);
	add_port(core, 1, 10101, "Gi1/0/1", NULL);
	add_port(core, 2, 10102, "Gi1/0/2", "1F server rack");
	add_port(edge, 1, 10101, "Gi1/0/1", "uplink");
	add_port(edge, 3, 10117, "Gi1/0/17", "3F東 305号室");
	add_port(edge, 4, 10118, "Gi1/0/18", NULL);
	assert_int_equal(add_fdb(edge, DEV, 10, 3), 0);
	assert_int_equal(add_fdb(edge, PC, 10, 4), 0);
	assert_int_equal(add_fdb(edge, CORE_MAC, 10, 1), 0);
	assert_int_equal(add_fdb(core, DEV, 10, 1), 0);
	assert_int_equal(add_fdb(core, PC, 10, 1), 0);
	if (edge_mac_on_core)
		assert_int_equal(add_fdb(core, EDGE_MAC, 10, 1), 0);
	assert_int_equal(add_fdb(core, "00:11:22:33:44:02", 10, 2), 0);
	core->answered = edge->answered = true;
	ew_locate_table_finish(core);
	ew_locate_table_finish(edge);
}

/* ---- the rule ------------------------------------------------------------------------ */

static void rule_each(void **state)
{
	(void)state;
	struct ew_locate_port_facts f = { .macs = 1 };
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_EDGE);
	f.lldp_switch = true;
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_LLDP);
	f.lldp_is_target = true; /* the LLDP speaker is the device itself */
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_EDGE);
	f = (struct ew_locate_port_facts){ .carries_switch = true, .macs = 2 };
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_SWITCH_MAC);
	f = (struct ew_locate_port_facts){ .macs = EW_LOCATE_DEFAULT_UPLINK_MACS };
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_MANY_MACS);
	f.macs--;
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_EDGE);
	f.uplink_macs = 3;
	f.macs = 3;
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_MANY_MACS);
	assert_string_equal(ew_locate_rule_name(EW_LOCATE_UPLINK_MANY_MACS), "many_macs");
}

static void rule_order(void **state)
{
	(void)state;
	struct ew_locate_port_facts f = { .lldp_switch = true, .carries_switch = true, .macs = 100 };
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_LLDP);
	f.lldp_switch = false;
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_SWITCH_MAC);
	f.carries_switch = false;
	assert_int_equal(ew_locate_port_rule(&f), EW_LOCATE_UPLINK_MANY_MACS);
}

/* ---- rows ---------------------------------------------------------------------------- */

static void rows_refused(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "x", 100), 0);
	uint32_t zero = 0, one = 1;
	assert_int_equal(add_int(&t, BRIDGE_ADDR, N(BRIDGE_ADDR), &zero, 1, 5), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_TYPE], 1);
	assert_int_equal(add_octets(&t, BRIDGE_ADDR, N(BRIDGE_ADDR), &zero, 1, "1234567", 7), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_VALUE], 1);
	assert_int_equal(add_octets(&t, BRIDGE_ADDR, N(BRIDGE_ADDR), &one, 1, "123456", 6), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_INDEX], 1);
	uint32_t short_idx[3] = { 1, 2, 3 }, big[6] = { 1, 2, 3, 4, 5, 256 }, mac[6] = { 2, 0, 0, 0, 0, 1 };
	assert_int_equal(add_int(&t, FDB_PORT, N(FDB_PORT), short_idx, 3, 1), -1);
	assert_int_equal(add_int(&t, FDB_PORT, N(FDB_PORT), big, 6, 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_INDEX], 3);
	assert_int_equal(add_int(&t, FDB_PORT, N(FDB_PORT), mac, 6, 0), -1);     /* port 0: unknown */
	assert_int_equal(add_int(&t, FDB_PORT, N(FDB_PORT), mac, 6, 65536), -1); /* out of range */
	assert_int_equal(t.bad[EW_LOCATE_BAD_VALUE], 3);
	assert_int_equal(add_octets(&t, FDB_PORT, N(FDB_PORT), mac, 6, "\x01", 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_TYPE], 2);
	uint32_t qbig[7] = { 5000, 2, 0, 0, 0, 0, 300 }, qshort[6] = { 2, 0, 0, 0, 0, 1 };
	assert_int_equal(add_int(&t, Q_FDB_PORT, N(Q_FDB_PORT), qbig, 7, 1), -1);
	assert_int_equal(add_int(&t, Q_FDB_PORT, N(Q_FDB_PORT), qshort, 6, 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_INDEX], 5);
	/* dot1qVlanFdbId: VlanIndex 0 and 4095 are not permitted, the index is two sub-ids, the value an Unsigned32 */
	assert_int_equal(add_vlan_fdb(&t, 0, 0, 1), -1);
	assert_int_equal(add_vlan_fdb(&t, 0, 4095, 1), -1);
	uint32_t vshort[1] = { 20 }, vlong[3] = { 0, 20, 1 };
	assert_int_equal(add_int(&t, Q_VLAN_FDB_ID, N(Q_VLAN_FDB_ID), vshort, 1, 1), -1);
	assert_int_equal(add_int(&t, Q_VLAN_FDB_ID, N(Q_VLAN_FDB_ID), vlong, 3, 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_INDEX], 9);
	assert_int_equal(add_vlan_fdb(&t, 0, 20, -1), -1);
	assert_int_equal(add_vlan_fdb(&t, 0, 20, (int64_t)UINT32_MAX + 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_VALUE], 5);
	uint32_t v20[2] = { 0, 20 };
	assert_int_equal(add_octets(&t, Q_VLAN_FDB_ID, N(Q_VLAN_FDB_ID), v20, 2, "\x03", 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_TYPE], 3);
	assert_false(t.has_vlan_table);
	assert_int_equal(add_int(&t, PORT_IFINDEX, N(PORT_IFINDEX), &zero, 1, 3), -1);
	assert_int_equal(add_int(&t, PORT_IFINDEX, N(PORT_IFINDEX), &one, 1, -5), -1);
	static const uint32_t other[] = { 1, 3, 6, 1, 4, 1, 9 };
	assert_int_equal(add_int(&t, other, N(other), &one, 1, 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_UNKNOWN_OID], 1);
	struct ew_locate_vb vb = { .oid_len = EW_LOCATE_OID_MAX + 1 }; /* a caller breaking the contract */
	assert_int_equal(ew_locate_table_add(&t, &vb), -1);
	vb.oid_len = 3;
	vb.octets_len = EW_LOCATE_VAL_MAX + 1;
	assert_int_equal(ew_locate_table_add(&t, &vb), -1);
	assert_int_equal(t.fdb1_n + t.fdbq_n, 0);
	ew_locate_table_finish(&t);
	ew_locate_table_free(&t);
}

static void rows_capped(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "x", 2), 0);
	assert_int_equal(add_fdb(&t, "00:00:00:00:00:01", 1, 1), 0);
	assert_int_equal(add_fdb(&t, "00:00:00:00:00:02", 1, 1), 0);
	assert_int_equal(add_fdb(&t, "00:00:00:00:00:03", 1, 1), -1);
	assert_int_equal(t.bad[EW_LOCATE_BAD_FULL], 1);
	for (uint32_t p = 1; p <= EW_LOCATE_PORTS_MAX + 5; p++)
		add_int(&t, PORT_IFINDEX, N(PORT_IFINDEX), &p, 1, p);
	assert_int_equal(t.port_n, EW_LOCATE_PORTS_MAX);
	assert_int_equal(t.bad[EW_LOCATE_BAD_FULL], 6);
	ew_locate_table_finish(&t);
	ew_locate_table_free(&t);
}

static void text_checked(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "x", 0), 0);
	uint32_t i1 = 1, i2 = 2, i3 = 3;
	const char bad[] = "a\xff\x1b[2Jb  ";
	assert_int_equal(add_octets(&t, IF_NAME, N(IF_NAME), &i1, 1, bad, sizeof bad - 1), 0);
	assert_int_equal(add_octets(&t, IF_ALIAS, N(IF_ALIAS), &i2, 1, "3F東 305号室", strlen("3F東 305号室")), 0);
	char longs[EW_LOCATE_VAL_MAX];
	memset(longs, 'A', sizeof longs);
	assert_int_equal(add_octets(&t, IF_NAME, N(IF_NAME), &i3, 1, longs, sizeof longs), 0);
	assert_string_equal(ew_locate_table_if(&t, 1)->name, "a??[2Jb");
	assert_string_equal(ew_locate_table_if(&t, 2)->alias, "3F東 305号室");
	assert_true(strlen(ew_locate_table_if(&t, 3)->name) < EW_LOCATE_TEXT_MAX);
	ew_locate_table_free(&t);
}

/* ---- choosing ------------------------------------------------------------------------ */

static void cascade_edge_port(void **state)
{
	(void)state;
	struct ew_locate_table core, edge;
	two_switches(&core, &edge, true);
	struct ew_locate_table *tabs[] = { &core, &edge };
	ew_locate_link(tabs, 2);
	struct ew_locate_result r;
	ew_locate_mac(tabs, 2, &(struct ew_mac){ { 0x00, 0x1b, 0x8b, 0x30, 0x50, 0x03 } }, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	assert_int_equal(r.seen_n, 2);
	const struct ew_locate_place *c = &r.seen[r.chosen];
	assert_int_equal(c->table, 1);
	assert_int_equal(c->bridge_port, 3);
	assert_int_equal(c->if_index, 10117);
	assert_int_equal(c->vlan, 10);
	assert_int_equal(c->macs, 1);
	const struct ew_locate_place *o = &r.seen[1 - r.chosen];
	assert_int_equal(o->table, 0);
	assert_int_equal(o->rule, EW_LOCATE_UPLINK_SWITCH_MAC);
	assert_int_equal(o->macs, 3);

	struct json_object *j = ew_locate_json(tabs, 2, &r);
	const char *txt = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(strstr(txt, "\"status\":\"edge_port\",\"switch\":\"sw-3f-e\",\"port\":\"Gi1/0/17\",\"alias\":\"3F東 305号室\","
				   "\"bridge_port\":3,\"vlan\":10,\"vlan_from\":\"fdb_id\",\"port_macs\":1,\"rule\":\"edge\""));
	assert_non_null(strstr(txt, "\"seen_elsewhere\":[{\"switch\":\"sw-core\",\"port\":\"Gi1/0/1\",\"bridge_port\":1,\"vlan\":10,"
				   "\"vlan_from\":\"fdb_id\",\"port_macs\":3,\"rule\":\"switch_mac\""));
	assert_non_null(strstr(txt, "\"switch_errors\":[]"));
	json_object_put(j);
	ew_locate_table_free(&core);
	ew_locate_table_free(&edge);
}

static void lldp_neighbour_rule(void **state)
{
	(void)state;
	struct ew_locate_table core, edge;
	two_switches(&core, &edge, false); /* the edge's own MAC never reached the core */
	add_lldp(&core, 1, "00:00:0c:99:99:99", "sw-unknown", 0x20 /* bridge */);
	core.finished = false;
	ew_locate_table_finish(&core);
	struct ew_locate_table *tabs[] = { &core, &edge };
	ew_locate_link(tabs, 2);
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 2, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	assert_int_equal(r.seen[r.chosen].table, 1);
	assert_int_equal(r.seen[1 - r.chosen].rule, EW_LOCATE_UPLINK_LLDP);
	ew_locate_table_free(&core);
	ew_locate_table_free(&edge);
}

static void lldp_named_like_configured_switch(void **state)
{
	(void)state;
	struct ew_locate_table core, edge;
	two_switches(&core, &edge, false);
	add_lldp(&core, 1, "00:00:0c:99:99:99", "sw-3f-e", 0x00 /* no capabilities said */);
	core.finished = false;
	ew_locate_table_finish(&core);
	struct ew_locate_table *tabs[] = { &core, &edge };
	ew_locate_link(tabs, 2);
	assert_true(ew_locate_table_port(&core, 1)->lldp_switch);
	ew_locate_table_free(&core);
	ew_locate_table_free(&edge);
}

static void lldp_speaker_is_the_device(void **state)
{
	(void)state;
	/* a rogue router announcing itself by LLDP with the bridge bit, alone on its port */
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	add_port(&t, 5, 5, "ge5", NULL);
	assert_int_equal(add_fdb(&t, DEV, 1, 5), 0);
	add_lldp(&t, 5, DEV, "rogue", 0x28);
	t.answered = true;
	ew_locate_table_finish(&t);
	struct ew_locate_table *tabs[] = { &t };
	ew_locate_link(tabs, 1);
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	assert_int_equal(r.seen[r.chosen].bridge_port, 5);
	ew_locate_table_free(&t);
}

static void many_macs_fallback(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	add_port(&t, 1, 1, "ge1", NULL);
	char mac[18];
	for (int i = 0; i < 20; i++) {
		snprintf(mac, sizeof mac, "00:11:22:33:55:%02x", i);
		assert_int_equal(add_fdb(&t, mac, 1, 1), 0);
	}
	assert_int_equal(add_fdb(&t, DEV, 1, 1), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_UPLINKS_ONLY);
	assert_int_equal(r.seen[0].rule, EW_LOCATE_UPLINK_MANY_MACS);
	assert_int_equal(r.seen[0].macs, 21);
	ew_locate_mac(tabs, 1, &dev, 22, &r); /* a higher threshold */
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	ew_locate_table_free(&t);
}

static void fewest_macs_wins_and_counts(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	/* BRIDGE-MIB rows are ignored once Q-BRIDGE-MIB answered */
	assert_int_equal(add_fdb(&t, DEV, 0, 9), 0);
	assert_int_equal(add_fdb(&t, DEV, 1, 2), 0);
	assert_int_equal(add_fdb(&t, DEV, 1, 2), 0);  /* repeated row */
	assert_int_equal(add_fdb(&t, PC, 1, 2), 0);
	assert_int_equal(add_fdb(&t, PC, 20, 2), 0);  /* same MAC, another VLAN, same port: one device */
	assert_int_equal(add_fdb(&t, DEV, 20, 7), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	assert_int_equal(ew_locate_table_port(&t, 2)->macs, 2);
	assert_int_equal(ew_locate_table_port(&t, 7)->macs, 1);
	assert_null(ew_locate_table_port(&t, 9));
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	assert_int_equal(r.seen_n, 2);
	assert_int_equal(r.seen[r.chosen].bridge_port, 7);
	assert_int_equal(r.seen[r.chosen].vlan, 20);
	ew_locate_table_free(&t);
}

/* ---- the FDB id is not the VLAN (RFC 4363 dot1qVlanFdbId) -------------------------------- */

static const struct ew_locate_place *place_on(const struct ew_locate_result *r, uint32_t bridge_port)
{
	for (size_t i = 0; i < r->seen_n; i++)
		if (r->seen[i].bridge_port == bridge_port)
			return &r->seen[i];
	fail_msg("no place on bridge port %u", bridge_port);
	return NULL;
}

static char *json_text(struct json_object *j)
{
	char *s = strdup(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
	assert_non_null(s);
	return s;
}

/* IVL with FDB ids that are not the VLAN ids: VLAN 20 learns in FDB 3, VLAN 30 in FDB 4 */
static void vlan_table_maps_fdb_to_vlan(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	add_port(&t, 5, 5, "ge5", NULL);
	add_port(&t, 6, 6, "ge6", NULL);
	add_port(&t, 7, 7, "ge7", NULL);
	/* rows in any order: the FDB before the VLAN table */
	assert_int_equal(add_fdb(&t, DEV, 3, 5), 0);
	assert_int_equal(add_fdb(&t, DEV, 4, 6), 0);
	assert_int_equal(add_fdb(&t, DEV, 9, 7), 0);   /* an FDB no VLAN uses */
	assert_int_equal(add_vlan_fdb(&t, 0, 20, 3), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 30, 4), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 5000, 9), 0); /* a local VLAN (no 802.1Q id): not a VLAN to report */
	assert_true(t.has_vlan_table);
	t.answered = true;
	ew_locate_table_finish(&t);
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.seen_n, 3);
	const struct ew_locate_place *p = place_on(&r, 5);
	assert_int_equal(p->vlan, 20);
	assert_int_equal(p->vlan_from, EW_LOCATE_VLAN_TABLE);
	assert_int_equal(p->fdb_id, 3);
	p = place_on(&r, 6);
	assert_int_equal(p->vlan, 30);
	assert_int_equal(p->vlan_from, EW_LOCATE_VLAN_TABLE);
	p = place_on(&r, 7);
	assert_int_equal(p->vlan, 0); /* not 9: the switch said which VLANs it has */
	assert_int_equal(p->vlan_from, EW_LOCATE_VLAN_NOT_MAPPED);
	uint16_t v[4];
	assert_int_equal(ew_locate_table_fdb_vlans(&t, 3, v, 4), 1);
	assert_int_equal(v[0], 20);
	assert_int_equal(ew_locate_table_fdb_vlans(&t, 9, v, 4), 0);
	char *txt = json_text(ew_locate_json(tabs, 1, &r));
	assert_non_null(strstr(txt, "\"bridge_port\":5,\"vlan\":20,\"vlan_from\":\"vlan_table\","));
	assert_non_null(strstr(txt, "\"bridge_port\":7,\"vlan\":null,\"vlan_from\":\"not_mapped\","));
	free(txt);
	/* a new walk forgets the table: no VLAN table answered, the FDB id is the VLAN again */
	ew_locate_table_reset(&t);
	assert_false(t.has_vlan_table);
	add_port(&t, 5, 5, "ge5", NULL);
	assert_int_equal(add_fdb(&t, DEV, 3, 5), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.seen[0].vlan, 3);
	assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_FDB_ID);
	ew_locate_table_free(&t);
}

/* Shared VLAN learning: VLANs 20 and 30 learn in FDB 1 */
static void shared_fdb_takes_the_captured_vlan(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	add_port(&t, 5, 5, "ge5", "room 305");
	assert_int_equal(add_vlan_fdb(&t, 0, 30, 1), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 20, 1), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 40, 2), 0);
	assert_int_equal(add_fdb(&t, DEV, 1, 5), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	uint16_t v[4];
	assert_int_equal(ew_locate_table_fdb_vlans(&t, 1, v, 4), 2);
	assert_int_equal(v[0], 20);
	assert_int_equal(v[1], 30);
	assert_int_equal(ew_locate_table_fdb_vlans(&t, 1, v, 1), 2); /* counted beyond max */
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac_vlan(tabs, 1, &dev, 30, 0, &r); /* the agent saw it tagged 30: one of the FDB's VLANs */
	assert_int_equal(r.status, EW_LOCATE_FOUND);
	assert_int_equal(r.seen[0].vlan, 30);
	assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_CAPTURE);
	char *txt = json_text(ew_locate_json(tabs, 1, &r));
	assert_non_null(strstr(txt, "\"vlan\":30,\"vlan_from\":\"capture\","));
	free(txt);
	static const uint16_t not_it[] = { 0, 40, 4094, 4095, 65535 }; /* untagged, another FDB's VLAN, unknown, out of range */
	for (size_t i = 0; i < sizeof not_it / sizeof not_it[0]; i++) {
		ew_locate_mac_vlan(tabs, 1, &dev, not_it[i], 0, &r);
		assert_int_equal(r.seen[0].vlan, 0);
		assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_SHARED);
	}
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_SHARED);
	txt = json_text(ew_locate_json(tabs, 1, &r));
	assert_non_null(strstr(txt, "\"vlan\":null,\"vlan_from\":\"shared_fdb\","));
	free(txt);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ew_locate_json_text(f, &dev, tabs, 1, &r);
	fclose(f);
	assert_non_null(strstr(buf, "port ge5 \"room 305\", FDB 1 shared by VLANs 20, 30 (1 MAC on it"));
	free(buf);
	ew_locate_table_free(&t);
}

/* No dot1qVlanCurrentTable: the FDB id is taken as the VLAN when it can be one */
static void fdb_id_fallback(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	add_port(&t, 5, 5, "ge5", NULL);
	add_port(&t, 6, 6, "ge6", NULL);
	assert_int_equal(add_fdb(&t, DEV, 7, 5), 0);
	assert_int_equal(add_fdb(&t, DEV, 5000, 6), 0); /* an FDB id above 4094 is a valid index, not a VLAN */
	t.answered = true;
	ew_locate_table_finish(&t);
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac_vlan(tabs, 1, &dev, 7, 0, &r);
	const struct ew_locate_place *p = place_on(&r, 5);
	assert_int_equal(p->vlan, 7);
	assert_int_equal(p->vlan_from, EW_LOCATE_VLAN_FDB_ID);
	p = place_on(&r, 6);
	assert_int_equal(p->vlan, 0);
	assert_int_equal(p->vlan_from, EW_LOCATE_VLAN_NOT_MAPPED);
	assert_int_equal(p->fdb_id, 5000);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ew_locate_json_text(f, &dev, tabs, 1, &r);
	fclose(f);
	assert_non_null(strstr(buf, "port ge5, VLAN 7 (the FDB id: the switch has no VLAN table)"));
	assert_non_null(strstr(buf, "port ge6, FDB 5000 (no VLAN known)"));
	free(buf);
	/* BRIDGE-MIB alone: no VLAN, said so */
	ew_locate_table_reset(&t);
	assert_int_equal(add_fdb(&t, DEV, 0, 5), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.seen[0].vlan, 0);
	assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_NONE);
	char *txt = json_text(ew_locate_json(tabs, 1, &r));
	assert_non_null(strstr(txt, "\"vlan\":null,\"vlan_from\":\"bridge_mib\","));
	free(txt);
	ew_locate_table_free(&t);
}

/* TimeFilter (RFC 4502): the same VLAN under several time marks is one VLAN; the last row read wins */
static void vlan_rows_under_time_marks(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "sw", 0), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 20, 3), 0);
	assert_int_equal(add_vlan_fdb(&t, 0, 30, 3), 0);
	assert_int_equal(add_vlan_fdb(&t, 1000, 20, 3), 0);
	assert_int_equal(add_vlan_fdb(&t, 2000, 30, 6), 0); /* VLAN 30 moved to FDB 6 */
	assert_int_equal(add_fdb(&t, DEV, 3, 5), 0);
	t.answered = true;
	ew_locate_table_finish(&t);
	assert_int_equal(t.vlan_fdb_n, 2);
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.seen[0].vlan, 20);
	assert_int_equal(r.seen[0].vlan_from, EW_LOCATE_VLAN_TABLE);
	ew_locate_table_free(&t);
}

static void statuses(void **state)
{
	(void)state;
	struct ew_locate_table t;
	assert_int_equal(ew_locate_table_init(&t, "dead", 0), 0);
	snprintf(t.error, sizeof t.error, "no answer (timeout)");
	struct ew_locate_table *tabs[] = { &t };
	struct ew_locate_result r;
	struct ew_mac dev = M(DEV);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_NO_ANSWER);
	struct json_object *j = ew_locate_json(tabs, 1, &r);
	assert_string_equal(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN),
			    "{\"status\":\"no_answer\",\"seen_elsewhere\":[],\"switch_errors\":[{\"switch\":\"dead\","
			    "\"answered\":false,\"error\":\"no answer (timeout)\"}]}");
	json_object_put(j);
	ew_locate_table_reset(&t);
	t.answered = true;
	ew_locate_table_finish(&t);
	ew_locate_mac(tabs, 1, &dev, 0, &r);
	assert_int_equal(r.status, EW_LOCATE_NOT_SEEN);
	ew_locate_table_free(&t);
}

/* ---- the setting --------------------------------------------------------------------- */

static void config_switch_lines(void **state)
{
	(void)state;
	static struct ew_locate_config c;
	memset(&c, 0, sizeof c);
	char err[256];
	assert_int_equal(ew_locate_config_add_switch(&c, "sw-3f-e 10.0.3.2 community s3cret", err, sizeof err), 0);
	assert_int_equal(c.sw[0].version, 2);
	assert_int_equal(c.sw[0].port, 161);
	assert_string_equal(c.sw[0].community, "s3cret");
	assert_int_equal(ew_locate_config_add_switch(&c, "  core  [2001:db8::1]:1161  v3 user ew auth sha:authpass1 priv aes:privpass1",
						     err, sizeof err), 0);
	assert_int_equal(c.sw[1].version, 3);
	assert_int_equal(c.sw[1].port, 1161);
	assert_int_equal(c.sw[1].ip.family, 6);
	assert_string_equal(c.sw[1].auth_pass, "authpass1");
	assert_string_equal(c.sw[1].priv_pass, "privpass1");
	assert_int_equal(ew_locate_config_add_switch(&c, "b 10.0.0.9:16100 v3 user ew auth sha256:authpass1 priv aes:privpass1", err, sizeof err), 0);
	assert_int_equal(c.sw[2].auth, EW_LOCATE_AUTH_SHA256);
	assert_int_equal(c.sw[2].port, 16100);
	assert_int_equal(c.sw[2].timeout_ms, 0);
	assert_int_equal(c.sw[2].retries, -1);
	/* a switch's own timeout and retries */
	assert_int_equal(ew_locate_config_add_switch(&c, "slow 10.0.0.7 community x timeout 5s retries 3", err, sizeof err), 0);
	assert_int_equal(c.sw[3].timeout_ms, 5000);
	assert_int_equal(c.sw[3].retries, 3);
	assert_int_equal(ew_locate_config_add_switch(&c, "slow3 10.0.0.8 v3 user u auth sha:authpass1 priv aes:privpass1 timeout 500ms",
						     err, sizeof err), 0);
	assert_int_equal(c.sw[4].timeout_ms, 500);
	const char *bad[] = {
		"sw-3f-e 10.0.0.1 community x",                 /* named twice */
		"x 10.0.0.1",                                   /* too short */
		"x host.example community x",                   /* not an address */
		"x 10.0.0.1 community",                         /* no community */
		"x 10.0.0.1 community a b",                     /* words after it */
		"x 10.0.0.1 v3 user u auth sha:authpass1",       /* authPriv only */
		"x 10.0.0.1 v3 user u auth sha:short priv aes:privpass1", /* RFC 3414 minimum */
		"x 10.0.0.1 v3 user u auth md5:authpass1 priv aes:privpass1",
		"x 10.0.0.1 v3 user u auth sha:authpass1 priv des:privpass1",
		"x 10.0.0.1 v2 community x",
		"x 10.0.0.1:0 community x",
		"x 10.0.0.1 community x timeout 99ms",
		"x 10.0.0.1 community x timeout 61s",
		"x 10.0.0.1 community x timeout 5",
		"x 10.0.0.1 community x retries 11",
		"x 10.0.0.1 community x retries",
		"x 10.0.0.1 community x colour blue",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(ew_locate_config_add_switch(&c, bad[i], err, sizeof err), -1);
		assert_true(err[0]);
		assert_null(strstr(err, "authpass1")); /* a message never shows a secret */
	}
	assert_int_equal(c.n, 5);
	ew_locate_config_clear(&c);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.sw[0].community[0], 0);
}

static void config_secret_files(void **state)
{
	(void)state;
	static struct ew_locate_config c;
	memset(&c, 0, sizeof c);
	char dir[] = "/tmp/ewlocXXXXXX", cf[64], sf[64], line[160], err[256];
	assert_non_null(mkdtemp(dir));
	snprintf(cf, sizeof cf, "%s/community", dir);
	snprintf(sf, sizeof sf, "%s/secret", dir);
	FILE *f = fopen(cf, "w");
	fputs("from-file\nignored\n", f);
	fclose(f);
	f = fopen(sf, "w");
	fputs("auth sha:authpass1\npriv aes:privpass1\n", f);
	fclose(f);
	chmod(cf, 0640);
	chmod(sf, 0600);
	snprintf(line, sizeof line, "a 10.0.0.1 community-file %s", cf);
	assert_int_equal(ew_locate_config_add_switch(&c, line, err, sizeof err), 0);
	assert_string_equal(c.sw[0].community, "from-file");
	snprintf(line, sizeof line, "b 10.0.0.2 v3 user ew secret-file %s", sf);
	assert_int_equal(ew_locate_config_add_switch(&c, line, err, sizeof err), 0);
	assert_string_equal(c.sw[1].priv_pass, "privpass1");
	chmod(cf, 0644);
	snprintf(line, sizeof line, "c 10.0.0.3 community-file %s", cf);
	assert_int_equal(ew_locate_config_add_switch(&c, line, err, sizeof err), -1);
	assert_non_null(strstr(err, "other users may read it"));
	snprintf(line, sizeof line, "c 10.0.0.3 community-file %s/missing", dir);
	assert_int_equal(ew_locate_config_add_switch(&c, line, err, sizeof err), -1);
	unlink(cf);
	unlink(sf);
	rmdir(dir);
	ew_locate_config_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_each),
		cmocka_unit_test(rule_order),
		cmocka_unit_test(rows_refused),
		cmocka_unit_test(rows_capped),
		cmocka_unit_test(text_checked),
		cmocka_unit_test(cascade_edge_port),
		cmocka_unit_test(lldp_neighbour_rule),
		cmocka_unit_test(lldp_named_like_configured_switch),
		cmocka_unit_test(lldp_speaker_is_the_device),
		cmocka_unit_test(many_macs_fallback),
		cmocka_unit_test(fewest_macs_wins_and_counts),
		cmocka_unit_test(vlan_table_maps_fdb_to_vlan),
		cmocka_unit_test(shared_fdb_takes_the_captured_vlan),
		cmocka_unit_test(fdb_id_fallback),
		cmocka_unit_test(vlan_rows_under_time_marks),
		cmocka_unit_test(statuses),
		cmocka_unit_test(config_switch_lines),
		cmocka_unit_test(config_secret_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
