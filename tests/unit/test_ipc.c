/* SPDX-License-Identifier: ISC */
/* test_ipc.c - the records the helper processes send the parser (agent/ipc.c):
 * what is sent comes back the same, and the parser refuses truncated,
 * oversized and garbage records: lengths, versions, types, counts over their
 * caps, strings too long or holding a NUL, values out of range, bytes left over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipc.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* Feeds n bytes to a fresh reader and returns what ew_ipc_next says of the first record. */
static int first_record(struct ew_ipc_reader *rd, const uint8_t *b, size_t n, struct ew_ipc_rec *rec)
{
	memset(rd, 0, sizeof *rd);
	size_t room;
	uint8_t *p = ew_ipc_reader_space(rd, &room);
	assert_true(n <= room);
	memcpy(p, b, n);
	ew_ipc_reader_got(rd, n);
	return ew_ipc_next(rd, rec);
}

static void set_len(uint8_t *b, uint32_t len)
{
	b[0] = (uint8_t)(len >> 24);
	b[1] = (uint8_t)(len >> 16);
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
}

static void sample(struct ew_frame *f, struct ew_ev_probe *p)
{
	memset(f, 0, sizeof *f);
	memset(p, 0, sizeof *p);
	f->number = 42;
	f->ts_usec = INT64_C(1764470000123456);
	f->caplen = 60;
	f->wirelen = 64;
	f->has_l2 = true;
	memcpy(f->src.b, "\x00\x1b\x8b\x30\x50\x03", 6);
	memcpy(f->dst.b, "\x02\x00\x00\x00\x00\x01", 6);
	f->vlan_count = 2;
	f->vlan_tpid[0] = 0x88a8;
	f->vlan_id[0] = 100;
	f->vlan_pcp[0] = 3;
	f->vlan_tpid[1] = 0x8100;
	f->vlan_id[1] = 4095;
	f->vlan_pcp[1] = 7;
	f->ethertype = 0x0800;
	f->ip_version = 4;
	f->ip_src.family = EW_AF_INET;
	memcpy(f->ip_src.a, "\x0a\x14\x00\x07", 4);
	f->ip_dst.family = EW_AF_INET6;
	f->ip_dst.a[0] = 0x20;
	f->ttl = 1;
	f->l4_proto = 17;
	f->sport = 68;
	f->dport = 67;
	f->ip_partial = true;
	p->finding = EW_PROBE_WAN;
	p->stimulus = EW_PROBE_STIM_HTTP;
	p->addr.family = EW_AF_INET;
	memcpy(p->addr.a, "\xcb\x00\x71\x05", 4);
	ew_str_set(&p->manufacturer, (const uint8_t *)"NEC Platforms", 13);
	ew_str_set(&p->model_name, (const uint8_t *)"Aterm WX3600HP", 14);
	ew_str_set(&p->model_number, (const uint8_t *)"1.0", 3);
	ew_str_set(&p->friendly_name, (const uint8_t *)"\xe3\x83\xab\xe3\x83\xbc\xe3\x82\xbf", 9); /* ルータ */
	ew_str_set(&p->carrier, (const uint8_t *)"NTT", 3);
	p->mobile = true;
	p->asn = 4713;
	char title[EW_LSTR_MAX + 10];
	memset(title, 'T', sizeof title);
	ew_lstr_set(&p->title, (const uint8_t *)title, sizeof title); /* cut: truncated */
	ew_str_set(&p->server, (const uint8_t *)"lighttpd", 8);
}

/* ---- round trips ------------------------------------------------------------------------- */

static void finding_round_trip(void **state)
{
	(void)state;
	struct ew_frame f, g;
	struct ew_ev_probe p, q;
	sample(&f, &p);
	struct ew_ipc_buf w;
	assert_true(ew_ipc_enc_finding(&w, &f, &p));
	struct ew_ipc_reader rd;
	struct ew_ipc_rec rec;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(rec.type, EW_IPC_PROBE_FINDING);
	assert_int_equal(ew_ipc_dec_finding(&rec, &g, &q), 0);
	assert_memory_equal(&f, &g, sizeof f); /* both zeroed first: padding too */
	assert_int_equal(q.finding, p.finding);
	assert_int_equal(q.stimulus, p.stimulus);
	assert_memory_equal(&q.addr, &p.addr, sizeof p.addr);
	assert_string_equal(q.manufacturer.s, "NEC Platforms");
	assert_string_equal(q.friendly_name.s, p.friendly_name.s);
	assert_string_equal(q.server.s, "lighttpd");
	assert_int_equal(q.title.len, EW_LSTR_MAX);
	assert_true(q.title.truncated);
	assert_true(q.mobile);
	assert_int_equal(q.asn, 4713);
	/* and the other decoders refuse it: the type is checked */
	uint32_t seq;
	assert_int_equal(ew_ipc_dec_loc_end(&rec, &seq), -1);
	struct ew_mac macs[EW_IPC_MACS_MAX];
	size_t n;
	assert_int_equal(ew_ipc_dec_hello(&rec, macs, &n), -1);
}

static void stream_byte_by_byte(void **state)
{
	(void)state;
	struct ew_ipc_buf a, b;
	struct ew_mac macs[2] = { { { 2, 0, 0, 0, 0, 1 } }, { { 6, 0, 0, 0, 0, 1 } } };
	assert_true(ew_ipc_enc_hello(&a, macs, 2));
	assert_true(ew_ipc_enc_loc_request(&b, 7));
	uint8_t all[2 * sizeof a.b];
	memcpy(all, a.b, a.n);
	memcpy(all + a.n, b.b, b.n);
	struct ew_ipc_reader rd;
	memset(&rd, 0, sizeof rd);
	int got = 0;
	for (size_t i = 0; i < a.n + b.n; i++) {
		size_t room;
		uint8_t *p = ew_ipc_reader_space(&rd, &room);
		assert_true(room > 0);
		*p = all[i];
		ew_ipc_reader_got(&rd, 1);
		struct ew_ipc_rec rec;
		int k = ew_ipc_next(&rd, &rec);
		assert_int_not_equal(k, -1);
		if (k == 1 && got == 0) {
			struct ew_mac m[EW_IPC_MACS_MAX];
			size_t n;
			assert_int_equal(ew_ipc_dec_hello(&rec, m, &n), 0);
			assert_int_equal(n, 2);
			assert_memory_equal(m[1].b, macs[1].b, 6);
			assert_int_equal(i, a.n - 1);
			got++;
		} else if (k == 1) {
			uint32_t seq;
			assert_int_equal(ew_ipc_dec_loc_request(&rec, &seq), 0);
			assert_int_equal(seq, 7);
			got++;
		}
	}
	assert_int_equal(got, 2);
	assert_int_equal(ew_ipc_reader_pending(&rd), 0);
}

static void loc_records_round_trip(void **state)
{
	(void)state;
	struct ew_ipc_buf w;
	struct ew_ipc_reader rd;
	struct ew_ipc_rec rec;
	struct ew_locate_vb vb, out;
	memset(&vb, 0, sizeof vb);
	static const uint32_t oid[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2, 1, 0, 27, 139, 48, 80, 3 };
	memcpy(vb.oid, oid, sizeof oid);
	vb.oid_len = sizeof oid / sizeof oid[0];
	vb.type = EW_LOCATE_V_INT;
	vb.integer = -5;
	size_t sw;
	assert_true(ew_ipc_enc_loc_row(&w, 3, &vb));
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 4, &sw, &out), 0);
	assert_int_equal(sw, 3);
	assert_memory_equal(&vb, &out, sizeof vb);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 3, &sw, &out), -1); /* switch 3 of 3: out of range */

	vb.type = EW_LOCATE_V_OCTETS;
	vb.integer = 0;
	vb.octets_len = 6;
	memcpy(vb.octets, "\x00\x1b\x00\x30\x50\x03", 6); /* binary: a NUL is fine */
	assert_true(ew_ipc_enc_loc_row(&w, 0, &vb));
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 1, &sw, &out), 0);
	assert_memory_equal(&vb, &out, sizeof vb);

	bool answered;
	int64_t at;
	char err[160];
	assert_true(ew_ipc_enc_loc_switch(&w, 1, true, INT64_C(1764470000000000), "stopped at the cap"));
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_switch(&rec, 2, &sw, &answered, &at, err, sizeof err), 0);
	assert_int_equal(sw, 1);
	assert_true(answered);
	assert_int_equal(at, INT64_C(1764470000000000));
	assert_string_equal(err, "stopped at the cap");

	uint32_t seq;
	size_t count;
	assert_true(ew_ipc_enc_loc_begin(&w, 9, 2));
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_begin(&rec, &seq, 2, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(ew_ipc_dec_loc_begin(&rec, &seq, 1, &count), -1); /* more switches than configured */
}

/* ---- refusals ------------------------------------------------------------------------------ */

static void lengths_and_versions(void **state)
{
	(void)state;
	struct ew_ipc_buf w;
	struct ew_ipc_reader rd;
	struct ew_ipc_rec rec;
	assert_true(ew_ipc_enc_loc_end(&w, 1));
	uint8_t b[sizeof w.b];
	memcpy(b, w.b, w.n);
	/* truncated: the length says more than came, so no record yet */
	assert_int_equal(first_record(&rd, b, w.n - 1, &rec), 0);
	assert_int_equal(ew_ipc_reader_pending(&rd), w.n - 1);
	assert_int_equal(first_record(&rd, b, 3, &rec), 0);
	/* oversized and undersized lengths break the stream */
	set_len(b, EW_IPC_RECORD_MAX + 1);
	assert_int_equal(first_record(&rd, b, w.n, &rec), -1);
	set_len(b, 0xffffffffu);
	assert_int_equal(first_record(&rd, b, w.n, &rec), -1);
	set_len(b, 1);
	assert_int_equal(first_record(&rd, b, w.n, &rec), -1);
	/* another version */
	memcpy(b, w.b, w.n);
	b[4] = EW_IPC_VERSION + 1;
	assert_int_equal(first_record(&rd, b, w.n, &rec), -1);
	/* a short record: the length cut by one, the field is short */
	memcpy(b, w.b, w.n);
	set_len(b, (uint32_t)(w.n - EW_IPC_HDR - 1));
	assert_int_equal(first_record(&rd, b, w.n - 1, &rec), 1);
	uint32_t seq;
	assert_int_equal(ew_ipc_dec_loc_end(&rec, &seq), -1);
	/* bytes left over */
	memcpy(b, w.b, w.n);
	b[w.n] = 0;
	set_len(b, (uint32_t)(w.n - EW_IPC_HDR + 1));
	assert_int_equal(first_record(&rd, b, w.n + 1, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_end(&rec, &seq), -1);
	/* an unknown type: no decoder takes it */
	memcpy(b, w.b, w.n);
	b[5] = 200;
	assert_int_equal(first_record(&rd, b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_end(&rec, &seq), -1);
	assert_int_equal(ew_ipc_dec_loc_request(&rec, &seq), -1);
}

/* A finding with one byte changed at off must be refused. */
static void finding_refused_with(size_t off, uint8_t v)
{
	struct ew_frame f, g;
	struct ew_ev_probe p, q;
	sample(&f, &p);
	struct ew_ipc_buf w;
	assert_true(ew_ipc_enc_finding(&w, &f, &p));
	w.b[off] = v;
	struct ew_ipc_reader rd;
	struct ew_ipc_rec rec;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_finding(&rec, &g, &q), -1);
}

static void finding_fields_checked(void **state)
{
	(void)state;
	/* offsets: 6 header, number 8, ts 8, caplen 4, wirelen 4, has_l2 at 30,
	 * src 6, dst 6, vlan count at 43, then per tag tpid 2, id 2, pcp 1 */
	finding_refused_with(30, 2);                  /* a bool that is 2 */
	finding_refused_with(43, EW_VLAN_MAX + 1);    /* more tags than the cap */
	finding_refused_with(44 + 2, 0x10);           /* VLAN id 0x1000 + 100 > 4095 */
	finding_refused_with(44 + 4, 8);              /* PCP 8 */
	finding_refused_with(14, 0x80);               /* a negative time */
	size_t ipv = 44 + 2 * 5 + 2;                  /* after the tags and the ethertype */
	finding_refused_with(ipv, 5);                 /* IP version 5 */
	finding_refused_with(ipv + 1, 7);             /* address family 7 */
	size_t probe = ipv + 1 + 17 + 17 + 1 + 1 + 2 + 2 + 1;
	finding_refused_with(probe, EW_PROBE_HTTP + 1); /* unknown finding */
	finding_refused_with(probe + 4, 3);            /* two stimulus bits */
	size_t str = probe + 1 + 4 + 17;               /* manufacturer: length 2, then its bytes */
	finding_refused_with(str + 2 + 3, 0);          /* a NUL in a string */
	finding_refused_with(str, 0xff);               /* a string longer than its cap (and the record) */
}

static void strings_and_counts_capped(void **state)
{
	(void)state;
	struct ew_ipc_reader rd;
	struct ew_ipc_rec rec;
	/* a switch error of EW_IPC_ERROR_MAX + 1 bytes, crafted by hand */
	uint8_t b[6 + 1 + 1 + 8 + 2 + EW_IPC_ERROR_MAX + 1];
	memset(b, 'x', sizeof b);
	b[4] = EW_IPC_VERSION;
	b[5] = EW_IPC_LOC_SWITCH;
	b[6] = 0;
	b[7] = 1;
	memset(b + 8, 0, 8);
	b[16] = 0;
	b[17] = EW_IPC_ERROR_MAX + 1;
	set_len(b, sizeof b - EW_IPC_HDR);
	assert_int_equal(first_record(&rd, b, sizeof b, &rec), 1);
	size_t sw;
	bool answered;
	int64_t at;
	char err[160];
	assert_int_equal(ew_ipc_dec_loc_switch(&rec, 1, &sw, &answered, &at, err, sizeof err), -1);
	/* the same at the cap is taken */
	b[17] = EW_IPC_ERROR_MAX;
	set_len(b, sizeof b - EW_IPC_HDR - 1);
	assert_int_equal(first_record(&rd, b, sizeof b - 1, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_switch(&rec, 1, &sw, &answered, &at, err, sizeof err), 0);
	assert_int_equal(strlen(err), EW_IPC_ERROR_MAX);
	b[20] = 0; /* a NUL inside */
	assert_int_equal(first_record(&rd, b, sizeof b - 1, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_switch(&rec, 1, &sw, &answered, &at, err, sizeof err), -1);

	/* hello: 0 MACs, and more than the cap */
	struct ew_ipc_buf w;
	struct ew_mac macs[EW_IPC_MACS_MAX] = { { { 0 } } };
	assert_false(ew_ipc_enc_hello(&w, macs, 0));
	assert_true(ew_ipc_enc_hello(&w, macs, 1));
	w.b[6] = 0;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	size_t n;
	struct ew_mac m[EW_IPC_MACS_MAX];
	assert_int_equal(ew_ipc_dec_hello(&rec, m, &n), -1);
	w.b[6] = EW_IPC_MACS_MAX + 1;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_hello(&rec, m, &n), -1);

	/* a row: OID longer than the cap, octets longer than the cap, an unknown value type */
	struct ew_locate_vb vb, out;
	memset(&vb, 0, sizeof vb);
	vb.oid_len = 2;
	vb.type = EW_LOCATE_V_OCTETS;
	vb.octets_len = 1;
	assert_true(ew_ipc_enc_loc_row(&w, 0, &vb));
	uint8_t keep[sizeof w.b];
	size_t kn = w.n;
	memcpy(keep, w.b, kn);
	w.b[7] = EW_LOCATE_OID_MAX + 1;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 1, &sw, &out), -1);
	memcpy(w.b, keep, kn);
	size_t t = 8 + 2 * 4; /* the value type */
	w.b[t] = 3;
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 1, &sw, &out), -1);
	memcpy(w.b, keep, kn);
	w.b[t + 1] = 0x01; /* octets length 256 + 1 */
	assert_int_equal(first_record(&rd, w.b, w.n, &rec), 1);
	assert_int_equal(ew_ipc_dec_loc_row(&rec, 1, &sw, &out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finding_round_trip),
		cmocka_unit_test(stream_byte_by_byte),
		cmocka_unit_test(loc_records_round_trip),
		cmocka_unit_test(lengths_and_versions),
		cmocka_unit_test(finding_fields_checked),
		cmocka_unit_test(strings_and_counts_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
