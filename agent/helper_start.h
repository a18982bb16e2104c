/* SPDX-License-Identifier: ISC */
/* helper_start.h - the first steps of a helper program (ew-sender,
 * ew-prober, ew-locator) that helper_exec.h started. */
#ifndef EGRESSWATCH_AGENT_HELPER_START_H
#define EGRESSWATCH_AGENT_HELPER_START_H

#include <stdbool.h>
#include <sys/types.h>

#include "agent_config.h"
#include "privsep.h"

/* Takes ew_helper_exec's "--parent=PID" off the command line (*parent: PID,
 * or 0 when the program was started otherwise: by hand, or by the agent
 * for --flush or --locate), reads the agent's command line and
 * configuration files into cfg, opens the log as the agent does, and looks
 * up the user to drop to when root (*user; zero otherwise). First, opens
 * /dev/null on any of descriptors 0-2 that is closed (ew_privsep_std_fds).
 * switch_secrets: the SNMP secrets of the switch lines are read (their
 * files opened) and kept in cfg; only the locator wants them, the sender
 * and the prober check the lines without them. -1 (said why, cfg freed)
 * when something does not hold: the agent read the same line, so a file
 * changed under it. */
int ew_helper_begin(int *argc, char ***argv, pid_t *parent, struct ew_agent_config *cfg, struct ew_user *user,
		    bool switch_secrets);

#endif
