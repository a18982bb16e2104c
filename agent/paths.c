/* SPDX-License-Identifier: ISC */
/* paths.c - the agent's helper programs, found from this executable (paths.h). */
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egresswatch/datapath.h"

static bool join(char *buf, size_t size, const char *a, const char *b, const char *c)
{
	int w = snprintf(buf, size, "%s%s%s", a, b, c);
	return w > 0 && (size_t)w < size;
}

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

const char *ew_find_helper(char *buf, size_t size, const char *name)
{
	char dir[PATH_MAX];
	if (ew_exe_prefix(dir, sizeof dir) && join(buf, size, dir, "/" EW_HELPER_SUBDIR "/", name) && executable(buf))
		return buf;
	if (ew_exe_dir(dir, sizeof dir) && join(buf, size, dir, "/", name) && executable(buf))
		return buf;
	return NULL;
}
