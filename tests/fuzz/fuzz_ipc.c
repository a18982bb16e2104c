/* SPDX-License-Identifier: ISC */
/* fuzz_ipc.c - libFuzzer: what a helper process (locator, prober) may send
 * the parser (agent/ipc.c).
 *
 * The input is the byte stream itself, handed to a reader in the pieces
 * read() could give; every record that comes out is decoded by every
 * decoder (each must refuse what is not its own, and never read past the
 * record), a LOC_ROW that decodes goes into a locate.c table as the parser
 * replays it, and a finding that decodes must encode and decode back to the
 * same structs. The input is copied into an exact-size allocation so a
 * one-byte over-read is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "locate.h"

static void one(const struct ew_ipc_rec *rec, struct ew_locate_table *tabs)
{
	struct ew_mac macs[EW_IPC_MACS_MAX];
	struct ew_frame f, f2;
	struct ew_ev_probe p, p2;
	struct ew_locate_vb vb;
	uint32_t seq;
	size_t n, sw;
	bool answered;
	int64_t at;
	char err[EW_IPC_ERROR_MAX + 1];
	int ok = 0;
	ok += ew_ipc_dec_hello(rec, macs, &n) == 0;
	ok += ew_ipc_dec_loc_request(rec, &seq) == 0;
	ok += ew_ipc_dec_loc_begin(rec, &seq, 2, &n) == 0;
	ok += ew_ipc_dec_loc_switch(rec, 2, &sw, &answered, &at, err, sizeof err) == 0;
	ok += ew_ipc_dec_loc_end(rec, &seq) == 0;
	if (ew_ipc_dec_loc_row(rec, 2, &sw, &vb) == 0) {
		ok++;
		if (tabs[sw].rows < tabs[sw].max_rows)
			ew_locate_table_add(&tabs[sw], &vb);
	}
	if (ew_ipc_dec_finding(rec, &f, &p) == 0) {
		ok++;
		struct ew_ipc_buf w;
		struct ew_ipc_reader rd;
		struct ew_ipc_rec back;
		memset(&rd, 0, sizeof rd);
		if (!ew_ipc_enc_finding(&w, &f, &p))
			abort();
		size_t room;
		memcpy(ew_ipc_reader_space(&rd, &room), w.b, w.n);
		ew_ipc_reader_got(&rd, w.n);
		if (ew_ipc_next(&rd, &back) != 1 || ew_ipc_dec_finding(&back, &f2, &p2) != 0 ||
		    memcmp(&f, &f2, sizeof f) != 0 || memcmp(&p, &p2, sizeof p) != 0)
			abort(); /* what was taken must travel again unchanged */
	}
	if (ok > 1)
		abort(); /* a record is one type's */
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
	if (!init) {
		if (ew_locate_table_init(&tabs[0], "sw-a", 64) || ew_locate_table_init(&tabs[1], "sw-b", 64))
			abort();
		init = true;
	}
	ew_locate_table_reset(&tabs[0]);
	ew_locate_table_reset(&tabs[1]);
	struct ew_ipc_reader *rd = calloc(1, sizeof *rd);
	if (!rd) {
		free(copy);
		return 0;
	}
	/* pieces of 1, 7, 300 and 4096 bytes in turn: the reader must join them */
	static const size_t pieces[] = { 1, 7, 300, 4096 };
	size_t off = 0;
	for (unsigned k = 0; off < size; k++) {
		size_t room;
		uint8_t *p = ew_ipc_reader_space(rd, &room);
		size_t n = pieces[k % 4];
		if (n > room)
			n = room;
		if (n > size - off)
			n = size - off;
		if (n == 0)
			abort(); /* the reader always has room after ew_ipc_next */
		memcpy(p, copy + off, n);
		ew_ipc_reader_got(rd, n);
		off += n;
		struct ew_ipc_rec rec;
		int r;
		while ((r = ew_ipc_next(rd, &rec)) == 1)
			one(&rec, tabs);
		if (r < 0)
			break; /* the parser drops the helper here */
	}
	ew_locate_table_finish(&tabs[0]);
	ew_locate_table_finish(&tabs[1]);
	free(rd);
	free(copy);
	return 0;
}
