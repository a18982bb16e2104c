/* SPDX-License-Identifier: ISC */
/* prober.h - the prober process: the scheduled probes (--probe), out of the parser.
 *
 *   ew-prober ── PROBER_HELLO (its own MACs), then PROBE_FINDING… ──▶ ew-parser
 *
 * The parser runs it (helper_exec.h: ew-prober, prober_main.c) while still
 * privileged, before it opens the capture.
 * The prober opens the probe's capture, raw socket and SSDP socket
 * (ew_probe_open) as root or with CAP_NET_RAW, then drops to the user with
 * no capability at all (a run only uses the sockets already open, and
 * ordinary TCP for its HTTP and UPnP fetches), sets no_new_privs and enters
 * its filter (helper_sandbox.h). It tells the parser the MACs it sends from
 * (the probe's own frames are no evidence: ew_prober_own_frame), then runs
 * the probes every period and sends each finding (EW_EV_PROBE) as a record,
 * which the parser checks field by field and feeds to its inference.
 *
 * A prober that ends or sends a record that is not valid is logged once
 * and dropped; the parser goes on without findings, and each report says
 * the prober stopped, when and why (ew_prober_state). It ends when the
 * parser closes its socket (a thread watches it), and dies with the parser
 * (PR_SET_PDEATHSIG). */
#ifndef EGRESSWATCH_AGENT_PROBER_H
#define EGRESSWATCH_AGENT_PROBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/infer.h"
#include "egresswatch/probe.h"
#include "helper_state.h"
#include "privsep.h"

#define EW_PROBER_HELLO_WAIT_MS 30000 /* for the prober to open the probe and say its MACs */
#define EW_PROBER_PUMP_MAX 256        /* findings fed per ew_prober_pump: the capture gets its turn */

struct ew_prober;
/* Forks and runs the prober program with the agent's command line (it
 * reads --probe and the rest itself) and waits for its MACs. NULL when it
 * could not start (it said why). */
struct ew_prober *ew_prober_start(int argc, char **argv);
/* The socket to poll for input, or -1 once the prober is gone. */
int ew_prober_fd(const struct ew_prober *p);
/* Feeds what the prober sent to inf (never waits). */
void ew_prober_pump(struct ew_prober *p, struct ew_infer *inf);
/* Running, or stopped since when and why (for the reports). */
const struct ew_helper_state *ew_prober_state(struct ew_prober *p);
/* True when an Ethernet frame was sent by the probe itself (left out of the inference). */
bool ew_prober_own_frame(const struct ew_prober *p, const uint8_t *frame, size_t caplen);
/* Closes the socket (the prober then ends), reaps it, frees p. */
void ew_prober_stop(struct ew_prober *p);

#endif
