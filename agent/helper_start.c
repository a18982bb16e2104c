/* SPDX-License-Identifier: ISC */
/* helper_start.c - a helper program's first steps (helper_start.h). */
#include "helper_start.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "helper_exec.h"
#include "locate_config.h"

/* Takes "--parent=PID" off the command line: PID, or 0 when absent. */
static pid_t take_parent(int *argc, char ***argv)
{
	char **v = *argv;
	if (*argc < 2 || strncmp(v[1], EW_HELPER_PARENT_ARG, strlen(EW_HELPER_PARENT_ARG)) != 0)
		return 0;
	char *end;
	errno = 0;
	long long pid = strtoll(v[1] + strlen(EW_HELPER_PARENT_ARG), &end, 10);
	if (errno || *end || pid <= 1 || pid > INT_MAX)
		return 0;
	v[1] = v[0]; /* the program name stays first */
	(*argv)++;
	(*argc)--;
	return (pid_t)pid;
}

int ew_helper_begin(int *argc, char ***argv, pid_t *parent, struct ew_agent_config *cfg, struct ew_user *user,
		    bool switch_secrets)
{
	if (ew_privsep_std_fds() != 0) /* started by hand with one closed: nowhere to say why */
		return -1;
	*parent = take_parent(argc, argv);
	/* the switch lines are checked in every helper, their secrets (files
	 * that may be root's, or words on the line) kept by the locator alone */
	ew_locate_config_want_secrets(switch_secrets);
	memset(user, 0, sizeof *user);
	ew_log_init("egresswatch-agent", false, EW_LOG_INFO); /* stderr until --log is read, as the agent */
	if (ew_agent_config_parse(cfg, *argc, *argv) != EW_CFG_OK) {
		ew_agent_config_free(cfg);
		return -1;
	}
	/* --locate and the filter test answer on the terminal */
	ew_log_init("egresswatch-agent", cfg->log_syslog && !cfg->locate_mode && !cfg->sandbox_test_sender, EW_LOG_INFO);
	if (geteuid() == 0 && ew_privsep_user(cfg->user, user) != 0) {
		ew_agent_config_free(cfg);
		return -1;
	}
	return 0;
}
