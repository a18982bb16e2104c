/* SPDX-License-Identifier: ISC */
/* udp.c - UDP (RFC 768): header, length check, dispatch by shape to the
 * application dissectors that carry egress evidence.
 *
 * No port alone picks a dissector: ordinary hosts use every port number as
 * an ephemeral port, so a datagram goes to a protocol only when its whole
 * shape fits (see ew_udp_app in dissect.h and each ew_<proto>_fits).
 *
 * The UDP length covers header and data. The payload is confined to it;
 * captured bytes past it are ignored. A length below 8, or past the IP
 * payload of a whole packet, is malformed; past it in a frame cut by the
 * snaplen or in a first fragment (ew_frame_cut_explains), the bytes on hand are
 * dissected.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define UDP_HDR_LEN 8

/* The application dissectors, each with the shape that hands a datagram to
 * it. The shapes are disjoint (each names its own ports at one end at
 * least), so the order only saves work: the most common first. */
static const struct udp_app {
	enum ew_proto proto;
	bool (*fits)(const struct ew_frame *f, const struct ew_cursor *payload);
	void (*dissect)(struct ew_dissector *d, struct ew_cursor *c);
} apps[] = {
	{ EW_P_MDNS, ew_mdns_fits, ew_dissect_mdns },
	{ EW_P_SSDP, ew_ssdp_fits, ew_dissect_ssdp },
	{ EW_P_DHCP4, ew_dhcp4_fits, ew_dissect_dhcp4 },
	{ EW_P_DHCP6, ew_dhcp6_fits, ew_dissect_dhcp6 },
	{ EW_P_RIP, ew_rip_fits, ew_dissect_rip },
	{ EW_P_RIPNG, ew_ripng_fits, ew_dissect_ripng },
	{ EW_P_HSRP, ew_hsrp_fits, ew_dissect_hsrp },
};

static const struct udp_app *app_for(const struct ew_frame *f, const struct ew_cursor *payload)
{
	for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++)
		if (apps[i].fits(f, payload))
			return &apps[i];
	return NULL;
}

enum ew_proto ew_udp_app(const struct ew_frame *f, const struct ew_cursor *payload)
{
	const struct udp_app *a = app_for(f, payload);
	return a ? a->proto : EW_P_UDP;
}

void ew_dissect_udp(struct ew_dissector *d, struct ew_cursor *c)
{
	struct ew_frame *f = &d->frame;
	ew_count(d, EW_P_UDP);
	size_t avail = ew_cur_left(c);
	uint16_t sport = ew_cur_u16(c);
	uint16_t dport = ew_cur_u16(c);
	uint16_t len = ew_cur_u16(c);
	(void)ew_cur_u16(c); /* checksum: not verified */
	if (ew_cur_failed(c)) {
		if (!ew_frame_cut_explains(f, UDP_HDR_LEN, avail))
			ew_malformed(d, EW_P_UDP, "truncated UDP header");
		return;
	}
	f->sport = sport;
	f->dport = dport;
	if (len < UDP_HDR_LEN) {
		/* 0 would be an IPv6 jumbogram (RFC 2675 §4), which a SPAN port never sees */
		ew_malformed(d, EW_P_UDP, "UDP length below 8");
		return;
	}
	struct ew_cursor payload;
	if (len > avail) {
		if (!ew_frame_cut_explains(f, len, avail)) {
			ew_malformed(d, EW_P_UDP, "UDP length beyond IP payload");
			return;
		}
		payload = ew_cur_rest(c);
	} else {
		payload = ew_cur_sub(c, len - UDP_HDR_LEN);
	}

	/* ordinary traffic (no shape of ours, whatever its ports) ends here */
	const struct udp_app *a = app_for(f, &payload);
	if (a)
		a->dissect(d, &payload);
}
