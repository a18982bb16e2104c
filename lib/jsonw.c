/* SPDX-License-Identifier: ISC */
/* jsonw.c - json-c helpers for wire values. */
#include "egresswatch/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- allocation failures (see jsonw.h) ---- */

static _Thread_local bool failed;

void ew_json_clear_failed(void) { failed = false; }
bool ew_json_failed(void) { return failed; }
void ew_json_set_failed(void) { failed = true; }

/* v, or the failure recorded when it is NULL */
static struct json_object *made(struct json_object *v)
{
	if (!v)
		failed = true;
	return v;
}

struct json_object *ew_json_obj(void) { return made(json_object_new_object()); }
struct json_object *ew_json_arr(void) { return made(json_object_new_array()); }
struct json_object *ew_json_string(const char *s) { return made(json_object_new_string(s)); }
struct json_object *ew_json_int(int64_t v) { return made(json_object_new_int64(v)); }
struct json_object *ew_json_bool(int v) { return made(json_object_new_boolean(v != 0)); }
struct json_object *ew_json_double_s(double v, const char *text) { return made(json_object_new_double_s(v, text)); }

void ew_json_push(struct json_object *arr, struct json_object *v)
{
	if (!arr || !v || json_object_array_add(arr, v) != 0) {
		failed = true;
		json_object_put(v); /* not taken: json-c leaves it to the caller */
	}
}

void ew_json_set(struct json_object *o, const char *key, struct json_object *v)
{
	if (!o || json_object_object_add(o, key, v) != 0) {
		failed = true;
		json_object_put(v);
	}
}

/* The length json-c's serialiser gives o (json_object.c: the object, array
 * and string writers, for the PLAIN, SPACED, PRETTY, PRETTY_TAB and
 * NOSLASHESCAPE flags), computed without allocating except for doubles,
 * which print their own text. json-c ignores a failed growth of its buffer
 * in the middle of a document and carries on, leaving a hole; appends are
 * all or nothing, so a hole always makes the text shorter than this. */
static size_t escaped_len(const char *str, size_t len, int flags)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];
		if (c == '\b' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '"' || c == '\\')
			n += 2;
		else if (c == '/')
			n += (flags & JSON_C_TO_STRING_NOSLASHESCAPE) ? 1 : 2;
		else if (c < ' ')
			n += 6; /* \u00XX */
		else
			n += 1;
	}
	return n;
}

static size_t indent_len(int level, int flags)
{
	if (!(flags & JSON_C_TO_STRING_PRETTY))
		return 0;
	return (flags & JSON_C_TO_STRING_PRETTY_TAB) ? (size_t)level : (size_t)level * 2;
}

static bool text_len(struct json_object *o, int flags, int level, size_t *n)
{
	bool pretty = flags & JSON_C_TO_STRING_PRETTY, spaced = (flags & JSON_C_TO_STRING_SPACED) && !pretty;
	switch (json_object_get_type(o)) {
	case json_type_null: *n += 4; return true;
	case json_type_boolean: *n += json_object_get_boolean(o) ? 4 : 5; return true;
	case json_type_int: {
		char buf[24];
		int64_t v = json_object_get_int64(o);
		uint64_t u = json_object_get_uint64(o);
		if (v == INT64_MAX && u > (uint64_t)INT64_MAX) /* made by json_object_new_uint64 */
			*n += (size_t)snprintf(buf, sizeof buf, "%" PRIu64, u);
		else
			*n += (size_t)snprintf(buf, sizeof buf, "%" PRId64, v);
		return true;
	}
	case json_type_double: {
		size_t l = 0;
		if (!json_object_to_json_string_length(o, flags, &l))
			return false;
		*n += l;
		return true;
	}
	case json_type_string:
		*n += 2 + escaped_len(json_object_get_string(o), (size_t)json_object_get_string_len(o), flags);
		return true;
	case json_type_array:
	case json_type_object: {
		bool obj = json_object_get_type(o) == json_type_object;
		size_t count = 0;
		*n += 1 + pretty; /* "[" or "{", "\n" */
		if (obj) {
			json_object_object_foreach(o, key, v)
			{
				*n += (count ? 1 + pretty : 0) + spaced + indent_len(level + 1, flags);
				*n += 1 + escaped_len(key, strlen(key), flags) + ((flags & JSON_C_TO_STRING_SPACED) ? 3 : 2);
				if (!v)
					*n += 4;
				else if (!text_len(v, flags, level + 1, n))
					return false;
				count++;
			}
		} else {
			for (size_t i = 0, len = json_object_array_length(o); i < len; i++, count++) {
				struct json_object *v = json_object_array_get_idx(o, i);
				*n += (count ? 1 + pretty : 0) + spaced + indent_len(level + 1, flags);
				if (!v)
					*n += 4;
				else if (!text_len(v, flags, level + 1, n))
					return false;
			}
		}
		if (pretty)
			*n += (count ? 1 : 0) + indent_len(level, flags);
		*n += spaced ? 2 : 1; /* " ]" or "]" */
		return true;
	}
	default: return false;
	}
}

const char *ew_json_text(struct json_object *o, int flags)
{
	size_t want = 0, len = 0;
	const char *txt = o && text_len(o, flags, 0, &want) ? json_object_to_json_string_length(o, flags, &len) : NULL;
	if (!txt || len != want || strlen(txt) != len) {
		failed = true;
		return NULL;
	}
	return txt;
}

/* Length of a valid UTF-8 sequence at p (1-4), or 0 if invalid (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t need;
	unsigned lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0;
		if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < need)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

struct json_object *ew_json_wire_string(const char *s, size_t n)
{
	/* worst case every byte becomes the 3-byte U+FFFD */
	char buf[3 * EW_LSTR_MAX + 8];
	char *big = NULL, *out = buf;
	if (n > EW_LSTR_MAX) {
		big = malloc(3 * n + 1);
		if (!big) {
			failed = true;
			return NULL;
		}
		out = big;
	}
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);
		if (k == 0 || (k == 1 && p[i] == 0)) {
			/* NUL inside a wire string is replaced too: C consumers stop at it */
			out[o++] = (char)0xef;
			out[o++] = (char)0xbf;
			out[o++] = (char)0xbd;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	struct json_object *j = made(json_object_new_string_len(out, (int)o));
	free(big);
	return j;
}

struct json_object *ew_json_mac(const struct ew_mac *m)
{
	char s[EW_MAC_STRLEN];
	ew_mac_str(m, s);
	return made(json_object_new_string(s));
}

struct json_object *ew_json_ip(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_NONE)
		return NULL;
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	return made(json_object_new_string(s));
}

struct json_object *ew_json_prefix(const struct ew_prefix *p)
{
	char s[EW_PREFIX_STRLEN];
	ew_prefix_str(p, s);
	return made(json_object_new_string(s));
}

struct json_object *ew_json_hex(const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char buf[2 * 512 + 4];
	size_t keep = n > 512 ? 512 : n, o = 0;
	for (size_t i = 0; i < keep; i++) {
		buf[o++] = hex[p[i] >> 4];
		buf[o++] = hex[p[i] & 15];
	}
	if (keep < n) {
		buf[o++] = '.';
		buf[o++] = '.';
		buf[o++] = '.';
	}
	return made(json_object_new_string_len(buf, (int)o));
}

void ew_rfc3339(int64_t usec, char out[64])
{
	time_t sec = (time_t)(usec / 1000000);
	long frac = (long)(usec % 1000000);
	if (frac < 0) {
		frac += 1000000;
		sec--;
	}
	struct tm tm;
	if (!gmtime_r(&sec, &tm)) {
		snprintf(out, 64, "1970-01-01T00:00:00.000000Z");
		return;
	}
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

void ew_json_add(struct json_object *o, const char *key, struct json_object *v)
{
	if (v)
		ew_json_set(o, key, v);
}

void ew_json_add_int(struct json_object *o, const char *key, int64_t v)
{
	ew_json_add(o, key, ew_json_int(v));
}

void ew_json_add_bool(struct json_object *o, const char *key, int v)
{
	ew_json_add(o, key, ew_json_bool(v));
}

void ew_json_add_str(struct json_object *o, const char *key, const struct ew_str *s)
{
	if (s->len || s->truncated)
		ew_json_add(o, key, ew_json_wire_string(s->s, s->len));
}

void ew_json_add_lstr(struct json_object *o, const char *key, const struct ew_lstr *s)
{
	if (s->len || s->truncated)
		ew_json_add(o, key, ew_json_wire_string(s->s, s->len));
}

void ew_json_add_cstr(struct json_object *o, const char *key, const char *s)
{
	if (s)
		ew_json_add(o, key, ew_json_string(s));
}

void ew_json_add_mac(struct json_object *o, const char *key, const struct ew_mac *m)
{
	ew_json_add(o, key, ew_json_mac(m));
}

void ew_json_add_ip(struct json_object *o, const char *key, const struct ew_ip *ip)
{
	ew_json_add(o, key, ew_json_ip(ip));
}

void ew_json_add_bytes(struct json_object *o, const char *key, const struct ew_bytes *b)
{
	if (b->p)
		ew_json_add(o, key, ew_json_hex(b->p, b->len));
}

void ew_json_add_ip_list(struct json_object *o, const char *key, const struct ew_ip *ips, size_t n)
{
	struct json_object *a = ew_json_arr();
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = ew_json_ip(&ips[i]);
		if (v)
			ew_json_push(a, v);
	}
	ew_json_add(o, key, a);
}
