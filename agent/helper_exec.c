/* SPDX-License-Identifier: ISC */
/* helper_exec.c - running a helper program in a forked child (helper_exec.h). */
#include "helper_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "paths.h"

#define ARGS_MAX 4096 /* far above any command line the configuration parser takes */
#define CLOSE_FALLBACK_MAX 1048576 /* descriptors closed one by one without close_range */

const char *ew_helper_path(const char *name, char *buf, size_t size)
{
	if (!ew_find_helper(buf, size, name)) {
		ew_log_err("%s: not found in PREFIX/" EW_HELPER_SUBDIR " nor beside this program", name);
		return NULL;
	}
	return buf;
}

/* Closes every descriptor from low up. close_range(2) fails on a kernel
 * before 5.9 and under a filter that does not know it (a container's):
 * then one close(2) each, up to the descriptor limit (capped: an unlimited
 * one would take seconds; none is open that high in practice). */
static void close_from(int low)
{
	if (close_range((unsigned)low, ~0U, 0) == 0)
		return;
	struct rlimit rl;
	rlim_t max = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur : 1024;
	if (max == RLIM_INFINITY || max > CLOSE_FALLBACK_MAX)
		max = CLOSE_FALLBACK_MAX;
	for (rlim_t fd = (rlim_t)low; fd < max; fd++)
		close((int)fd);
}

_Noreturn void ew_helper_exec(const char *path, const char *name, int fd, pid_t parent, int argc, char **argv)
{
	char parent_arg[sizeof EW_HELPER_PARENT_ARG + 24];
	if (argc < 1 || argc > ARGS_MAX) {
		ew_log_err("%s: %d arguments", name, argc);
		_exit(127);
	}
	/* dup2 clears close-on-exec; a descriptor that is EW_HELPER_FD already keeps it unless cleared */
	if (fd != EW_HELPER_FD ? dup2(fd, EW_HELPER_FD) != EW_HELPER_FD || close(fd) != 0
			       : fcntl(fd, F_SETFD, 0) != 0) {
		ew_log_err("%s: descriptor %d: %s", name, EW_HELPER_FD, strerror(errno));
		_exit(127);
	}
	/* nothing else of the parser's: its capture is not open yet, but an
	 * inherited descriptor (a service manager's, a test's) has no business
	 * in a helper */
	close_from(EW_HELPER_FD + 1);
	static char *args[ARGS_MAX + 2];
	snprintf(parent_arg, sizeof parent_arg, EW_HELPER_PARENT_ARG "%" PRIdMAX, (intmax_t)parent);
	args[0] = (char *)name;
	args[1] = parent_arg;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	args[argc + 1] = NULL;
	execv(path, args);
	ew_log_err("%s: %s", path, strerror(errno));
	_exit(127);
}

int ew_helper_become(const char *name, int argc, char **argv)
{
	char path[PATH_MAX];
	if (!ew_helper_path(name, path, sizeof path) || argc < 1)
		return 2;
	argv[0] = (char *)name;
	execv(path, argv);
	ew_log_err("%s: %s", path, strerror(errno));
	return 2;
}
