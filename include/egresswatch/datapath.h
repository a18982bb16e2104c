/* SPDX-License-Identifier: ISC */
/* datapath.h - where egresswatch's programs find their data files, from any
 * working directory.
 *
 * Installed (`make install`, the Debian packages, also a DESTDIR tree moved
 * elsewhere): PREFIX/sbin/egresswatch-agent, PREFIX/sbin/egresswatch-collector,
 * the agent's helper programs in PREFIX/lib/egresswatch/, the data in
 * PREFIX/share/. Built: the programs in build/ (build/san/), the data in the
 * source tree they were built from (EW_SRCDIR, compiled in; a build without
 * it, such as the fuzz targets, looks in the working directory). PREFIX is
 * found from /proc/self/exe, never from the build's $(PREFIX): an older
 * install there would shadow the tree, and the working directory is never
 * looked at first, so a data/ folder wherever a program is run changes
 * nothing. */
#ifndef EGRESSWATCH_DATAPATH_H
#define EGRESSWATCH_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>

#define EW_HELPER_SUBDIR "lib/egresswatch" /* the agent's helper programs, under PREFIX */

/* The folder holding this executable. */
bool ew_exe_dir(char *buf, size_t size);
/* PREFIX: the folder above this executable's (sbin/), or above
 * lib/egresswatch/ for one of the agent's helpers. */
bool ew_exe_prefix(char *buf, size_t size);
/* A data file or folder: PREFIX/share/SHARE_REL, then SRC_REL in the source
 * tree (none when NULL). Returns buf, or NULL when none is readable. */
const char *ew_find_data(char *buf, size_t size, const char *share_rel, const char *src_rel);

#endif
