/* SPDX-License-Identifier: ISC */
/* export_json.c - the reconciliation as egresswatch.reconciliation/1
 * (export_json.h; include/egresswatch/reconciliation.schema.json). */
#include "export_json.h"

#include <json-c/json.h>
#include <string.h>

#include "egresswatch/jsonw.h"

#define EXPORT_JSON_SCHEMA "egresswatch.reconciliation/1"

static struct json_object *jstr(const char *s)
{
	return ew_json_wire_string(s ? s : "", s ? strlen(s) : 0);
}

/* ew_json_add leaves a NULL value out; the schema wants the key, as null. */
static void add_or_null(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *jtime(int64_t usec)
{
	if (usec == 0)
		return NULL;
	char t[64];
	ew_rfc3339(usec, t);
	return json_object_new_string(t);
}

static struct json_object *jroles(const char *roles)
{
	struct json_object *a = json_object_new_array();
	for (const char *p = roles; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n)
			json_object_array_add(a, ew_json_wire_string(p, n));
		if (!e)
			break;
		p = e + 1;
	}
	return a;
}

/* The evidence array as stored; anything but an array of objects becomes []
 * (or loses its non-object entries): the schema promises objects. */
static struct json_object *jevidence(const char *text)
{
	struct json_object *out = json_object_new_array();
	struct json_object *in = text ? json_tokener_parse(text) : NULL;
	if (in && json_object_is_type(in, json_type_array)) {
		size_t n = json_object_array_length(in);
		for (size_t i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(in, i);
			if (json_object_is_type(e, json_type_object))
				json_object_array_add(out, json_object_get(e));
		}
	}
	json_object_put(in);
	return out;
}

static struct json_object *jline(const struct ew_reconciliation *rc, const struct ew_rc_line *rl)
{
	const struct ew_ledger_line *l = rl->line;
	struct json_object *o = json_object_new_object();
	ew_json_add_int(o, "row", l->row ? l->row : 1);
	ew_json_add(o, "no", jstr(l->no));
	ew_json_add(o, "line_id", jstr(l->line_id));
	ew_json_add(o, "service", jstr(l->service));
	ew_json_add(o, "carrier", jstr(l->carrier));
	ew_json_add(o, "holder", jstr(l->holder));
	ew_json_add(o, "purpose", jstr(l->purpose));
	add_or_null(o, "emr_connected",
	            l->emr_connected == EW_YN_UNSET ? NULL : json_object_new_boolean(l->emr_connected == EW_YN_YES));
	struct json_object *macs = json_object_new_array();
	for (size_t i = 0; i < l->mac_count && i < EW_LEDGER_MACS_MAX; i++)
		json_object_array_add(macs, ew_json_mac(&l->macs[i]));
	ew_json_add(o, "macs", macs);
	ew_json_add_ip_list(o, "ips", l->ips, l->ip_count < EW_LEDGER_IPS_MAX ? l->ip_count : EW_LEDGER_IPS_MAX);
	ew_json_add(o, "verdict", json_object_new_string(ew_line_verdict_str(rl->verdict)));
	struct json_object *devs = json_object_new_array();
	for (size_t i = 0; i < rl->device_count; i++)
		if (rl->devices[i] < rc->device_count)
			json_object_array_add(devs, json_object_new_int64((int64_t)rl->devices[i]));
	ew_json_add(o, "devices", devs);
	ew_json_add(o, "why", jstr(rl->why));
	return o;
}

static struct json_object *jdevice(const struct ew_reconciliation *rc, const struct ew_rc_device *rd)
{
	const struct ew_device *d = rd->device;
	struct json_object *o = json_object_new_object();
	ew_json_add_mac(o, "mac", &d->mac);
	add_or_null(o, "vlan", d->vlan >= 0 && d->vlan <= 4095 ? json_object_new_int(d->vlan) : NULL);
	/* the class is a name from the agent; anything else is not passed on */
	bool ok = true;
	for (const char *p = d->cls; *p; p++)
		ok &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	ew_json_add(o, "class", json_object_new_string(ok ? d->cls : ""));
	double c = d->confidence;
	ew_json_add(o, "confidence", json_object_new_double(c >= 0 && c <= 1 ? c : c > 1 ? 1 : 0));
	ew_json_add(o, "vendor", jstr(d->vendor));
	ew_json_add_ip_list(o, "ipv4", d->ipv4, d->ipv4_count < EW_DEVICE_ADDRS_MAX ? d->ipv4_count : EW_DEVICE_ADDRS_MAX);
	ew_json_add_ip_list(o, "ipv6", d->ipv6, d->ipv6_count < EW_DEVICE_ADDRS_MAX ? d->ipv6_count : EW_DEVICE_ADDRS_MAX);
	add_or_null(o, "first_seen", jtime(d->first_seen));
	add_or_null(o, "last_seen", jtime(d->last_seen));
	struct json_object *agents = json_object_new_array();
	for (size_t i = 0; i < d->agent_count && i < EW_DEVICE_AGENTS_MAX; i++)
		json_object_array_add(agents, jstr(d->agents[i]));
	ew_json_add(o, "agents", agents);
	ew_json_add(o, "verdict", json_object_new_string(ew_device_verdict_str(rd->verdict)));
	add_or_null(o, "line",
	            rd->line >= 0 && (size_t)rd->line < rc->line_count ? jstr(rc->lines[rd->line].line->no) : NULL);
	ew_json_add(o, "why", jstr(rd->why));
	ew_json_add(o, "evidence_summary", jstr(d->evidence_summary));
	ew_json_add_bool(o, "declared", d->declared);
	ew_json_add(o, "roles", jroles(d->roles));
	ew_json_add(o, "reason", jstr(d->reason));
	ew_json_add_int(o, "inside_hosts", d->inside_hosts);
	ew_json_add(o, "evidence", jevidence(d->evidence_json));
	if (d->location && d->location[0])
		ew_json_add(o, "location", jstr(d->location));
	return o;
}

int ew_export_json_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	struct json_object *root = json_object_new_object();
	if (root == NULL)
		return -1;
	ew_json_add_cstr(root, "schema", EXPORT_JSON_SCHEMA);
	ew_json_add(root, "site", jstr(rc->site));
	ew_json_add_int(root, "reports", (int64_t)rc->reports);
	struct json_object *w = json_object_new_object();
	add_or_null(w, "start", jtime(rc->window_start));
	add_or_null(w, "end", jtime(rc->window_end));
	ew_json_add(root, "window", w);
	struct json_object *lines = json_object_new_array();
	for (size_t i = 0; i < rc->line_count; i++)
		json_object_array_add(lines, jline(rc, &rc->lines[i]));
	ew_json_add(root, "lines", lines);
	struct json_object *devs = json_object_new_array();
	for (size_t i = 0; i < rc->device_count; i++)
		json_object_array_add(devs, jdevice(rc, &rc->devices[i]));
	ew_json_add(root, "devices", devs);
	const struct ew_rc_summary *s = &rc->summary;
	struct json_object *sm = json_object_new_object();
	ew_json_add_int(sm, "lines", (int64_t)s->lines);
	ew_json_add_int(sm, "lines_matched", (int64_t)s->lines_matched);
	ew_json_add_int(sm, "lines_unseen", (int64_t)s->lines_unseen);
	ew_json_add_int(sm, "lines_conflict", (int64_t)s->lines_conflict);
	ew_json_add_int(sm, "devices", (int64_t)s->devices);
	ew_json_add_int(sm, "devices_matched", (int64_t)s->devices_matched);
	ew_json_add_int(sm, "devices_unlisted", (int64_t)s->devices_unlisted);
	ew_json_add_int(sm, "devices_conflict", (int64_t)s->devices_conflict);
	ew_json_add_int(sm, "devices_infrastructure", (int64_t)s->devices_infrastructure);
	ew_json_add(root, "summary", sm);
	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	int rv = text && ew_buf_add(out, text, len) && ew_buf_adds(out, "\n") ? 0 : -1;
	json_object_put(root);
	return rv;
}
