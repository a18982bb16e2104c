/* SPDX-License-Identifier: ISC */
/* helper_state.c - a helper's state in a report's words (helper_state.h). */
#include "helper_state.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

void ew_helper_state_stop(struct ew_helper_state *s, int64_t now_usec, const char *why, bool cut_off)
{
	if (s->stopped)
		return;
	s->stopped = true;
	s->cut_off = cut_off;
	s->since_usec = now_usec;
	snprintf(s->reason, sizeof s->reason, "%s", why);
}

void ew_helper_state_reaped(struct ew_helper_state *s, int64_t now_usec, int wstatus)
{
	char how[EW_HELPER_REASON_LEN];
	if (WIFSIGNALED(wstatus)) {
		int sig = WTERMSIG(wstatus);
		const char *abbrev = sigabbrev_np(sig); /* "KILL"; NULL for a number with no name */
		if (abbrev)
			snprintf(how, sizeof how, "killed by signal %d (SIG%s)", sig, abbrev);
		else
			snprintf(how, sizeof how, "killed by signal %d", sig);
	} else if (WIFEXITED(wstatus)) {
		snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(wstatus));
	} else {
		return; /* stopped or continued is no end */
	}
	if (!s->stopped) {
		s->stopped = true;
		s->since_usec = now_usec;
		s->reason[0] = '\0';
	}
	if (s->reaped)
		return;
	s->reaped = true;
	if (s->cut_off) { /* what it sent first, then how it ended; cut at the cap */
		size_t len = strlen(s->reason);
		snprintf(s->reason + len, sizeof s->reason - len, "; %s", how);
	} else {
		snprintf(s->reason, sizeof s->reason, "%s", how);
	}
}
