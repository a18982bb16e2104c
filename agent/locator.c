/* SPDX-License-Identifier: ISC */
/* locator.c - the locator process and the parser's side of it (see locator.h). */
#include "locator.h"

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
#include "locate.h"
#include "locate_json.h"

#define PUMP_READS_MAX 64 /* reads per ew_locator_pump: the capture gets its turn between them */

struct ew_locator {
	pid_t pid;
	int fd;
	size_t n;
	uint32_t uplink_macs;
	/* the last whole answer (cur) and the one being received (inc) */
	struct ew_locate_table a[EW_LOCATE_SWITCHES_MAX], b[EW_LOCATE_SWITCHES_MAX];
	struct ew_locate_table *cur[EW_LOCATE_SWITCHES_MAX], *inc[EW_LOCATE_SWITCHES_MAX];
	bool done[EW_LOCATE_SWITCHES_MAX];
	bool in_walk;      /* between LOC_BEGIN and LOC_END */
	uint32_t walk_seq; /* LOC_BEGIN's */
	uint32_t seq;      /* the last request's */
	bool outstanding;  /* asked, not answered */
	bool reaped;
	struct ew_helper_state state; /* for the reports */
	struct ew_ipc_reader rd;
};

static int64_t now_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* ---- the parser's side ------------------------------------------------------- */

/* The locator is no longer listened to: said once; the reports from now on
 * say no switch was read, and why. cut_off: this side stops listening
 * (what it sent), not the locator. */
static void gone(struct ew_locator *l, const char *why, bool cut_off)
{
	ew_log_err("the locator process %s; reports list the switches as not read", why);
	close(l->fd);
	l->fd = -1;
	l->in_walk = l->outstanding = false;
	for (size_t i = 0; i < l->n; i++) {
		ew_locate_table_reset(l->cur[i]);
		snprintf(l->cur[i]->error, sizeof l->cur[i]->error, "the locator process ended");
	}
	ew_helper_stopped(l->pid, &l->reaped, &l->state, why, cut_off);
}

static int handle(struct ew_locator *l, const struct ew_ipc_rec *rec)
{
	size_t sw, count;
	uint32_t seq;
	struct ew_locate_vb vb;
	switch (rec->type) {
	case EW_IPC_LOC_BEGIN:
		if (l->in_walk || ew_ipc_dec_loc_begin(rec, &seq, l->n, &count) != 0 || count != l->n)
			return -1;
		for (size_t i = 0; i < l->n; i++) {
			ew_locate_table_reset(l->inc[i]);
			l->done[i] = false;
		}
		l->in_walk = true;
		l->walk_seq = seq;
		return 0;
	case EW_IPC_LOC_ROW:
		if (!l->in_walk || ew_ipc_dec_loc_row(rec, l->n, &sw, &vb) != 0 || l->done[sw])
			return -1;
		if (l->inc[sw]->rows >= l->inc[sw]->max_rows)
			return -1; /* the locator stops each switch at this cap */
		ew_locate_table_add(l->inc[sw], &vb); /* checked there, as every switch row */
		return 0;
	case EW_IPC_LOC_SWITCH: {
		bool answered;
		int64_t at;
		char why[sizeof l->inc[0]->error];
		if (!l->in_walk || ew_ipc_dec_loc_switch(rec, l->n, &sw, &answered, &at, why, sizeof why) != 0 ||
		    l->done[sw])
			return -1;
		struct ew_locate_table *t = l->inc[sw];
		memcpy(t->error, why, sizeof t->error);
		l->done[sw] = true;
		t->answered = answered;
		t->read_usec = at;
		if (answered)
			ew_locate_table_finish(t);
		return 0;
	}
	case EW_IPC_LOC_END:
		if (!l->in_walk || ew_ipc_dec_loc_end(rec, &seq) != 0 || seq != l->walk_seq)
			return -1;
		for (size_t i = 0; i < l->n; i++)
			if (!l->done[i])
				return -1;
		ew_locate_link(l->inc, l->n);
		for (size_t i = 0; i < l->n; i++) {
			struct ew_locate_table *t = l->cur[i];
			l->cur[i] = l->inc[i];
			l->inc[i] = t;
		}
		l->in_walk = false;
		if (seq == l->seq)
			l->outstanding = false;
		return 0;
	default:
		return -1;
	}
}

struct ew_locator *ew_locator_start(struct ew_locate_config *cfg, int argc, char **argv)
{
	int fd;
	pid_t pid = ew_helper_spawn("ew-locator", argc, argv, &fd);
	if (pid < 0)
		return NULL;
	/* the parser keeps the switches' names, never their secrets */
	for (size_t i = 0; i < cfg->n; i++) {
		explicit_bzero(cfg->sw[i].community, sizeof cfg->sw[i].community);
		explicit_bzero(cfg->sw[i].auth_pass, sizeof cfg->sw[i].auth_pass);
		explicit_bzero(cfg->sw[i].priv_pass, sizeof cfg->sw[i].priv_pass);
	}
	struct ew_locator *l = calloc(1, sizeof *l);
	bool ok = l != NULL;
	if (l) {
		l->pid = pid;
		l->fd = fd;
		l->uplink_macs = cfg->uplink_macs;
		for (size_t i = 0; i < cfg->n && ok; i++) {
			ok = ew_locate_table_init(&l->a[i], cfg->sw[i].name, cfg->max_rows) == 0 &&
			     ew_locate_table_init(&l->b[i], cfg->sw[i].name, cfg->max_rows) == 0;
			l->cur[i] = &l->a[i];
			l->inc[i] = &l->b[i];
			l->n = i + 1;
		}
	}
	if (!ok || fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		ew_log_err("locator: out of memory");
		if (l)
			ew_locator_stop(l); /* closes fd: the locator ends */
		else
			close(fd);
		return NULL;
	}
	return l;
}

int ew_locator_fd(const struct ew_locator *l)
{
	return l ? l->fd : -1;
}

void ew_locator_pump(struct ew_locator *l)
{
	if (!l || l->fd < 0)
		return;
	for (int reads = 0;; reads++) {
		struct ew_ipc_rec rec;
		int k;
		while ((k = ew_ipc_next(&l->rd, &rec)) == 1)
			if (handle(l, &rec) != 0) {
				gone(l, "sent a record that is not valid", true);
				return;
			}
		if (k < 0) {
			gone(l, "sent a stream that is not valid", true);
			return;
		}
		if (reads == PUMP_READS_MAX)
			return;
		ssize_t got = ew_ipc_io_fill(l->fd, &l->rd);
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (got <= 0) {
			gone(l, got == 0 ? "ended" : "cannot be read", got != 0);
			return;
		}
	}
}

bool ew_locator_ask(struct ew_locator *l)
{
	if (!l || l->fd < 0)
		return false;
	if (l->outstanding)
		return true;
	struct ew_ipc_buf w;
	if (!ew_ipc_enc_loc_request(&w, ++l->seq) || ew_ipc_io_write(l->fd, &w) != 0) {
		gone(l, "does not take requests", false);
		return false;
	}
	l->outstanding = true;
	return true;
}

bool ew_locator_busy(const struct ew_locator *l)
{
	return l && l->fd >= 0 && l->outstanding;
}

void ew_locator_wait(struct ew_locator *l, int64_t until_usec)
{
	while (ew_locator_busy(l)) {
		int64_t left = until_usec - now_usec();
		if (left <= 0)
			return;
		struct pollfd pf = { .fd = l->fd, .events = POLLIN };
		(void)poll(&pf, 1, left > 500000 ? 500 : (int)(left / 1000) + 1);
		ew_locator_pump(l);
	}
}

const struct ew_helper_state *ew_locator_state(struct ew_locator *l)
{
	return ew_helper_state_now(l->pid, &l->reaped, &l->state);
}

struct json_object *ew_locator_location(void *user, const struct ew_mac *mac, uint16_t vlan)
{
	struct ew_locator *l = user;
	if (!l || !l->n)
		return NULL;
	/* every VLAN's forwarding rows are searched; the VLAN the capture saw
	 * picks among a shared FDB's VLANs, as locate_snmp.c does */
	struct ew_locate_result res;
	ew_locate_mac_vlan(l->cur, l->n, mac, vlan, l->uplink_macs, &res);
	return ew_locate_json(l->cur, l->n, &res);
}

void ew_locator_stop(struct ew_locator *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	int st;
	(void)ew_helper_reap(l->pid, &l->reaped, true, &st); /* else it dies with this process (PR_SET_PDEATHSIG) */
	for (size_t i = 0; i < l->n; i++) {
		ew_locate_table_free(&l->a[i]);
		ew_locate_table_free(&l->b[i]);
	}
	free(l);
}
