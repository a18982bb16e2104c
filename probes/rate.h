/* SPDX-License-Identifier: ISC */
/* rate.h - the probes' send rate limit (pure: the caller gives the time).
 * A token bucket of depth 1: at most one packet every 1/pps seconds, so
 * any window of t seconds holds at most floor(t * pps) + 1 packets. */
#ifndef EW_PROBES_RATE_H
#define EW_PROBES_RATE_H

#include <stdbool.h>
#include <stdint.h>

#define EW_RATE_DEFAULT_PPS 20 /* DESIGN §8: a guest's gentle default */
#define EW_RATE_MAX_PPS 1000   /* --rate refuses more: a probe is not a scanner */

struct ew_rate {
	int64_t interval_usec;
	int64_t next_usec; /* earliest time of the next packet */
};

/* false if pps is outside 1..EW_RATE_MAX_PPS */
bool ew_rate_init(struct ew_rate *r, unsigned pps);
/* Microseconds to wait before the next packet may go at now_usec (0: now). */
int64_t ew_rate_wait(const struct ew_rate *r, int64_t now_usec);
/* Records a packet sent at now_usec (call only when ew_rate_wait said 0). */
void ew_rate_sent(struct ew_rate *r, int64_t now_usec);

#endif
