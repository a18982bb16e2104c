/* jsonw.h - small helpers for building json-c objects from wire values.
 * Wire strings may hold any bytes: ew_json_wire_string keeps valid UTF-8 and
 * replaces every invalid byte with U+FFFD, so the output is always valid JSON
 * text (json-c escapes control characters itself). */
#ifndef EGRESSWATCH_JSONW_H
#define EGRESSWATCH_JSONW_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "egresswatch/event.h"

struct json_object *ew_json_wire_string(const char *s, size_t n);
struct json_object *ew_json_mac(const struct ew_mac *m);
struct json_object *ew_json_ip(const struct ew_ip *ip);
struct json_object *ew_json_prefix(const struct ew_prefix *p);
/* Bytes as lowercase hex, at most 512 input bytes (longer input is cut and "…" appended). */
struct json_object *ew_json_hex(const uint8_t *p, size_t n);
/* RFC 3339 UTC with microseconds, from microseconds since the epoch. */
void ew_rfc3339(int64_t usec, char out[64]);

void ew_json_add(struct json_object *o, const char *key, struct json_object *v);
void ew_json_add_int(struct json_object *o, const char *key, int64_t v);
void ew_json_add_bool(struct json_object *o, const char *key, int v);
void ew_json_add_str(struct json_object *o, const char *key, const struct ew_str *s);   /* omitted when empty */
void ew_json_add_lstr(struct json_object *o, const char *key, const struct ew_lstr *s); /* omitted when empty */
void ew_json_add_cstr(struct json_object *o, const char *key, const char *s);
void ew_json_add_mac(struct json_object *o, const char *key, const struct ew_mac *m);
void ew_json_add_ip(struct json_object *o, const char *key, const struct ew_ip *ip);
void ew_json_add_bytes(struct json_object *o, const char *key, const struct ew_bytes *b); /* omitted when NULL */
void ew_json_add_ip_list(struct json_object *o, const char *key, const struct ew_ip *ips, size_t n);

#endif
