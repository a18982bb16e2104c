/* SPDX-License-Identifier: ISC */
/* sender.c - the process that holds the token, the spool and libcurl (see sender.h). */
#include "sender.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "deliver.h"
#include "egresswatch/buf.h"
#include "egresswatch/log.h"
#include "sandbox.h"
#include "spool.h"

struct ew_sender {
	struct ew_sender_config cfg;
	struct ew_spool *sp;
	struct ew_deliver *d;
	struct ew_buf in; /* the pipe's bytes: at most one partial frame and one read */
	bool in_eof;
	char cur[EW_SPOOL_NAME_MAX]; /* the report in flight */
	char *body;
	int64_t backoff_ms, next_try_ms;
	bool failing;      /* the last attempt failed: said once, until one succeeds */
	unsigned rejected; /* refused for good in this run */
	int64_t deadline;  /* input over: give up at this time (0: not yet) */
	unsigned sent;
};

#define SENDER_READ 65536 /* bytes taken from the pipe per read */

static volatile sig_atomic_t sender_stop;

static void on_stop(int sig)
{
	(void)sig;
	sender_stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ew_sender *ew_sender_new(const struct ew_sender_config *cfg)
{
	char err[600], token[EW_DELIVER_TOKEN_MAX + 1];
	struct ew_sender *s = calloc(1, sizeof *s);
	if (!s) {
		ew_log_err("out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->backoff_ms = EW_BACKOFF_MIN_MS;
	ew_buf_init(&s->in, SENDER_READ + sizeof(uint32_t) + EW_SENDER_REPORT_MAX);
	if (ew_deliver_read_token(cfg->token_file, token, sizeof token, err, sizeof err) != 0) {
		ew_log_err("%s", err);
		goto fail;
	}
	s->d = ew_deliver_new(cfg->collector, token, cfg->ca_file, cfg->deliver_timeout_s);
	explicit_bzero(token, sizeof token);
	if (!s->d) {
		ew_log_err("cannot set up libcurl for %s", cfg->collector);
		goto fail;
	}
	return s;
fail:
	ew_sender_free(s);
	return NULL;
}

int ew_sender_open_spool(struct ew_sender *s)
{
	char err[600];
	if (!(s->sp = ew_spool_open(s->cfg.spool_dir, s->cfg.spool_cap, err, sizeof err))) {
		ew_log_err("spool %s", err);
		return -1;
	}
	return 0;
}

int ew_sender_enter_sandbox(struct ew_sender *s)
{
	int fds[2];
	ew_spool_dir_fds(s->sp, fds);
	return ew_sandbox_enter_sender(fds, 2);
}

void ew_sender_free(struct ew_sender *s)
{
	if (!s)
		return;
	ew_deliver_free(s->d);
	ew_spool_close(s->sp);
	ew_buf_free(&s->in);
	free(s->body);
	free(s);
}

/* Takes what the pipe has; spools every whole report. Whole frames are
 * taken after each read, so the buffer holds at most a partial frame and
 * one read: its cap. */
static void read_input(struct ew_sender *s)
{
	static char chunk[SENDER_READ];
	for (;;) {
		ssize_t r = read(s->cfg.in_fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			s->in_eof = true;
			break;
		}
		if (!ew_buf_add(&s->in, chunk, (size_t)r)) {
			ew_log_err("out of memory reading a report from the parser");
			exit(2);
		}
		for (;;) {
			uint32_t n;
			if (s->in.len < sizeof n)
				break;
			memcpy(&n, s->in.data, sizeof n);
			if (n > EW_SENDER_REPORT_MAX) { /* our own parser broke the frame: fatal */
				ew_log_err("the parser sent a %u-byte frame; stopping", n);
				exit(2);
			}
			if (s->in.len < sizeof n + n)
				break;
			if (ew_spool_put(s->sp, s->in.data + sizeof n, n) != 0)
				ew_log_err("spool %s: cannot keep a report: %s; it is lost", ew_spool_dir(s->sp),
					   strerror(errno));
			ew_buf_consume(&s->in, sizeof n + n);
		}
	}
}

static bool only(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, set) == n;
}

/* After a report is stored: each candidate's evidence pcap, once, best
 * effort (a failure is logged, never retried: the report is what must
 * arrive). Only files directly in --evidence DIR, opened without following
 * a link, whatever path the report names: a parser that went wrong cannot
 * make the sender upload another file. */
static void upload_evidence(struct ew_sender *s)
{
	struct json_object *rep = s->cfg.evidence_dir && s->body ? json_tokener_parse(s->body) : NULL, *v, *cands;
	if (!rep)
		return;
	const char *id = json_object_object_get_ex(rep, "report_id", &v) ? json_object_get_string(v) : NULL;
	int dfd = open(s->cfg.evidence_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (!id || !only(id, "0123456789abcdef-", 36, 36) || dfd < 0 ||
	    !json_object_object_get_ex(rep, "candidates", &cands) || !json_object_is_type(cands, json_type_array))
		goto out;
	for (size_t i = 0; i < json_object_array_length(cands); i++) {
		struct json_object *c = json_object_array_get_idx(cands, i), *f, *m, *vl;
		if (!json_object_object_get_ex(c, "evidence_file", &f) || !json_object_object_get_ex(c, "mac", &m))
			continue;
		const char *path = json_object_get_string(f), *mac = json_object_get_string(m);
		const char *base = path ? strrchr(path, '/') : NULL;
		base = base ? base + 1 : path;
		int64_t vlan = json_object_object_get_ex(c, "vlan", &vl) && json_object_is_type(vl, json_type_int)
				       ? json_object_get_int64(vl)
				       : 0;
		if (!base || !mac || !only(base, "0123456789abcdefvlan-.p", 10, 40) || !only(mac, "0123456789abcdef:", 17, 17) ||
		    vlan < 0 || vlan > 4095)
			continue;
		int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if ((uint64_t)st.st_size > EW_EVIDENCE_UPLOAD_MAX) {
			ew_log_warn("evidence %s/%s: %lld bytes, over the %u-byte cap; not uploaded", s->cfg.evidence_dir,
				    base, (long long)st.st_size, EW_EVIDENCE_UPLOAD_MAX);
			close(fd);
			continue;
		}
		size_t len = (size_t)st.st_size, off = 0;
		char *buf = malloc(len ? len : 1);
		while (buf && off < len) {
			ssize_t r = read(fd, buf + off, len - off);
			if (r <= 0)
				break;
			off += (size_t)r;
		}
		close(fd);
		if (buf && off == len) {
			enum ew_deliver_result r = ew_deliver_put_evidence(s->d, id, mac, (unsigned)vlan, buf, len);
			if (r != EW_DELIVER_OK)
				ew_log_warn("evidence %s for report %s: not uploaded (%s)", base, id, ew_deliver_error(s->d));
		}
		free(buf);
		if (s->cfg.in_fd >= 0 && !s->in_eof)
			read_input(s); /* between uploads, the parser's reports are taken in */
	}
out:
	if (dfd >= 0)
		close(dfd);
	json_object_put(rep);
}

/* Full jitter over the upper half: the next wait is in [b/2, b]. */
static int64_t jittered(int64_t b)
{
	return b / 2 + (int64_t)((double)rand() / RAND_MAX * (double)(b / 2));
}

static void finished(struct ew_sender *s, enum ew_deliver_result r)
{
	int64_t now = now_ms();
	if (r == EW_DELIVER_OK) {
		if (ew_spool_remove(s->sp, s->cur) != 0)
			ew_log_err("spool %s/%s: delivered but not removed: %s", ew_spool_dir(s->sp), s->cur,
				   strerror(errno));
		upload_evidence(s);
		if (s->failing)
			ew_log_info("collector %s reachable again", s->cfg.collector);
		s->failing = false;
		s->sent++;
		if (s->deadline) /* progress: the timeout counts from the last success, so a long backlog goes whole */
			s->deadline = now + (int64_t)s->cfg.deliver_timeout_s * 1000;
		s->backoff_ms = EW_BACKOFF_MIN_MS;
		s->next_try_ms = now;
	} else if (r == EW_DELIVER_REJECT) {
		/* once per report: it leaves the queue */
		ew_log_err("collector %s refused report %s (%s); kept in %s/rejected/", s->cfg.collector, s->cur,
			   ew_deliver_error(s->d), ew_spool_dir(s->sp));
		if (ew_spool_reject(s->sp, s->cur) != 0) {
			ew_log_err("spool %s/%s: cannot move to rejected/: %s; stopping", ew_spool_dir(s->sp), s->cur,
				   strerror(errno));
			exit(2);
		}
		s->rejected++;
		s->next_try_ms = now;
	} else {
		if (!s->failing)
			ew_log_warn("collector %s: %s; reports are kept in the spool %s and sent when it answers",
				    s->cfg.collector, ew_deliver_error(s->d), ew_spool_dir(s->sp));
		s->failing = true;
		s->next_try_ms = now + jittered(s->backoff_ms);
		s->backoff_ms = s->backoff_ms * 2 > EW_BACKOFF_MAX_MS ? EW_BACKOFF_MAX_MS : s->backoff_ms * 2;
	}
	free(s->body);
	s->body = NULL;
	s->cur[0] = '\0';
}

int ew_sender_run(struct ew_sender *s)
{
	struct sigaction sa = { .sa_handler = on_stop };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	srand((unsigned)(now_ms() ^ getpid()));
	if (s->cfg.in_fd >= 0)
		fcntl(s->cfg.in_fd, F_SETFL, fcntl(s->cfg.in_fd, F_GETFL) | O_NONBLOCK);
	else
		s->in_eof = true;
	const int64_t grace = (int64_t)s->cfg.deliver_timeout_s * 1000;
	for (;;) {
		int64_t now = now_ms();
		if (!s->deadline && (s->in_eof || sender_stop))
			s->deadline = now + grace; /* input over (or asked to stop): a last try */
		if (!ew_deliver_busy(s->d) && now >= s->next_try_ms) {
			ew_spool_oldest(s->sp, s->cur);
			if (s->cur[0]) {
				size_t len = 0;
				if (!(s->body = ew_spool_read(s->sp, s->cur, &len))) {
					ew_log_err("spool %s/%s: unreadable: %s", ew_spool_dir(s->sp), s->cur, strerror(errno));
					finished(s, EW_DELIVER_REJECT);
					continue;
				}
				if (ew_deliver_start(s->d, s->body, len) != 0) {
					ew_log_err("cannot start a transfer");
					finished(s, EW_DELIVER_RETRY);
				}
			} else if (s->in_eof) {
				break; /* everything delivered */
			}
		}
		int64_t wait = ew_deliver_busy(s->d) ? 200 : 1000;
		if (!ew_deliver_busy(s->d) && s->next_try_ms > now && s->next_try_ms - now < wait)
			wait = s->next_try_ms - now;
		/* asked to stop before the parser's last report: wait for it up to one more grace */
		int64_t limit = s->deadline ? (s->in_eof ? s->deadline : s->deadline + grace) : 0;
		if (limit && limit - now < wait)
			wait = limit - now > 0 ? limit - now : 0;
		enum ew_deliver_result r = ew_deliver_wait(s->d, s->in_eof ? -1 : s->cfg.in_fd, (int)wait);
		if (!s->in_eof)
			read_input(s);
		if (r != EW_DELIVER_BUSY)
			finished(s, r);
		if (limit && now_ms() >= limit)
			break;
	}
	size_t left = ew_spool_count(s->sp);
	if (s->rejected)
		ew_log_err("%u report(s) refused by the collector, kept in %s/rejected/", s->rejected,
			   ew_spool_dir(s->sp));
	if (left)
		ew_log_err("%zu report(s) not delivered, kept in the spool %s (send them with --flush)", left,
			   ew_spool_dir(s->sp));
	return s->rejected ? EW_EXIT_REJECTED : left ? EW_EXIT_KEPT : 0;
}
