/* SPDX-License-Identifier: ISC */
/* sender.h - the process that holds the token, the spool and libcurl.
 *
 * It reads reports from the parser's pipe (a 4-byte length in host order,
 * then the report), spools each one durably, and sends the spool oldest
 * first, with exponential backoff and jitter while the collector is away.
 * It never parses a packet. */
#ifndef EGRESSWATCH_SENDER_H
#define EGRESSWATCH_SENDER_H

#include <stddef.h>
#include <stdint.h>

#define EW_SENDER_REPORT_MAX (64u * 1024 * 1024) /* the pipe refuses a longer frame */
#define EW_BACKOFF_MIN_MS 1000
#define EW_BACKOFF_MAX_MS (5 * 60 * 1000)

/* Exit codes of the sender, the flush and the agent with a collector. */
enum { EW_EXIT_KEPT = 3, EW_EXIT_REJECTED = 4 };

struct ew_sender_config {
	const char *collector, *token_file, *ca_file, *spool_dir;
	const char *evidence_dir; /* --evidence: each report's pcaps follow it (NULL: none) */
	uint64_t spool_cap;
	long deliver_timeout_s; /* per attempt, and how long to go on once input ends */
	int in_fd;              /* the parser's pipe, or -1 (--flush) */
};

/* Sets the sender up while still privileged: reads the token, sets up
 * libcurl. Returns NULL after logging why. */
struct ew_sender *ew_sender_new(const struct ew_sender_config *cfg);
/* Opens (creating) the spool, as the unprivileged user. -1 after logging. */
int ew_sender_open_spool(struct ew_sender *s);
/* Once the spool is open: no_new_privs and the sender's seccomp filter
 * (sandbox.h), writing only in the spool. -1 after logging. */
int ew_sender_enter_sandbox(struct ew_sender *s);
/* Runs until input has ended and the spool is empty, or deliver_timeout_s
 * after input ended (or SIGTERM). Returns 0, EW_EXIT_KEPT or EW_EXIT_REJECTED. */
int ew_sender_run(struct ew_sender *s);
void ew_sender_free(struct ew_sender *s);

/* The parser's side: one report into the pipe. -1 with errno on failure. */
int ew_sender_send_frame(int fd, const char *report, size_t len);

#endif
