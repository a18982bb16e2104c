/* SPDX-License-Identifier: ISC */
/* probe_sched.c - scheduled probes in the live agent (probe_sched.h). */
#include "probe_sched.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "egresswatch/log.h"

struct item {
	struct ew_frame f;
	struct ew_ev_probe p;
};

struct ew_probe_sched {
	struct ew_probe *probe;
	int64_t every_usec;
	pthread_t thread;
	bool started;
	volatile int stop;
	pthread_mutex_t mu;
	size_t head, n;
	uint64_t dropped;
	struct item q[EW_PROBE_QUEUE];
};

static void enqueue(void *user, const struct ew_frame *f, const struct ew_event *ev)
{
	struct ew_probe_sched *s = user;
	if (ev->type != EW_EV_PROBE)
		return;
	pthread_mutex_lock(&s->mu);
	if (s->n < EW_PROBE_QUEUE) {
		struct item *it = &s->q[(s->head + s->n) % EW_PROBE_QUEUE];
		it->f = *f;
		it->p = ev->u.probe;
		s->n++;
	} else
		s->dropped++;
	pthread_mutex_unlock(&s->mu);
}

struct ew_probe_sched *ew_probe_sched_open(const struct ew_probe_config *pc, int64_t every_usec, char *err,
					   size_t errlen)
{
	struct ew_probe_sched *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	struct ew_probe_config c = *pc;
	c.deliver_frames = false; /* the SPAN sniffer sees the answers; only findings come from here */
	c.event_cb = enqueue;
	c.user = s;
	c.stop = &s->stop;
	s->every_usec = every_usec;
	pthread_mutex_init(&s->mu, NULL);
	/* a run that would be refused (a sweep too large) is refused now, at start */
	struct ew_probe_config dry = c;
	struct ew_probe_stats st;
	dry.dry_run = true;
	dry.log = NULL;
	dry.dry_out = fopen("/dev/null", "w");
	int rc = dry.dry_out ? ew_probe_run(&dry, &st, err, errlen) : 0;
	if (dry.dry_out)
		fclose(dry.dry_out);
	if (rc || !(s->probe = ew_probe_open(&c, err, errlen))) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

static void *loop(void *arg)
{
	struct ew_probe_sched *s = arg;
	while (!s->stop) {
		struct ew_probe_stats st;
		char err[256];
		if (ew_probe_run_open(s->probe, &st, err, sizeof err) != 0)
			ew_log_err("probes: %s", err);
		for (int64_t waited = 0; !s->stop && waited < s->every_usec; waited += 200000) {
			struct timespec ts = { 0, 200000000 };
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

int ew_probe_sched_go(struct ew_probe_sched *s)
{
	if (pthread_create(&s->thread, NULL, loop, s) != 0)
		return -1;
	s->started = true;
	return 0;
}

void ew_probe_sched_drain(struct ew_probe_sched *s, struct ew_infer *inf)
{
	if (!s)
		return;
	for (;;) {
		struct item it;
		pthread_mutex_lock(&s->mu);
		bool have = s->n > 0;
		if (have) {
			it = s->q[s->head];
			s->head = (s->head + 1) % EW_PROBE_QUEUE;
			s->n--;
		}
		pthread_mutex_unlock(&s->mu);
		if (!have)
			return;
		struct ew_event ev;
		memset(&ev, 0, sizeof ev);
		ev.type = EW_EV_PROBE;
		ev.u.probe = it.p;
		if (inf)
			ew_infer_event(inf, &it.f, &ev);
	}
}

bool ew_probe_sched_own_frame(const struct ew_probe_sched *s, const uint8_t *frame, size_t caplen)
{
	if (!s || caplen < 2 * EW_MAC_LEN)
		return false;
	struct ew_mac src;
	memcpy(src.b, frame + EW_MAC_LEN, EW_MAC_LEN);
	return ew_probe_own_mac(s->probe, &src);
}

void ew_probe_sched_stop(struct ew_probe_sched *s)
{
	if (!s)
		return;
	s->stop = 1;
	if (s->started)
		pthread_join(s->thread, NULL);
	if (s->dropped)
		ew_log_warn("probes: %llu findings dropped (queue full)",
			(unsigned long long)s->dropped);
	ew_probe_close(s->probe);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
