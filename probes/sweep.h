/* SPDX-License-Identifier: ISC */
/* sweep.h - the ARP sweep's plan (pure): which addresses, how long, allowed?
 *
 * A sweep asks every host address of each configured IPv4 subnet (network and
 * broadcast addresses left out, /31 and /32 whole). Above EW_SWEEP_MAX_PREFIX
 * (a /20: 4094 hosts, 3.4 minutes at 20/s) it is refused unless the operator
 * says --allow-large-sweep: a hospital /16 at 20/s takes almost an hour. */
#ifndef EW_PROBES_SWEEP_H
#define EW_PROBES_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_SWEEP_MAX_PREFIX 20
#define EW_SWEEP_HARD_MAX_PREFIX 8 /* even with the flag: a /8 is 16 million requests */

struct ew_sweep_plan {
	uint64_t hosts;      /* addresses to ask */
	uint64_t seconds;    /* at the rate given, rounded up */
	bool refused;
	char why[160];       /* when refused */
};

/* prefixes: the IPv4 ones are swept, the others ignored. */
void ew_sweep_plan(const struct ew_prefix *prefixes, size_t n, unsigned pps, bool allow_large,
		   struct ew_sweep_plan *out);
/* The i-th host address of prefix p (0-based), for 0 <= i < hosts of p. */
uint64_t ew_sweep_hosts(const struct ew_prefix *p);
struct ew_ip ew_sweep_host(const struct ew_prefix *p, uint64_t i);

#endif
