/* SPDX-License-Identifier: ISC */
/* privsep.h - who runs what, as OpenBSD's daemons split it.
 *
 *   egresswatch-agent (parser)   opens the capture as root, then runs as the
 *     │  │  │ pipe: reports      unprivileged user with no_new_privs and a
 *     │  │  ▼                    seccomp filter; holds no token, no spool,
 *     │  │                       no socket but the capture and the two below
 *     │  │ ew-sender (sender_main.c)   run before the capture is opened;
 *     │  │                       reads the token as root, then runs as the
 *     │  │                       same user in its own seccomp filter: spool,
 *     │  │                       libcurl, no packet ever
 *     │  └ ew-locator (locator.h)  --switch: SNMP walks; socketpair, ipc.h records
 *     └── ew-prober (prober.h)     --probe: the probes; socketpair, ipc.h records
 *         both run by the parser before it opens the capture; the same
 *         user, no capability, no_new_privs, their own filter (helper_sandbox.h)
 *
 * Each helper is a program of its own, forked and executed (helper_exec.h):
 * the parser maps none of libcurl, libnet, expat or net-snmp.
 */
#ifndef EGRESSWATCH_PRIVSEP_H
#define EGRESSWATCH_PRIVSEP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sender.h"

#define EW_USER_DEFAULT "egresswatch"
#define EW_USER_FALLBACK "nobody"

struct ew_user {
	uid_t uid;
	gid_t gid;
	char name[64];
};

/* Opens /dev/null on each of descriptors 0-2 that is closed, first thing in
 * the agent and in each helper program: started with one closed, the next
 * descriptor opened (the sender's pipe, a capture, a spool directory, a
 * socket) would become standard error and take the log's lines. -1 when
 * /dev/null cannot be opened (errno set). */
int ew_privsep_std_fds(void);
/* Root, or a user with capabilities (systemd's User= with
 * AmbientCapabilities=CAP_NET_RAW): either way the agent has something to
 * give up once the capture is open. */
bool ew_privsep_privileged(void);
/* Empties every capability set (effective, permitted, inheritable, ambient).
 * -1 after logging. */
int ew_privsep_drop_caps(void);

/* --user NAME, or (name NULL) egresswatch, else nobody. -1 after logging. */
int ew_privsep_user(const char *name, struct ew_user *u);
/* Drops root for good (groups, gid, uid; checked), then every capability
 * (a user started with capabilities keeps its uid and loses them). */
int ew_privsep_drop(const struct ew_user *u);
/* Creates DIR if absent, owned by the user when root made it (a folder the
 * agent made is the agent's; an existing one keeps its owner). Returns an
 * O_DIRECTORY|O_NOFOLLOW fd, or -1 after logging. */
int ew_privsep_own_dir(const char *dir, const struct ew_user *u);
/* Forks and runs the sender program (ew-sender, helper_exec.h) with the
 * agent's command line: it reads the token while root, drops to the user,
 * opens the spool and runs. *wfd is the parser's end of the pipe (frames:
 * ew_sender_send_frame). Returns the child's pid or -1. */
pid_t ew_privsep_start_sender(int argc, char **argv, int *wfd);
/* Live capture as root: this process becomes the supervisor, which keeps
 * root only to reopen the capture, and forks the parser. Returns false in
 * the parser (it goes on: opens the capture, drops, parses; *respawn says
 * whether it is a reopening), or true in the supervisor once the parser has
 * ended for good, with *status its exit status. Signals (TERM, INT, USR1,
 * HUP) are passed on to the parser. A parser that lost its capture exits
 * EW_EXIT_CAPTURE_LOST and is started again after a backoff (1 s doubling
 * to a minute), so an interface that goes away and comes back is captured
 * again without a restart. */
#define EW_EXIT_CAPTURE_LOST 5
/* reload(ctx) runs in the supervisor before a new parser is started when a
 * SIGHUP came since the last one, so the new parser starts with the
 * configuration its predecessor had reloaded. */
bool ew_privsep_supervise(bool *respawn, int *status, void (*reload)(void *), void *ctx);
/* The parser, once its own handlers are in place: lets signals in. */
void ew_privsep_parser_ready(void);

/* Waits for the sender; returns its exit status (2 if it died). */
int ew_privsep_wait_sender(pid_t pid);

#endif
