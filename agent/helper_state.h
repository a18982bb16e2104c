/* SPDX-License-Identifier: ISC */
/* helper_state.h - what became of a helper process (the prober, the
 * locator), in the words a report uses ("helpers" in the report): running,
 * or stopped, since when and why. Pure: the parser's side of each helper
 * says what it saw (its socket closed, a bad record, waitpid's status). */
#ifndef EGRESSWATCH_AGENT_HELPER_STATE_H
#define EGRESSWATCH_AGENT_HELPER_STATE_H

#include <stdbool.h>
#include <stdint.h>

#define EW_HELPER_REASON_LEN 96 /* "sent a stream that is not valid; killed by signal 31 (SIGSYS)" */

struct ew_helper_state {
	bool stopped;
	bool cut_off;       /* the parser stopped listening (a bad record), not the helper */
	bool reaped;        /* waitpid has said how it ended */
	int64_t since_usec; /* when the parser stopped listening to it */
	char reason[EW_HELPER_REASON_LEN];
};

/* The parser stopped listening to the helper at now_usec: cut_off, because
 * of what it sent (why: "sent a record that is not valid"), or else because
 * its socket closed (why: "ended"), which waitpid's word replaces. The
 * first cause stands. */
void ew_helper_state_stop(struct ew_helper_state *s, int64_t now_usec, const char *why, bool cut_off);
/* The helper was reaped with waitpid status wstatus: "exited with status N"
 * or "killed by signal N (SIGNAME)", after the parser's why when it was cut
 * off. Marks it stopped at now_usec unless it already was. */
void ew_helper_state_reaped(struct ew_helper_state *s, int64_t now_usec, int wstatus);

#endif
