/* SPDX-License-Identifier: ISC */
/* fuzz_harness.h - the one libFuzzer harness; each tests/fuzz/fuzz_<name>.c
 * defines what to call and includes this file.
 *
 *   FUZZ_FRAME          whole-frame entry: ew_dissect_frame, the link type
 *                       chosen by the input's first byte (Ethernet, Linux
 *                       cooked v1, v2, raw IP); the frame is the rest.
 *   FUZZ_ENTRY(d, c)    one dissector entry point of dissect.h, called with
 *                       a cursor over the whole input, in a frame context:
 *   FUZZ_CTX            FUZZ_CTX_L2 (Ethernet source/destination known),
 *                       FUZZ_CTX_IP4 or FUZZ_CTX_IP6 (L2 plus an IP header
 *                       already read, with FUZZ_L4 / FUZZ_SPORT / FUZZ_DPORT).
 *   FUZZ_UDP_SHAPE      (UDP entry) the input's UDP checksum bytes choose the
 *                       IP destination and TTL, so each shape is reachable.
 *
 * Each input is copied into an allocation of exactly its size, so
 * AddressSanitizer reports a read even one byte past the end (the buffer
 * libFuzzer passes may have slack behind it). Every event is turned into JSON
 * (ew_event_to_json, json_object_to_json_string) and the text must parse back
 * as strict, valid UTF-8 JSON: the writers promise that for any wire bytes.
 */
#ifndef EW_FUZZ_HARNESS_H
#define EW_FUZZ_HARNESS_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/dissect.h"
#include "event_json.h"

#define FUZZ_CTX_L2 1
#define FUZZ_CTX_IP4 4
#define FUZZ_CTX_IP6 6

#ifndef FUZZ_CTX
#define FUZZ_CTX FUZZ_CTX_L2
#endif
#ifndef FUZZ_ETHERTYPE
#define FUZZ_ETHERTYPE 0
#endif
#ifndef FUZZ_L4
#define FUZZ_L4 0
#endif
#ifndef FUZZ_SPORT
#define FUZZ_SPORT 0
#endif
#ifndef FUZZ_DPORT
#define FUZZ_DPORT 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_tokener *fuzz_tok;

static void fuzz_on_event(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	(void)user;
	struct json_object *o = ew_event_to_json(f, ev);
	if (!o)
		abort();
	const char *s = json_object_to_json_string(o);
	if (!s)
		abort();
	/* the text must read back: strict JSON, valid UTF-8, all of it */
	size_t n = strlen(s);
	json_tokener_reset(fuzz_tok);
	struct json_object *back = json_tokener_parse_ex(fuzz_tok, s, (int)n);
	if (!back || json_tokener_get_error(fuzz_tok) != json_tokener_success ||
	    json_tokener_get_parse_end(fuzz_tok) != n) {
		fprintf(stderr, "event JSON does not parse back: %s\n", s);
		abort();
	}
	json_object_put(back);
	json_object_put(o);
}

#ifndef FUZZ_FRAME
/* The frame context a dissector sees when called from the layer below. */
static void fuzz_context(struct ew_dissector *d, const uint8_t *data, size_t len)
{
	static const uint8_t src[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t dst[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	struct ew_frame *f = &d->frame;
	d->stats.frames++;
	f->number = d->stats.frames;
	f->ts_usec = INT64_C(1700000000000000);
	f->caplen = f->wirelen = (uint32_t)len;
	f->has_l2 = true;
	memcpy(f->src.b, src, 6);
	memcpy(f->dst.b, dst, 6);
	f->ethertype = FUZZ_ETHERTYPE;
	f->ip_src.family = f->ip_dst.family = EW_AF_NONE;
	if (FUZZ_CTX == FUZZ_CTX_IP4) {
		static const uint8_t s4[4] = { 192, 0, 2, 1 }, d4[4] = { 224, 0, 0, 1 };
		f->ethertype = 0x0800;
		f->ip_version = 4;
		f->ip_src = ew_ip4_from_bytes(s4);
		f->ip_dst = ew_ip4_from_bytes(d4);
	} else if (FUZZ_CTX == FUZZ_CTX_IP6) {
		static const uint8_t s6[16] = { 0xfe, 0x80, [15] = 1 }, d6[16] = { 0xff, 0x02, [15] = 1 };
		f->ethertype = 0x86dd;
		f->ip_version = 6;
		f->ip_src = ew_ip6_from_bytes(s6);
		f->ip_dst = ew_ip6_from_bytes(d6);
	}
	if (FUZZ_CTX != FUZZ_CTX_L2) {
		f->ttl = 255;
		f->l4_proto = FUZZ_L4;
		f->sport = FUZZ_SPORT;
		f->dport = FUZZ_DPORT;
	}
#ifdef FUZZ_UDP_SHAPE
	/* UDP hands a datagram to a protocol by its whole shape (destination,
	 * TTL, ports): the checksum, which nothing reads, picks the destination
	 * (low byte) and the TTL (high byte), so every protocol stays reachable
	 * from any seed. */
	if (len >= 8) {
		static const uint8_t ttls[] = { 1, 255, 64, 128 };
		static const uint8_t d4[][4] = {
			{ 224, 0, 0, 2 }, { 224, 0, 0, 102 }, { 224, 0, 0, 9 }, { 239, 255, 255, 250 },
			{ 224, 0, 0, 251 }, { 255, 255, 255, 255 }, { 192, 0, 2, 2 }, { 224, 0, 0, 1 },
		};
		static const uint8_t d6[][16] = {
			{ 0xff, 0x02, [15] = 0x66 }, { 0xff, 0x02, [15] = 0x09 }, { 0xff, 0x02, [15] = 0x0c },
			{ 0xff, 0x02, [15] = 0xfb }, { 0xff, 0x02, [13] = 1, [15] = 2 }, { 0xff, 0x05, [13] = 1, [15] = 3 },
			{ 0xfe, 0x80, [15] = 2 }, { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
		};
		f->ttl = ttls[data[7] % sizeof ttls];
		if (FUZZ_CTX == FUZZ_CTX_IP4)
			f->ip_dst = ew_ip4_from_bytes(d4[data[6] % (sizeof d4 / sizeof d4[0])]);
		else
			f->ip_dst = ew_ip6_from_bytes(d6[data[6] % (sizeof d6 / sizeof d6[0])]);
	}
#else
	(void)data;
#endif
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ew_dissector d;
	if (!fuzz_tok) {
		fuzz_tok = json_tokener_new();
		if (!fuzz_tok)
			abort();
		json_tokener_set_flags(fuzz_tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	}
	ew_dissector_init(&d, fuzz_on_event, NULL);
#ifdef FUZZ_FRAME
	static const int linktypes[4] = { EW_LINKTYPE_ETHERNET, EW_LINKTYPE_LINUX_SLL, EW_LINKTYPE_LINUX_SLL2,
					  EW_LINKTYPE_RAW };
	if (size < 1)
		return 0;
	int linktype = linktypes[data[0] % 4];
	data++;
	size--;
#endif
	/* exact-size copy: no slack for an over-read to hide in */
	uint8_t *buf = malloc(size);
	if (!buf && size)
		return 0;
	if (size)
		memcpy(buf, data, size);
#ifdef FUZZ_FRAME
	ew_dissect_frame(&d, linktype, buf, size, size, INT64_C(1700000000000000));
#else
	fuzz_context(&d, buf, size);
	struct ew_cursor c = ew_cur_make(buf, size);
	FUZZ_ENTRY(&d, &c);
#endif
	free(buf);
	return 0;
}

#endif
