/* SPDX-License-Identifier: ISC */
/* probe_sched.h - the live agent's scheduled probes (--probe, --probe-every,
 * --probe-interface): a thread runs the probes (include/egresswatch/probe.h)
 * every period on the probe interface; their findings wait in a capped queue
 * until the capture loop feeds them to the inference, which is single-threaded. */
#ifndef EGRESSWATCH_PROBE_SCHED_H
#define EGRESSWATCH_PROBE_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "egresswatch/infer.h"
#include "egresswatch/probe.h"

#define EW_PROBE_QUEUE 1024 /* findings between two drains; more are counted and dropped */

struct ew_probe_sched;
/* Opens the probe's capture and sockets (call while privileged); the thread
 * starts with ew_probe_sched_go. NULL with a reason in err. */
struct ew_probe_sched *ew_probe_sched_open(const struct ew_probe_config *pc, int64_t every_usec, char *err,
					   size_t errlen);
int ew_probe_sched_go(struct ew_probe_sched *s);
/* Feeds the queued findings to inf (the capture thread calls this). */
void ew_probe_sched_drain(struct ew_probe_sched *s, struct ew_infer *inf);
/* True when an Ethernet frame was sent by the probe itself (left out of the inference). */
bool ew_probe_sched_own_frame(const struct ew_probe_sched *s, const uint8_t *frame, size_t caplen);
void ew_probe_sched_stop(struct ew_probe_sched *s);

#endif
