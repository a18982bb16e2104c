/* SPDX-License-Identifier: ISC */
/* paths.h - where the agent finds its helper programs, from any working
 * directory: installed (`make install`, the Debian package) in
 * PREFIX/lib/egresswatch/ (ew-sender, ew-prober, ew-locator); built, beside
 * build/egresswatch-agent (build/san/ for the sanitizer build). Data files:
 * egresswatch/datapath.h. */
#ifndef EGRESSWATCH_AGENT_PATHS_H
#define EGRESSWATCH_AGENT_PATHS_H

#include <stddef.h>

#include "egresswatch/datapath.h"

/* The helper program NAME: PREFIX/lib/egresswatch/NAME, then NAME beside
 * this executable. Returns buf, or NULL when neither is an executable
 * regular file. */
const char *ew_find_helper(char *buf, size_t size, const char *name);

#endif
