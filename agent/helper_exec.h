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

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "agent_config.h"
#include "privsep.h"

#define EW_HELPER_FD 3 /* a helper's socket, or the sender's pipe, once it runs */

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
/* In a helper program, first: takes ew_helper_exec's "--parent=PID" off the
 * command line (*parent: PID, or 0 when the program was started otherwise:
 * by hand, or by the agent for --flush or --locate), reads the agent's
 * command line and configuration files into cfg, opens the log as the agent
 * does, and looks up the user to drop to when root (*user; zero otherwise).
 * switch_secrets: the SNMP secrets of the switch lines are read (their
 * files opened) and kept in cfg; only the locator wants them, the sender
 * and the prober check the lines without them. -1 (said why, cfg freed)
 * when something does not hold: the agent read the same line, so a file
 * changed under it. */
int ew_helper_begin(int *argc, char ***argv, pid_t *parent, struct ew_agent_config *cfg, struct ew_user *user,
		    bool switch_secrets);

#endif
