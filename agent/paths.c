/* SPDX-License-Identifier: ISC */
/* paths.c - data files and helper programs, found from this executable (paths.h). */
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder holding this executable. */
static bool exe_dir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int w = snprintf(buf, size, "%s", exe);
	return w >= 0 && (size_t)w < size;
}

/* PREFIX: the folder above sbin/ for the agent, above lib/egresswatch/ for a helper. */
static bool exe_prefix(char *buf, size_t size)
{
	if (!exe_dir(buf, size))
		return false;
	size_t len = strlen(buf), sub = strlen("/" EW_HELPER_SUBDIR);
	if (len > sub && strcmp(buf + len - sub, "/" EW_HELPER_SUBDIR) == 0) {
		buf[len - sub] = '\0';
		return true;
	}
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

static bool join(char *buf, size_t size, const char *a, const char *b, const char *c)
{
	int w = snprintf(buf, size, "%s%s%s", a, b, c);
	return w > 0 && (size_t)w < size;
}

const char *ew_find_data(char *buf, size_t size, const char *share_rel, const char *src_rel)
{
	char pre[PATH_MAX];
	if (exe_prefix(pre, sizeof pre) && join(buf, size, pre, "/share/", share_rel) && access(buf, R_OK) == 0)
		return buf;
#ifdef EW_SRCDIR
	if (src_rel && join(buf, size, EW_SRCDIR, "/", src_rel) && access(buf, R_OK) == 0)
		return buf;
#else
	/* a build that does not know its tree: relative to the working directory */
	if (src_rel && join(buf, size, "", "", src_rel) && access(buf, R_OK) == 0)
		return buf;
#endif
	return NULL;
}

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

const char *ew_find_helper(char *buf, size_t size, const char *name)
{
	char dir[PATH_MAX];
	if (exe_prefix(dir, sizeof dir) && join(buf, size, dir, "/" EW_HELPER_SUBDIR "/", name) && executable(buf))
		return buf;
	if (exe_dir(dir, sizeof dir) && join(buf, size, dir, "/", name) && executable(buf))
		return buf;
	return NULL;
}
