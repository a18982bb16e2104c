/* SPDX-License-Identifier: ISC */
/* fuzz_locate.c - libFuzzer: switch answers (SNMP rows) into locate.c.
 *
 * The input is a sequence of rows for two switches, so the fuzzer can build
 * any answer a hostile or broken switch could give, whatever the SNMP layer
 * let through: each row is
 *     switch(1: bit 0)  column(1)  index length(1, 0..15)  index sub-ids(4 each, little-endian)
 *     type(1: 0 other, 1 integer, 2 octets)  value (integer: 8 bytes; octets: length(1) + bytes)
 * The column picks one of the objects locate.c reads (or, past them, an OID
 * of the fuzzer's own), dot1qVlanFdbId (FDB id -> VLANs) among them. Then
 * both tables are finished and linked, a few MACs (fixed ones, and those from
 * the input) are located as seen untagged and as seen on the VLAN of the last
 * dot1qVlanFdbId row (a shared FDB's VLAN), each result's JSON must parse
 * back as valid JSON, and its text is written to /dev/null. The input is
 * copied into an exact-size allocation so a one-byte over-read is caught.
 */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locate.h"
#include "locate_json.h"

static const uint32_t COLS[][14] = {
	{ 9, 1, 3, 6, 1, 2, 1, 17, 1, 1 },
	{ 11, 1, 3, 6, 1, 2, 1, 17, 1, 4, 1, 2 },
	{ 11, 1, 3, 6, 1, 2, 1, 17, 4, 3, 1, 2 },
	{ 13, 1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2 },
	{ 10, 1, 3, 6, 1, 2, 1, 2, 2, 1, 2 },
	{ 11, 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1 },
	{ 11, 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18 },
	{ 11, 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 5 },
	{ 11, 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9 },
	{ 11, 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 12 },
	{ 13, 1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 2, 1, 3 }, /* dot1qVlanFdbId.timeMark.vlanIndex */
};
#define COL_VLAN_FDB_ID 10
#define NCOLS (sizeof COLS / sizeof COLS[0])

struct rd {
	const uint8_t *p;
	size_t n;
	bool bad;
};

static uint8_t u8(struct rd *r)
{
	if (!r->n) {
		r->bad = true;
		return 0;
	}
	r->n--;
	return *r->p++;
}

static uint32_t u32(struct rd *r)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)u8(r) << (8 * i);
	return v;
}

static void check_json(struct json_object *o)
{
	const char *txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	struct json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *back = json_tokener_parse_ex(tok, txt, (int)strlen(txt));
	if (!back || json_tokener_get_error(tok) != json_tokener_success) {
		fprintf(stderr, "location JSON does not parse back: %s\n", txt);
		abort();
	}
	json_object_put(back);
	json_tokener_free(tok);
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	static struct ew_locate_table tabs[2];
	static bool init;
	static FILE *devnull;
	if (!init) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
		/* a small cap so the fuzzer reaches it */
		if (ew_locate_table_init(&tabs[0], "sw-core", 64) || ew_locate_table_init(&tabs[1], "sw-3f-e", 64))
			abort();
		init = true;
	}
	ew_locate_table_reset(&tabs[0]);
	ew_locate_table_reset(&tabs[1]);
	struct ew_mac seen[4] = { { { 0, 0x1b, 0x8b, 0x30, 0x50, 3 } } };
	size_t nseen = 1;
	uint16_t seen_vlan = 0;
	struct rd r = { copy, size, false };
	while (r.n && !r.bad) {
		struct ew_locate_vb vb;
		memset(&vb, 0, sizeof vb);
		uint8_t sw = u8(&r) & 1, col = u8(&r), ilen = u8(&r) & 15;
		size_t k = 0;
		if (col < NCOLS) {
			memcpy(vb.oid, COLS[col] + 1, COLS[col][0] * sizeof(uint32_t));
			k = COLS[col][0];
		} else {
			vb.oid[k++] = col; /* an OID of the fuzzer's own */
		}
		for (uint8_t i = 0; i < ilen && k < EW_LOCATE_OID_MAX; i++)
			vb.oid[k++] = u32(&r);
		vb.oid_len = k;
		uint8_t type = u8(&r) % 3;
		vb.type = (enum ew_locate_vtype)type;
		if (type == EW_LOCATE_V_INT) {
			uint64_t v = (uint64_t)u32(&r) | (uint64_t)u32(&r) << 32;
			memcpy(&vb.integer, &v, sizeof v);
		} else if (type == EW_LOCATE_V_OCTETS) {
			uint8_t l = u8(&r);
			for (uint8_t i = 0; i < l && !r.bad; i++)
				vb.octets[vb.octets_len++] = u8(&r);
		}
		if (r.bad)
			break;
		if (col == COL_VLAN_FDB_ID && vb.oid_len >= 1)
			seen_vlan = (uint16_t)vb.oid[vb.oid_len - 1];
		if (nseen < 4 && vb.oid_len >= 6 && (col == 2 || col == 3)) {
			for (int i = 0; i < 6; i++)
				seen[nseen].b[i] = (uint8_t)vb.oid[vb.oid_len - 6 + (size_t)i];
			nseen++;
		}
		ew_locate_table_add(&tabs[sw], &vb);
	}
	tabs[0].answered = true;
	tabs[1].answered = size & 1; /* sometimes a switch that did not answer */
	if (!tabs[1].answered)
		snprintf(tabs[1].error, sizeof tabs[1].error, "no answer");
	ew_locate_table_finish(&tabs[0]);
	if (tabs[1].answered)
		ew_locate_table_finish(&tabs[1]);
	struct ew_locate_table *ptrs[2] = { &tabs[0], &tabs[1] };
	ew_locate_link(ptrs, 2);
	for (size_t i = 0; i < 2 * nseen; i++) {
		struct ew_locate_result res;
		ew_locate_mac_vlan(ptrs, 2, &seen[i / 2], i % 2 ? seen_vlan : 0, (uint32_t)(size % 5), &res);
		if (res.status == EW_LOCATE_FOUND && (res.chosen < 0 || (size_t)res.chosen >= res.seen_n))
			abort();
		for (size_t k = 0; k < res.seen_n; k++) /* a VLAN is 1..4094 or none, and says where it came from */
			if (res.seen[k].vlan > EW_LOCATE_VLAN_ID_MAX ||
			    (res.seen[k].vlan == 0) != (res.seen[k].vlan_from == EW_LOCATE_VLAN_NONE ||
							res.seen[k].vlan_from == EW_LOCATE_VLAN_SHARED ||
							res.seen[k].vlan_from == EW_LOCATE_VLAN_NOT_MAPPED))
				abort();
		check_json(ew_locate_json(ptrs, 2, &res));
		ew_locate_json_text(devnull, &seen[i / 2], ptrs, 2, &res);
	}
	free(copy);
	return 0;
}
