/* SPDX-License-Identifier: ISC */
/* ipc.h - records between the parser and its helper processes (locator.c, prober.c).
 *
 * Pure: bytes in, structs out; the caller reads and writes the sockets.
 * Every record is
 *     length (4 bytes, big-endian: the bytes after it, 2..EW_IPC_RECORD_MAX)
 *     version (1 byte, EW_IPC_VERSION)   type (1 byte, enum ew_ipc_type)
 *     the type's fields, one by one, big-endian; a text string is a 2-byte
 *     length then its bytes (no NUL), never longer than its field's cap
 * No struct is ever copied whole. The parser takes what a helper sends as
 * hostile (a helper talks to switches and to the segment): a length out of
 * range, another version, an unknown type, a field out of range, a string
 * too long or holding a NUL, a count over its cap or bytes left over make
 * the record, and the helper, refused.
 */
#ifndef EGRESSWATCH_AGENT_IPC_H
#define EGRESSWATCH_AGENT_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "egresswatch/event.h"
#include "locate.h"
#include "locate_config.h"

#define EW_IPC_VERSION 1
#define EW_IPC_HDR 4             /* the length field */
#define EW_IPC_RECORD_MAX 4096   /* bytes after the length: the largest record (a finding) is under 1.5 KiB */
#define EW_IPC_MACS_MAX 4        /* the prober's own MACs (interface, DHCP client) */
#define EW_IPC_ERROR_MAX 159     /* a switch's error text: struct ew_locate_table.error less its NUL */

enum ew_ipc_type {
	EW_IPC_PROBER_HELLO = 1, /* prober -> parser, first: the probe's own MACs */
	EW_IPC_PROBE_FINDING,    /* prober -> parser: one struct ew_frame and struct ew_ev_probe */
	EW_IPC_LOC_REQUEST,      /* parser -> locator: walk the switches now (seq) */
	EW_IPC_LOC_BEGIN,        /* locator -> parser: a walk's answer starts (seq, switch count) */
	EW_IPC_LOC_ROW,          /* one answer row of one switch, as locate.c takes it */
	EW_IPC_LOC_SWITCH,       /* one switch's walk ended: answered, when, why it stopped */
	EW_IPC_LOC_END,          /* the walk's answer is whole (seq) */
};

/* One record being written: header and fields. */
struct ew_ipc_buf {
	uint8_t b[EW_IPC_HDR + EW_IPC_RECORD_MAX];
	size_t n;
	bool overflow;
};

/* Each encoder fills w with one whole record; false when it would not fit
 * (a bug: every record's size is bounded by its caps). */
bool ew_ipc_enc_hello(struct ew_ipc_buf *w, const struct ew_mac *macs, size_t n);
bool ew_ipc_enc_finding(struct ew_ipc_buf *w, const struct ew_frame *f, const struct ew_ev_probe *p);
bool ew_ipc_enc_loc_request(struct ew_ipc_buf *w, uint32_t seq);
bool ew_ipc_enc_loc_begin(struct ew_ipc_buf *w, uint32_t seq, size_t switches);
bool ew_ipc_enc_loc_row(struct ew_ipc_buf *w, size_t sw, const struct ew_locate_vb *vb);
bool ew_ipc_enc_loc_switch(struct ew_ipc_buf *w, size_t sw, bool answered, int64_t read_usec, const char *error);
bool ew_ipc_enc_loc_end(struct ew_ipc_buf *w, uint32_t seq);

/* A stream of records from one peer, fed as read() hands the bytes over. */
struct ew_ipc_reader {
	uint8_t buf[2 * (EW_IPC_HDR + EW_IPC_RECORD_MAX)];
	size_t off, have; /* unread bytes are buf[off..have) */
};
struct ew_ipc_rec {
	uint8_t type;
	const uint8_t *p; /* the fields; valid until the reader is used again */
	size_t n;
};
/* Where to read() into, and how much room there is (never 0 after ew_ipc_next returned 0). */
uint8_t *ew_ipc_reader_space(struct ew_ipc_reader *r, size_t *room);
void ew_ipc_reader_got(struct ew_ipc_reader *r, size_t n);
/* 1: *rec is the next record; 0: more bytes are needed; -1: the stream is
 * broken (length out of range, another version) and must be dropped. */
int ew_ipc_next(struct ew_ipc_reader *r, struct ew_ipc_rec *rec);
/* Bytes received but not yet a whole record (a peer that ends mid-record). */
size_t ew_ipc_reader_pending(const struct ew_ipc_reader *r);

/* Decoders of one record's fields: 0, or -1 when the type is not theirs or
 * a field is out of range (see above). */
int ew_ipc_dec_hello(const struct ew_ipc_rec *r, struct ew_mac macs[EW_IPC_MACS_MAX], size_t *n);
int ew_ipc_dec_finding(const struct ew_ipc_rec *r, struct ew_frame *f, struct ew_ev_probe *p);
int ew_ipc_dec_loc_request(const struct ew_ipc_rec *r, uint32_t *seq);
/* *switches is checked against max_switches (the configured count). */
int ew_ipc_dec_loc_begin(const struct ew_ipc_rec *r, uint32_t *seq, size_t max_switches, size_t *switches);
int ew_ipc_dec_loc_row(const struct ew_ipc_rec *r, size_t max_switches, size_t *sw, struct ew_locate_vb *vb);
/* error gets at most EW_IPC_ERROR_MAX bytes and a NUL (errsize > EW_IPC_ERROR_MAX). */
int ew_ipc_dec_loc_switch(const struct ew_ipc_rec *r, size_t max_switches, size_t *sw, bool *answered,
			  int64_t *read_usec, char *error, size_t errsize);
int ew_ipc_dec_loc_end(const struct ew_ipc_rec *r, uint32_t *seq);

#endif
