/* SPDX-License-Identifier: ISC */
/* fuzz_exports.c - reconcile and every text export on sheet lines and
 * devices made from the input: the exports are where untrusted bytes from
 * the sheet, a forged report or the wire meet a spreadsheet, a browser and a
 * terminal. Checks what the exports promise for any bytes:
 *   - HTML: no tag from the data (<script, <img, <svg, <iframe never appear;
 *     the page itself uses none of them);
 *   - text: no control byte but LF reaches the terminal;
 *   - CSV: no cell starts with = + - @ tab CR or LF;
 *   - JSON: parses back, and json-c prints it back byte for byte (the
 *     export writes json-c's layout itself: export_jsonw.c).
 * (XLSX goes through the same sheet cells, written with
 * worksheet_write_string; it is left out here because it writes files.)
 *
 * Input: records split at NUL bytes. Record 0's first two bytes give the
 * number of lines and devices (each mod 8); then each line takes a record
 * (6 MAC bytes, 4 IPv4 bytes, 1 flags byte, then text fields split at 0x1f)
 * and each device the same (text: vendor, roles, reason, evidence summary,
 * evidence JSON, class). Each input is copied into an exact-size allocation
 * so AddressSanitizer sees a one-byte over-read. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/buf.h"
#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_text.h"
#include "reconcile.h"

#define FZ_MAX 8
#define FZ_OUT_MAX (8u * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rd {
	const uint8_t *p;
	size_t n;
};

/* The next NUL-terminated record (the NUL is not part of it). */
static struct rd next_record(struct rd *in)
{
	struct rd r = {in->p, 0};
	while (r.n < in->n && in->p[r.n] != 0)
		r.n++;
	size_t skip = r.n < in->n ? r.n + 1 : r.n;
	in->p += skip;
	in->n -= skip;
	return r;
}

/* The next text field (up to 0x1f) of a record, as a new C string. */
static char *next_text(struct rd *r)
{
	size_t n = 0;
	while (n < r->n && r->p[n] != 0x1f)
		n++;
	char *s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, r->p, n);
	s[n] = '\0';
	size_t skip = n < r->n ? n + 1 : n;
	r->p += skip;
	r->n -= skip;
	return s;
}

static void take(struct rd *r, uint8_t *out, size_t n)
{
	memset(out, 0, n);
	size_t k = n < r->n ? n : r->n;
	memcpy(out, r->p, k);
	r->p += k;
	r->n -= k;
}

static void check_no_tag(const char *s, const char *tag)
{
	if (strstr(s, tag))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	struct rd in = {copy, size};
	struct rd head = next_record(&in);
	size_t nl = head.n > 0 ? head.p[0] % FZ_MAX : 0, nd = head.n > 1 ? head.p[1] % FZ_MAX : 0;

	struct ew_ledger_line lines[FZ_MAX];
	struct ew_device devs[FZ_MAX];
	memset(lines, 0, sizeof lines);
	memset(devs, 0, sizeof devs);
	for (size_t i = 0; i < nl; i++) {
		struct rd r = next_record(&in);
		struct ew_ledger_line *l = &lines[i];
		uint8_t ip[4], flags;
		take(&r, l->macs[0].b, EW_MAC_LEN);
		take(&r, ip, 4);
		take(&r, &flags, 1);
		l->row = (unsigned)i + 2;
		l->mac_count = flags & 1;
		if (flags & 2) {
			l->ips[0] = ew_ip4_from_bytes(ip);
			l->ip_count = 1;
		}
		if (flags & 4) { /* the previous line's MAC again */
			if (i > 0)
				l->macs[0] = lines[i - 1].macs[0];
		}
		l->emr_connected = (enum ew_yesno)(flags >> 4 & 3) % 3;
		l->want_version_check = (enum ew_yesno)(flags >> 6 & 1);
		char **f[] = {&l->no, &l->purpose, &l->service, &l->line_id, &l->carrier, &l->holder, &l->device_kind,
		              &l->maker, &l->model, &l->location, &l->department, &l->vendor, &l->method, &l->note};
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
			*f[k] = next_text(&r);
	}
	for (size_t i = 0; i < nd; i++) {
		struct rd r = next_record(&in);
		struct ew_device *d = &devs[i];
		uint8_t ip[4], flags;
		take(&r, d->mac.b, EW_MAC_LEN);
		take(&r, ip, 4);
		take(&r, &flags, 1);
		d->vlan = flags & 8 ? (int)(flags & 7) : -1;
		if (flags & 1) {
			d->ipv4[0] = ew_ip4_from_bytes(ip);
			d->ipv4_count = 1;
		}
		d->routes = flags & 2;
		d->declared = flags & 4;
		d->infrastructure = flags & 16;
		d->confidence = (double)(flags >> 5) / 7.0;
		d->first_seen = (int64_t)flags * 1000000;
		d->last_seen = d->first_seen + 1;
		d->vendor = next_text(&r);
		d->roles = next_text(&r);
		d->reason = next_text(&r);
		d->evidence_summary = next_text(&r);
		d->evidence_json = next_text(&r);
		char *cls = next_text(&r);
		snprintf(d->cls, sizeof d->cls, "%s", cls);
		free(cls);
		if (flags & 1 && i > 0 && nl > 0) /* a line's address, sometimes */
			d->ipv4[0] = lines[0].ips[0].family ? lines[0].ips[0] : d->ipv4[0];
	}
	struct ew_ledger lg = {.lines = lines, .count = nl};
	struct ew_reconciliation rc;
	if (ew_reconcile(&lg, devs, nd, &rc) == 0) {
		struct ew_buf b;
		ew_buf_init(&b, FZ_OUT_MAX);
		if (ew_export_html_write(&rc, &b) == 0) {
			check_no_tag(b.data, "<script");
			check_no_tag(b.data, "<img");
			check_no_tag(b.data, "<svg");
			check_no_tag(b.data, "<iframe");
		}
		ew_buf_reset(&b);
		if (ew_export_text_write(&rc, &b) == 0)
			for (size_t i = 0; i < b.len; i++)
				if (((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n') || b.data[i] == 0x7f)
					abort();
		ew_buf_reset(&b);
		if (ew_export_csv_write(&rc, EW_CSV_UTF8_BOM, &b) == 0) {
			/* every cell opens with a quote after a comma or a line start */
			for (size_t i = 3; i + 1 < b.len; i++) {
				bool open = b.data[i] == '"' && (b.data[i - 1] == ',' || b.data[i - 1] == '\n' || i == 3);
				if (!open)
					continue;
				/* skip the cell: a quote ends it unless doubled */
				unsigned char c = (unsigned char)b.data[i + 1];
				if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n')
					abort();
				size_t j = i + 1;
				while (j < b.len) {
					if (b.data[j] == '"' && j + 1 < b.len && b.data[j + 1] == '"')
						j += 2;
					else if (b.data[j] == '"')
						break;
					else
						j++;
				}
				i = j;
			}
		}
		ew_buf_reset(&b);
		(void)ew_export_csv_write(&rc, EW_CSV_CP932, &b);
		ew_buf_reset(&b);
		if (ew_export_json_write(&rc, &b) == 0) {
			/* deeper than json-c's default: a device's evidence may nest
			 * as deep as json-c parsed it, a few levels into the document */
			json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH + 8);
			if (tok == NULL)
				abort();
			struct json_object *o = json_tokener_parse_ex(tok, b.data, (int)b.len);
			if (o == NULL || json_tokener_get_error(tok) != json_tokener_success)
				abort();
			/* written as it goes, yet the bytes json-c prints for it */
			size_t len = 0;
			const char *txt = json_object_to_json_string_length(
				o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
			if (txt == NULL || len + 1 != b.len || memcmp(txt, b.data, len) != 0)
				abort();
			json_object_put(o);
			json_tokener_free(tok);
		}
		ew_buf_free(&b);
		ew_reconciliation_free(&rc);
	}
	for (size_t i = 0; i < nl; i++) {
		struct ew_ledger_line *l = &lines[i];
		char **f[] = {&l->no, &l->purpose, &l->service, &l->line_id, &l->carrier, &l->holder, &l->device_kind,
		              &l->maker, &l->model, &l->location, &l->department, &l->vendor, &l->method, &l->note};
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
			free(*f[k]);
	}
	for (size_t i = 0; i < nd; i++) {
		free(devs[i].vendor);
		free(devs[i].roles);
		free(devs[i].reason);
		free(devs[i].evidence_summary);
		free(devs[i].evidence_json);
	}
	free(copy);
	return 0;
}
