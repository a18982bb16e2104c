/* SPDX-License-Identifier: ISC */
/* reconcile.h - declared lines against devices seen (DESIGN §6). Pure:
 * structs in, structs out, no I/O.
 *
 * Devices match a line by, in this order: exact MAC; a MAC within
 * ±EW_RECONCILE_MAC_NEAR of a declared one with the same OUI (gateways number
 * their ports consecutively: said so in `why`); an IP address of the line.
 * A device matched by its exact MAC also ties to the lines naming its
 * nearest neighbouring ports (another port of the same box: its WAN side, a
 * second line on LAN2); its `line` stays the exact one.
 * A device the agent was told is declared, which no line names, is matched to
 * no line but is not unlisted either (verdict matched, line -1, why says so).
 * Undeclared infrastructure (device.infrastructure: switches, servers, no way
 * out seen) is never unlisted: verdict infrastructure, line -1, counted apart.
 * Conflicts: a line marked 電子カルテ接続 なし whose device routes EMR
 * traffic (device.routes, or confidence >= EW_RECONCILE_ROUTES_CONF with a
 * forwarding role); a declared MAC seen at an address other than the sheet's
 * (exact MAC matches only: a neighbouring port has its own address); a
 * line's address used by a MAC the line does not declare; one MAC on two
 * lines (the lines conflict even if the MAC is not seen). A line no device matched is "not seen on the monitored
 * segments", never "absent". */
#ifndef EGRESSWATCH_COLLECTOR_RECONCILE_H
#define EGRESSWATCH_COLLECTOR_RECONCILE_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "ledger.h"

#define EW_RECONCILE_MAC_NEAR 2
#define EW_RECONCILE_WHY_MAX 1024u
/* A device this sure of a way out, with a forwarding role (router, nat,
 * ra_router, rip_default, irdp), counts as routing EMR traffic. */
#define EW_RECONCILE_ROUTES_CONF 0.9

enum ew_line_verdict { EW_LINE_MATCHED = 0, EW_LINE_UNSEEN, EW_LINE_CONFLICT };
enum ew_device_verdict { EW_DEVICE_MATCHED = 0, EW_DEVICE_UNLISTED, EW_DEVICE_CONFLICT, EW_DEVICE_INFRASTRUCTURE };

struct ew_rc_line {
	const struct ew_ledger_line *line;  /* points into the ledger given */
	enum ew_line_verdict verdict;
	size_t *devices;                    /* indices into ew_reconciliation.devices */
	size_t device_count;
	char why[EW_RECONCILE_WHY_MAX];
};

struct ew_rc_device {
	const struct ew_device *device;     /* points into the devices given */
	enum ew_device_verdict verdict;
	long line;                          /* index into ew_reconciliation.lines, -1 none */
	char why[EW_RECONCILE_WHY_MAX];
};

struct ew_rc_summary {
	size_t lines, lines_matched, lines_unseen, lines_conflict;
	size_t devices, devices_matched, devices_unlisted, devices_conflict, devices_infrastructure;
};

struct ew_reconciliation {
	char site[128];
	size_t reports;                     /* distinct reports behind the devices */
	int64_t window_start, window_end;   /* usec; 0 when unknown. ew_reconcile sets them to the
	                                       devices' earliest first_seen and latest last_seen;
	                                       the caller may set the store's window instead. */
	struct ew_rc_line *lines;           /* one per ledger line, in sheet order */
	size_t line_count;
	struct ew_rc_device *devices;       /* unlisted first (confidence, highest first), then conflict,
	                                       matched, infrastructure; ties by MAC, then VLAN */
	size_t device_count;
	struct ew_rc_summary summary;
};

/* The ledger and devices must outlive the result. site, reports (0) and the
 * window are for the caller to fill. 0, or -1 out of memory. */
int ew_reconcile(const struct ew_ledger *ledger, const struct ew_device *devices, size_t device_count,
                 struct ew_reconciliation *out);
void ew_reconciliation_free(struct ew_reconciliation *rc);
const char *ew_line_verdict_str(enum ew_line_verdict v);     /* matched|unseen|conflict */
const char *ew_device_verdict_str(enum ew_device_verdict v); /* matched|unlisted|conflict|infrastructure */

#endif
