/* SPDX-License-Identifier: ISC */
/* spool.h - reports kept on disk until the collector has them.
 *
 * One file per report, DIR/<usec>-<pid>-<seq>.json, so that names sort
 * oldest first. A report is written to a temporary name, fsync'd, renamed
 * and the folder fsync'd before anyone tries to send it; it is removed only
 * after the collector's 2xx. A report the collector refuses for good (a 4xx
 * other than 408/429) moves to DIR/rejected/. The spool has a byte cap: past
 * it the oldest reports are dropped, and the count is written into the next
 * report spooled (limits.spool_dropped), kept in DIR/dropped until then. */
#ifndef EGRESSWATCH_SPOOL_H
#define EGRESSWATCH_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define EW_SPOOL_DEFAULT_DIR "/var/spool/egresswatch"
#define EW_SPOOL_DEFAULT_MIB 256
#define EW_SPOOL_MIB_MIN 1
#define EW_SPOOL_MIB_MAX 65536
#define EW_SPOOL_NAME_MAX 64
#define EW_SPOOL_LIST_MAX 100000 /* entries looked at per scan; far above the cap in reports */

struct ew_spool;

/* Opens (creating it if absent, mode 0700) the spool folder and its
 * rejected/ subfolder. NULL, with a message in err, on failure. */
struct ew_spool *ew_spool_open(const char *dir, uint64_t cap_bytes, char *err, size_t errlen);
void ew_spool_close(struct ew_spool *sp);
const char *ew_spool_dir(const struct ew_spool *sp);
/* The folder's and rejected/'s fds: what the sender's seccomp filter lets
 * it write through (sandbox.h). */
void ew_spool_dir_fds(const struct ew_spool *sp, int fds[2]);

/* Stores one report durably. The report's limits get spool_dropped (what the
 * cap dropped since the last report) and spool_backlog (reports waiting
 * before this one). Returns 0, or -1 with errno. */
int ew_spool_put(struct ew_spool *sp, const char *report, size_t len);
/* The oldest waiting report's name, or "" when the spool is empty. */
int ew_spool_oldest(struct ew_spool *sp, char name[EW_SPOOL_NAME_MAX]);
/* Reports waiting (not rejected). */
size_t ew_spool_count(struct ew_spool *sp);
/* Reads a report into a malloc'd buffer; NULL on failure. */
char *ew_spool_read(struct ew_spool *sp, const char *name, size_t *len);
/* After the collector's 2xx. */
int ew_spool_remove(struct ew_spool *sp, const char *name);
/* After a refusal that sending again would not change. */
int ew_spool_reject(struct ew_spool *sp, const char *name);

#endif
