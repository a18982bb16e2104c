/* SPDX-License-Identifier: ISC */
/* landlock.h - the files a confined process may still reach (Landlock).
 *
 * Under the units every agent process runs as the same user, so a file
 * that user may read (the collector's token, 0640 root:egresswatch) is
 * kept from a compromised parser, prober or locator by nothing but
 * permissions: their seccomp filters (sandbox.h, helper_sandbox.h) let them
 * open files read-only, and seccomp cannot look at a path. Landlock can:
 * once a process has opened what it keeps, it restricts itself to the
 * paths given here, and every other file is out of its reach whatever its
 * uid may read. Access to files opened before stays as it was.
 *
 * The kernel's Landlock ABI decides which rights can be restricted: the
 * rights a lower ABI does not know are left out. A kernel without Landlock
 * (not built, or not enabled at boot) is said once, at info, and the
 * process goes on with permissions and seccomp alone; so it does, with a
 * warning, where a seccomp filter around it (a container's) refuses the
 * calls. */
#ifndef EGRESSWATCH_LANDLOCK_H
#define EGRESSWATCH_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>

enum ew_landlock_access {
	EW_LANDLOCK_READ,         /* read the file, or the files beneath the folder (and list it) */
	EW_LANDLOCK_WRITE_BENEATH /* create, write and truncate regular files beneath the folder */
};

struct ew_landlock_rule {
	const char *path; /* followed if a symbolic link; NULL or missing: left out */
	enum ew_landlock_access access;
};

/* Sets no_new_privs, then restricts this process (and what it forks after)
 * to the rules: every other file or folder can no longer be opened, made,
 * removed, renamed or executed. Call it single-threaded: it binds the
 * calling thread. who names the process in messages. Returns 0
 * when enforced or when the kernel has no Landlock, -1 after logging
 * otherwise (the caller fails closed, as for its seccomp filter). */
int ew_landlock_enter(const char *who, const struct ew_landlock_rule *rules, size_t n);

/* The kernel's Landlock ABI version, or 0 without Landlock. */
int ew_landlock_abi(void);

#endif
