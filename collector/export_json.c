/* SPDX-License-Identifier: ISC */
/* export_json.c - the reconciliation as egresswatch.reconciliation/1
 * (export_json.h; include/egresswatch/reconciliation.schema.json).
 *
 * Written as it goes (export_jsonw.c) in json-c's pretty layout: building the
 * whole document as a json-c tree and printing it took 1.4 GB and 4 s of CPU
 * at 100,000 devices. Only each device's stored evidence goes through json-c
 * (parsed, its objects kept, written as json-c prints them). */
#include "export_json.h"

#include <json-c/json.h>
#include <string.h>

#include "egresswatch/jsonw.h"
#include "export_jsonw.h"

#define EXPORT_JSON_SCHEMA "egresswatch.reconciliation/1"

/* a key and its value: most members are one of these */
static void kcstr(struct ew_export_jsonw *w, const char *key, const char *v)
{
	ew_export_jsonw_key(w, key);
	ew_export_jsonw_cstr(w, v);
}

static void kint(struct ew_export_jsonw *w, const char *key, int64_t v)
{
	ew_export_jsonw_key(w, key);
	ew_export_jsonw_int(w, v);
}

static void kbool(struct ew_export_jsonw *w, const char *key, bool v)
{
	ew_export_jsonw_key(w, key);
	ew_export_jsonw_bool(w, v);
}

static void jtime(struct ew_export_jsonw *w, int64_t usec)
{
	if (usec == 0) {
		ew_export_jsonw_null(w);
		return;
	}
	char t[64];
	ew_rfc3339(usec, t);
	ew_export_jsonw_cstr(w, t);
}

/* The addresses given, skipping empty ones (as ew_json_add_ip_list). */
static void jips(struct ew_export_jsonw *w, const struct ew_ip *ips, size_t n)
{
	ew_export_jsonw_array(w);
	for (size_t i = 0; i < n; i++) {
		if (ips[i].family == EW_AF_NONE)
			continue;
		char s[EW_IP_STRLEN];
		ew_ip_str(&ips[i], s);
		ew_export_jsonw_cstr(w, s);
	}
	ew_export_jsonw_end(w);
}

static void jmac(struct ew_export_jsonw *w, const struct ew_mac *m)
{
	char s[EW_MAC_STRLEN];
	ew_mac_str(m, s);
	ew_export_jsonw_cstr(w, s);
}

static void jroles(struct ew_export_jsonw *w, const char *roles)
{
	ew_export_jsonw_array(w);
	for (const char *p = roles; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n)
			ew_export_jsonw_string(w, p, n);
		if (!e)
			break;
		p = e + 1;
	}
	ew_export_jsonw_end(w);
}

/* The evidence array as stored; anything but an array of objects becomes []
 * (or loses its non-object entries): the schema promises objects. What
 * json-c parsed is written as json-c prints it (its strings as they are). */
static void jevidence(struct ew_export_jsonw *w, json_tokener *tok, const char *text)
{
	struct json_object *in = NULL;
	if (text && tok) {
		json_tokener_reset(tok);
		in = json_tokener_parse_ex(tok, text, -1);
		if (json_tokener_get_error(tok) != json_tokener_success) {
			json_object_put(in);
			in = NULL;
		}
	}
	size_t n = in && json_object_is_type(in, json_type_array) ? json_object_array_length(in) : 0;
	ew_export_jsonw_array(w);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(in, i);
		if (json_object_is_type(e, json_type_object))
			ew_export_jsonw_tree(w, e);
	}
	ew_export_jsonw_end(w);
	json_object_put(in);
}

static void jline(struct ew_export_jsonw *w, const struct ew_reconciliation *rc, const struct ew_rc_line *rl)
{
	const struct ew_ledger_line *l = rl->line;
	ew_export_jsonw_object(w);
	kint(w, "row", l->row ? l->row : 1);
	kcstr(w, "no", l->no);
	kcstr(w, "line_id", l->line_id);
	kcstr(w, "service", l->service);
	kcstr(w, "carrier", l->carrier);
	kcstr(w, "holder", l->holder);
	kcstr(w, "purpose", l->purpose);
	ew_export_jsonw_key(w, "emr_connected");
	if (l->emr_connected == EW_YN_UNSET)
		ew_export_jsonw_null(w);
	else
		ew_export_jsonw_bool(w, l->emr_connected == EW_YN_YES);
	ew_export_jsonw_key(w, "macs");
	ew_export_jsonw_array(w);
	for (size_t i = 0; i < l->mac_count && i < EW_LEDGER_MACS_MAX; i++)
		jmac(w, &l->macs[i]);
	ew_export_jsonw_end(w);
	ew_export_jsonw_key(w, "ips");
	jips(w, l->ips, l->ip_count < EW_LEDGER_IPS_MAX ? l->ip_count : EW_LEDGER_IPS_MAX);
	kcstr(w, "verdict", ew_line_verdict_str(rl->verdict));
	ew_export_jsonw_key(w, "devices");
	ew_export_jsonw_array(w);
	for (size_t i = 0; i < rl->device_count; i++)
		if (rl->devices[i] < rc->device_count)
			ew_export_jsonw_int(w, (int64_t)rl->devices[i]);
	ew_export_jsonw_end(w);
	kcstr(w, "why", rl->why);
	ew_export_jsonw_end(w);
}

static void jdevice(struct ew_export_jsonw *w, json_tokener *tok, const struct ew_reconciliation *rc,
                    const struct ew_rc_device *rd)
{
	const struct ew_device *d = rd->device;
	ew_export_jsonw_object(w);
	ew_export_jsonw_key(w, "mac");
	jmac(w, &d->mac);
	ew_export_jsonw_key(w, "vlan");
	if (d->vlan >= 0 && d->vlan <= 4095)
		ew_export_jsonw_int(w, d->vlan);
	else
		ew_export_jsonw_null(w);
	/* the class is a name from the agent; anything else is not passed on */
	bool ok = true;
	for (const char *p = d->cls; *p; p++)
		ok &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	kcstr(w, "class", ok ? d->cls : "");
	double c = d->confidence;
	ew_export_jsonw_key(w, "confidence"); /* json-c's own number text (%.17g, ".0" added) */
	ew_export_jsonw_json(w, json_object_new_double(c >= 0 && c <= 1 ? c : c > 1 ? 1 : 0));
	kcstr(w, "vendor", d->vendor);
	ew_export_jsonw_key(w, "ipv4");
	jips(w, d->ipv4, d->ipv4_count < EW_DEVICE_ADDRS_MAX ? d->ipv4_count : EW_DEVICE_ADDRS_MAX);
	ew_export_jsonw_key(w, "ipv6");
	jips(w, d->ipv6, d->ipv6_count < EW_DEVICE_ADDRS_MAX ? d->ipv6_count : EW_DEVICE_ADDRS_MAX);
	ew_export_jsonw_key(w, "first_seen");
	jtime(w, d->first_seen);
	ew_export_jsonw_key(w, "last_seen");
	jtime(w, d->last_seen);
	ew_export_jsonw_key(w, "agents");
	ew_export_jsonw_array(w);
	for (size_t i = 0; i < d->agent_count && i < EW_DEVICE_AGENTS_MAX; i++)
		ew_export_jsonw_cstr(w, d->agents[i]);
	ew_export_jsonw_end(w);
	kcstr(w, "verdict", ew_device_verdict_str(rd->verdict));
	ew_export_jsonw_key(w, "line");
	if (rd->line >= 0 && (size_t)rd->line < rc->line_count)
		ew_export_jsonw_cstr(w, rc->lines[rd->line].line->no);
	else
		ew_export_jsonw_null(w);
	kcstr(w, "why", rd->why);
	kcstr(w, "evidence_summary", d->evidence_summary);
	kbool(w, "declared", d->declared);
	ew_export_jsonw_key(w, "roles");
	jroles(w, d->roles);
	kcstr(w, "reason", d->reason);
	kint(w, "inside_hosts", d->inside_hosts);
	ew_export_jsonw_key(w, "evidence");
	jevidence(w, tok, d->evidence_json);
	if (d->location && d->location[0]) {
		kcstr(w, "location", d->location);
	}
	ew_export_jsonw_end(w);
}

int ew_export_json_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	struct ew_export_jsonw w;
	ew_export_jsonw_init(&w, out);
	ew_json_clear_failed();
	json_tokener *tok = json_tokener_new(); /* one for every device's evidence */
	if (tok == NULL)
		return -1;
	ew_export_jsonw_object(&w);
	ew_export_jsonw_key(&w, "schema");
	ew_export_jsonw_cstr(&w, EXPORT_JSON_SCHEMA);
	ew_export_jsonw_key(&w, "site");
	ew_export_jsonw_cstr(&w, rc->site);
	ew_export_jsonw_key(&w, "reports");
	ew_export_jsonw_int(&w, (int64_t)rc->reports);
	ew_export_jsonw_key(&w, "window");
	ew_export_jsonw_object(&w);
	ew_export_jsonw_key(&w, "start");
	jtime(&w, rc->window_start);
	ew_export_jsonw_key(&w, "end");
	jtime(&w, rc->window_end);
	ew_export_jsonw_end(&w);
	ew_export_jsonw_key(&w, "lines");
	ew_export_jsonw_array(&w);
	for (size_t i = 0; i < rc->line_count && w.ok; i++)
		jline(&w, rc, &rc->lines[i]);
	ew_export_jsonw_end(&w);
	ew_export_jsonw_key(&w, "devices");
	ew_export_jsonw_array(&w);
	for (size_t i = 0; i < rc->device_count && w.ok; i++)
		jdevice(&w, tok, rc, &rc->devices[i]);
	ew_export_jsonw_end(&w);
	const struct ew_rc_summary *s = &rc->summary;
	ew_export_jsonw_key(&w, "summary");
	ew_export_jsonw_object(&w);
	const struct {
		const char *key;
		size_t n;
	} counts[] = {
		{"lines", s->lines},
		{"lines_matched", s->lines_matched},
		{"lines_unseen", s->lines_unseen},
		{"lines_conflict", s->lines_conflict},
		{"devices", s->devices},
		{"devices_matched", s->devices_matched},
		{"devices_unlisted", s->devices_unlisted},
		{"devices_conflict", s->devices_conflict},
		{"devices_infrastructure", s->devices_infrastructure},
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		ew_export_jsonw_key(&w, counts[i].key);
		ew_export_jsonw_int(&w, (int64_t)counts[i].n);
	}
	ew_export_jsonw_end(&w);
	ew_export_jsonw_end(&w);
	json_tokener_free(tok);
	bool ok = ew_export_jsonw_finish(&w) && !ew_json_failed() && ew_buf_adds(out, "\n");
	return ok ? 0 : -1;
}
