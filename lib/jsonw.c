/* jsonw.c - json-c helpers for wire values. */
#include "egresswatch/jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
		if (!big)
			return json_object_new_string("");
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
	struct json_object *j = json_object_new_string_len(out, (int)o);
	free(big);
	return j;
}

struct json_object *ew_json_mac(const struct ew_mac *m)
{
	char s[EW_MAC_STRLEN];
	ew_mac_str(m, s);
	return json_object_new_string(s);
}

struct json_object *ew_json_ip(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_NONE)
		return NULL;
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	return json_object_new_string(s);
}

struct json_object *ew_json_prefix(const struct ew_prefix *p)
{
	char s[EW_PREFIX_STRLEN];
	ew_prefix_str(p, s);
	return json_object_new_string(s);
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
	return json_object_new_string_len(buf, (int)o);
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
		json_object_object_add(o, key, v);
}

void ew_json_add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

void ew_json_add_bool(struct json_object *o, const char *key, int v)
{
	json_object_object_add(o, key, json_object_new_boolean(v != 0));
}

void ew_json_add_str(struct json_object *o, const char *key, const struct ew_str *s)
{
	if (s->len || s->truncated)
		json_object_object_add(o, key, ew_json_wire_string(s->s, s->len));
}

void ew_json_add_lstr(struct json_object *o, const char *key, const struct ew_lstr *s)
{
	if (s->len || s->truncated)
		json_object_object_add(o, key, ew_json_wire_string(s->s, s->len));
}

void ew_json_add_cstr(struct json_object *o, const char *key, const char *s)
{
	if (s)
		json_object_object_add(o, key, json_object_new_string(s));
}

void ew_json_add_mac(struct json_object *o, const char *key, const struct ew_mac *m)
{
	json_object_object_add(o, key, ew_json_mac(m));
}

void ew_json_add_ip(struct json_object *o, const char *key, const struct ew_ip *ip)
{
	ew_json_add(o, key, ew_json_ip(ip));
}

void ew_json_add_bytes(struct json_object *o, const char *key, const struct ew_bytes *b)
{
	if (b->p)
		json_object_object_add(o, key, ew_json_hex(b->p, b->len));
}

void ew_json_add_ip_list(struct json_object *o, const char *key, const struct ew_ip *ips, size_t n)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = ew_json_ip(&ips[i]);
		if (v)
			json_object_array_add(a, v);
	}
	json_object_object_add(o, key, a);
}
