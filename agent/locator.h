/* SPDX-License-Identifier: ISC */
/* locator.h - the locator process: the SNMP walks of the switches, out of the parser.
 *
 *   ew-parser ── LOC_REQUEST(seq) ──────────────────────▶ ew-locator
 *             ◀── LOC_BEGIN, LOC_ROW…, LOC_SWITCH…, LOC_END ── (ipc.h)
 *
 * The parser runs it (helper_exec.h) while still privileged, before it
 * opens the capture. The locator reads the switches' secrets (the parser
 * wipes the copy it read to check the lines at start), drops
 * to the user with no capabilities, sets no_new_privs, enters its filter
 * (helper_sandbox.h) and waits for requests. For each one it walks every
 * switch (locate_snmp.c) and sends every answer row as it comes, then each
 * switch's outcome. The parser replays the rows into its own tables through
 * locate.c, which checks every row as it did when the walk ran in the
 * parser, so a report's "location" objects are the same as before.
 *
 * When: the parser asks once per report window, when a report is due (a
 * window's end, SIGUSR1, the end), and goes on capturing while the switches
 * are walked: the report is written when the answer is whole, or after
 * EW_LOCATOR_WAIT_MS with the last whole answer (a report of the same window
 * uses that window's walk). The capture is never held up by a walk.
 *
 * A locator that ends or sends a record that is not valid is logged once and
 * dropped; reports then list every switch under switch_errors with "the
 * locator process ended", and say the locator stopped, when and why
 * (ew_locator_state). It ends when the parser closes its socket, and dies
 * with the parser (PR_SET_PDEATHSIG). */
#ifndef EGRESSWATCH_AGENT_LOCATOR_H
#define EGRESSWATCH_AGENT_LOCATOR_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "helper_state.h"
#include "locate_config.h"
#include "privsep.h"

#define EW_LOCATOR_WAIT_MS 30000 /* a report waits this long at most for a walk */

struct ew_locator;
/* Forks and runs the locator program (ew-locator) with the agent's command
 * line (argc, argv): it reads the switches and their secrets itself. cfg
 * is this process's reading of the same lines: its secrets are wiped here.
 * NULL after logging. */
struct ew_locator *ew_locator_start(struct ew_locate_config *cfg, int argc, char **argv);
/* The socket to poll for input, or -1 once the locator is gone. */
int ew_locator_fd(const struct ew_locator *l);
/* Takes what the locator sent (never waits). */
void ew_locator_pump(struct ew_locator *l);
/* Asks for a walk unless one is on its way. False when the locator is gone. */
bool ew_locator_ask(struct ew_locator *l);
/* A walk asked for has not been answered yet. */
bool ew_locator_busy(const struct ew_locator *l);
/* Waits (poll) until the walk asked for is answered or until_usec passed. */
void ew_locator_wait(struct ew_locator *l, int64_t until_usec);
/* Running, or stopped since when and why (for the reports). */
const struct ew_helper_state *ew_locator_state(struct ew_locator *l);
/* ew_report_meta.location over the last whole answer. */
struct json_object *ew_locator_location(void *user, const struct ew_mac *mac, uint16_t vlan);
/* Closes the socket (the locator then ends), reaps it, frees l. */
void ew_locator_stop(struct ew_locator *l);

#endif
