/* SPDX-License-Identifier: ISC */
/* jsonw.h - small helpers for building json-c objects from wire values.
 * Wire strings may hold any bytes: ew_json_wire_string keeps valid UTF-8 and
 * replaces every invalid byte with U+FFFD, so the output is always valid JSON
 * text (json-c escapes control characters itself). */
#ifndef EGRESSWATCH_JSONW_H
#define EGRESSWATCH_JSONW_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "egresswatch/event.h"

/* ---- allocation failures ----
 * json-c reports them only as NULL or -1 results, which are easy to drop:
 * json_object_object_add(o, k, NULL) stores a JSON null, a failed insert
 * leaves the key out, and a printbuf that cannot grow leaves holes in the
 * text. Every ew_json_* function below records such a failure in a sticky
 * per-thread flag; a writer clears it, builds, and checks it before using
 * the tree, so a report is never silently shorter than the truth. A NULL
 * from ew_json_ip() for "no address" is not a failure. */
void ew_json_clear_failed(void);
bool ew_json_failed(void);
/* Records a failure found by the caller (e.g. its own calloc). */
void ew_json_set_failed(void);
/* Checked constructors and inserts (NULL parents and values are failures
 * and are not passed to json-c, whose asserts would abort). */
struct json_object *ew_json_obj(void);
struct json_object *ew_json_arr(void);
struct json_object *ew_json_string(const char *s);
struct json_object *ew_json_int(int64_t v);
struct json_object *ew_json_bool(int v);
struct json_object *ew_json_double_s(double v, const char *text);
void ew_json_push(struct json_object *arr, struct json_object *v);
/* Like json_object_object_add; v may be NULL only to store a JSON null on purpose. */
void ew_json_set(struct json_object *o, const char *key, struct json_object *v);
/* The text of o, or NULL (and the flag set) when it cannot be made whole:
 * json-c serialises into a growing buffer and ignores a failed growth in the
 * middle, so the text's length is checked against the length o must have.
 * The string lives as long as o (or until the next call on o). */
const char *ew_json_text(struct json_object *o, int flags);

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
