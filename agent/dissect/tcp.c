/* SPDX-License-Identifier: ISC */
/* tcp.c - TCP header (RFC 9293 §3.1): ports and flags for the IP layer's event.
 *
 * Nothing above TCP is read, so this is only the fixed header and the data
 * offset check. A header cut by the snaplen (or by an outer fragment, see
 * ew_frame_cut_explains) loses what was cut (the ports, or the flags) and is not
 * malformed; a header the packet itself does not hold (a segment shorter than
 * 20 bytes, a data offset below 5 or past the segment of a whole packet) is.
 */
#include "egresswatch/dissect.h"

#define TCP_HDR_MIN 20

const char *ew_dissect_tcp(struct ew_dissector *d, struct ew_cursor *c, struct ew_l4_ports *out)
{
	ew_count(d, EW_P_TCP);
	const struct ew_frame *f = &d->frame;
	size_t seg = ew_cur_left(c);
	if (seg >= TCP_HDR_MIN && !ew_cur_failed(c)) {
		/* the common segment: the fixed header is there, one check for all of it */
		const uint8_t *h = ew_cur_view(c, TCP_HDR_MIN);
		out->has_ports = true;
		out->sport = (uint16_t)(h[0] << 8 | h[1]);
		out->dport = (uint16_t)(h[2] << 8 | h[3]);
		out->has_flags = true;
		out->tcp_flags = h[13];
		uint8_t off = h[12] >> 4;
		/* RFC 9293 §3.1: the data offset counts 32-bit words and covers at
		 * least the 20-byte fixed header. */
		if (off < 5)
			return "TCP data offset below 5";
		if ((size_t)off * 4 > seg)
			return ew_frame_cut_explains(f, (size_t)off * 4, seg) ? NULL : "TCP data offset beyond segment";
		ew_cur_skip(c, (size_t)off * 4 - TCP_HDR_MIN);
		return NULL;
	}
	uint16_t sport = ew_cur_u16(c);
	uint16_t dport = ew_cur_u16(c);
	if (ew_cur_failed(c))
		return ew_frame_cut_explains(f, TCP_HDR_MIN, seg) ? NULL : "truncated TCP header";
	out->has_ports = true;
	out->sport = sport;
	out->dport = dport;
	(void)ew_cur_u32(c); /* sequence number */
	(void)ew_cur_u32(c); /* acknowledgment number */
	uint8_t doff = ew_cur_u8(c) >> 4;
	uint8_t flags = ew_cur_u8(c);
	if (ew_cur_failed(c))
		return ew_frame_cut_explains(f, TCP_HDR_MIN, seg) ? NULL : "truncated TCP header";
	out->has_flags = true;
	out->tcp_flags = flags;
	if (seg < TCP_HDR_MIN)
		return ew_frame_cut_explains(f, TCP_HDR_MIN, seg) ? NULL : "truncated TCP header";
	/* RFC 9293 §3.1: the data offset counts 32-bit words and covers at least
	 * the 20-byte fixed header. */
	if (doff < 5)
		return "TCP data offset below 5";
	if ((size_t)doff * 4 > seg)
		return ew_frame_cut_explains(f, (size_t)doff * 4, seg) ? NULL : "TCP data offset beyond segment";
	ew_cur_skip(c, (size_t)doff * 4 - 14);
	return NULL;
}
