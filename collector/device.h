/* SPDX-License-Identifier: ISC */
/* device.h - a device as the collector knows it: one (MAC, VLAN) accumulated
 * over every stored report of a site in the window (DESIGN §6).
 *
 * ew_device_merge folds one report's candidate into the record: first_seen is
 * the earliest, last_seen the latest, confidence the highest seen, class and
 * class_confidence those of the report with the highest confidence (ties: the
 * latest), addresses and agents the union (capped), evidence_summary and
 * reason those of the latest report. Pure. */
#ifndef EGRESSWATCH_COLLECTOR_DEVICE_H
#define EGRESSWATCH_COLLECTOR_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_DEVICE_ADDRS_MAX 16u  /* IPv4 and IPv6 addresses kept per device, each */
#define EW_DEVICE_AGENTS_MAX 16u /* agent ids kept per device */
#define EW_DEVICE_TEXT_MAX 4096u /* bytes kept of reason, roles, vendor, summary */

struct ew_device {
	struct ew_mac mac;
	int vlan;                 /* -1: untagged */
	char cls[32];             /* the agent's class name (hgw, mobile_router, …) */
	double confidence;        /* way out (0–1) */
	double class_confidence;  /* how sure the class is (0–1) */
	bool declared;            /* the agent was told it is known infrastructure */
	bool infrastructure;      /* undeclared infrastructure, no way out seen */
	bool routes;              /* forwarding seen for inside hosts (forwarding / many_addresses evidence) */
	unsigned inside_hosts;
	char *vendor;             /* strings: UTF-8 from the wire or a report, untrusted, never NULL */
	char *roles;              /* comma-separated */
	char *reason;
	char *evidence_summary;   /* one line: kinds with counts and key values */
	char *evidence_json;      /* the latest report's evidence array, compact JSON ("[]" if none) */
	char *agents[EW_DEVICE_AGENTS_MAX];
	size_t agent_count;
	struct ew_ip ipv4[EW_DEVICE_ADDRS_MAX];
	size_t ipv4_count;
	struct ew_ip ipv6[EW_DEVICE_ADDRS_MAX];
	size_t ipv6_count;
	int64_t first_seen, last_seen; /* microseconds since the Unix epoch, UTC */
	char *location;           /* where it is plugged in (report_read.h), "" unknown: the most recently read */
	int64_t location_read_at;
};

/* Folds c (one report's candidate, or another accumulated record of the same
 * MAC and VLAN) into acc. A zeroed acc (vendor NULL) becomes a copy of c.
 * "Latest" is decided by last_seen (ties: c), so the result does not depend
 * on the order reports are folded in except on exact ties. c's strings are
 * copied, never kept. 0, or -1 out of memory (acc stays valid). */
int ew_device_merge(struct ew_device *acc, const struct ew_device *c);
void ew_device_free(struct ew_device *d);       /* frees the strings, not d */
void ew_devices_free(struct ew_device *d, size_t n); /* frees the array too */

#endif
