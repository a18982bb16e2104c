/* SPDX-License-Identifier: ISC */
/* locate_json.c - location results as JSON (report) and as text (--locate). */
#include "locate_json.h"

#include <inttypes.h>
#include <string.h>

#include "egresswatch/jsonw.h"

bool ew_locate_json_switch_error(const struct ew_locate_table *t, char *out, size_t size)
{
	bool ok = t->answered && t->finished;
	uint64_t refused = 0;
	for (int b = 0; b < EW_LOCATE_BAD__COUNT; b++)
		refused += t->bad[b];
	if (ok && !t->error[0] && !refused)
		return false;
	size_t o = (size_t)snprintf(out, size, "%s", t->error[0] ? t->error : ok ? "" : "not read");
	if (ok && refused && o < size) {
		o += (size_t)snprintf(out + o, size - o, "%srefused %" PRIu64 " of %" PRIu64 " rows:", o ? "; " : "",
				      refused, t->rows);
		for (int b = 0; b < EW_LOCATE_BAD__COUNT && o < size; b++)
			if (t->bad[b])
				o += (size_t)snprintf(out + o, size - o, " %s %" PRIu64, ew_locate_bad_name((enum ew_locate_bad)b),
						      t->bad[b]);
	}
	return true;
}

/* ifName, else ifDescr, else "bridge port N" */
static void port_name(const struct ew_locate_table *t, const struct ew_locate_place *pl, char *out, size_t size,
		      const char **alias)
{
	const struct ew_locate_if *f = ew_locate_table_if(t, pl->if_index);
	*alias = f && f->alias[0] ? f->alias : NULL;
	if (f && f->name[0])
		snprintf(out, size, "%s", f->name);
	else if (f && f->descr[0])
		snprintf(out, size, "%s", f->descr);
	else
		snprintf(out, size, "bridge port %" PRIu32, pl->bridge_port);
}

/* Adds the place's fields to o (a new object when o is NULL). */
static struct json_object *place_json(const struct ew_locate_table *t, const struct ew_locate_place *pl,
				      struct json_object *o)
{
	char name[EW_LOCATE_TEXT_MAX + 32], ts[64];
	const char *alias;
	port_name(t, pl, name, sizeof name, &alias);
	if (!o)
		o = json_object_new_object();
	ew_json_add_cstr(o, "switch", t->name);
	ew_json_add_cstr(o, "port", name);
	if (alias)
		ew_json_add_cstr(o, "alias", alias);
	ew_json_add_int(o, "bridge_port", pl->bridge_port);
	if (pl->vlan)
		ew_json_add_int(o, "vlan", pl->vlan);
	else
		ew_json_set(o, "vlan", NULL); /* the schema wants the key: null, not absent */
	ew_json_add_cstr(o, "vlan_from", ew_locate_vlan_from_name(pl->vlan_from));
	ew_json_add_int(o, "port_macs", pl->macs);
	ew_json_add_cstr(o, "rule", ew_locate_rule_name(pl->rule));
	ew_rfc3339(t->read_usec, ts);
	ew_json_add_cstr(o, "read_at", ts);
	return o;
}

struct json_object *ew_locate_json(struct ew_locate_table *const *tabs, size_t n, const struct ew_locate_result *res)
{
	struct json_object *o = json_object_new_object();
	ew_json_add_cstr(o, "status", ew_locate_status_name(res->status));
	if (res->chosen >= 0) {
		const struct ew_locate_place *pl = &res->seen[res->chosen];
		place_json(tabs[pl->table], pl, o);
	}
	struct json_object *seen = json_object_new_array();
	for (size_t i = 0; i < res->seen_n; i++)
		if ((int)i != res->chosen)
			json_object_array_add(seen, place_json(tabs[res->seen[i].table], &res->seen[i], NULL));
	ew_json_add(o, "seen_elsewhere", seen);
	if (res->seen_dropped)
		ew_json_add_int(o, "seen_dropped", (int64_t)res->seen_dropped);
	/* a switch that did not answer, stopped early, or answered rows that were
	 * refused: the answer may be short of the truth */
	struct json_object *un = json_object_new_array();
	for (size_t a = 0; a < n; a++) {
		char why[sizeof tabs[a]->error + 256];
		if (!ew_locate_json_switch_error(tabs[a], why, sizeof why))
			continue;
		struct json_object *u = json_object_new_object();
		ew_json_add_cstr(u, "switch", tabs[a]->name);
		ew_json_add_bool(u, "answered", tabs[a]->answered && tabs[a]->finished);
		ew_json_add_cstr(u, "error", why);
		json_object_array_add(un, u);
	}
	ew_json_add(o, "switch_errors", un);
	return o;
}

/* ", VLAN n", and where it came from when that is not the switch's VLAN table */
static void vlan_text(FILE *out, const struct ew_locate_table *t, const struct ew_locate_place *pl)
{
	switch (pl->vlan_from) {
	case EW_LOCATE_VLAN_NONE: break;
	case EW_LOCATE_VLAN_TABLE: fprintf(out, ", VLAN %u", pl->vlan); break;
	case EW_LOCATE_VLAN_CAPTURE: fprintf(out, ", VLAN %u (as captured; FDB %" PRIu32 " is shared)", pl->vlan, pl->fdb_id); break;
	case EW_LOCATE_VLAN_FDB_ID: fprintf(out, ", VLAN %u (the FDB id: the switch has no VLAN table)", pl->vlan); break;
	case EW_LOCATE_VLAN_NOT_MAPPED: fprintf(out, ", FDB %" PRIu32 " (no VLAN known)", pl->fdb_id); break;
	case EW_LOCATE_VLAN_SHARED: {
		uint16_t v[8];
		size_t k = ew_locate_table_fdb_vlans(t, pl->fdb_id, v, 8);
		fprintf(out, ", FDB %" PRIu32 " shared by VLANs", pl->fdb_id);
		for (size_t i = 0; i < k && i < 8; i++)
			fprintf(out, "%s%u", i ? ", " : " ", v[i]);
		if (k > 8)
			fprintf(out, " and %zu more", k - 8);
		break;
	}
	}
}

static void place_text(FILE *out, const struct ew_locate_table *t, const struct ew_locate_place *pl)
{
	char name[EW_LOCATE_TEXT_MAX + 32], ts[64];
	const char *alias;
	port_name(t, pl, name, sizeof name, &alias);
	ew_rfc3339(t->read_usec, ts);
	fprintf(out, "switch %s, port %s", t->name, name);
	if (alias)
		fprintf(out, " \"%s\"", alias);
	vlan_text(out, t, pl);
	fprintf(out, " (%" PRIu32 " MAC%s on it, read %s)", pl->macs, pl->macs == 1 ? "" : "s", ts);
}

void ew_locate_json_text(FILE *out, const struct ew_mac *mac, struct ew_locate_table *const *tabs, size_t n,
			 const struct ew_locate_result *res)
{
	char m[EW_MAC_STRLEN];
	ew_mac_str(mac, m);
	fprintf(out, "%s: ", m);
	switch (res->status) {
	case EW_LOCATE_FOUND:
		place_text(out, tabs[res->seen[res->chosen].table], &res->seen[res->chosen]);
		fputc('\n', out);
		break;
	case EW_LOCATE_UPLINKS_ONLY:
		fputs("seen only on uplinks: it is behind a switch that is not configured\n", out);
		break;
	case EW_LOCATE_NOT_SEEN: fputs("not in any answering switch's forwarding table\n", out); break;
	case EW_LOCATE_NO_ANSWER: fputs("no switch answered\n", out); break;
	}
	for (size_t i = 0; i < res->seen_n; i++) {
		if ((int)i == res->chosen)
			continue;
		fputs("    also: ", out);
		place_text(out, tabs[res->seen[i].table], &res->seen[i]);
		if (res->seen[i].rule == EW_LOCATE_EDGE)
			fputs(": another edge port\n", out);
		else
			fprintf(out, ": uplink (%s)\n", ew_locate_rule_name(res->seen[i].rule));
	}
	for (size_t a = 0; a < n; a++) {
		char why[sizeof tabs[a]->error + 256];
		if (ew_locate_json_switch_error(tabs[a], why, sizeof why))
			fprintf(out, "    %s: switch %s: %s\n", tabs[a]->answered && tabs[a]->finished ? "incomplete" : "no answer",
				tabs[a]->name, why);
	}
}
