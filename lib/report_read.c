/* SPDX-License-Identifier: ISC */
/* report_read.c - an agent report read back from JSON and checked against
 * report.schema.json by hand (every rule of the schema is here, with the JSON
 * path in each error). */
#include "egresswatch/report_read.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/buf.h"

#define PATH_MAX_LEN 96

struct rr {
	char *err;
	size_t errlen;
};

static int vfail(struct rr *r, const char *path, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
static int vfail(struct rr *r, const char *path, const char *fmt, va_list ap)
{
	if (!r->err || r->errlen == 0)
		return -1;
	int n = snprintf(r->err, r->errlen, "%s: ", *path ? path : "(report)");
	if (n < 0 || (size_t)n >= r->errlen)
		return -1;
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	return -1;
}

static int fail(struct rr *r, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct rr *r, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, path, fmt, ap);
	va_end(ap);
	return -1;
}

static void sub(char out[PATH_MAX_LEN], const char *path, const char *key)
{
	if (snprintf(out, PATH_MAX_LEN, "%s%s%.40s", path, *path ? "." : "", key) >= PATH_MAX_LEN)
		out[PATH_MAX_LEN - 1] = '\0'; /* a path this deep is cut, the message still says what */
}

static void idx(char out[PATH_MAX_LEN], const char *path, size_t i)
{
	if (snprintf(out, PATH_MAX_LEN, "%s[%zu]", path, i) >= PATH_MAX_LEN)
		out[PATH_MAX_LEN - 1] = '\0';
}

/* Where a value is: path.key[i] (key NULL: no key; i NO_IDX: no index).
 * The text is built only for an error: reading a good report builds none. */
#define NO_IDX SIZE_MAX
struct at {
	const char *path, *key;
	size_t i;
};
#define AT(p, k) ((struct at){(p), (k), NO_IDX})
#define AT_I(p, k, n) ((struct at){(p), (k), (n)})

static int fail_at(struct rr *r, struct at a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail_at(struct rr *r, struct at a, const char *fmt, ...)
{
	char p[PATH_MAX_LEN], q[PATH_MAX_LEN];
	if (a.key)
		sub(p, a.path, a.key);
	else if (snprintf(p, sizeof p, "%s", a.path) >= (int)sizeof p)
		p[sizeof p - 1] = '\0';
	const char *where = p;
	if (a.i != NO_IDX) {
		idx(q, p, a.i);
		where = q;
	}
	va_list ap;
	va_start(ap, fmt);
	vfail(r, where, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* An object with only the keys allowed (NULL: any) and all the keys required. */
static int check_object(struct rr *r, const char *path, struct json_object *o, const char *const *allowed,
			const char *const *required)
{
	if (!json_object_is_type(o, json_type_object))
		return fail(r, path, "not an object");
	if (allowed) {
		json_object_object_foreach(o, key, val) {
			(void)val;
			if (!in_list(key, allowed)) {
				char p[PATH_MAX_LEN];
				sub(p, path, key);
				return fail(r, p, "unknown field");
			}
		}
	}
	for (; required && *required; required++) {
		if (!json_object_object_get_ex(o, *required, NULL)) {
			char p[PATH_MAX_LEN];
			sub(p, path, *required);
			return fail(r, p, "required field missing");
		}
	}
	return 0;
}

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	json_object_object_get_ex(o, key, &v);
	return v;
}

/* A string of at most EW_REPORT_STRING_MAX bytes without NUL (json-c has
 * checked it is UTF-8). */
static int get_strv(struct rr *r, struct at a, struct json_object *v, size_t min_len, const char **out)
{
	if (!json_object_is_type(v, json_type_string))
		return fail_at(r, a, "not a string");
	size_t n = (size_t)json_object_get_string_len(v);
	const char *s = json_object_get_string(v);
	if (n > EW_REPORT_STRING_MAX)
		return fail_at(r, a, "longer than %u bytes", EW_REPORT_STRING_MAX);
	if (memchr(s, '\0', n))
		return fail_at(r, a, "contains a NUL character");
	if (n < min_len)
		return fail_at(r, a, "empty");
	*out = s;
	return 0;
}

static int get_str(struct rr *r, const char *path, struct json_object *o, const char *key, size_t min_len,
		   const char **out)
{
	return get_strv(r, AT(path, key), field(o, key), min_len, out);
}

static int dup_str(struct rr *r, const char *path, struct json_object *o, const char *key, size_t min_len,
		   char **out)
{
	const char *s;
	if (get_str(r, path, o, key, min_len, &s) < 0)
		return -1;
	*out = strdup(s);
	if (!*out)
		return fail(r, path, "out of memory");
	return 0;
}

static int get_count(struct rr *r, const char *path, struct json_object *o, const char *key, int64_t min,
		     uint64_t *out)
{
	struct json_object *v = field(o, key);
	if (!json_object_is_type(v, json_type_int))
		return fail_at(r, AT(path, key), "not an integer");
	int64_t n = json_object_get_int64(v);
	if (n < min)
		return fail_at(r, AT(path, key), "less than %lld", (long long)min);
	*out = (uint64_t)n;
	return 0;
}

static int get_bool(struct rr *r, const char *path, struct json_object *o, const char *key, bool *out)
{
	struct json_object *v = field(o, key);
	if (!json_object_is_type(v, json_type_boolean))
		return fail_at(r, AT(path, key), "not a boolean");
	*out = json_object_get_boolean(v);
	return 0;
}

static int get_unit(struct rr *r, const char *path, struct json_object *o, const char *key, double *out)
{
	struct json_object *v = field(o, key);
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return fail_at(r, AT(path, key), "not a number");
	double d = json_object_get_double(v);
	if (!isfinite(d) || d < 0.0 || d > 1.0)
		return fail_at(r, AT(path, key), "not between 0 and 1");
	*out = d;
	return 0;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool ew_report_read_time(const char *s, int64_t *usec)
{
	/* YYYY-MM-DDTHH:MM:SS(.F+)?(Z|+HH:MM|-HH:MM), RFC 3339 §5.6 */
	size_t n = strlen(s);
	if (n < 20 || n > 64)
		return false;
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    (s[10] != 'T') || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
	    !digits(s + 17, 2))
		return false;
	int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
	int h = num(s + 11, 2), mi = num(s + 14, 2), se = num(s + 17, 2);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (mo < 1 || mo > 12 || d < 1)
		return false;
	int dim = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim || h > 23 || mi > 59 || se > 60) /* 60: a leap second (RFC 3339 §5.7) */
		return false;
	if (se == 60)
		se = 59;
	size_t i = 19;
	int64_t frac = 0;
	if (s[i] == '.') {
		i++;
		size_t start = i, k = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (k < 6) {
				frac = frac * 10 + (s[i] - '0');
				k++;
			}
			i++;
		}
		if (i == start)
			return false;
		for (; k < 6; k++)
			frac *= 10;
	}
	int off = 0;
	if (i + 1 == n && s[i] == 'Z') {
		off = 0;
	} else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) && s[i + 3] == ':' &&
		   digits(s + i + 4, 2)) {
		int oh = num(s + i + 1, 2), om = num(s + i + 4, 2);
		if (oh > 23 || om > 59)
			return false;
		off = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
	} else {
		return false;
	}
	int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - (int64_t)off * 60;
	*usec = secs * 1000000 + frac;
	return true;
}

static int get_time(struct rr *r, const char *path, struct json_object *o, const char *key, int64_t *out)
{
	const char *s;
	if (get_str(r, path, o, key, 0, &s) < 0)
		return -1;
	if (!ew_report_read_time(s, out))
		return fail_at(r, AT(path, key), "not an RFC 3339 date-time");
	return 0;
}

static bool is_hex_lower(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !is_hex_lower(s[i]))
			return false;
	}
	return true;
}

/* ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$ */
static bool mac_ok(const char *s, struct ew_mac *m)
{
	if (strlen(s) != 17)
		return false;
	for (size_t i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !is_hex_lower(s[i]))
			return false;
	return ew_mac_parse(s, m);
}

/* ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ and a real address */
static bool ipv4_ok(const char *s, struct ew_ip *ip)
{
	size_t run = 0, dots = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (run == 0)
				return false;
			dots++;
			run = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (++run > 3)
				return false;
		} else {
			return false;
		}
	}
	return dots == 3 && run > 0 && ew_ip_parse(s, ip) && ip->family == EW_AF_INET;
}

/* ^[0-9a-f:.]*:[0-9a-f:.]*$ and a real address */
static bool ipv6_ok(const char *s, struct ew_ip *ip)
{
	if (!strchr(s, ':'))
		return false;
	for (const char *p = s; *p; p++)
		if (!is_hex_lower(*p) && *p != ':' && *p != '.')
			return false;
	return ew_ip_parse(s, ip) && ip->family == EW_AF_INET6;
}

static int read_ips(struct rr *r, const char *path, struct json_object *o, const char *key, int family,
		    struct ew_ip **out, size_t *count)
{
	struct json_object *a = field(o, key);
	if (!json_object_is_type(a, json_type_array))
		return fail_at(r, AT(path, key), "not an array");
	size_t n = json_object_array_length(a);
	if (n > EW_REPORT_ADDRS_MAX)
		return fail_at(r, AT(path, key), "more than %u addresses", EW_REPORT_ADDRS_MAX);
	*out = calloc(n ? n : 1, sizeof **out);
	if (!*out)
		return fail_at(r, AT(path, key), "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *s;
		if (get_strv(r, AT_I(path, key, i), json_object_array_get_idx(a, i), 0, &s) < 0)
			return -1;
		bool ok = family == 4 ? ipv4_ok(s, &(*out)[i]) : ipv6_ok(s, &(*out)[i]);
		if (!ok)
			return fail_at(r, AT_I(path, key, i), "not an IPv%d address", family);
		(*count)++;
	}
	return 0;
}

/* Evidence detail fields each kind must carry (the schema's allOf). */
static const struct kind_rule {
	const char *kind;
	const char *required[10];
} kind_rules[] = {
	{"forwarding", {"frames_out", "frames_in", "frames_in_routed", "bytes", "inside_hosts", "remote_addrs",
			"inside_sample", "remote_sample", "ttls_in", NULL}},
	{"many_addresses", {"distinct_sources", "distinct_destinations", NULL}},
	{"dhcp_offer", {"offers", "acks", "naks", "routers", "dns", "offered", NULL}},
	{"dhcp_rogue_router", {"routers", NULL}},
	{"dhcp6_server", {"advertise", "reply", "dns", NULL}},
	{"router_advertisement", {"router_lifetime", "managed", "other", "prefixes", "rdnss", NULL}},
	{"pppoe_ac", {"padi", "pado", "padr", "pads", "padt", NULL}},
	{"pppoe_client", {"padi", "pado", "padr", "pads", "padt", NULL}},
	{"pppoe_session", {"session_id", NULL}},
	{"ssdp_igd", {"notify", "response", "types", "servers", NULL}},
	{"ssdp", {"notify", "response", "types", "servers", NULL}},
	{"rip", {"version", "entries", "default_route", NULL}},
	{"ripng", {"entries", "default_route", NULL}},
	{"irdp", {"lifetime", "addrs", NULL}},
	{"vrrp", {"version", "vrid", "priority", "addrs", NULL}},
	{"hsrp", {"version", "group", "state", "priority", NULL}},
	{"ospf_hello", {"version", "priority", NULL}},
	{"redirect_gateway", {NULL}}, /* another router's redirect names it as gateway */
	{"icmp_redirect", {"code", NULL}},
	{"nd_redirect", {NULL}},
	{"lldp", {"mgmt", NULL}},
	{"cdp", {"addrs", NULL}},
	{"foreign_subnet", {"addrs", NULL}},
	{"nd_router_flag", {NULL}},
	{"dhcp_client", {NULL}},
	/* the active probes (probes/, report.c) */
	{"probe_forwarding", {"ipv4", "ipv6", NULL}},
	{"probe_answer", {"stimuli", NULL}},
	{"probe_upnp", {NULL}},          /* its strings are left out when empty, as everywhere */
	{"probe_wan_addr", {"mobile", "asn", NULL}},
	{"probe_http", {NULL}},
	{NULL, {NULL}},
};

/* Address lists inside details the schema types (ip_list, mac arrays). */
static int check_ip_list(struct rr *r, const char *path, struct json_object *d, const char *key, bool nonempty)
{
	struct json_object *a = field(d, key);
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return fail_at(r, AT(path, key), "not an array");
	size_t n = json_object_array_length(a);
	if (nonempty && n == 0)
		return fail_at(r, AT(path, key), "empty");
	for (size_t i = 0; i < n; i++) {
		const char *s;
		struct ew_ip ip;
		if (get_strv(r, AT_I(path, key, i), json_object_array_get_idx(a, i), 0, &s) < 0)
			return -1;
		if (!ipv4_ok(s, &ip) && !ipv6_ok(s, &ip))
			return fail_at(r, AT_I(path, key, i), "not an IP address");
	}
	return 0;
}

/* " key=value" for scalars and short arrays of scalars in a detail. */
static void summary_value(struct ew_buf *b, struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_string: {
		const char *s = json_object_get_string(v);
		size_t n = strcspn(s, " \t\r\n;=");
		if (n > 64)
			n = 64;
		ew_buf_add(b, s, n);
		break;
	}
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		ew_buf_adds(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		break;
	default:
		ew_buf_adds(b, "…");
		break;
	}
}

static void summarize(struct ew_buf *b, const char *kind, uint64_t count, struct json_object *detail)
{
	if (b->len)
		ew_buf_adds(b, "; ");
	ew_buf_printf(b, "%s\xc3\x97%llu", kind, (unsigned long long)count);
	json_object_object_foreach(detail, key, v) {
		if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_null))
			continue;
		if (json_object_is_type(v, json_type_array)) {
			size_t n = json_object_array_length(v);
			if (n == 0)
				continue;
			struct json_object *first = json_object_array_get_idx(v, 0);
			if (json_object_is_type(first, json_type_object) || json_object_is_type(first, json_type_array))
				continue;
			ew_buf_printf(b, " %.32s=", key);
			for (size_t i = 0; i < n && i < 3; i++) {
				if (i)
					ew_buf_adds(b, ",");
				summary_value(b, json_object_array_get_idx(v, i));
			}
			if (n > 3)
				ew_buf_adds(b, ",…");
			continue;
		}
		ew_buf_printf(b, " %.32s=", key);
		summary_value(b, v);
	}
}

static int read_evidence(struct rr *r, const char *path, struct json_object *a, struct ew_report_candidate *c)
{
	static const char *const allowed[] = {"kind", "count", "first_seen", "last_seen", "detail", NULL};
	if (!json_object_is_type(a, json_type_array))
		return fail(r, path, "not an array");
	size_t n = json_object_array_length(a);
	if (n > EW_REPORT_EVIDENCE_MAX)
		return fail(r, path, "more than %u records", EW_REPORT_EVIDENCE_MAX);
	struct ew_buf sum;
	ew_buf_init(&sum, EW_REPORT_SUMMARY_MAX);
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX_LEN], pd[PATH_MAX_LEN];
		idx(p, path, i);
		struct json_object *e = json_object_array_get_idx(a, i);
		const char *kind;
		uint64_t count;
		int64_t t1, t2;
		if (check_object(r, p, e, allowed, allowed) < 0 || get_str(r, p, e, "kind", 0, &kind) < 0 ||
		    get_count(r, p, e, "count", 1, &count) < 0 || get_time(r, p, e, "first_seen", &t1) < 0 ||
		    get_time(r, p, e, "last_seen", &t2) < 0)
			goto bad;
		const struct kind_rule *k = kind_rules;
		while (k->kind && strcmp(k->kind, kind) != 0)
			k++;
		if (!k->kind) {
			sub(pd, p, "kind");
			fail(r, pd, "unknown evidence kind");
			goto bad;
		}
		sub(pd, p, "detail");
		struct json_object *d = field(e, "detail");
		if (check_object(r, pd, d, NULL, k->required) < 0)
			goto bad;
		if (check_ip_list(r, pd, d, "routers", strcmp(kind, "dhcp_rogue_router") == 0) < 0 ||
		    check_ip_list(r, pd, d, "addrs", strcmp(kind, "foreign_subnet") == 0) < 0 ||
		    (strcmp(kind, "forwarding") == 0 && check_ip_list(r, pd, d, "remote_sample", false) < 0) ||
		    (strcmp(kind, "dhcp_offer") == 0 &&
		     (check_ip_list(r, pd, d, "dns", false) < 0 || check_ip_list(r, pd, d, "offered", false) < 0)))
			goto bad;
		if (strcmp(kind, "forwarding") == 0 || strcmp(kind, "many_addresses") == 0)
			c->routes = true;
		if (sum.len + 80 < EW_REPORT_SUMMARY_MAX)
			summarize(&sum, kind, count, d);
	}
	if (sum.len == 0)
		ew_buf_adds(&sum, "");
	c->evidence_summary = ew_buf_take(&sum, NULL);
	/* json-c answers NULL when its buffer cannot grow */
	const char *ej = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	c->evidence_json = ej ? strdup(ej) : NULL;
	if (!c->evidence_summary || !c->evidence_json)
		return fail(r, path, "out of memory");
	return 0;
bad:
	ew_buf_free(&sum);
	return -1;
}

/* One place a switch learned the MAC (schema $defs/location_place); with
 * `top` the same fields at the top of "location" (the edge port chosen). */
static int read_place(struct rr *r, const char *path, struct json_object *o, bool top)
{
	static const char *const keys[] = {"switch", "port", "alias", "bridge_port", "vlan", "vlan_from", "port_macs",
					   "rule", "read_at", NULL};
	static const char *const rules[] = {"edge", "lldp_neighbour", "switch_mac", "many_macs", NULL};
	static const char *const vlan_froms[] = {"vlan_table", "capture", "shared_fdb", "fdb_id", "not_mapped",
						 "bridge_mib", NULL};
	const char *s;
	uint64_t port, macs;
	int64_t t;
	if (!top && check_object(r, path, o, keys, NULL) < 0)
		return -1;
	for (const char *const *k = keys; *k; k++)
		if (strcmp(*k, "alias") != 0 && strcmp(*k, "vlan_from") != 0 && /* optional; vlan may be null */
		    !json_object_object_get_ex(o, *k, NULL))
			return fail_at(r, AT(path, *k), "required field missing");
	if (get_str(r, path, o, "switch", 1, &s) < 0 || get_str(r, path, o, "port", 1, &s) < 0 ||
	    (field(o, "alias") && get_str(r, path, o, "alias", 0, &s) < 0) ||
	    get_count(r, path, o, "bridge_port", 1, &port) < 0 || get_count(r, path, o, "port_macs", 0, &macs) < 0 ||
	    get_time(r, path, o, "read_at", &t) < 0)
		return -1;
	if (port > 65535)
		return fail_at(r, AT(path, "bridge_port"), "more than 65535");
	if (get_str(r, path, o, "rule", 0, &s) < 0)
		return -1;
	if (!in_list(s, rules) || (top && strcmp(s, "edge") != 0))
		return fail_at(r, AT(path, "rule"), top ? "not \"edge\"" : "not a rule name");
	if (field(o, "vlan_from") && get_str(r, path, o, "vlan_from", 0, &s) < 0)
		return -1;
	if (field(o, "vlan_from") && !in_list(s, vlan_froms))
		return fail_at(r, AT(path, "vlan_from"), "unknown value");
	struct json_object *v = field(o, "vlan");
	if (!json_object_is_type(v, json_type_null) &&
	    (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 || json_object_get_int64(v) > 4094))
		return fail_at(r, AT(path, "vlan"), "not a VLAN id (1-4094) or null");
	return 0;
}

/* "switch port, VLAN n" of a place checked by read_place. */
static bool place_text(struct ew_buf *b, struct json_object *o)
{
	struct json_object *v = field(o, "vlan");
	char vl[24] = "";
	if (json_object_is_type(v, json_type_int))
		snprintf(vl, sizeof vl, ", VLAN %d", (int)json_object_get_int64(v));
	return ew_buf_adds(b, json_object_get_string(field(o, "switch"))) && ew_buf_adds(b, " ") &&
	       ew_buf_adds(b, json_object_get_string(field(o, "port"))) && ew_buf_adds(b, vl);
}

/* "location" (schema $defs/location), checked, and its one line for people. */
static int read_location(struct rr *r, const char *path, struct json_object *o, struct ew_report_candidate *c)
{
	static const char *const allowed[] = {"status", "switch", "port", "alias", "bridge_port", "vlan", "vlan_from",
					      "port_macs", "rule", "read_at", "seen_elsewhere", "seen_dropped",
					      "switch_errors", NULL};
	static const char *const required[] = {"status", "seen_elsewhere", "switch_errors", NULL};
	static const char *const statuses[] = {"edge_port", "uplinks_only", "not_seen", "no_answer", NULL};
	char p[PATH_MAX_LEN];
	const char *status, *s;
	uint64_t n;
	if (check_object(r, path, o, allowed, required) < 0 || get_str(r, path, o, "status", 0, &status) < 0)
		return -1;
	if (!in_list(status, statuses))
		return fail_at(r, AT(path, "status"), "unknown status");
	bool edge = strcmp(status, "edge_port") == 0;
	if (edge && read_place(r, path, o, true) < 0)
		return -1;
	if (!edge)
		for (const char *const *k = allowed + 1; *k && strcmp(*k, "seen_elsewhere") != 0; k++)
			if (field(o, *k))
				return fail_at(r, AT(path, *k), "only with status edge_port");
	if (field(o, "seen_dropped") && get_count(r, path, o, "seen_dropped", 0, &n) < 0)
		return -1;
	struct json_object *a = field(o, "seen_elsewhere");
	if (!json_object_is_type(a, json_type_array))
		return fail_at(r, AT(path, "seen_elsewhere"), "not an array");
	size_t places = json_object_array_length(a);
	if (places > EW_REPORT_PLACES_MAX)
		return fail_at(r, AT(path, "seen_elsewhere"), "more than %u places", EW_REPORT_PLACES_MAX);
	sub(p, path, "seen_elsewhere");
	for (size_t i = 0; i < places; i++) {
		char q[PATH_MAX_LEN];
		idx(q, p, i);
		if (read_place(r, q, json_object_array_get_idx(a, i), false) < 0)
			return -1;
	}
	struct json_object *e = field(o, "switch_errors");
	if (!json_object_is_type(e, json_type_array))
		return fail_at(r, AT(path, "switch_errors"), "not an array");
	if (json_object_array_length(e) > EW_REPORT_SWITCHES_MAX)
		return fail_at(r, AT(path, "switch_errors"), "more than %u switches", EW_REPORT_SWITCHES_MAX);
	sub(p, path, "switch_errors");
	static const char *const ekeys[] = {"switch", "answered", "error", NULL};
	for (size_t i = 0; i < json_object_array_length(e); i++) {
		char q[PATH_MAX_LEN];
		idx(q, p, i);
		struct json_object *x = json_object_array_get_idx(e, i);
		bool b;
		if (check_object(r, q, x, ekeys, ekeys) < 0 || get_str(r, q, x, "switch", 0, &s) < 0 ||
		    get_bool(r, q, x, "answered", &b) < 0 || get_str(r, q, x, "error", 0, &s) < 0)
			return -1;
	}
	/* the line for people: the socket (its label first), or the uplinks it is behind */
	if (!edge && places == 0)
		return 0;
	struct ew_buf b;
	ew_buf_init(&b, EW_REPORT_STRING_MAX);
	bool ok = true;
	if (edge) {
		struct json_object *al = field(o, "alias");
		bool has_alias = al && json_object_get_string_len(al) > 0;
		ok = (!has_alias || (ew_buf_adds(&b, json_object_get_string(al)) && ew_buf_adds(&b, " ("))) &&
		     place_text(&b, o) && (!has_alias || ew_buf_adds(&b, ")"));
		get_time(r, path, o, "read_at", &c->location_read_at);
	} else {
		ok = ew_buf_adds(&b, "未特定: ");
		for (size_t i = 0; ok && i < places; i++) {
			struct json_object *pl = json_object_array_get_idx(a, i);
			int64_t t = 0;
			get_time(r, p, pl, "read_at", &t);
			if (t > c->location_read_at)
				c->location_read_at = t;
			ok = (!i || ew_buf_adds(&b, ", ")) && place_text(&b, pl);
		}
		ok = ok && ew_buf_adds(&b, " の先 (設定されていないスイッチ経由)");
	}
	if (!ok || !ew_buf_adds(&b, "")) { /* longer than a string may be: cut, the device is still there */
		ew_buf_free(&b);
		return 0;
	}
	c->location = strdup(b.data);
	ew_buf_free(&b);
	if (!c->location)
		return fail(r, path, "out of memory");
	return 0;
}

/* The schema's enums (include/egresswatch/report.schema.json); test_report_read
 * checks these lists against the schema file. */
static const char *const classes[] = {"none", "hgw", "onu_bridged", "ctu", "modem", "mobile_router",
				      "home_router", "broadband_router", "host_sharing", "router", "dhcp_server",
				      "switch", NULL};
static const char *const wayouts[] = {"forwarding", "many_addresses", "pppoe_ac", "pppoe_session", "pppoe_client",
				      "dhcp_rogue_router", "router_advertisement", "ssdp_igd", "default_route",
				      "probe_forwarding", NULL};

static int read_candidate(struct rr *r, const char *path, struct json_object *o, struct ew_report_candidate *c)
{
	static const char *const required[] = {"mac", "vlan", "declared", "vendor", "ipv4", "ipv6", "class",
					       "confidence", "roles", "reason", "first_seen", "last_seen",
					       "inside_hosts", "remote_addrs", "mac_local", "evidence", NULL};
	static const char *const allowed[] = {"mac", "vlan", "declared", "vendor", "ipv4", "ipv6", "class",
					      "confidence", "roles", "reason", "first_seen", "last_seen",
					      "inside_hosts", "remote_addrs", "mac_local", "evidence",
					      "evidence_file", "infrastructure", "class_confidence", "way_out", "location",
					      "found_by", NULL};
	char p[PATH_MAX_LEN];
	const char *s;
	c->vlan = -1;
	if (check_object(r, path, o, allowed, required) < 0)
		return -1;
	if (get_str(r, path, o, "mac", 0, &s) < 0)
		return -1;
	if (!mac_ok(s, &c->mac)) {
		sub(p, path, "mac");
		return fail(r, p, "not a MAC address");
	}
	struct json_object *v = field(o, "vlan");
	if (!json_object_is_type(v, json_type_null)) {
		sub(p, path, "vlan");
		if (!json_object_is_type(v, json_type_int))
			return fail(r, p, "not an integer or null");
		int64_t vl = json_object_get_int64(v);
		if (vl < 1 || vl > 4095)
			return fail(r, p, "not a VLAN id (1-4095)");
		c->vlan = (int)vl;
	}
	if (get_bool(r, path, o, "declared", &c->declared) < 0 || get_bool(r, path, o, "mac_local", &c->mac_local) < 0 ||
	    dup_str(r, path, o, "vendor", 1, &c->vendor) < 0 || dup_str(r, path, o, "reason", 1, &c->reason) < 0 ||
	    read_ips(r, path, o, "ipv4", 4, &c->ipv4, &c->ipv4_count) < 0 ||
	    read_ips(r, path, o, "ipv6", 6, &c->ipv6, &c->ipv6_count) < 0 ||
	    get_unit(r, path, o, "confidence", &c->confidence) < 0 ||
	    get_time(r, path, o, "first_seen", &c->first_seen) < 0 || get_time(r, path, o, "last_seen", &c->last_seen) < 0 ||
	    get_count(r, path, o, "inside_hosts", 0, &c->inside_hosts) < 0 ||
	    get_count(r, path, o, "remote_addrs", 0, &c->remote_addrs) < 0)
		return -1;
	if (field(o, "infrastructure")) {
		c->has_infrastructure = true;
		if (get_bool(r, path, o, "infrastructure", &c->infrastructure) < 0)
			return -1;
	}
	if (field(o, "class_confidence")) {
		c->has_class_confidence = true;
		if (get_unit(r, path, o, "class_confidence", &c->class_confidence) < 0)
			return -1;
	}
	if (field(o, "evidence_file") && get_str(r, path, o, "evidence_file", 1, &s) < 0)
		return -1;
	if (field(o, "location")) {
		sub(p, path, "location");
		if (read_location(r, p, field(o, "location"), c) < 0)
			return -1;
	}
	if (get_str(r, path, o, "class", 0, &s) < 0)
		return -1;
	if (!in_list(s, classes)) {
		sub(p, path, "class");
		return fail(r, p, "unknown class");
	}
	snprintf(c->cls, sizeof c->cls, "%s", s);
	/* way_out: the behaviours behind confidence, each named once */
	struct json_object *w = field(o, "way_out");
	if (w) {
		if (!json_object_is_type(w, json_type_array))
			return fail_at(r, AT(path, "way_out"), "not an array");
		size_t wn = json_object_array_length(w);
		unsigned seen = 0;
		for (size_t i = 0; i < wn; i++) {
			if (get_strv(r, AT_I(path, "way_out", i), json_object_array_get_idx(w, i), 0, &s) < 0)
				return -1;
			unsigned k = 0;
			while (wayouts[k] && strcmp(wayouts[k], s) != 0)
				k++;
			if (!wayouts[k])
				return fail_at(r, AT_I(path, "way_out", i), "unknown way-out kind");
			if (seen & (1u << k))
				return fail_at(r, AT_I(path, "way_out", i), "named twice");
			seen |= 1u << k;
		}
	}
	struct json_object *a = field(o, "roles");
	if (!json_object_is_type(a, json_type_array))
		return fail_at(r, AT(path, "roles"), "not an array");
	size_t n = json_object_array_length(a);
	if (n > EW_REPORT_ROLES_MAX)
		return fail_at(r, AT(path, "roles"), "more than %u roles", EW_REPORT_ROLES_MAX);
	c->roles = calloc(n ? n : 1, sizeof *c->roles);
	if (!c->roles)
		return fail_at(r, AT(path, "roles"), "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (get_strv(r, AT_I(path, "roles", i), json_object_array_get_idx(a, i), 1, &s) < 0)
			return -1;
		bool ok = s[0] >= 'a' && s[0] <= 'z';
		for (const char *q = s; ok && *q; q++)
			ok = (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_';
		if (!ok)
			return fail_at(r, AT_I(path, "roles", i), "not a role name ([a-z][a-z0-9_]*)");
		if (!(c->roles[i] = strdup(s)))
			return fail_at(r, AT_I(path, "roles", i), "out of memory");
		c->role_count++;
	}
	sub(p, path, "evidence");
	return read_evidence(r, p, field(o, "evidence"), c);
}

/* Every limits field is a count; the two the agent's spool adds are kept. */
static int read_limits(struct rr *r, struct json_object *o, struct ew_report *out)
{
	static const char *const required[] = {
		"max_devices", "devices", "evicted_devices", "evicted_with_evidence", "table_full_drops",
		"evidence_records_max", "evidence_records", "evidence_reclaimed", "evidence_dropped",
		"addresses_per_device", "addresses_dropped", "inside_hosts_exact", "remote_addrs_exact",
		"evidence_frames_per_device", "subnets_dropped", NULL};
	if (check_object(r, "limits", o, NULL, required) < 0)
		return -1;
	json_object_object_foreach(o, key, v) {
		(void)v;
		uint64_t n;
		if (get_count(r, "limits", o, key, 0, &n) < 0)
			return -1;
		if (strcmp(key, "spool_backlog") == 0) {
			out->has_spool_backlog = true;
			out->spool_backlog = n;
		} else if (strcmp(key, "spool_dropped") == 0) {
			out->has_spool_dropped = true;
			out->spool_dropped = n;
		}
	}
	return 0;
}

/* "helpers" (optional: agents with --probe or switches): checked, not kept
 * in struct ew_report; the store keeps the report's raw text, and it. */
static int read_helpers(struct rr *r, struct json_object *o)
{
	static const char *const names[] = {"prober", "locator", NULL};
	static const char *const keys[] = {"state", "since", "reason", NULL};
	static const char *const state_only[] = {"state", NULL};
	if (check_object(r, "helpers", o, names, NULL) < 0)
		return -1;
	if (json_object_object_length(o) == 0)
		return fail(r, "helpers", "empty (absent when no helper was started)");
	json_object_object_foreach(o, name, h) {
		char p[PATH_MAX_LEN];
		sub(p, "helpers", name);
		const char *state, *reason;
		int64_t since;
		if (check_object(r, p, h, keys, state_only) < 0 || get_str(r, p, h, "state", 0, &state) < 0)
			return -1;
		if (strcmp(state, "running") == 0) {
			if (check_object(r, p, h, state_only, NULL) < 0)
				return -1;
		} else if (strcmp(state, "stopped") == 0) {
			if (get_time(r, p, h, "since", &since) < 0 || get_str(r, p, h, "reason", 0, &reason) < 0)
				return -1;
		} else {
			return fail_at(r, AT(p, "state"), "not running or stopped");
		}
	}
	return 0;
}

static int read_report(struct rr *r, struct json_object *root, struct ew_report *out)
{
	static const char *const top[] = {"schema", "report_id", "agent", "window", "capture",
					  "subnets", "candidates", "hosts_seen", "limits", NULL};
	static const char *const top_all[] = {"schema",  "report_id",  "agent",      "window", "capture",
					      "helpers", "subnets",    "candidates", "hosts_seen", "limits", NULL};
	static const char *const agent[] = {"id", "site", "segment", "interface", "version", NULL};
	static const char *const window[] = {"start", "end", NULL};
	static const char *const cap_req[] = {"source", "packets", "bytes", "dropped", "evicted", NULL};
	static const char *const cap_all[] = {"source", "packets", "bytes", "dropped", "evicted", "truncated", NULL};
	static const char *const subnet[] = {"prefix", "from", NULL};
	static const char *const subnet_all[] = {"prefix", "from", "vlan", NULL};
	static const char *const froms[] = {"config", "dhcp", "arp", "ra", "nd", NULL};
	static const char *const sources[] = {"live", "file", NULL};
	const char *s;

	if (check_object(r, "", root, top_all, top) < 0)
		return -1;
	if (get_str(r, "", root, "schema", 0, &s) < 0)
		return -1;
	if (strcmp(s, EW_REPORT_SCHEMA) != 0)
		return fail(r, "schema", "not " EW_REPORT_SCHEMA " (a schema this collector does not read)");
	if (get_str(r, "", root, "report_id", 0, &s) < 0)
		return -1;
	if (!uuid_ok(s))
		return fail(r, "report_id", "not a UUID (lowercase 8-4-4-4-12 hex)");
	memcpy(out->report_id, s, 37);

	struct json_object *o = field(root, "agent");
	if (check_object(r, "agent", o, agent, agent) < 0 || dup_str(r, "agent", o, "id", 0, &out->agent_id) < 0 ||
	    dup_str(r, "agent", o, "site", 0, &out->site) < 0 || dup_str(r, "agent", o, "segment", 0, &out->segment) < 0 ||
	    dup_str(r, "agent", o, "interface", 0, &out->interface) < 0 ||
	    dup_str(r, "agent", o, "version", 0, &out->version) < 0)
		return -1;

	o = field(root, "window");
	if (check_object(r, "window", o, window, window) < 0 || get_time(r, "window", o, "start", &out->window_start) < 0 ||
	    get_time(r, "window", o, "end", &out->window_end) < 0)
		return -1;
	if (out->window_end < out->window_start)
		return fail(r, "window.end", "before window.start");

	o = field(root, "capture");
	if (check_object(r, "capture", o, cap_all, cap_req) < 0 || get_str(r, "capture", o, "source", 0, &s) < 0)
		return -1;
	if (!in_list(s, sources))
		return fail(r, "capture.source", "not live or file");
	snprintf(out->source, sizeof out->source, "%s", s);
	if (get_count(r, "capture", o, "packets", 0, &out->packets) < 0 ||
	    get_count(r, "capture", o, "bytes", 0, &out->bytes) < 0 ||
	    get_count(r, "capture", o, "dropped", 0, &out->dropped) < 0 ||
	    get_count(r, "capture", o, "evicted", 0, &out->evicted) < 0)
		return -1;
	if (field(o, "truncated")) {
		if (get_bool(r, "capture", o, "truncated", &out->truncated) < 0)
			return -1;
		if (!out->truncated)
			return fail(r, "capture.truncated", "present but not true");
	}

	if (json_object_object_get_ex(root, "helpers", NULL) && read_helpers(r, field(root, "helpers")) < 0)
		return -1; /* present, even as null: checked */

	o = field(root, "subnets");
	if (!json_object_is_type(o, json_type_array))
		return fail(r, "subnets", "not an array");
	size_t n = json_object_array_length(o);
	if (n > EW_REPORT_SUBNETS_MAX)
		return fail(r, "subnets", "more than %u subnets", EW_REPORT_SUBNETS_MAX);
	out->subnets = calloc(n ? n : 1, sizeof *out->subnets);
	if (!out->subnets)
		return fail(r, "subnets", "out of memory");
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX_LEN], pk[PATH_MAX_LEN];
		idx(p, "subnets", i);
		struct json_object *e = json_object_array_get_idx(o, i);
		struct ew_report_subnet *sn = &out->subnets[i];
		if (check_object(r, p, e, subnet_all, subnet) < 0 || get_str(r, p, e, "prefix", 0, &s) < 0)
			return -1;
		const char *slash = strchr(s, '/');
		struct ew_ip tmp;
		char addr[EW_IP_STRLEN];
		size_t al = slash ? (size_t)(slash - s) : 0;
		bool ok = slash && al < sizeof addr && ew_prefix_parse(s, &sn->prefix);
		if (ok) {
			memcpy(addr, s, al);
			addr[al] = '\0';
			ok = (ipv4_ok(addr, &tmp) || ipv6_ok(addr, &tmp)) && digits(slash + 1, strlen(slash + 1)) &&
			     strlen(slash + 1) >= 1 && strlen(slash + 1) <= 3;
		}
		if (!ok) {
			sub(pk, p, "prefix");
			return fail(r, pk, "not an address prefix");
		}
		if (get_str(r, p, e, "from", 0, &s) < 0)
			return -1;
		if (!in_list(s, froms)) {
			sub(pk, p, "from");
			return fail(r, pk, "not config, dhcp, arp, ra or nd");
		}
		snprintf(sn->from, sizeof sn->from, "%s", s);
		sn->vlan = -1;
		struct json_object *v = field(e, "vlan");
		if (v && !json_object_is_type(v, json_type_null)) {
			sub(pk, p, "vlan");
			int64_t vl = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
			if (vl < 1 || vl > 4095)
				return fail(r, pk, "not a VLAN id (1-4095) or null");
			sn->vlan = (int)vl;
		}
		out->subnet_count++;
	}

	o = field(root, "candidates");
	if (!json_object_is_type(o, json_type_array))
		return fail(r, "candidates", "not an array");
	n = json_object_array_length(o);
	if (n > EW_REPORT_CANDIDATES_MAX)
		return fail(r, "candidates", "more than %u candidates", EW_REPORT_CANDIDATES_MAX);
	out->candidates = calloc(n ? n : 1, sizeof *out->candidates);
	if (!out->candidates)
		return fail(r, "candidates", "out of memory");
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX_LEN];
		idx(p, "candidates", i);
		out->candidate_count++;
		if (read_candidate(r, p, json_object_array_get_idx(o, i), &out->candidates[i]) < 0)
			return -1;
	}
	if (get_count(r, "", root, "hosts_seen", 0, &out->hosts_seen) < 0)
		return -1;
	return read_limits(r, field(root, "limits"), out);
}

int ew_report_read(const char *text, size_t len, struct ew_report *out, char *err, size_t errlen)
{
	struct rr r = {err, errlen};
	memset(out, 0, sizeof *out);
	if (err && errlen)
		err[0] = '\0';
	if (len > EW_REPORT_TEXT_MAX || len > (size_t)INT32_MAX)
		return fail(&r, "", "larger than %u bytes", EW_REPORT_TEXT_MAX);
	if (memchr(text, '\0', len))
		return fail(&r, "", "not JSON text (a NUL byte)");
	struct json_tokener *tok = json_tokener_new_ex(EW_REPORT_DEPTH_MAX);
	if (!tok)
		return fail(&r, "", "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *root = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error je = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	int rc;
	if (!root || je != json_tokener_success) {
		if (je == json_tokener_continue)
			rc = fail(&r, "", "not JSON: the text ends inside a value");
		else
			rc = fail(&r, "", "not JSON at byte %zu: %s", used, json_tokener_error_desc(je));
	} else {
		while (used < len && (text[used] == ' ' || text[used] == '\t' || text[used] == '\r' || text[used] == '\n'))
			used++;
		if (used < len)
			rc = fail(&r, "", "not JSON: more text after the report at byte %zu", used);
		else
			rc = read_report(&r, root, out);
	}
	json_object_put(root);
	if (rc < 0)
		ew_report_read_free(out);
	return rc;
}

void ew_report_read_free(struct ew_report *r)
{
	if (!r)
		return;
	free(r->agent_id);
	free(r->site);
	free(r->segment);
	free(r->interface);
	free(r->version);
	free(r->subnets);
	for (size_t i = 0; i < r->candidate_count; i++) {
		struct ew_report_candidate *c = &r->candidates[i];
		free(c->vendor);
		free(c->reason);
		free(c->ipv4);
		free(c->ipv6);
		for (size_t j = 0; j < c->role_count; j++)
			free(c->roles[j]);
		free(c->roles);
		free(c->evidence_json);
		free(c->evidence_summary);
		free(c->location);
	}
	free(r->candidates);
	memset(r, 0, sizeof *r);
}
