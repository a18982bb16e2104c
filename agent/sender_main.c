/* SPDX-License-Identifier: ISC */
/* sender_main.c - ew-sender, the process that holds the token, the spool
 * and libcurl (sender.h). Started by the agent with its command line
 * (helper_exec.h): as the parser's sender, reading reports from its pipe
 * (EW_HELPER_FD); for `egresswatch-agent --flush`, sending the backlog
 * alone; for --sandbox-test-sender, a test of its filter. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_config.h"
#include "egresswatch/buf.h"
#include "egresswatch/log.h"
#include "helper_exec.h"
#include "helper_start.h"
#include "privsep.h"
#include "sandbox.h"
#include "sender.h"

/* --sandbox-test-sender WHAT (tests only): enters the sender's filter with
 * no spool, then "socket" says what each family gets, "memory" grows a
 * buffer as a 16 MiB report from the pipe would (exit 0), "execve", "fork"
 * and "write" (/dev/null opened for writing, outside any spool) must be
 * killed (SIGSYS). Returns 1 when the forbidden call went through. */
static int sandbox_test_sender(const char *what)
{
	if (!ew_sandbox_available()) {
		printf("sandbox: not available in this build\n");
		return 77;
	}
	/* unbuffered, as the sender's stderr: a buffer allocated at the first
	 * printf would ask isatty (ioctl TCGETS), which the filter forbids */
	setvbuf(stdout, NULL, _IONBF, 0);
	if (ew_sandbox_enter_sender(NULL, 0) != 0)
		return 2;
	if (strcmp(what, "socket") == 0) {
		static const struct {
			int family;
			const char *name;
		} fam[] = { { AF_INET, "AF_INET" }, { AF_UNIX, "AF_UNIX" }, { AF_NETLINK, "AF_NETLINK" },
			    { AF_PACKET, "AF_PACKET" } };
		for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
			int fd = socket(fam[i].family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			printf("socket(%s): %s\n", fam[i].name, fd >= 0 ? "allowed" : strerror(errno));
			if (fd >= 0)
				close(fd);
		}
		return 0;
	}
	if (strcmp(what, "memory") == 0) {
		static char chunk[65536];
		struct ew_buf b;
		ew_buf_init(&b, 16u * 1024 * 1024);
		while (ew_buf_add(&b, chunk, sizeof chunk))
			;
		printf("a buffer grew to %zu bytes\n", b.len);
		ew_buf_free(&b);
		return 0;
	}
	printf("%s inside the sender's filter\n", what);
	if (strcmp(what, "execve") == 0) {
		execl("/bin/true", "true", (char *)NULL);
		printf("execve failed: %s\n", strerror(errno));
	} else if (strcmp(what, "fork") == 0) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		printf("fork returned %d\n", (int)pid);
	} else if (strcmp(what, "write") == 0) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		printf("open for writing returned %d\n", fd);
	} else {
		printf("expected socket, execve, fork or write\n");
		return 2;
	}
	return 1;
}

/* parent: the parser (its pipe is EW_HELPER_FD), or 0 for --flush. */
static int run(const struct ew_agent_config *cfg, pid_t parent, const struct ew_user *user)
{
	struct ew_sender_config sc = {
		.collector = cfg->collector,
		.token_file = cfg->token_file,
		.ca_file = cfg->ca_file,
		.spool_dir = cfg->spool_dir,
		.evidence_dir = cfg->evidence_dir,
		.spool_cap = (uint64_t)cfg->spool_mib * 1024 * 1024,
		.deliver_timeout_s = cfg->deliver_timeout_s,
		.in_fd = parent ? EW_HELPER_FD : -1,
	};
	if (!sc.collector) {
		ew_log_err("no --collector to send to");
		return 2;
	}
	/* the token is read here, while root: the parser never holds it */
	struct ew_sender *s = ew_sender_new(&sc);
	int dfd = -1;
	if (!s || (dfd = ew_privsep_own_dir(sc.spool_dir, user)) < 0 || ew_privsep_drop(user) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ew_sender_open_spool(s) != 0) {
		if (dfd >= 0)
			close(dfd);
		ew_sender_free(s);
		return 2;
	}
	close(dfd);
	/* never outlive a parser that died (set after the uid change, which clears it) */
	if (parent)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	int rc = 2;
	if ((!parent || getppid() == parent) && ew_sender_enter_sandbox(s) == 0)
		rc = ew_sender_run(s);
	ew_sender_free(s);
	return rc;
}

int main(int argc, char **argv)
{
	static struct ew_agent_config cfg;
	struct ew_user user;
	pid_t parent;
	if (ew_helper_begin(&argc, &argv, &parent, &cfg, &user, false) != 0)
		return 2;
	int rc;
	if (cfg.sandbox_test_sender)
		rc = sandbox_test_sender(cfg.sandbox_test_sender);
	else if (parent)
		_exit(run(&cfg, parent, &user)); /* as a forked child: no exit handlers inside the filter */
	else if (cfg.flush)
		rc = run(&cfg, 0, &user);
	else {
		ew_log_err("ew-sender is started by egresswatch-agent (--collector, --flush), not by hand");
		rc = 2;
	}
	ew_agent_config_free(&cfg);
	return rc;
}
