/* SPDX-License-Identifier: ISC */
/* prober_main.c - ew-prober, the prober process (prober.h): started by the
 * parser (helper_exec.h) with the agent's command line, it builds the probe
 * configuration from --probe, --probe-interface, --probe-rate, --probe-every
 * and --subnet, opens the probe while privileged, confines itself and runs
 * the probes on their schedule, sending each finding to the parser. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent_config.h"
#include "egresswatch/log.h"
#include "egresswatch/probe.h"
#include "helper_exec.h"
#include "helper_start.h"
#include "helper_proc.h"
#include "ipc.h"
#include "ipc_io.h"
#include "paths.h"
#include "privsep.h"

static volatile int child_stop; /* the probe's runs look at it (ew_probe_config.stop) */
static int child_fd = -1;

static void child_finding(void *user, const struct ew_frame *f, const struct ew_event *ev)
{
	(void)user;
	if (ev->type != EW_EV_PROBE || child_stop)
		return;
	struct ew_ipc_buf w;
	if (!ew_ipc_enc_finding(&w, f, &ev->u.probe))
		ew_log_err("prober: a finding does not fit a record; left out");
	else if (ew_ipc_io_write(child_fd, &w) != 0)
		child_stop = 1; /* the parser is gone */
}

/* The parser never writes to the prober: input or a hang-up means it closed its end. */
static void *child_watch(void *arg)
{
	(void)arg;
	struct pollfd pf = { .fd = child_fd, .events = POLLIN };
	while (!child_stop)
		if (poll(&pf, 1, 200) > 0)
			child_stop = 1;
	return NULL;
}

static _Noreturn void child_run(int fd, const struct ew_probe_config *pc, int64_t every_usec, pid_t parent,
				const struct ew_user *u, bool privileged)
{
	child_fd = fd;
	struct ew_probe_config c = *pc;
	c.deliver_frames = false; /* the SPAN sniffer sees the answers; only findings come from here */
	c.event_cb = child_finding;
	c.user = NULL;
	c.stop = &child_stop;
	char err[512] = "";
	/* a run that would be refused (a sweep too large) is refused now, at start */
	struct ew_probe_config dry = c;
	struct ew_probe_stats st;
	dry.dry_run = true;
	dry.log = NULL;
	dry.dry_out = fopen("/dev/null", "w");
	int rc = dry.dry_out ? ew_probe_run(&dry, &st, err, sizeof err) : 0;
	if (dry.dry_out)
		fclose(dry.dry_out);
	/* the capture, the raw socket and the SSDP socket are opened here, while
	 * privileged; a run needs no privilege after that, so none is kept */
	struct ew_probe *probe = rc ? NULL : ew_probe_open(&c, err, sizeof err);
	if (!probe) {
		ew_log_err("probes: %s", err);
		_exit(2);
	}
	/* the one file a run reads: the carrier ranges (a forward probe's hint) */
	const struct ew_landlock_rule files[] = { { c.carriers_path, EW_LANDLOCK_READ } };
	ew_helper_confine(EW_HELPER_PROBER, parent, u, privileged, files, 1);
	struct ew_mac macs[2];
	size_t n = ew_probe_own_macs(probe, macs);
	struct ew_ipc_buf w;
	if (!ew_ipc_enc_hello(&w, macs, n) || ew_ipc_io_write(fd, &w) != 0)
		_exit(0);
	pthread_t watcher;
	if (pthread_create(&watcher, NULL, child_watch, NULL) != 0) {
		ew_log_err("prober: cannot start the thread that watches the parser");
		_exit(2);
	}
	while (!child_stop) {
		if (ew_probe_run_open(probe, &st, err, sizeof err) != 0)
			ew_log_err("probes: %s", err);
		for (int64_t waited = 0; !child_stop && waited < every_usec; waited += 200000) {
			struct timespec ts = { 0, 200000000 };
			nanosleep(&ts, NULL);
		}
	}
	pthread_join(watcher, NULL);
	ew_probe_close(probe);
	_exit(0);
}

/* The probe's configuration from the agent's: the probes address the
 * configured subnets only (the parser checked there is one, and -i and
 * --probe-interface, before starting this program). */
static int probe_config(const struct ew_agent_config *cfg, struct ew_probe_config *pc)
{
	memset(pc, 0, sizeof *pc);
	if (!cfg->probe_list || !cfg->probe_iface || !ew_probe_parse_list(cfg->probe_list, &pc->stimuli)) {
		ew_log_err("bad --probe %s", cfg->probe_list ? cfg->probe_list : "(none)");
		return -1;
	}
	for (size_t i = 0; i < cfg->infer.subnet_count && pc->subnet_count < EW_PROBE_SUBNETS_MAX; i++)
		pc->subnets[pc->subnet_count++] = cfg->infer.subnets[i];
	if (!pc->subnet_count) {
		ew_log_err("--probe needs --subnet: probes address configured subnets only");
		return -1;
	}
	pc->iface = cfg->probe_iface;
	pc->rate_pps = (unsigned)cfg->probe_rate;
	pc->listen_sec = EW_PROBE_LISTEN_DEFAULT;
	static char carriers[PATH_MAX];
	pc->carriers_path = ew_find_data(carriers, sizeof carriers, "egresswatch/carriers.conf", "data/carriers.conf");
	pc->log = cfg->log_syslog ? ew_log_stream(EW_LOG_INFO) : stderr; /* packet log: a line each */
	return 0;
}

int main(int argc, char **argv)
{
	static struct ew_agent_config cfg;
	struct ew_user user;
	pid_t parent;
	if (ew_helper_begin(&argc, &argv, &parent, &cfg, &user, false) != 0)
		return 2;
	if (!parent) {
		ew_log_err("ew-prober is started by egresswatch-agent --probe, not by hand");
		ew_agent_config_free(&cfg);
		return 2;
	}
	struct ew_probe_config pc;
	if (probe_config(&cfg, &pc) != 0)
		_exit(2);
	child_run(EW_HELPER_FD, &pc, cfg.probe_every_usec ? cfg.probe_every_usec : 3600 * INT64_C(1000000), parent,
		  &user, ew_privsep_privileged());
}
