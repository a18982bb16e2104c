/* SPDX-License-Identifier: ISC */
/* helper_exec.h - starting a helper program (ew-sender, ew-prober,
 * ew-locator) from a forked child, as OpenBSD's daemons fork and exec.
 *
 * Each helper is a program of its own, so the parser never maps what only a
 * helper uses (libcurl and its TLS stack, libnet, expat, net-snmp: about
 * 8 ms of start-up in every run, tests/bench/README.md), and each starts
 * with its own address-space layout and none of the parser's memory. A
 * helper reads the agent's command line and configuration files again, as
 * the parser does on SIGHUP, and keeps its part of them. */
#ifndef EGRESSWATCH_AGENT_HELPER_EXEC_H
#define EGRESSWATCH_AGENT_HELPER_EXEC_H

#include <stddef.h>
#include <sys/types.h>

#define EW_HELPER_FD 3 /* a helper's socket, or the sender's pipe, once it runs */
#define EW_HELPER_PARENT_ARG "--parent=" /* then the parent's pid: helper_start.h */

/* The helper program NAME's path into buf (paths.h), found before anything
 * is forked, so that a missing one stops the agent at start. NULL after
 * logging. */
const char *ew_helper_path(const char *name, char *buf, size_t size);
/* In a child just forked by the parent `parent`: runs the helper program
 * at path (ew_helper_path), called NAME, with the agent's own command line
 * (argc, argv), fd moved to EW_HELPER_FD and every other descriptor but 0-2
 * closed. Never returns: _exit(127) after logging when it cannot run. */
_Noreturn void ew_helper_exec(const char *path, const char *name, int fd, pid_t parent, int argc, char **argv);
/* Replaces this process with the helper program NAME, given argv as it is
 * (--flush, --locate and --sandbox-test-sender are the helpers' work).
 * Returns 2 after logging when it cannot. */
int ew_helper_become(const char *name, int argc, char **argv);
#endif
