/* SPDX-License-Identifier: ISC */
/* locate.h - where a MAC is plugged in, from the switches' forwarding tables.
 *
 * Pure: no SNMP, no I/O, no json-c. locate_snmp.c walks a switch and hands
 * every answer row here as a varbind-like struct (OID + typed value); this
 * module checks each row (a switch's answer is hostile input, like a packet:
 * bounded, checked, never trusted for sizes), keeps what it understands in a
 * capped table per switch, and answers "which ports learned this MAC, and
 * which of them is the edge port" with ew_locate_mac().
 *
 * MIB objects read (RFC 4188 BRIDGE-MIB, RFC 4363 Q-BRIDGE-MIB, RFC 2863
 * IF-MIB, IEEE 802.1AB LLDP-MIB) are named in locate.c with their OIDs.
 */
#ifndef EGRESSWATCH_AGENT_LOCATE_H
#define EGRESSWATCH_AGENT_LOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_LOCATE_OID_MAX 40       /* sub-identifiers kept per row; longer OIDs are dropped */
#define EW_LOCATE_VAL_MAX 255      /* octets kept per value; longer values are cut */
#define EW_LOCATE_TEXT_MAX 96      /* bytes of a port name, description or alias kept */
#define EW_LOCATE_NAME_MAX 64      /* a configured switch's name */
#define EW_LOCATE_PORTS_MAX 4096   /* bridge ports, interfaces, LLDP neighbours per switch */
#define EW_LOCATE_DEFAULT_MAX_ROWS 50000 /* rows read per switch and window */
#define EW_LOCATE_DEFAULT_UPLINK_MACS 16 /* a port that learned this many MACs is an uplink */
#define EW_LOCATE_SEEN_MAX 16      /* places kept per located MAC */
#define EW_LOCATE_VLAN_ID_MAX 4094 /* 802.1Q VLAN ids are 1..4094 (RFC 4363 VlanIndex above 4095: local, no id) */

/* One row of an SNMP answer, as the SNMP layer (or a fuzzer) hands it over. */
enum ew_locate_vtype { EW_LOCATE_V_OTHER = 0, EW_LOCATE_V_INT, EW_LOCATE_V_OCTETS };
struct ew_locate_vb {
	uint32_t oid[EW_LOCATE_OID_MAX];
	size_t oid_len;
	enum ew_locate_vtype type;
	int64_t integer;                  /* INTEGER, Gauge32, Counter32, TimeTicks */
	uint8_t octets[EW_LOCATE_VAL_MAX]; /* OCTET STRING */
	size_t octets_len;
};

/* Why a row was not used (counted per switch, never fatal). */
enum ew_locate_bad {
	EW_LOCATE_BAD_UNKNOWN_OID = 0, /* not an object we read */
	EW_LOCATE_BAD_INDEX,           /* wrong index length, a sub-identifier out of range */
	EW_LOCATE_BAD_TYPE,            /* value of the wrong type */
	EW_LOCATE_BAD_VALUE,           /* value out of range (port 0, a 7-byte MAC…) */
	EW_LOCATE_BAD_FULL,            /* the table's cap was reached */
	EW_LOCATE_BAD__COUNT
};
const char *ew_locate_bad_name(enum ew_locate_bad b);

/* Where a place's VLAN comes from. Q-BRIDGE-MIB indexes the forwarding table
 * by dot1qFdbId, a filtering-database id, not a VLAN id; dot1qVlanCurrentTable's
 * dot1qVlanFdbId says which FDB each VLAN uses (RFC 4363), and with shared VLAN
 * learning one FDB serves several VLANs. */
enum ew_locate_vlan_from {
	EW_LOCATE_VLAN_NONE = 0,   /* a BRIDGE-MIB row: no VLAN (vlan 0) */
	EW_LOCATE_VLAN_TABLE,      /* dot1qVlanFdbId: the row's FDB serves this one VLAN */
	EW_LOCATE_VLAN_CAPTURE,    /* the FDB serves several VLANs; this is the one the agent saw the MAC on */
	EW_LOCATE_VLAN_SHARED,     /* the FDB serves several VLANs, which one is not known (vlan 0) */
	EW_LOCATE_VLAN_FDB_ID,     /* the switch answered no dot1qVlanCurrentTable: the FDB id taken as the VLAN */
	EW_LOCATE_VLAN_NOT_MAPPED, /* no VLAN id known for the FDB (none in the switch's table, or an FDB id above 4094) */
};
const char *ew_locate_vlan_from_name(enum ew_locate_vlan_from f);

struct ew_locate_fdb {
	struct ew_mac mac;
	uint16_t vlan;      /* resolved by ew_locate_table_finish; 0: none, or not known (vlan_from says which) */
	uint8_t vlan_from;  /* enum ew_locate_vlan_from */
	bool q;             /* a Q-BRIDGE-MIB row (fdb_id is set) */
	uint32_t fdb_id;    /* dot1qFdbId */
	uint32_t bridge_port;
};

/* One VLAN and the filtering database it uses (dot1qVlanFdbId). */
struct ew_locate_vlan_fdb {
	uint32_t fdb_id;
	uint16_t vlan;
};

struct ew_locate_port {
	uint32_t bridge_port;   /* dot1dBasePort */
	uint32_t if_index;      /* 0 when not answered */
	uint32_t macs;          /* MACs learned on it (after ew_locate_table_finish) */
	bool lldp_switch;       /* an LLDP neighbour with the bridge capability or a configured switch's name */
	bool lldp_has_mac;
	struct ew_mac lldp_mac; /* that neighbour's chassis id when it is a MAC */
	char lldp_name[EW_LOCATE_TEXT_MAX];
	bool carries_switch;    /* learned another configured switch's bridge address (ew_locate_link) */
};

struct ew_locate_if {
	uint32_t if_index;
	char name[EW_LOCATE_TEXT_MAX], descr[EW_LOCATE_TEXT_MAX], alias[EW_LOCATE_TEXT_MAX];
};

struct ew_locate_lldp { /* one lldpRemTable row, joined to ports at finish */
	uint32_t local_port, index;
	bool has_mac, bridge_cap;
	struct ew_mac mac;
	char name[EW_LOCATE_TEXT_MAX];
};

/* What one switch answered in one walk. */
struct ew_locate_table {
	char name[EW_LOCATE_NAME_MAX];
	bool answered;          /* the walk reached the switch (set by the caller) */
	char error[160];        /* why the walk failed or stopped early, "" if it did not */
	int64_t read_usec;      /* when the walk ended */
	bool has_bridge_addr;
	struct ew_mac bridge_addr;
	size_t max_rows;        /* cap on forwarding rows kept (0 = EW_LOCATE_DEFAULT_MAX_ROWS) */
	struct ew_locate_fdb *fdb1, *fdbq; /* BRIDGE-MIB and Q-BRIDGE-MIB rows */
	size_t fdb1_n, fdbq_n, fdb_cap;
	struct ew_locate_port *ports;
	size_t port_n;
	struct ew_locate_if *ifs;
	size_t if_n;
	struct ew_locate_lldp *lldp;
	size_t lldp_n;
	bool has_vlan_table;    /* the switch answered at least one dot1qVlanFdbId row */
	struct ew_locate_vlan_fdb *vlan_by_id; /* [VLAN id 0..4094]: vlan 0 until dot1qVlanFdbId answered for it */
	struct ew_locate_vlan_fdb *vlan_fdb;   /* at finish: the answered VLANs, by (fdb_id, vlan) */
	size_t vlan_fdb_n;
	uint64_t rows;          /* rows handed in */
	uint64_t bad[EW_LOCATE_BAD__COUNT];
	bool finished;
};

/* Allocates the caps; returns -1 when out of memory. */
int ew_locate_table_init(struct ew_locate_table *t, const char *name, size_t max_rows);
void ew_locate_table_free(struct ew_locate_table *t);
/* Forgets the rows (a new walk), keeps the name and the allocations. */
void ew_locate_table_reset(struct ew_locate_table *t);
/* One answer row; returns 0 when used, -1 when counted as bad (t->bad). */
int ew_locate_table_add(struct ew_locate_table *t, const struct ew_locate_vb *vb);
/* After the walk: joins ports, interfaces, LLDP neighbours, counts MACs per port. */
void ew_locate_table_finish(struct ew_locate_table *t);
/* After every switch finished: marks each port that learned another switch's
 * bridge address, and LLDP neighbours named like a configured switch. */
void ew_locate_link(struct ew_locate_table *const *tabs, size_t n);
/* The forwarding rows used: Q-BRIDGE-MIB's when the switch answered any, else BRIDGE-MIB's. */
const struct ew_locate_fdb *ew_locate_table_fdb(const struct ew_locate_table *t, size_t *n);
const struct ew_locate_port *ew_locate_table_port(const struct ew_locate_table *t, uint32_t bridge_port);
const struct ew_locate_if *ew_locate_table_if(const struct ew_locate_table *t, uint32_t if_index);
/* After finish: the VLANs that use filtering database fdb_id, lowest first;
 * up to max of them in out, returns how many there are. */
size_t ew_locate_table_fdb_vlans(const struct ew_locate_table *t, uint32_t fdb_id, uint16_t *out, size_t max);

/* Why a port is an uplink, in the order the rules are tried (issue 11). */
enum ew_locate_rule {
	EW_LOCATE_EDGE = 0,        /* none of the rules: an edge (access) port */
	EW_LOCATE_UPLINK_LLDP,     /* LLDP names a neighbouring switch on it */
	EW_LOCATE_UPLINK_SWITCH_MAC, /* it learned another configured switch's own MAC */
	EW_LOCATE_UPLINK_MANY_MACS, /* failing both: it learned at least the threshold of MACs */
};
const char *ew_locate_rule_name(enum ew_locate_rule r);

/* The facts the edge-port rule looks at, for one port and one MAC. */
struct ew_locate_port_facts {
	bool lldp_switch;        /* LLDP neighbour that is a switch */
	bool lldp_is_target;     /* ... whose chassis MAC is the MAC being located (then it is the device itself) */
	bool carries_switch;
	uint32_t macs;
	uint32_t uplink_macs;    /* threshold; 0 = EW_LOCATE_DEFAULT_UPLINK_MACS */
};
enum ew_locate_rule ew_locate_port_rule(const struct ew_locate_port_facts *f);

struct ew_locate_place {
	size_t table;            /* index into the tables given */
	uint32_t bridge_port, if_index, macs;
	uint16_t vlan;           /* 0: none or not known */
	enum ew_locate_vlan_from vlan_from;
	uint32_t fdb_id;         /* Q-BRIDGE-MIB rows */
	enum ew_locate_rule rule;
};

enum ew_locate_status {
	EW_LOCATE_FOUND = 0,     /* an edge port was chosen */
	EW_LOCATE_UPLINKS_ONLY,  /* seen only on uplinks: behind a switch that is not configured */
	EW_LOCATE_NOT_SEEN,      /* no answering switch learned it */
	EW_LOCATE_NO_ANSWER,     /* no switch answered */
};
const char *ew_locate_status_name(enum ew_locate_status s);

struct ew_locate_result {
	enum ew_locate_status status;
	int chosen;              /* index into seen[], -1 unless FOUND */
	struct ew_locate_place seen[EW_LOCATE_SEEN_MAX];
	size_t seen_n;
	size_t seen_dropped;     /* places beyond EW_LOCATE_SEEN_MAX */
};

/* Every (switch, port, VLAN) that learned mac, and the edge port among them:
 * of the ports no uplink rule claims, the one that learned the fewest MACs
 * (then the first switch configured, then the lowest port). */
void ew_locate_mac(struct ew_locate_table *const *tabs, size_t n, const struct ew_mac *mac, uint32_t uplink_macs,
		   struct ew_locate_result *out);
/* The same, for a MAC the agent saw on 802.1Q VLAN seen_vlan (0: untagged or
 * unknown): a place in an FDB shared by several VLANs gets seen_vlan when it is
 * one of them (EW_LOCATE_VLAN_CAPTURE), else no VLAN (EW_LOCATE_VLAN_SHARED). */
void ew_locate_mac_vlan(struct ew_locate_table *const *tabs, size_t n, const struct ew_mac *mac, uint16_t seen_vlan,
			uint32_t uplink_macs, struct ew_locate_result *out);

#endif
