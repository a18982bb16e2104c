/* SPDX-License-Identifier: ISC */
/* locator_main.c - ew-locator, the locator process (locator.h), and the
 * `egresswatch-agent --locate MAC` command. Started by the agent with its
 * command line (helper_exec.h), it reads the switch lines and their secret
 * files itself, while privileged, then confines itself and walks the
 * switches (locate_snmp.c) each time the parser asks. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_config.h"
#include "egresswatch/log.h"
#include "helper_exec.h"
#include "helper_start.h"
#include "helper_proc.h"
#include "ipc.h"
#include "ipc_io.h"
#include "locate.h"
#include "locate_snmp.h"
#include "privsep.h"

struct child {
	int fd;
	bool broken; /* the parser is gone */
	struct ew_ipc_buf w;
};

static void child_send(struct child *c, bool encoded)
{
	if (!encoded) /* a bug, not input: every field is within its cap */
		ew_log_err("locator: a record does not fit; left out");
	else if (!c->broken && ew_ipc_io_write(c->fd, &c->w) != 0)
		c->broken = true;
}

static void child_row(void *user, size_t sw, const struct ew_locate_vb *vb)
{
	struct child *c = user;
	child_send(c, ew_ipc_enc_loc_row(&c->w, sw, vb));
}

static void child_walk(struct child *c, struct ew_locate_snmp *s, size_t n, uint32_t seq)
{
	child_send(c, ew_ipc_enc_loc_begin(&c->w, seq, n));
	ew_locate_snmp_walk(s); /* rows go out as they come (child_row) */
	for (size_t i = 0; i < n; i++) {
		const struct ew_locate_table *t = ew_locate_snmp_table(s, i);
		child_send(c, ew_ipc_enc_loc_switch(&c->w, i, t->answered, t->read_usec, t->error));
	}
	child_send(c, ew_ipc_enc_loc_end(&c->w, seq));
}

static _Noreturn void child_run(int fd, const struct ew_locate_config *cfg, const char *span, pid_t parent,
				const struct ew_user *u, bool privileged)
{
	struct ew_locate_snmp *s = ew_locate_snmp_new(cfg, span);
	if (!s) {
		ew_log_err("locator: out of memory");
		_exit(2);
	}
	/* nothing to keep: SNMP over UDP and the route lookup need no privilege,
	 * and no file (net-snmp reads no configuration: locate_snmp.c) */
	ew_helper_confine(EW_HELPER_LOCATOR, parent, u, privileged, NULL, 0);
	static struct child c;
	c.fd = fd;
	ew_locate_snmp_on_row(s, child_row, &c);
	static struct ew_ipc_reader rd;
	for (;;) {
		ssize_t got = ew_ipc_io_fill(fd, &rd);
		if (got <= 0)
			_exit(0); /* the parser closed its end */
		struct ew_ipc_rec rec;
		int k;
		bool want = false;
		uint32_t seq = 0;
		while ((k = ew_ipc_next(&rd, &rec)) == 1) {
			if (ew_ipc_dec_loc_request(&rec, &seq) != 0) {
				ew_log_err("locator: the parser sent a record that is not a request");
				_exit(2);
			}
			want = true; /* requests that came together get one walk */
		}
		if (k < 0) {
			ew_log_err("locator: the parser's stream is broken");
			_exit(2);
		}
		if (want)
			child_walk(&c, s, cfg->n, seq);
		if (c.broken)
			_exit(0);
	}
}

int main(int argc, char **argv)
{
	static struct ew_agent_config cfg;
	struct ew_user user;
	pid_t parent;
	if (ew_helper_begin(&argc, &argv, &parent, &cfg, &user, true) != 0)
		return 2;
	if (cfg.locate_mode) { /* on the terminal: its output is the answer */
		int rc = ew_locate_snmp_cli(&cfg.locate, cfg.interface, cfg.locate_macs, cfg.locate_mac_count);
		ew_agent_config_free(&cfg);
		return rc;
	}
	if (!parent || !cfg.locate.n) {
		ew_log_err("ew-locator is started by egresswatch-agent (--switch, --locate), not by hand");
		ew_agent_config_free(&cfg);
		return 2;
	}
	child_run(EW_HELPER_FD, &cfg.locate, cfg.interface, parent, &user, ew_privsep_privileged());
}
