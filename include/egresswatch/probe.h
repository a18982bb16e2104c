/* SPDX-License-Identifier: ISC */
/* probe.h - active probes (probes/): the contract the agent and
 * egresswatch-probe call.
 *
 * Decision (issue 10): probes/ never includes agent/ headers. What it needs
 * of the agent's core is already public here (dissect.h: frames to events;
 * infer.h: events to a report), and what it tells the inference is an event
 * (event.h: EW_EV_PROBE). The agent sees probes only through this file.
 *
 * A run sends, at most rate_pps packets a second, the stimuli asked for from
 * the interface's own MAC and address (DHCP from a locally administered
 * client MAC), captures on the same interface, hands every captured frame's
 * events to event_cb (when deliver_frames), and turns what answers into
 * EW_EV_PROBE events: ANSWERED for each answer, FORWARDED for a time
 * exceeded matched to a TTL-1 test, UPNP/WAN/HTTP after the fetches. It
 * addresses only the configured subnets, multicast, broadcast and link-local
 * groups, plus the TTL-1 test packets (sent to a candidate's MAC with the
 * documentation target). dry_run opens nothing and prints one line per
 * packet it would send. */
#ifndef EGRESSWATCH_PROBE_H
#define EGRESSWATCH_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "egresswatch/addr.h"
#include "egresswatch/event.h"

#define EW_PROBE_SUBNETS_MAX 64
#define EW_PROBE_LISTEN_DEFAULT 10   /* seconds listened after the last stimulus */
#define EW_PROBE_CANDIDATES_MAX 2048 /* MACs given the forwarding test */
#define EW_PROBE_ALL (EW_PROBE_STIM_DHCP | EW_PROBE_STIM_DHCP6 | EW_PROBE_STIM_RS | EW_PROBE_STIM_IRDP | \
		      EW_PROBE_STIM_SSDP | EW_PROBE_STIM_ARP | EW_PROBE_STIM_FORWARD | EW_PROBE_STIM_HTTP)

typedef void (*ew_probe_event_cb)(void *user, const struct ew_frame *f, const struct ew_event *ev);

struct ew_probe_config {
	const char *iface;
	struct ew_prefix subnets[EW_PROBE_SUBNETS_MAX];
	size_t subnet_count;
	uint32_t stimuli;            /* EW_PROBE_STIM_* */
	unsigned rate_pps;           /* 0: EW_RATE_DEFAULT_PPS */
	unsigned listen_sec;         /* after the last stimulus */
	bool dry_run;
	bool allow_large_sweep;
	bool has_dhcp_mac;           /* else the interface MAC with the local bit set */
	struct ew_mac dhcp_mac;
	struct ew_ip target4, target6; /* forwarding test targets; zero: 192.0.2.1, 2001:db8::1 */
	const char *carriers_path;   /* data/carriers.conf; NULL: no carrier hint */
	FILE *log;                   /* one line per packet sent and per fetch; NULL: none */
	FILE *dry_out;               /* dry run lines; NULL: stdout */
	bool deliver_frames;         /* every captured frame's events to event_cb, not only findings */
	ew_probe_event_cb event_cb;
	void *user;
	volatile int *stop;          /* set non-zero to end the run early (signals); may be NULL */
};

struct ew_probe_stats {
	uint64_t sent[8];            /* per stimulus bit index */
	uint64_t sent_total;
	uint64_t answers, candidates, te_matched, te_unmatched, fetches, fetch_failed;
	uint64_t frames, bytes;      /* captured (inbound) on the probe's port */
	uint64_t sweep_hosts, sweep_seconds;
	int64_t start_usec, last_send_usec, end_usec;
	int64_t first_finding_usec;  /* first FORWARDED or ANSWERED, 0 if none */
};

/* "dhcp,dhcp6,rs,irdp,ssdp,arp,forward,http" or "all" to a mask; false on an unknown name. */
bool ew_probe_parse_list(const char *s, uint32_t *mask);
const char *ew_probe_stim_name(uint32_t bit);
/* 0 on success; otherwise 2 (refused or bad configuration: nothing sent) or
 * 1 (failed while running), with a one-line reason in err. */
int ew_probe_run(const struct ew_probe_config *cfg, struct ew_probe_stats *st, char *err, size_t errlen);

/* For scheduled runs (the agent): open the capture, the raw socket and the
 * SSDP socket once, while privileged; run as often as wanted after the
 * privileges are dropped; close. cfg is copied. */
struct ew_probe;
struct ew_probe *ew_probe_open(const struct ew_probe_config *cfg, char *err, size_t errlen);
int ew_probe_run_open(struct ew_probe *p, struct ew_probe_stats *st, char *err, size_t errlen);
void ew_probe_close(struct ew_probe *p);
/* The probe's own MACs (interface and DHCP client): the agent leaves their
 * frames out of its inference, so a TTL-1 test is never "forwarding". */
bool ew_probe_own_mac(const struct ew_probe *p, const struct ew_mac *m);
/* The same MACs as a list (the agent's prober process hands them to the parser): returns 2. */
size_t ew_probe_own_macs(const struct ew_probe *p, struct ew_mac out[2]);

#endif
