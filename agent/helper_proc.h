/* SPDX-License-Identifier: ISC */
/* helper_proc.h - the life of a helper process (the locator, the prober):
 * forked on a socket pair and run as a program of its own (helper_exec.h),
 * confined once it holds what it needs, reaped.
 *
 * Both helpers end when the parser does (their socket closed, or the
 * parent's death): they ignore SIGTERM, SIGINT, SIGHUP and SIGUSR1, so a
 * signal to the whole unit (systemd, Ctrl-C) never cuts a walk or a probe
 * run short, and SIGPIPE, so a closed socket is an error, not a death. */
#ifndef EGRESSWATCH_HELPER_PROC_H
#define EGRESSWATCH_HELPER_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "helper_sandbox.h"
#include "helper_state.h"
#include "landlock.h"
#include "privsep.h"

#define EW_HELPER_REAP_WAIT_MS 2000 /* at the end, for the helper to see its socket closed */

/* Forks and runs the helper program NAME (ew-prober, ew-locator) with the
 * agent's command line, on a socket pair: the child keeps its end only
 * (EW_HELPER_FD), with the signals above ignored. Returns the child's pid
 * and *fd this process's end (close-on-exec), or -1 after logging. */
pid_t ew_helper_spawn(const char *name, int argc, char **argv, int *fd);
/* In the helper, once it holds its sockets: drops to u when privileged,
 * keeps its file access to files (the rules: landlock.h; the local time
 * zone is added here), enters the helpers' filter, and dies with the
 * parser. _exit(2) when it cannot (Landlock failing only when privileged);
 * _exit(0) when the parser (pid parent: helper_start.h) is already gone. */
void ew_helper_confine(enum ew_helper_kind kind, pid_t parent, const struct ew_user *u, bool privileged,
		       const struct ew_landlock_rule *files, size_t nfiles);
/* Reaps the helper once it has ended; with wait, waits for that up to
 * EW_HELPER_REAP_WAIT_MS. *reaped says it was. True when this call reaped
 * it and *wstatus is waitpid's status (false: not yet, already, or no
 * such child). */
bool ew_helper_reap(pid_t pid, bool *reaped, bool wait, int *wstatus);
/* The parser stopped listening to the helper (why, cut_off: as
 * ew_helper_state_stop), now: recorded in *s, then reaped if it can be. */
void ew_helper_stopped(pid_t pid, bool *reaped, struct ew_helper_state *s, const char *why, bool cut_off);
/* *s for a report: a stopped helper not reaped yet is tried again, since
 * its socket closes a moment before it can be reaped. */
const struct ew_helper_state *ew_helper_state_now(pid_t pid, bool *reaped, struct ew_helper_state *s);

#endif
