/* SPDX-License-Identifier: ISC */
/* export_jsonw.h - JSON text written as it is made, laid out byte for byte
 * as json-c prints a tree with JSON_C_TO_STRING_PRETTY | _SPACED |
 * _NOSLASHESCAPE: the JSON export of 100,000 devices without a 100,000-node
 * tree or one 150 MB json-c buffer (docs/ARCHITECTURE.md, the collector).
 *
 * Strings are wire strings, as ew_json_wire_string makes them: valid UTF-8
 * is kept, each invalid byte (and NUL) becomes U+FFFD; then escaped as json-c
 * escapes (\" \\ \b \f \n \r \t, other controls \u00xx, '/' as is). A value
 * json-c has parsed (evidence) is written as json-c prints it: its strings
 * byte for byte (a NUL as \u0000), its numbers with json-c's text. Pure:
 * appends to an ew_buf. */
#ifndef EGRESSWATCH_COLLECTOR_EXPORT_JSONW_H
#define EGRESSWATCH_COLLECTOR_EXPORT_JSONW_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/buf.h"

/* Containers open at once; deeper is a failure. A parsed value nests up to
 * json-c's parse depth, placed a few levels into the document. */
#define EW_EXPORT_JSONW_DEPTH (JSON_TOKENER_DEFAULT_DEPTH + 16)

#define EW_EXPORT_JSONW_STAGE 16384u /* bytes gathered before one append to out */

struct ew_export_jsonw {
	struct ew_buf *out;
	char stage[EW_EXPORT_JSONW_STAGE]; /* text not yet in out: one ew_buf_add per 16 KiB, not per token */
	size_t staged;
	unsigned depth;                       /* containers open */
	char open[EW_EXPORT_JSONW_DEPTH];     /* '{' or '[' for each */
	bool had[EW_EXPORT_JSONW_DEPTH];      /* it holds an item already */
	bool ok;                              /* false after any failure: the text is not whole */
};

void ew_export_jsonw_init(struct ew_export_jsonw *w, struct ew_buf *out);
/* The next member of the open object; its value follows. key is the
 * program's own name, written as given (no escaping). */
void ew_export_jsonw_key(struct ew_export_jsonw *w, const char *key);
/* Values: the root, an array item, or after a key. */
void ew_export_jsonw_object(struct ew_export_jsonw *w);
void ew_export_jsonw_array(struct ew_export_jsonw *w);
void ew_export_jsonw_end(struct ew_export_jsonw *w); /* closes the innermost */
void ew_export_jsonw_string(struct ew_export_jsonw *w, const char *s, size_t n);
void ew_export_jsonw_cstr(struct ew_export_jsonw *w, const char *s); /* NULL: "" */
void ew_export_jsonw_int(struct ew_export_jsonw *w, int64_t v);
void ew_export_jsonw_bool(struct ew_export_jsonw *w, bool v);
void ew_export_jsonw_null(struct ew_export_jsonw *w);
/* v printed by json-c in place (v is released; NULL is a failure). */
void ew_export_jsonw_json(struct ew_export_jsonw *w, struct json_object *v);
/* v (a tree json-c made, kept by the caller; NULL is null) written in place
 * as json-c would print it, without json-c's buffer. */
void ew_export_jsonw_tree(struct ew_export_jsonw *w, struct json_object *v);
/* Moves what is staged into out. True when every append succeeded and
 * every container is closed. */
bool ew_export_jsonw_finish(struct ew_export_jsonw *w);

#endif
