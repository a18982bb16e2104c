/* SPDX-License-Identifier: ISC */
/* paths.h - where the agent's programs find their data files and each other,
 * from any working directory.
 *
 * Installed (`make install`, the Debian package, also a DESTDIR tree moved
 * elsewhere): PREFIX/sbin/egresswatch-agent, the helper programs in
 * PREFIX/lib/egresswatch/ (ew-sender, ew-prober, ew-locator), the data in
 * PREFIX/share/egresswatch/. Built: build/egresswatch-agent with the
 * helpers beside it (build/san/ for the sanitizer build), the data in the
 * source tree (EW_SRCDIR). PREFIX is found from /proc/self/exe, never from
 * the build's $(PREFIX): an older install there would shadow the tree. */
#ifndef EGRESSWATCH_AGENT_PATHS_H
#define EGRESSWATCH_AGENT_PATHS_H

#include <stddef.h>

#define EW_HELPER_SUBDIR "lib/egresswatch" /* under PREFIX */

/* A data file or folder: PREFIX/share/SHARE_REL, then SRC_REL in the source
 * tree. Returns buf, or NULL when none is readable. */
const char *ew_find_data(char *buf, size_t size, const char *share_rel, const char *src_rel);
/* The helper program NAME: PREFIX/lib/egresswatch/NAME, then NAME beside
 * this executable. Returns buf, or NULL when neither is an executable
 * regular file. */
const char *ew_find_helper(char *buf, size_t size, const char *name);

#endif
