/* SPDX-License-Identifier: ISC */
/* prober.c - the prober process and the parser's side of it (see prober.h). */
#include "prober.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "helper_proc.h"
#include "helper_state.h"
#include "ipc.h"
#include "ipc_io.h"


struct ew_prober {
	pid_t pid;
	int fd;
	bool reaped;
	struct ew_helper_state state; /* for the reports */
	struct ew_mac own[EW_IPC_MACS_MAX];
	size_t own_n;
	struct ew_ipc_reader rd;
};

static int64_t now_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* ---- the parser's side ------------------------------------------------------------- */

/* cut_off: this side stops listening (what it sent), not the prober. */
static void gone(struct ew_prober *p, const char *why, bool cut_off)
{
	ew_log_err("the prober process %s; no more probe findings", why);
	close(p->fd);
	p->fd = -1;
	ew_helper_stopped(p->pid, &p->reaped, &p->state, why, cut_off);
}

/* The first record, before the capture opens: the prober's MACs. */
static int read_hello(struct ew_prober *p)
{
	int64_t until = now_usec() + (int64_t)EW_PROBER_HELLO_WAIT_MS * 1000;
	for (;;) {
		struct ew_ipc_rec rec;
		int k = ew_ipc_next(&p->rd, &rec);
		if (k == 1)
			return ew_ipc_dec_hello(&rec, p->own, &p->own_n);
		if (k < 0)
			return -1;
		int64_t left = until - now_usec();
		struct pollfd pf = { .fd = p->fd, .events = POLLIN };
		if (left <= 0 || poll(&pf, 1, (int)(left / 1000) + 1) == 0) {
			ew_log_err("probes: the prober did not start within %d s", EW_PROBER_HELLO_WAIT_MS / 1000);
			return -1;
		}
		ssize_t got = ew_ipc_io_fill(p->fd, &p->rd);
		if (got == 0)
			return -1; /* it ended: it said why */
		if (got < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
	}
}

struct ew_prober *ew_prober_start(int argc, char **argv)
{
	struct ew_prober *p = calloc(1, sizeof *p);
	if (!p) {
		ew_log_err("prober: out of memory");
		return NULL;
	}
	int fd;
	pid_t pid = ew_helper_spawn("ew-prober", argc, argv, &fd);
	if (pid < 0) {
		free(p);
		return NULL;
	}
	p->pid = pid;
	p->fd = fd;
	if (read_hello(p) != 0 || fcntl(p->fd, F_SETFL, O_NONBLOCK) != 0) {
		ew_prober_stop(p);
		return NULL;
	}
	return p;
}

int ew_prober_fd(const struct ew_prober *p)
{
	return p ? p->fd : -1;
}

void ew_prober_pump(struct ew_prober *p, struct ew_infer *inf)
{
	if (!p || p->fd < 0)
		return;
	for (size_t fed = 0;;) {
		struct ew_ipc_rec rec;
		int k;
		while ((k = ew_ipc_next(&p->rd, &rec)) == 1) {
			struct ew_frame f;
			struct ew_event ev;
			memset(&ev, 0, sizeof ev);
			ev.type = EW_EV_PROBE;
			if (ew_ipc_dec_finding(&rec, &f, &ev.u.probe) != 0) {
				gone(p, "sent a record that is not valid", true);
				return;
			}
			if (inf)
				ew_infer_event(inf, &f, &ev);
			fed++;
		}
		if (k < 0) {
			gone(p, "sent a stream that is not valid", true);
			return;
		}
		if (fed >= EW_PROBER_PUMP_MAX)
			return;
		ssize_t got = ew_ipc_io_fill(p->fd, &p->rd);
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (got <= 0) {
			gone(p, got == 0 ? "ended" : "cannot be read", got != 0);
			return;
		}
	}
}

const struct ew_helper_state *ew_prober_state(struct ew_prober *p)
{
	return ew_helper_state_now(p->pid, &p->reaped, &p->state);
}

bool ew_prober_own_frame(const struct ew_prober *p, const uint8_t *frame, size_t caplen)
{
	if (!p || caplen < 2 * EW_MAC_LEN)
		return false;
	struct ew_mac src;
	memcpy(src.b, frame + EW_MAC_LEN, EW_MAC_LEN);
	for (size_t i = 0; i < p->own_n; i++)
		if (ew_mac_eq(&src, &p->own[i]))
			return true;
	return false;
}

void ew_prober_stop(struct ew_prober *p)
{
	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	int st;
	(void)ew_helper_reap(p->pid, &p->reaped, true, &st); /* else it dies with this process (PR_SET_PDEATHSIG) */
	free(p);
}
