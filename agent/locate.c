/* SPDX-License-Identifier: ISC */
/* locate.c - switch answers in, "which port learned this MAC" out (pure).
 *
 * Rows are checked one by one and dropped with a named reason when they do
 * not fit (locate.h: enum ew_locate_bad); no value from a switch is used as
 * a size or an index into memory. Every table has a cap.
 */
#include "locate.h"

#include <stdlib.h>
#include <string.h>

#include "egresswatch/utf8.h"

/* MIB objects (OID prefix, then the index each row carries). */
static const uint32_t OID_BASE_BRIDGE_ADDR[] = { 1, 3, 6, 1, 2, 1, 17, 1, 1 };         /* dot1dBaseBridgeAddress(.0) */
static const uint32_t OID_BASE_PORT_IFINDEX[] = { 1, 3, 6, 1, 2, 1, 17, 1, 4, 1, 2 };  /* dot1dBasePortIfIndex.port */
static const uint32_t OID_TP_FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 4, 3, 1, 2 };        /* dot1dTpFdbPort.mac(6) */
static const uint32_t OID_Q_TP_FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2 }; /* dot1qTpFdbPort.fdbId.mac(6) */
/* dot1qVlanFdbId.timeMark.vlanIndex (dot1qVlanCurrentTable, RFC 4363): the FDB a VLAN uses */
static const uint32_t OID_Q_VLAN_FDB_ID[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 2, 1, 3 };
static const uint32_t OID_IF_DESCR[] = { 1, 3, 6, 1, 2, 1, 2, 2, 1, 2 };               /* ifDescr.ifIndex */
static const uint32_t OID_IF_NAME[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1 };            /* ifName.ifIndex */
static const uint32_t OID_IF_ALIAS[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18 };          /* ifAlias.ifIndex */
/* lldpRemTable columns, index lldpRemTimeMark.lldpRemLocalPortNum.lldpRemIndex */
static const uint32_t OID_LLDP_REM_CHASSIS[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 5 };  /* lldpRemChassisId */
static const uint32_t OID_LLDP_REM_SYSNAME[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9 }; /* lldpRemSysName */
static const uint32_t OID_LLDP_REM_CAP_ENABLED[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 12 }; /* lldpRemSysCapEnabled */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
/* LldpSystemCapabilitiesMap (BITS): other(0) repeater(1) bridge(2)…; bit 0 is the first octet's top bit */
#define LLDP_CAP_BRIDGE_OCTET0 0x20
#define BRIDGE_PORT_MAX 65535u /* dot1dBasePort: 1..65535 */
#define VLAN_ID_MAX ((uint32_t)EW_LOCATE_VLAN_ID_MAX)
#define VLAN_INDEX_LOCAL 4096u /* VlanIndex from here up: a VLAN local to the switch, no 802.1Q id (0 and 4095 not permitted) */
#define IF_INDEX_MAX 2147483647u

static const char *const bad_names[EW_LOCATE_BAD__COUNT] = {
	[EW_LOCATE_BAD_UNKNOWN_OID] = "unknown_oid", [EW_LOCATE_BAD_INDEX] = "bad_index",
	[EW_LOCATE_BAD_TYPE] = "bad_type",	     [EW_LOCATE_BAD_VALUE] = "bad_value",
	[EW_LOCATE_BAD_FULL] = "table_full",
};

const char *ew_locate_bad_name(enum ew_locate_bad b)
{
	return (unsigned)b < EW_LOCATE_BAD__COUNT ? bad_names[b] : "?";
}

const char *ew_locate_rule_name(enum ew_locate_rule r)
{
	switch (r) {
	case EW_LOCATE_EDGE: return "edge";
	case EW_LOCATE_UPLINK_LLDP: return "lldp_neighbour";
	case EW_LOCATE_UPLINK_SWITCH_MAC: return "switch_mac";
	case EW_LOCATE_UPLINK_MANY_MACS: return "many_macs";
	}
	return "?";
}

const char *ew_locate_vlan_from_name(enum ew_locate_vlan_from f)
{
	switch (f) {
	case EW_LOCATE_VLAN_NONE: return "bridge_mib";
	case EW_LOCATE_VLAN_TABLE: return "vlan_table";
	case EW_LOCATE_VLAN_CAPTURE: return "capture";
	case EW_LOCATE_VLAN_SHARED: return "shared_fdb";
	case EW_LOCATE_VLAN_FDB_ID: return "fdb_id";
	case EW_LOCATE_VLAN_NOT_MAPPED: return "not_mapped";
	}
	return "?";
}

const char *ew_locate_status_name(enum ew_locate_status s)
{
	switch (s) {
	case EW_LOCATE_FOUND: return "edge_port";
	case EW_LOCATE_UPLINKS_ONLY: return "uplinks_only";
	case EW_LOCATE_NOT_SEEN: return "not_seen";
	case EW_LOCATE_NO_ANSWER: return "no_answer";
	}
	return "?";
}

/* ---- the table ----------------------------------------------------------------------- */

int ew_locate_table_init(struct ew_locate_table *t, const char *name, size_t max_rows)
{
	memset(t, 0, sizeof *t);
	size_t n = strlen(name);
	if (n >= sizeof t->name)
		n = sizeof t->name - 1;
	memcpy(t->name, name, n);
	t->max_rows = max_rows ? max_rows : EW_LOCATE_DEFAULT_MAX_ROWS;
	t->fdb_cap = t->max_rows;
	t->fdb1 = calloc(t->fdb_cap, sizeof *t->fdb1);
	t->fdbq = calloc(t->fdb_cap, sizeof *t->fdbq);
	t->ports = calloc(EW_LOCATE_PORTS_MAX, sizeof *t->ports);
	t->ifs = calloc(EW_LOCATE_PORTS_MAX, sizeof *t->ifs);
	t->lldp = calloc(EW_LOCATE_PORTS_MAX, sizeof *t->lldp);
	t->vlan_by_id = calloc(VLAN_ID_MAX + 1, sizeof *t->vlan_by_id);
	t->vlan_fdb = calloc(VLAN_ID_MAX, sizeof *t->vlan_fdb);
	if (!t->fdb1 || !t->fdbq || !t->ports || !t->ifs || !t->lldp || !t->vlan_by_id || !t->vlan_fdb) {
		ew_locate_table_free(t);
		return -1;
	}
	return 0;
}

void ew_locate_table_free(struct ew_locate_table *t)
{
	free(t->fdb1);
	free(t->fdbq);
	free(t->ports);
	free(t->ifs);
	free(t->lldp);
	free(t->vlan_by_id);
	free(t->vlan_fdb);
	t->fdb1 = t->fdbq = NULL;
	t->ports = NULL;
	t->ifs = NULL;
	t->lldp = NULL;
	t->vlan_by_id = t->vlan_fdb = NULL;
	t->fdb1_n = t->fdbq_n = t->port_n = t->if_n = t->lldp_n = t->vlan_fdb_n = 0;
	t->has_vlan_table = false;
}

void ew_locate_table_reset(struct ew_locate_table *t)
{
	t->answered = false;
	t->error[0] = '\0';
	t->read_usec = 0;
	t->has_bridge_addr = false;
	t->fdb1_n = t->fdbq_n = t->port_n = t->if_n = t->lldp_n = t->vlan_fdb_n = 0;
	t->has_vlan_table = false;
	memset(t->vlan_by_id, 0, (VLAN_ID_MAX + 1) * sizeof *t->vlan_by_id);
	t->rows = 0;
	memset(t->bad, 0, sizeof t->bad);
	t->finished = false;
}

static bool has_prefix(const struct ew_locate_vb *vb, const uint32_t *p, size_t n)
{
	return vb->oid_len >= n && memcmp(vb->oid, p, n * sizeof *p) == 0;
}

/* Copies a text value: valid UTF-8 only (invalid bytes become '?'), no control characters, cut at a boundary. */
static void copy_text(char out[EW_LOCATE_TEXT_MAX], const uint8_t *s, size_t len)
{
	size_t o = 0;
	size_t i = 0;
	while (i < len && o + 4 < EW_LOCATE_TEXT_MAX) {
		size_t bad = ew_utf8_invalid_at(s + i, len - i);
		if (bad == 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = ew_utf8_next((const char *)s + i, bad, &cp);
		if (cp < 0x20 || cp == 0x7f)
			out[o++] = '?';
		else {
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	while (o > 0 && out[o - 1] == ' ') /* trailing blanks, common in ifAlias */
		o--;
	out[o] = '\0';
}

static struct ew_locate_port *port_get(struct ew_locate_table *t, uint32_t bp, bool create)
{
	for (size_t i = 0; i < t->port_n; i++)
		if (t->ports[i].bridge_port == bp)
			return &t->ports[i];
	if (!create || t->port_n == EW_LOCATE_PORTS_MAX)
		return NULL;
	struct ew_locate_port *p = &t->ports[t->port_n++];
	memset(p, 0, sizeof *p);
	p->bridge_port = bp;
	return p;
}

static struct ew_locate_if *if_get(struct ew_locate_table *t, uint32_t idx)
{
	for (size_t i = 0; i < t->if_n; i++)
		if (t->ifs[i].if_index == idx)
			return &t->ifs[i];
	if (t->if_n == EW_LOCATE_PORTS_MAX)
		return NULL;
	struct ew_locate_if *f = &t->ifs[t->if_n++];
	memset(f, 0, sizeof *f);
	f->if_index = idx;
	return f;
}

static struct ew_locate_lldp *lldp_get(struct ew_locate_table *t, uint32_t port, uint32_t index)
{
	for (size_t i = 0; i < t->lldp_n; i++)
		if (t->lldp[i].local_port == port && t->lldp[i].index == index)
			return &t->lldp[i];
	if (t->lldp_n == EW_LOCATE_PORTS_MAX)
		return NULL;
	struct ew_locate_lldp *l = &t->lldp[t->lldp_n++];
	memset(l, 0, sizeof *l);
	l->local_port = port;
	l->index = index;
	return l;
}

static int bad(struct ew_locate_table *t, enum ew_locate_bad why)
{
	t->bad[why]++;
	return -1;
}

/* The 6 sub-identifiers at idx as a MAC; false if any is above 255. */
static bool index_mac(const uint32_t *idx, struct ew_mac *m)
{
	for (int i = 0; i < 6; i++) {
		if (idx[i] > 255)
			return false;
		m->b[i] = (uint8_t)idx[i];
	}
	return true;
}

static int add_fdb(struct ew_locate_table *t, const struct ew_locate_vb *vb, size_t plen, bool q)
{
	const uint32_t *idx = vb->oid + plen;
	size_t ilen = vb->oid_len - plen;
	struct ew_locate_fdb row = { 0 };
	if (ilen != (q ? 7u : 6u))
		return bad(t, EW_LOCATE_BAD_INDEX);
	if (q) {
		/* dot1qFdbId is any Unsigned32: which VLAN(s) it serves is resolved at finish */
		row.q = true;
		row.fdb_id = idx[0];
		idx++;
	}
	if (!index_mac(idx, &row.mac))
		return bad(t, EW_LOCATE_BAD_INDEX);
	if (vb->type != EW_LOCATE_V_INT)
		return bad(t, EW_LOCATE_BAD_TYPE);
	/* port 0: learned but the port is unknown (RFC 4188), nothing to walk to */
	if (vb->integer < 1 || vb->integer > BRIDGE_PORT_MAX)
		return bad(t, EW_LOCATE_BAD_VALUE);
	row.bridge_port = (uint32_t)vb->integer;
	size_t *n = q ? &t->fdbq_n : &t->fdb1_n;
	if (*n >= t->fdb_cap)
		return bad(t, EW_LOCATE_BAD_FULL);
	(q ? t->fdbq : t->fdb1)[(*n)++] = row;
	return 0;
}

/* dot1qVlanFdbId.timeMark.vlanIndex = fdbId. A switch that follows TimeFilter
 * (RFC 4502) may repeat a row under several time marks: the last one read wins. */
static int add_vlan_fdb(struct ew_locate_table *t, const struct ew_locate_vb *vb, size_t plen)
{
	const uint32_t *idx = vb->oid + plen;
	if (vb->oid_len - plen != 2)
		return bad(t, EW_LOCATE_BAD_INDEX);
	uint32_t vlan = idx[1];
	if (vlan == 0 || vlan == VLAN_ID_MAX + 1)
		return bad(t, EW_LOCATE_BAD_INDEX); /* not permitted by VlanIndex */
	if (vb->type != EW_LOCATE_V_INT)
		return bad(t, EW_LOCATE_BAD_TYPE);
	if (vb->integer < 0 || vb->integer > (int64_t)UINT32_MAX)
		return bad(t, EW_LOCATE_BAD_VALUE);
	t->has_vlan_table = true; /* a local VLAN's row still says the switch keeps the table */
	if (vlan >= VLAN_INDEX_LOCAL)
		return 0; /* a VLAN without an 802.1Q id: nothing a report could name */
	t->vlan_by_id[vlan].vlan = (uint16_t)vlan;
	t->vlan_by_id[vlan].fdb_id = (uint32_t)vb->integer;
	return 0;
}

int ew_locate_table_add(struct ew_locate_table *t, const struct ew_locate_vb *vb)
{
	t->rows++;
	if (vb->oid_len > EW_LOCATE_OID_MAX || vb->octets_len > EW_LOCATE_VAL_MAX)
		return bad(t, EW_LOCATE_BAD_INDEX); /* a caller broke the struct's contract: refuse the row */
	if (has_prefix(vb, OID_BASE_BRIDGE_ADDR, LEN(OID_BASE_BRIDGE_ADDR))) {
		size_t ilen = vb->oid_len - LEN(OID_BASE_BRIDGE_ADDR);
		if (ilen != 1 || vb->oid[LEN(OID_BASE_BRIDGE_ADDR)] != 0)
			return bad(t, EW_LOCATE_BAD_INDEX);
		if (vb->type != EW_LOCATE_V_OCTETS)
			return bad(t, EW_LOCATE_BAD_TYPE);
		if (vb->octets_len != 6)
			return bad(t, EW_LOCATE_BAD_VALUE);
		memcpy(t->bridge_addr.b, vb->octets, 6);
		t->has_bridge_addr = true;
		return 0;
	}
	if (has_prefix(vb, OID_BASE_PORT_IFINDEX, LEN(OID_BASE_PORT_IFINDEX))) {
		size_t plen = LEN(OID_BASE_PORT_IFINDEX);
		if (vb->oid_len != plen + 1 || vb->oid[plen] < 1 || vb->oid[plen] > BRIDGE_PORT_MAX)
			return bad(t, EW_LOCATE_BAD_INDEX);
		if (vb->type != EW_LOCATE_V_INT)
			return bad(t, EW_LOCATE_BAD_TYPE);
		if (vb->integer < 1 || vb->integer > IF_INDEX_MAX)
			return bad(t, EW_LOCATE_BAD_VALUE);
		struct ew_locate_port *p = port_get(t, vb->oid[plen], true);
		if (!p)
			return bad(t, EW_LOCATE_BAD_FULL);
		p->if_index = (uint32_t)vb->integer;
		return 0;
	}
	if (has_prefix(vb, OID_TP_FDB_PORT, LEN(OID_TP_FDB_PORT)))
		return add_fdb(t, vb, LEN(OID_TP_FDB_PORT), false);
	if (has_prefix(vb, OID_Q_TP_FDB_PORT, LEN(OID_Q_TP_FDB_PORT)))
		return add_fdb(t, vb, LEN(OID_Q_TP_FDB_PORT), true);
	if (has_prefix(vb, OID_Q_VLAN_FDB_ID, LEN(OID_Q_VLAN_FDB_ID)))
		return add_vlan_fdb(t, vb, LEN(OID_Q_VLAN_FDB_ID));

	const uint32_t *ifcol[] = { OID_IF_DESCR, OID_IF_NAME, OID_IF_ALIAS };
	const size_t iflen[] = { LEN(OID_IF_DESCR), LEN(OID_IF_NAME), LEN(OID_IF_ALIAS) };
	for (int c = 0; c < 3; c++) {
		if (!has_prefix(vb, ifcol[c], iflen[c]))
			continue;
		if (vb->oid_len != iflen[c] + 1 || vb->oid[iflen[c]] < 1 || vb->oid[iflen[c]] > IF_INDEX_MAX)
			return bad(t, EW_LOCATE_BAD_INDEX);
		if (vb->type != EW_LOCATE_V_OCTETS)
			return bad(t, EW_LOCATE_BAD_TYPE);
		struct ew_locate_if *f = if_get(t, vb->oid[iflen[c]]);
		if (!f)
			return bad(t, EW_LOCATE_BAD_FULL);
		copy_text(c == 0 ? f->descr : c == 1 ? f->name : f->alias, vb->octets, vb->octets_len);
		return 0;
	}

	const uint32_t *lcol[] = { OID_LLDP_REM_CHASSIS, OID_LLDP_REM_SYSNAME, OID_LLDP_REM_CAP_ENABLED };
	const size_t llen[] = { LEN(OID_LLDP_REM_CHASSIS), LEN(OID_LLDP_REM_SYSNAME), LEN(OID_LLDP_REM_CAP_ENABLED) };
	for (int c = 0; c < 3; c++) {
		if (!has_prefix(vb, lcol[c], llen[c]))
			continue;
		const uint32_t *idx = vb->oid + llen[c];
		if (vb->oid_len != llen[c] + 3 || idx[1] < 1 || idx[1] > BRIDGE_PORT_MAX)
			return bad(t, EW_LOCATE_BAD_INDEX);
		if (vb->type != EW_LOCATE_V_OCTETS)
			return bad(t, EW_LOCATE_BAD_TYPE);
		struct ew_locate_lldp *l = lldp_get(t, idx[1], idx[2]);
		if (!l)
			return bad(t, EW_LOCATE_BAD_FULL);
		if (c == 0) {
			/* a chassis id of 6 octets is taken as a MAC (subtype macAddress(4), the usual one) */
			if (vb->octets_len == 6) {
				memcpy(l->mac.b, vb->octets, 6);
				l->has_mac = true;
			}
		} else if (c == 1) {
			copy_text(l->name, vb->octets, vb->octets_len);
		} else {
			l->bridge_cap = vb->octets_len >= 1 && (vb->octets[0] & LLDP_CAP_BRIDGE_OCTET0);
		}
		return 0;
	}
	return bad(t, EW_LOCATE_BAD_UNKNOWN_OID);
}

static int fdb_cmp(const void *a, const void *b)
{
	const struct ew_locate_fdb *x = a, *y = b;
	int c = memcmp(x->mac.b, y->mac.b, 6);
	if (c)
		return c;
	if (x->fdb_id != y->fdb_id)
		return x->fdb_id < y->fdb_id ? -1 : 1;
	return x->bridge_port < y->bridge_port ? -1 : x->bridge_port > y->bridge_port;
}

static int vlan_fdb_cmp(const void *a, const void *b)
{
	const struct ew_locate_vlan_fdb *x = a, *y = b;
	if (x->fdb_id != y->fdb_id)
		return x->fdb_id < y->fdb_id ? -1 : 1;
	return x->vlan < y->vlan ? -1 : x->vlan > y->vlan;
}

static int port_cmp(const void *a, const void *b)
{
	const struct ew_locate_port *x = a, *y = b;
	return x->bridge_port < y->bridge_port ? -1 : x->bridge_port > y->bridge_port;
}

const struct ew_locate_fdb *ew_locate_table_fdb(const struct ew_locate_table *t, size_t *n)
{
	if (t->fdbq_n) {
		*n = t->fdbq_n;
		return t->fdbq;
	}
	*n = t->fdb1_n;
	return t->fdb1;
}

const struct ew_locate_port *ew_locate_table_port(const struct ew_locate_table *t, uint32_t bp)
{
	if (!t->finished) {
		for (size_t i = 0; i < t->port_n; i++)
			if (t->ports[i].bridge_port == bp)
				return &t->ports[i];
		return NULL;
	}
	struct ew_locate_port key = { .bridge_port = bp };
	return bsearch(&key, t->ports, t->port_n, sizeof key, port_cmp);
}

size_t ew_locate_table_fdb_vlans(const struct ew_locate_table *t, uint32_t fdb_id, uint16_t *out, size_t max)
{
	/* vlan_fdb is sorted by (fdb_id, vlan): the first of fdb_id, then the run */
	size_t lo = 0, hi = t->vlan_fdb_n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->vlan_fdb[mid].fdb_id < fdb_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = 0;
	for (size_t i = lo; i < t->vlan_fdb_n && t->vlan_fdb[i].fdb_id == fdb_id; i++, k++)
		if (k < max)
			out[k] = t->vlan_fdb[i].vlan;
	return k;
}

/* A row's VLAN, when the switch alone can tell it (shared FDBs wait for ew_locate_mac_vlan). */
static void resolve_vlan(const struct ew_locate_table *t, struct ew_locate_fdb *row)
{
	row->vlan = 0;
	if (!row->q) {
		row->vlan_from = (uint8_t)EW_LOCATE_VLAN_NONE;
		return;
	}
	if (!t->has_vlan_table) {
		/* the switch keeps no FDB-to-VLAN table: small switches number FDBs by VLAN */
		bool is_id = row->fdb_id >= 1 && row->fdb_id <= VLAN_ID_MAX;
		row->vlan = is_id ? (uint16_t)row->fdb_id : 0;
		row->vlan_from = (uint8_t)(is_id ? EW_LOCATE_VLAN_FDB_ID : EW_LOCATE_VLAN_NOT_MAPPED);
		return;
	}
	uint16_t v;
	size_t k = ew_locate_table_fdb_vlans(t, row->fdb_id, &v, 1);
	if (k == 1)
		row->vlan = v;
	row->vlan_from = (uint8_t)(k == 0 ? EW_LOCATE_VLAN_NOT_MAPPED : k == 1 ? EW_LOCATE_VLAN_TABLE : EW_LOCATE_VLAN_SHARED);
}

const struct ew_locate_if *ew_locate_table_if(const struct ew_locate_table *t, uint32_t if_index)
{
	if (!if_index)
		return NULL;
	for (size_t i = 0; i < t->if_n; i++)
		if (t->ifs[i].if_index == if_index)
			return &t->ifs[i];
	return NULL;
}

void ew_locate_table_finish(struct ew_locate_table *t)
{
	size_t n;
	struct ew_locate_fdb *fdb = (struct ew_locate_fdb *)ew_locate_table_fdb(t, &n);
	qsort(fdb, n, sizeof *fdb, fdb_cmp);
	/* duplicates (a switch repeating a row) would count twice: keep one */
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || fdb_cmp(&fdb[w - 1], &fdb[i]) != 0)
			fdb[w++] = fdb[i];
	if (t->fdbq_n)
		t->fdbq_n = w;
	else
		t->fdb1_n = w;
	/* FDB id -> VLANs, then each row's VLAN */
	t->vlan_fdb_n = 0;
	for (uint32_t v = 1; v <= VLAN_ID_MAX; v++)
		if (t->vlan_by_id[v].vlan)
			t->vlan_fdb[t->vlan_fdb_n++] = t->vlan_by_id[v];
	qsort(t->vlan_fdb, t->vlan_fdb_n, sizeof *t->vlan_fdb, vlan_fdb_cmp);
	for (size_t i = 0; i < w; i++)
		resolve_vlan(t, &fdb[i]);
	/* ports that learned MACs but were not in dot1dBasePortIfIndex still count */
	for (size_t i = 0; i < w; i++)
		if (!port_get(t, fdb[i].bridge_port, true))
			t->bad[EW_LOCATE_BAD_FULL]++;
	qsort(t->ports, t->port_n, sizeof *t->ports, port_cmp);
	t->finished = true;
	for (size_t i = 0; i < t->port_n; i++) {
		t->ports[i].macs = 0;
		t->ports[i].lldp_switch = t->ports[i].lldp_has_mac = false;
		t->ports[i].carries_switch = false;
	}
	/* MACs per port: a MAC in two VLANs on one port is one device */
	for (size_t i = 0; i < w; i++) {
		bool again = false;
		for (size_t j = i; j-- > 0 && memcmp(fdb[j].mac.b, fdb[i].mac.b, 6) == 0;)
			if (fdb[j].bridge_port == fdb[i].bridge_port)
				again = true;
		struct ew_locate_port *p = (struct ew_locate_port *)ew_locate_table_port(t, fdb[i].bridge_port);
		if (p && !again)
			p->macs++;
	}
	for (size_t i = 0; i < t->lldp_n; i++) {
		const struct ew_locate_lldp *l = &t->lldp[i];
		struct ew_locate_port *p = (struct ew_locate_port *)ew_locate_table_port(t, l->local_port);
		if (!p)
			continue;
		if (l->bridge_cap && !p->lldp_switch) {
			p->lldp_switch = true;
			p->lldp_has_mac = l->has_mac;
			p->lldp_mac = l->mac;
			memcpy(p->lldp_name, l->name, sizeof p->lldp_name);
		} else if (!p->lldp_switch && !p->lldp_name[0]) {
			/* not (yet) known to be a switch: keep its name for ew_locate_link */
			p->lldp_has_mac = l->has_mac;
			p->lldp_mac = l->mac;
			memcpy(p->lldp_name, l->name, sizeof p->lldp_name);
		}
	}
}

void ew_locate_link(struct ew_locate_table *const *tabs, size_t n)
{
	for (size_t a = 0; a < n; a++) {
		struct ew_locate_table *t = tabs[a];
		if (!t->finished)
			continue;
		for (size_t i = 0; i < t->port_n; i++) {
			struct ew_locate_port *p = &t->ports[i];
			for (size_t b = 0; b < n && !p->lldp_switch; b++)
				if (b != a && p->lldp_name[0] && strcmp(p->lldp_name, tabs[b]->name) == 0)
					p->lldp_switch = true; /* the neighbour is a configured switch, by name */
			for (size_t b = 0; b < n && !p->lldp_switch; b++)
				if (b != a && p->lldp_has_mac && tabs[b]->has_bridge_addr &&
				    ew_mac_eq(&p->lldp_mac, &tabs[b]->bridge_addr))
					p->lldp_switch = true;
		}
		size_t fn;
		const struct ew_locate_fdb *fdb = ew_locate_table_fdb(t, &fn);
		for (size_t b = 0; b < n; b++) {
			if (b == a || !tabs[b]->has_bridge_addr)
				continue;
			for (size_t i = 0; i < fn; i++) {
				if (!ew_mac_eq(&fdb[i].mac, &tabs[b]->bridge_addr))
					continue;
				struct ew_locate_port *p = (struct ew_locate_port *)ew_locate_table_port(t, fdb[i].bridge_port);
				if (p)
					p->carries_switch = true;
			}
		}
	}
}

/* ---- the edge-port rule --------------------------------------------------------------- */

enum ew_locate_rule ew_locate_port_rule(const struct ew_locate_port_facts *f)
{
	if (f->lldp_switch && !f->lldp_is_target)
		return EW_LOCATE_UPLINK_LLDP;
	if (f->carries_switch)
		return EW_LOCATE_UPLINK_SWITCH_MAC;
	uint32_t th = f->uplink_macs ? f->uplink_macs : EW_LOCATE_DEFAULT_UPLINK_MACS;
	if (f->macs >= th)
		return EW_LOCATE_UPLINK_MANY_MACS;
	return EW_LOCATE_EDGE;
}

/* A place in a shared FDB: the VLAN the agent saw the MAC on, when the FDB serves it. */
static void shared_vlan(const struct ew_locate_table *t, struct ew_locate_place *pl, uint16_t seen_vlan)
{
	if (pl->vlan_from != EW_LOCATE_VLAN_SHARED || seen_vlan < 1 || seen_vlan > VLAN_ID_MAX)
		return;
	const struct ew_locate_vlan_fdb *e = &t->vlan_by_id[seen_vlan];
	if (e->vlan == seen_vlan && e->fdb_id == pl->fdb_id) {
		pl->vlan = seen_vlan;
		pl->vlan_from = EW_LOCATE_VLAN_CAPTURE;
	}
}

void ew_locate_mac(struct ew_locate_table *const *tabs, size_t n, const struct ew_mac *mac, uint32_t uplink_macs,
		   struct ew_locate_result *out)
{
	ew_locate_mac_vlan(tabs, n, mac, 0, uplink_macs, out);
}

void ew_locate_mac_vlan(struct ew_locate_table *const *tabs, size_t n, const struct ew_mac *mac, uint16_t seen_vlan,
			uint32_t uplink_macs, struct ew_locate_result *out)
{
	memset(out, 0, sizeof *out);
	out->chosen = -1;
	bool any_answer = false;
	for (size_t a = 0; a < n; a++) {
		const struct ew_locate_table *t = tabs[a];
		if (!t->finished || !t->answered)
			continue;
		any_answer = true;
		size_t fn;
		const struct ew_locate_fdb *fdb = ew_locate_table_fdb(t, &fn);
		/* rows are sorted by MAC: find the first */
		size_t lo = 0, hi = fn;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (memcmp(fdb[mid].mac.b, mac->b, 6) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < fn && ew_mac_eq(&fdb[i].mac, mac); i++) {
			if (out->seen_n == EW_LOCATE_SEEN_MAX) {
				out->seen_dropped++;
				continue;
			}
			const struct ew_locate_port *p = ew_locate_table_port(t, fdb[i].bridge_port);
			struct ew_locate_port_facts f = { .uplink_macs = uplink_macs };
			if (p) {
				f.lldp_switch = p->lldp_switch;
				f.lldp_is_target = p->lldp_has_mac && ew_mac_eq(&p->lldp_mac, mac);
				f.carries_switch = p->carries_switch;
				f.macs = p->macs;
			}
			struct ew_locate_place *pl = &out->seen[out->seen_n++];
			pl->table = a;
			pl->bridge_port = fdb[i].bridge_port;
			pl->if_index = p ? p->if_index : 0;
			pl->macs = f.macs;
			pl->vlan = fdb[i].vlan;
			pl->vlan_from = (enum ew_locate_vlan_from)fdb[i].vlan_from;
			pl->fdb_id = fdb[i].fdb_id;
			shared_vlan(t, pl, seen_vlan);
			pl->rule = ew_locate_port_rule(&f);
		}
	}
	for (size_t i = 0; i < out->seen_n; i++) {
		const struct ew_locate_place *pl = &out->seen[i];
		if (pl->rule != EW_LOCATE_EDGE)
			continue;
		if (out->chosen < 0) {
			out->chosen = (int)i;
			continue;
		}
		const struct ew_locate_place *c = &out->seen[out->chosen];
		if (pl->macs < c->macs || (pl->macs == c->macs && (pl->table < c->table ||
								   (pl->table == c->table && pl->bridge_port < c->bridge_port))))
			out->chosen = (int)i;
	}
	if (out->chosen >= 0)
		out->status = EW_LOCATE_FOUND;
	else if (out->seen_n || out->seen_dropped)
		out->status = EW_LOCATE_UPLINKS_ONLY;
	else
		out->status = any_answer ? EW_LOCATE_NOT_SEEN : EW_LOCATE_NO_ANSWER;
}
