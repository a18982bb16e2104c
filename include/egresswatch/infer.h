/* SPDX-License-Identifier: ISC */
/* infer.h - the pure inference core: events in, devices and candidates out.
 *
 * No I/O: the caller feeds frames' events and asks for a report. For the same
 * event sequence and configuration the output is the same. Every table has a
 * cap with least-recently-seen eviction (second-chance order; plain hosts go
 * before devices with evidence, declared devices never), counted in the
 * report's "limits". Memory is allocated at ew_infer_new, except evidence
 * records (a capped pool, grown in chunks) and the device hash (doubles up to
 * twice max_devices); feeding an event never allocates otherwise.
 *
 * Declared infrastructure (config->declared) is reported with "declared":
 * true and its evidence. A DHCP router option that is neither a declared IP
 * nor a known address of a declared MAC is a rogue default route, whoever
 * offers it (with nothing declared, every router option is).
 * The report's JSON Schema is include/egresswatch/report.schema.json.
 */
#ifndef EGRESSWATCH_INFER_H
#define EGRESSWATCH_INFER_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "egresswatch/classify.h"
#include "egresswatch/event.h"
#include "egresswatch/oui.h"

#define EW_SUBNETS_MAX 64
#define EW_DECLARED_MAX 256

/* Where a local subnet came from ("from" in the report). Per VLAN (each
 * 802.1Q VLAN, and untagged frames, on its own) and address family the first
 * source that has anything wins: configuration; else what DECLARED
 * infrastructure hands out (DHCP mask, RA on-link prefixes); else address
 * resolution (each ARP-claimed IPv4 address makes its /24 local, each global
 * IPv6 address in Neighbor Discovery its /64), minus any prefix an undeclared
 * DHCP server or router announced. Link-local is always local. */
enum ew_subnet_source { EW_SUBNET_CONFIG = 0, EW_SUBNET_DHCP, EW_SUBNET_ARP, EW_SUBNET_RA, EW_SUBNET_ND };

/* Thresholds and caps (see docs in agent/infer.c):
 * - a device is a router by forwarding when at least EW_FWD_MIN_FRAMES
 *   off-subnet frames went through it and either at least EW_FWD_MIN_REMOTES
 *   distinct off-subnet addresses are behind it, or one is and at least
 *   EW_FWD_MIN_FRAMES of the frames it forwarded in carry a decremented TTL
 *   (not 32/64/128/255). A single off-subnet address with initial TTLs is
 *   indistinguishable from a host whose address lies outside the known
 *   subnets, so one packet, or many from one address, is not enough;
 * - "many IPs behind one MAC": at least EW_MANY_ADDRS distinct unicast source
 *   addresses from it, or destination addresses sent to it (a host has a few:
 *   two local addresses, IPv6 privacy addresses), counted before any subnet is
 *   known;
 * - the evidence callback gets at most EW_EVIDENCE_FRAMES frames per device
 *   and window, of which at most EW_EVIDENCE_FWD_FRAMES forwarded frames. */
#define EW_FWD_MIN_REMOTES 2
#define EW_FWD_MIN_FRAMES 3
#define EW_MANY_ADDRS 16
#define EW_EVIDENCE_FRAMES 64
#define EW_EVIDENCE_FWD_FRAMES 16
#define EW_DEFAULT_MAX_DEVICES 16384
#define EW_MAX_DEVICES_LIMIT (1u << 28) /* the table's largest cap (indices are uint32_t) */

struct ew_declared {
	bool is_mac;
	struct ew_mac mac;
	struct ew_ip ip;
};

struct ew_infer_config {
	struct ew_prefix subnets[EW_SUBNETS_MAX]; /* configured local subnets */
	size_t subnet_count;
	/* subnets[i] is local to VLAN subnet_vlan[i] only (0: untagged frames)
	 * when subnet_vlan_set[i]; otherwise to every VLAN */
	bool subnet_vlan_set[EW_SUBNETS_MAX];
	uint16_t subnet_vlan[EW_SUBNETS_MAX];
	struct ew_declared declared[EW_DECLARED_MAX]; /* known gateways, DHCP servers, RA routers */
	size_t declared_count;
	size_t max_devices;        /* 0 = EW_DEFAULT_MAX_DEVICES; at least 4 */
	const struct ew_fp_db *fp; /* may be NULL: only built-in role classes then */
	const struct ew_oui_db *oui; /* may be NULL: vendor "unknown" */
	/* Called while an event is being fed when the current frame became
	 * evidence for a candidate device (bounded per device by the core), so the
	 * caller can write the frame to that device's evidence capture. */
	void (*evidence_cb)(void *user, const struct ew_mac *mac, uint16_t vlan);
	void *evidence_user;
};

/* What the caller knows about the capture, copied into the report. */
/* A helper process the report relies on (the agent's prober with --probe,
 * its locator with switches): "helpers" in the report, so that a report
 * without probe findings or locations says whether anything was looking. */
#define EW_REPORT_HELPERS_MAX 2
struct ew_report_helper {
	const char *name;   /* "prober", "locator" */
	bool stopped;       /* else running */
	int64_t since_usec; /* stopped: when the agent noticed */
	const char *reason; /* stopped: "killed by signal 9 (SIGKILL)", "exited with status 2"... */
};

struct ew_report_meta {
	const char *agent_id, *site, *segment, *interface, *version;
	const char *source;        /* "live" or "file" */
	int64_t window_start_usec, window_end_usec;
	uint64_t packets, bytes, dropped;
	bool truncated;            /* the capture file ended inside a record: read up to it */
	/* evidence capture file per device, if written: callback returns the path or NULL */
	const char *(*evidence_path)(void *user, const struct ew_mac *mac, uint16_t vlan);
	void *evidence_user;
	/* where the device is plugged in (the agent's locate module): a "location"
	 * object the report takes ownership of, or NULL for none */
	struct json_object *(*location)(void *user, const struct ew_mac *mac, uint16_t vlan);
	void *location_user;
	/* the helpers started, in order; none: no "helpers" member */
	struct ew_report_helper helpers[EW_REPORT_HELPERS_MAX];
	size_t helper_count;
};

struct ew_infer;
struct ew_infer *ew_infer_new(const struct ew_infer_config *cfg);
void ew_infer_free(struct ew_infer *inf);
/* Feeds one event of a frame (the dissector's callback can call this directly).
 * The events of one frame arrive one after another with the same f->number
 * (the dissector numbers frames from 1); another number starts a new frame,
 * and number 0 makes each event a frame of its own. So every capture record
 * counts: two consecutive records alike in timestamp, lengths, VLAN and
 * addresses are two frames, whether a SPAN port's duplicate (counted as
 * tcpdump counts it) or two segments of one flow in the same microsecond
 * on a fast link (whose second IP header must not be lost).
 * Frames without Ethernet-like addresses (raw IP captures) are ignored. */
void ew_infer_event(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev);
/* Builds the report (DESIGN §4, schema egresswatch.report/1). Caller frees with json_object_put.
 * NULL when memory ran out anywhere while building it: never a partial report. */
struct json_object *ew_infer_report(struct ew_infer *inf, const struct ew_report_meta *meta);
/* The MACs whose vendor the next report may look up (cfg.oui): writes up to
 * cap of them to out and returns how many there are. A lazily opened registry
 * (ew_oui_open) is given them (ew_oui_resolve) before ew_infer_report. */
size_t ew_infer_report_macs(const struct ew_infer *inf, struct ew_mac *out, size_t cap);
/* Starts a new window: per-window counters and evidence restart; learned
 * subnets and device identities are kept. */
void ew_infer_new_window(struct ew_infer *inf);
/* Devices currently in the table (for tests and statistics). */
size_t ew_infer_device_count(const struct ew_infer *inf);

#endif
