/* SPDX-License-Identifier: ISC */
/* spool.c - reports kept on disk until the collector has them (see spool.h). */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "egresswatch/buf.h"
#include "egresswatch/log.h"

struct ew_spool {
	char *dir;
	int dfd, rejfd; /* the folder and rejected/, opened once, never followed through a link */
	uint64_t cap;
	unsigned seq;
};

static int open_dir_at(int at, const char *path, const char *shown, char *err, size_t errlen)
{
	if (mkdirat(at, path, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s%s", shown, strerror(errno),
			 errno == EACCES ? " (the spool must belong to the agent's user: chown it, or let the agent make it)" : "");
		return -1;
	}
	int fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "%s: %s", shown, strerror(errno));
	return fd;
}

struct ew_spool *ew_spool_open(const char *dir, uint64_t cap_bytes, char *err, size_t errlen)
{
	struct ew_spool *sp = calloc(1, sizeof *sp);
	if (!sp || !(sp->dir = strdup(dir))) {
		free(sp);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sp->cap = cap_bytes;
	char rej[4200];
	snprintf(rej, sizeof rej, "%.4000s/rejected", dir);
	sp->dfd = open_dir_at(AT_FDCWD, dir, dir, err, errlen);
	sp->rejfd = sp->dfd < 0 ? -1 : open_dir_at(sp->dfd, "rejected", rej, err, errlen);
	if (sp->rejfd < 0) {
		ew_spool_close(sp);
		return NULL;
	}
	return sp;
}

void ew_spool_close(struct ew_spool *sp)
{
	if (!sp)
		return;
	if (sp->dfd >= 0)
		close(sp->dfd);
	if (sp->rejfd >= 0)
		close(sp->rejfd);
	free(sp->dir);
	free(sp);
}

const char *ew_spool_dir(const struct ew_spool *sp)
{
	return sp->dir;
}

void ew_spool_dir_fds(const struct ew_spool *sp, int fds[2])
{
	fds[0] = sp->dfd;
	fds[1] = sp->rejfd;
}

static bool is_report_name(const char *n)
{
	size_t l = strlen(n);
	return n[0] != '.' && l > 5 && l < EW_SPOOL_NAME_MAX && strcmp(n + l - 5, ".json") == 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The i-th name of a list: records of EW_SPOOL_NAME_MAX bytes, NUL-padded. */
static const char *name_at(const struct ew_buf *names, size_t i)
{
	return names->data + i * EW_SPOOL_NAME_MAX;
}

/* The waiting reports' names, oldest first, into names (ew_buf_free it),
 * and their total size. Returns how many. */
static size_t list(struct ew_spool *sp, struct ew_buf *names, uint64_t *bytes)
{
	ew_buf_init(names, (size_t)EW_SPOOL_LIST_MAX * EW_SPOOL_NAME_MAX);
	size_t count = 0;
	if (bytes)
		*bytes = 0;
	int fd = dup(sp->dfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	rewinddir(d);
	struct dirent *e;
	while ((e = readdir(d)) && count < EW_SPOOL_LIST_MAX) {
		if (!is_report_name(e->d_name))
			continue;
		char rec[EW_SPOOL_NAME_MAX] = { 0 };
		memcpy(rec, e->d_name, strlen(e->d_name)); /* is_report_name: shorter than the record */
		if (!ew_buf_add(names, rec, sizeof rec))
			break;
		if (bytes) {
			struct stat st;
			if (fstatat(sp->dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
				*bytes += (uint64_t)st.st_size;
		}
		count++;
	}
	closedir(d);
	if (count)
		qsort(names->data, count, EW_SPOOL_NAME_MAX, cmp_names);
	return count;
}

size_t ew_spool_count(struct ew_spool *sp)
{
	struct ew_buf names;
	size_t n = list(sp, &names, NULL);
	ew_buf_free(&names);
	return n;
}

int ew_spool_oldest(struct ew_spool *sp, char name[EW_SPOOL_NAME_MAX])
{
	struct ew_buf names;
	size_t n = list(sp, &names, NULL);
	name[0] = '\0';
	if (n)
		snprintf(name, EW_SPOOL_NAME_MAX, "%s", name_at(&names, 0));
	ew_buf_free(&names);
	return 0;
}

/* The dropped count waiting for the next report (DIR/dropped). */
static uint64_t read_dropped(struct ew_spool *sp)
{
	char buf[32] = "";
	int fd = openat(sp->dfd, "dropped", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

/* Writes NAME in the folder durably: temporary name, fsync, rename, fsync
 * of the folder. */
static int write_durably(struct ew_spool *sp, const char *name, const char *data, size_t len)
{
	char tmp[EW_SPOOL_NAME_MAX + 8];
	snprintf(tmp, sizeof tmp, ".tmp-%s", name);
	int fd = openat(sp->dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(sp->dfd, tmp, sp->dfd, name) != 0)
		goto fail;
	return fsync(sp->dfd);
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(sp->dfd, tmp, 0);
	errno = e;
	return -1;
}

static void write_dropped(struct ew_spool *sp, uint64_t n)
{
	char buf[32];
	int l = snprintf(buf, sizeof buf, "%" PRIu64 "\n", n);
	if (write_durably(sp, "dropped", buf, (size_t)l) != 0)
		ew_log_err("%s/dropped: %s", sp->dir, strerror(errno));
}

int ew_spool_put(struct ew_spool *sp, const char *report, size_t len)
{
	uint64_t bytes;
	struct ew_buf names;
	size_t n = list(sp, &names, &bytes);
	/* the cap: the oldest go first, counted for the next report */
	uint64_t dropped = read_dropped(sp), was = dropped;
	size_t first = 0;
	while (first < n && bytes + len > sp->cap) {
		struct stat st;
		if (fstatat(sp->dfd, name_at(&names, first), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    unlinkat(sp->dfd, name_at(&names, first), 0) == 0) {
			bytes -= (uint64_t)st.st_size < bytes ? (uint64_t)st.st_size : bytes;
			dropped++;
		}
		first++;
	}
	size_t backlog = n - first;
	ew_buf_free(&names);
	if (dropped != was)
		write_dropped(sp, dropped); /* survives a crash before the next report */

	/* the report's limits say what the spool did */
	struct json_object *rep = json_tokener_parse(report), *limits = NULL;
	const char *text = report;
	size_t tlen = len;
	if (rep && json_object_object_get_ex(rep, "limits", &limits) && json_object_is_type(limits, json_type_object)) {
		json_object_object_add(limits, "spool_dropped", json_object_new_int64((int64_t)dropped));
		json_object_object_add(limits, "spool_backlog", json_object_new_int64((int64_t)backlog));
		size_t l = 0;
		const char *t = json_object_to_json_string_length(
			rep, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &l);
		if (t) {
			text = t;
			tlen = l;
		}
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	char name[EW_SPOOL_NAME_MAX];
	snprintf(name, sizeof name, "%016" PRId64 "-%d-%u.json", (int64_t)tv.tv_sec * 1000000 + tv.tv_usec,
		 (int)getpid(), sp->seq++);
	int rc = write_durably(sp, name, text, tlen);
	int e = errno;
	json_object_put(rep);
	if (rc == 0 && dropped)
		write_dropped(sp, 0);
	errno = e;
	return rc;
}

char *ew_spool_read(struct ew_spool *sp, const char *name, size_t *len)
{
	int fd = openat(sp->dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 64 * 1024 * 1024) {
		close(fd);
		return NULL;
	}
	size_t want = (size_t)st.st_size, off = 0;
	char *buf = malloc(want + 1);
	while (buf && off < want) {
		ssize_t r = read(fd, buf + off, want - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	if (!buf || off != want) {
		free(buf);
		return NULL;
	}
	buf[want] = '\0';
	*len = want;
	return buf;
}

int ew_spool_remove(struct ew_spool *sp, const char *name)
{
	if (unlinkat(sp->dfd, name, 0) != 0)
		return -1;
	return fsync(sp->dfd);
}

int ew_spool_reject(struct ew_spool *sp, const char *name)
{
	if (renameat(sp->dfd, name, sp->rejfd, name) != 0)
		return -1;
	fsync(sp->rejfd);
	return fsync(sp->dfd);
}
