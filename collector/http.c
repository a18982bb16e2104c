/* SPDX-License-Identifier: ISC */
/* http.c - the HTTP server: libmicrohttpd in a pool of threads (http.h).
 *
 * MHD is told not to unescape anything (a no-op unescape callback): api.c
 * splits the path at '/' first and decodes each segment, so %2F stays data;
 * query arguments are decoded here, one copy per request. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "ledger.h"

#define ARGS_MAX 16u       /* decoded query arguments kept per request */
#define ARG_MAX 1024u      /* bytes of one decoded query argument */
#define DISCARD_FACTOR 4u  /* past max, bytes read and dropped before the connection is cut */

/* One request in progress. */
struct req {
	struct ew_buf body;
	size_t max;           /* the route's body cap */
	size_t seen;          /* body bytes received, kept or not */
	bool too_large;
	bool busy;            /* EW_HTTP_INFLIGHT_MAX reached: 503 */
	bool answered;        /* a response was queued on the headers alone */
	size_t counted;       /* bytes of this body in `inflight` */
	struct MHD_Connection *conn;
	char *args[ARGS_MAX]; /* decoded query values handed to api.c */
	size_t arg_count;
};

_Static_assert(EW_HTTP_INFLIGHT_MAX >= 2u * EW_LEDGER_FILE_MAX && EW_HTTP_INFLIGHT_MAX >= 8u * EW_API_REPORT_BODY_MAX,
	       "the in-flight cap must let the largest bodies through, several at once");

static atomic_size_t inflight; /* body bytes held by every request (one server per process) */

static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	ew_log_warn("http: %s", line);
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A query argument decoded (%XX; '+' stays '+', so an RFC 3339 offset
 * survives). NULL when absent, undecodable or holding a NUL. MHD turns '+'
 * into ' ' before any unescape callback; a raw query cannot hold a space, so
 * each space here was a '+' and becomes one again before %XX is decoded. */
static const char *arg_get(void *ctx, const char *name)
{
	struct req *q = ctx;
	const char *raw = MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!raw || q->arg_count >= ARGS_MAX)
		return NULL;
	size_t n = strlen(raw);
	if (n >= ARG_MAX)
		return NULL;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = raw[i] == ' ' ? '+' : raw[i];
		if (c == '%') {
			int hi = i + 2 < n ? hexv(raw[i + 1]) : -1;
			int lo = i + 2 < n ? hexv(raw[i + 2]) : -1;
			c = (char)(hi * 16 + lo);
			if (hi < 0 || lo < 0 || c == '\0') {
				free(out);
				return NULL;
			}
			i += 2;
		}
		out[k++] = c;
	}
	out[k] = '\0';
	q->args[q->arg_count++] = out;
	return out;
}

static void req_free(struct req *q)
{
	atomic_fetch_sub(&inflight, q->counted);
	ew_buf_free(&q->body);
	for (size_t i = 0; i < q->arg_count; i++)
		free(q->args[i]);
	free(q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	if (*con_cls)
		req_free(*con_cls);
	*con_cls = NULL;
}

/* For HEAD, MHD sends the headers of the GET (Content-Length included) and
 * no body, so a HEAD is handled as a GET. */
static enum MHD_Result send_response(struct MHD_Connection *c, struct ew_api_response *r)
{
	size_t len = 0;
	char *data = ew_buf_take(&r->body, &len);
	struct MHD_Response *resp;
	if (data) {
		resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(data);
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	for (size_t i = 0; i < r->header_count; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	enum MHD_Result ok = MHD_queue_response(c, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* One line per request: client, method, path (no query), status, body bytes
 * received. Never a token (they travel in headers, not logged). ew_log
 * escapes control characters. */
static void log_request(struct MHD_Connection *c, const char *method, const char *url, unsigned status, size_t seen)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
	}
	ew_log_info("%s %s %.200s %u %zu", addr, method, url, status, seen);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct ew_api *api = cls;
	(void)version;
	struct req *q = *con_cls;
	if (!q) {
		q = calloc(1, sizeof *q);
		if (!q)
			return MHD_NO;
		q->conn = c;
		q->max = ew_api_body_max(method, url);
		ew_buf_init(&q->body, q->max);
		*con_cls = q;
		/* a token that may not send this body is answered on the headers */
		struct ew_api_response r;
		ew_api_response_init(&r);
		if (!ew_api_admit(api, method, url,
				  MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION), &r)) {
			q->answered = true; /* whatever comes is not read */
			ew_api_header_set(&r, "Connection", "close");
			log_request(c, method, url, r.status, 0);
			enum MHD_Result ok = send_response(c, &r);
			ew_api_response_free(&r);
			return ok;
		}
		/* a declared length past the cap is answered before a byte of the
		 * body is read; the count below holds whatever was declared */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(cl, &end, 10);
			if (errno == 0 && end != cl && *end == '\0' && v > q->max) {
				q->answered = true;
				ew_api_too_large(api, url, q->max, &r);
				ew_api_header_set(&r, "Connection", "close");
				log_request(c, method, url, r.status, 0);
				enum MHD_Result ok = send_response(c, &r);
				ew_api_response_free(&r);
				return ok;
			}
		}
		ew_api_response_free(&r);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		q->seen += n;
		if (q->too_large || q->busy || q->answered) {
			/* keep reading a little so the answer can be sent, then cut */
			return q->seen > (q->max + 65536) * DISCARD_FACTOR ? MHD_NO : MHD_YES;
		}
		if (atomic_fetch_add(&inflight, n) + n > EW_HTTP_INFLIGHT_MAX) {
			atomic_fetch_sub(&inflight, n);
			q->busy = true;
		} else {
			q->counted += n;
			if (!ew_buf_add(&q->body, upload_data, n))
				q->too_large = true;
		}
		if (q->too_large || q->busy) {
			atomic_fetch_sub(&inflight, q->counted);
			q->counted = 0;
			ew_buf_free(&q->body);
		}
		return MHD_YES;
	}
	if (q->answered)
		return MHD_YES;
	struct ew_api_response r;
	ew_api_response_init(&r);
	if (q->busy) {
		r.status = 503;
		ew_api_header_set(&r, "Content-Type", "application/json");
		ew_api_header_set(&r, "Retry-After", "5");
		ew_api_header_set(&r, "X-Content-Type-Options", "nosniff");
		ew_api_header_set(&r, "Cache-Control", "no-store");
		ew_buf_adds(&r.body, "{\"error\":\"busy: too many bodies in flight, try again\"}\n");
		ew_api_header_set(&r, "Connection", "close");
	} else if (q->too_large) {
		ew_api_too_large(api, url, q->max, &r);
		ew_api_header_set(&r, "Connection", "close"); /* what follows on this connection is unread body */
	} else {
		const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, EW_API_COOKIE);
		struct ew_api_request in = {
			.method = strcmp(method, "HEAD") == 0 ? "GET" : method,
			.path = url,
			.arg = arg_get,
			.arg_ctx = q,
			.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
			.cookie_token = ck && *ck ? ck : NULL,
			.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
			.body = q->body.data ? q->body.data : "",
			.body_len = q->body.len,
			.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
			.sec_fetch_site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site"),
			.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
		};
		ew_api_handle(api, &in, &r);
	}
	log_request(c, method, url, r.status, q->seen);
	enum MHD_Result ok = send_response(c, &r);
	ew_api_response_free(&r);
	return ok;
}

/* "ADDR:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6)
{
	char host[128];
	const char *port;
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		if (!e || e[1] != ':' || (size_t)(e - s - 1) >= sizeof host)
			return -1;
		memcpy(host, s + 1, (size_t)(e - s - 1));
		host[e - s - 1] = '\0';
		port = e + 2;
	} else {
		const char *colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof host)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		port = colon + 1;
	}
	char *end;
	errno = 0;
	unsigned long p = strtoul(port, &end, 10);
	if (errno || end == port || *end || p > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		*v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		*v6 = true;
		return 0;
	}
	return -1;
}

static char *read_pem(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct ew_buf b;
	ew_buf_init(&b, EW_HTTP_PEM_MAX);
	char chunk[8192];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || !ew_buf_add(&b, chunk, (size_t)n)) {
			if (n > 0)
				errno = EFBIG;
			close(fd);
			ew_buf_free(&b);
			return NULL;
		}
	}
	close(fd);
	if (b.len == 0) {
		errno = EINVAL;
		ew_buf_free(&b);
		return NULL;
	}
	return ew_buf_take(&b, NULL);
}

int ew_http_serve(struct ew_api *api, const struct ew_http_options *o)
{
	struct sockaddr_storage ss;
	bool v6 = false;
	const char *listen = o->listen ? o->listen : EW_HTTP_DEFAULT_LISTEN;
	if (parse_listen(listen, &ss, &v6) < 0) {
		ew_log_err("serve: --listen %s: not ADDR:PORT or [ADDR]:PORT with a numeric address", listen);
		return -1;
	}
	bool tls = o->tls_cert || o->tls_key;
	if (tls && !(o->tls_cert && o->tls_key)) {
		ew_log_err("serve: --tls-cert and --tls-key go together");
		return -1;
	}
	char *cert = NULL, *key = NULL;
	if (tls) {
		cert = read_pem(o->tls_cert);
		if (!cert) {
			ew_log_err("serve: %s: %s", o->tls_cert, strerror(errno));
			return -1;
		}
		key = read_pem(o->tls_key);
		if (!key) {
			ew_log_err("serve: %s: %s", o->tls_key, strerror(errno));
			free(cert);
			return -1;
		}
	}
	/* the signals are taken by sigwait below; every MHD thread inherits the mask */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	/* a shell starts background jobs with SIGINT ignored; sigwait wants it delivered */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_POLL;
	if (v6)
		flags |= MHD_USE_IPv6;
	if (tls)
		flags |= MHD_USE_TLS;
	unsigned threads = o->threads ? o->threads : EW_HTTP_THREADS;
	struct MHD_OptionItem opts[] = {
		{MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
		{MHD_OPTION_SOCK_ADDR, 0, &ss},
		{MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
		{MHD_OPTION_CONNECTION_LIMIT, o->conn_limit ? o->conn_limit : EW_HTTP_CONN_LIMIT, NULL},
		{MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip_limit ? o->per_ip_limit : EW_HTTP_PER_IP_LIMIT, NULL},
		{MHD_OPTION_CONNECTION_TIMEOUT, o->timeout ? o->timeout : EW_HTTP_TIMEOUT, NULL},
		{MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
		{MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)no_unescape, NULL},
		{tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
		{tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
		/* GnuTLS's defaults without TLS 1.0 and 1.1 */
		{tls ? MHD_OPTION_HTTPS_PRIORITIES : MHD_OPTION_END, 0, (void *)EW_HTTP_TLS_PRIORITIES},
		{MHD_OPTION_END, 0, NULL},
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, api, MHD_OPTION_ARRAY, opts,
						MHD_OPTION_END);
	if (!d) {
		ew_log_err("serve: cannot listen on %s (address in use, not local, or a bad certificate or key)", listen);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		free(cert);
		free(key);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "?";
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	ew_log_info("listening on %s%s%s:%u (%s, %u threads)", v6 ? "[" : "", host, v6 ? "]" : "",
		    info ? (unsigned)info->port : 0u, tls ? "https" : "http", threads);
	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	ew_log_info("signal %d: stopping", sig);
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(cert);
	free(key);
	return 0;
}
