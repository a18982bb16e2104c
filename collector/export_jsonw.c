/* SPDX-License-Identifier: ISC */
/* export_jsonw.c - JSON text in json-c's pretty layout, written as it is made
 * (export_jsonw.h). The layout rules are json-c 0.16's json_object.c
 * (json_object_object_to_json_string, json_object_array_to_json_string,
 * indent, json_escape_str); tests/collector/test_export.c checks the text
 * against json-c's own printing of it. */
#include "export_jsonw.h"

#include <string.h>

#include "egresswatch/jsonw.h"
#include "export_utf8.h"

#define JSONW_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

/* a newline and the indent of the deepest level: two spaces a level */
static const char newline_pad[] = "\n"
				  "                                                                "
				  "                                                                "
				  "                                ";
_Static_assert(sizeof newline_pad >= 2 + 2 * EW_EXPORT_JSONW_DEPTH, "the pad covers every level");

static void flush(struct ew_export_jsonw *w)
{
	if (w->ok && w->staged && !ew_buf_add(w->out, w->stage, w->staged))
		w->ok = false;
	w->staged = 0;
}

static void add(struct ew_export_jsonw *w, const void *p, size_t n)
{
	if (n > sizeof w->stage - w->staged) {
		flush(w);
		if (n > sizeof w->stage) {
			if (w->ok && !ew_buf_add(w->out, p, n))
				w->ok = false;
			return;
		}
	}
	memcpy(w->stage + w->staged, p, n);
	w->staged += n;
}

static void adds(struct ew_export_jsonw *w, const char *s)
{
	add(w, s, strlen(s));
}

/* A line break, then the indent of level (json-c's indent()). */
static void newline(struct ew_export_jsonw *w, unsigned level)
{
	add(w, newline_pad, 1 + 2 * (size_t)level);
}

/* Before a value: in an array, the separator and the item's indent; after a
 * key or at the root, nothing. */
static void value(struct ew_export_jsonw *w)
{
	if (w->depth == 0 || w->open[w->depth - 1] != '[')
		return;
	if (w->had[w->depth - 1])
		add(w, ",\n", 2);
	w->had[w->depth - 1] = true;
	add(w, newline_pad + 1, 2 * (size_t)w->depth);
}

void ew_export_jsonw_init(struct ew_export_jsonw *w, struct ew_buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->ok = true;
}

void ew_export_jsonw_key(struct ew_export_jsonw *w, const char *key)
{
	if (w->depth == 0 || w->open[w->depth - 1] != '{') {
		w->ok = false;
		return;
	}
	if (w->had[w->depth - 1])
		add(w, ",\n", 2);
	w->had[w->depth - 1] = true;
	add(w, newline_pad + 1, 2 * (size_t)w->depth);
	add(w, "\"", 1);
	adds(w, key);
	add(w, "\": ", 3);
}

static void open_container(struct ew_export_jsonw *w, char c)
{
	value(w);
	if (w->depth == EW_EXPORT_JSONW_DEPTH) {
		w->ok = false;
		return;
	}
	w->open[w->depth] = c;
	w->had[w->depth] = false;
	w->depth++;
	add(w, c == '{' ? "{\n" : "[\n", 2);
}

void ew_export_jsonw_object(struct ew_export_jsonw *w)
{
	open_container(w, '{');
}

void ew_export_jsonw_array(struct ew_export_jsonw *w)
{
	open_container(w, '[');
}

void ew_export_jsonw_end(struct ew_export_jsonw *w)
{
	if (w->depth == 0) {
		w->ok = false;
		return;
	}
	w->depth--;
	/* json-c: "\n" only after the last item, then the container's indent */
	if (w->had[w->depth])
		newline(w, w->depth);
	else
		add(w, newline_pad + 1, 2 * (size_t)w->depth);
	add(w, w->open[w->depth] == '{' ? "}" : "]", 1);
}

/* json-c's escape of a control character, '"' or '\\' (its length in
 * *len); NULL for any other byte. '/' and DEL stay as they are. */
static const char *ascii_escape(unsigned char c, char buf[8], size_t *len)
{
	static const char hex[] = "0123456789abcdef";
	*len = 2;
	switch (c) {
	case '\b': return "\\b";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\f': return "\\f";
	case '"': return "\\\"";
	case '\\': return "\\\\";
	default: break;
	}
	if (c >= 0x20)
		return NULL;
	memcpy(buf, "\\u00", 4);
	buf[4] = hex[c >> 4];
	buf[5] = hex[c & 15];
	*len = 6;
	return buf;
}

/* A string as json_escape_str writes it: bytes as they are but for the
 * escapes (what json-c parsed may hold a NUL or any byte). */
static void escaped(struct ew_export_jsonw *w, const char *s, size_t n)
{
	add(w, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		char buf[8];
		size_t len;
		const char *e = ascii_escape(c, buf, &len);
		add(w, s + run, i - run);
		if (e)
			add(w, e, len);
		else
			add(w, s + i, 1);
		run = i + 1;
	}
	add(w, s + run, n - run);
	add(w, "\"", 1);
}

void ew_export_jsonw_string(struct ew_export_jsonw *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	if (str == NULL)
		n = 0;
	value(w);
	add(w, "\"", 1);
	size_t run = 0; /* start of the bytes not yet written, all kept as they are */
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		add(w, s + run, i - run);
		if (c == 0) { /* NUL: U+FFFD, as ew_json_wire_string (C readers stop at it) */
			add(w, "\xEF\xBF\xBD", 3);
			i++;
		} else if (c < 0x80) {
			char buf[8];
			size_t len;
			const char *e = ascii_escape(c, buf, &len);
			if (e)
				add(w, e, len);
			else
				add(w, s + i, 1);
			i++;
		} else {
			uint32_t cp;
			size_t len = ew_export_utf8_next(s + i, n - i, &cp);
			if (len == 0) {
				add(w, "\xEF\xBF\xBD", 3);
				i++;
			} else {
				add(w, s + i, len);
				i += len;
			}
		}
		run = i;
	}
	add(w, s + run, n - run);
	add(w, "\"", 1);
}

void ew_export_jsonw_cstr(struct ew_export_jsonw *w, const char *s)
{
	ew_export_jsonw_string(w, s, s ? strlen(s) : 0);
}

void ew_export_jsonw_int(struct ew_export_jsonw *w, int64_t v)
{
	/* json-c's "%" PRId64, digits written from the right */
	char buf[24];
	size_t i = sizeof buf;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	value(w);
	add(w, buf + i, sizeof buf - i);
}

void ew_export_jsonw_bool(struct ew_export_jsonw *w, bool v)
{
	value(w);
	adds(w, v ? "true" : "false");
}

void ew_export_jsonw_null(struct ew_export_jsonw *w)
{
	value(w);
	add(w, "null", 4);
}

void ew_export_jsonw_json(struct ew_export_jsonw *w, struct json_object *v)
{
	value(w);
	/* json-c prints v as a root: every line after its first moves right by
	 * this level's indent. A JSON string holds no raw newline (json-c
	 * writes \n), so each newline in the text is the layout's. */
	const char *text = v && w->ok ? ew_json_text(v, JSONW_FLAGS) : NULL;
	if (text == NULL)
		w->ok = false;
	while (w->ok) {
		const char *nl = strchr(text, '\n');
		if (nl == NULL) {
			adds(w, text);
			break;
		}
		add(w, text, (size_t)(nl - text));
		newline(w, w->depth);
		text = nl + 1;
	}
	json_object_put(v);
}

void ew_export_jsonw_tree(struct ew_export_jsonw *w, struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		ew_export_jsonw_null(w);
		return;
	case json_type_boolean:
		ew_export_jsonw_bool(w, json_object_get_boolean(v));
		return;
	case json_type_int: {
		int64_t i = json_object_get_int64(v);
		uint64_t u = json_object_get_uint64(v);
		if (i == INT64_MAX && u > (uint64_t)INT64_MAX) { /* json-c's uint64, "%" PRIu64 */
			char buf[24];
			size_t k = sizeof buf;
			do {
				buf[--k] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			value(w);
			add(w, buf + k, sizeof buf - k);
		} else {
			ew_export_jsonw_int(w, i);
		}
		return;
	}
	case json_type_double: /* json-c prints the number's own text */
		ew_export_jsonw_json(w, json_object_get(v));
		return;
	case json_type_string:
		value(w);
		escaped(w, json_object_get_string(v), (size_t)json_object_get_string_len(v));
		return;
	case json_type_array: {
		ew_export_jsonw_array(w);
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n && w->ok; i++)
			ew_export_jsonw_tree(w, json_object_array_get_idx(v, i));
		ew_export_jsonw_end(w);
		return;
	}
	case json_type_object: {
		ew_export_jsonw_object(w);
		json_object_object_foreach(v, key, val)
		{
			if (!w->ok)
				break;
			/* ew_export_jsonw_key, with the key escaped: it came from outside */
			if (w->had[w->depth - 1])
				add(w, ",\n", 2);
			w->had[w->depth - 1] = true;
			add(w, newline_pad + 1, 2 * (size_t)w->depth);
			escaped(w, key, strlen(key));
			add(w, ": ", 2);
			ew_export_jsonw_tree(w, val);
		}
		ew_export_jsonw_end(w);
		return;
	}
	}
	w->ok = false; /* a type json-c does not have */
}

bool ew_export_jsonw_finish(struct ew_export_jsonw *w)
{
	flush(w);
	return w->ok && w->depth == 0;
}
