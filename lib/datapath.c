/* SPDX-License-Identifier: ISC */
/* datapath.c - data files found from this executable (datapath.h). */
#include "egresswatch/datapath.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool ew_exe_dir(char *buf, size_t size)
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

bool ew_exe_prefix(char *buf, size_t size)
{
	if (!ew_exe_dir(buf, size))
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
	if (ew_exe_prefix(pre, sizeof pre) && join(buf, size, pre, "/share/", share_rel) && access(buf, R_OK) == 0)
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
