/* SPDX-License-Identifier: ISC */
/* main.c - egresswatch-agent: command line, capture, privileges, output.
 *
 * Opens the capture (live interface or file) while privileged, drops to an
 * unprivileged user, then feeds every frame to the dissectors and every event
 * to either the JSON-lines writer (--events) or the inference core (report).
 * With --collector, the sender program (ew-sender: sender_main.c, started
 * by privsep.c) holds the token and the spool in its own seccomp filter;
 * this process only writes reports into its pipe, and parses packets inside
 * a seccomp filter (sandbox.c) and Landlock rules (landlock.c) when it was
 * privileged. With --switch and --probe, the SNMP walks and the probes run
 * in helper programs (ew-locator, ew-prober) that this one reads over a
 * socket (locator.c, prober.c). --flush and --locate are the sender's and
 * the locator's work: this program runs them (helper_exec.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "agent_config.h"
#include "egresswatch/buf.h"
#include "egresswatch/dissect.h"
#include "egresswatch/infer.h"
#include "egresswatch/jsonw.h"
#include "egresswatch/log.h"
#include "event_json.h"
#include "evidence.h"
#include "deliver.h"
#include "helper_exec.h"
#include "landlock.h"
#include "privsep.h"
#include "sandbox.h"
#include "sender.h"
#include "spool.h"
#include "locator.h"
#include "paths.h"
#include "prober.h"

#ifndef EW_VERSION
#define EW_VERSION "0.1.0"
#endif

static volatile sig_atomic_t want_report, want_stop, want_reload;
static pcap_t *active_pcap;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		want_report = 1;
	else if (sig == SIGHUP)
		want_reload = 1;
	else
		want_stop = 1;
	if (active_pcap)
		pcap_breakloop(active_pcap);
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: egresswatch-agent (-r FILE | -i IFACE) [options]\n"
		"       egresswatch-agent --flush --collector URL --token-file FILE [--spool DIR] [--ca-file FILE]\n"
		"       egresswatch-agent --locate MAC... -c FILE\n"
		"  -r FILE             read a pcap or pcapng file\n"
		"  -i IFACE            capture live (promiscuous) on a SPAN/mirror port\n"
		"  -o FILE             write the report (or events) here instead of stdout (-: stdout)\n"
		"  --events            write every dissected event as a JSON line, then a summary line\n"
		"  --subnet CIDR[@VLAN] a local subnet of the segment, or of one VLAN (repeatable)\n"
		"  --declared MAC|IP   known infrastructure: gateway, DHCP server, RA router (repeatable)\n"
		"  -c, --config FILE   configuration file (see egresswatch-agent(8))\n"
		"  --fingerprints FILE classification rules (default PREFIX/share/egresswatch/%s,\n"
		"                      else the source tree's data/%s)\n"
		"  --oui-dir DIR       IEEE registry files (default %s, else PREFIX/share/ieee-data)\n"
		"  --evidence DIR      write each candidate's packets to DIR/<mac>[-vlanN].pcap\n"
		"  --window DURATION   live: report every DURATION (default 15m; 1s to 366d)\n"
		"  --duration DURATION live: stop after DURATION (scheduled scans; 1s to 366d)\n"
		"  --filter BPF        capture filter\n"
		"  --snaplen N         bytes kept per frame (default %d; %d to %d)\n"
		"  --buffer-size MIB   kernel capture ring size in MiB (default 16; %d to %d)\n"
		"  --user USER         drop privileges to USER after opening the capture\n"
		"                      (default egresswatch, else nobody)\n"
		"  --collector URL     deliver each report to the collector (http:// or https://)\n"
		"  --token-file FILE   the collector's agent token (read by the sender process only)\n"
		"  --ca-file FILE      CA certificates for an https:// collector (verification is always on)\n"
		"  --spool DIR         reports wait here until delivered (default " EW_SPOOL_DEFAULT_DIR ")\n"
		"  --spool-max MIB     spool cap; past it the oldest reports go (default %d)\n"
		"  --deliver-timeout S per attempt, and how long -r (or a stop) goes on trying (default %d)\n"
		"  --flush             send the spool's backlog and exit: 0 empty, 3 kept, 4 refused\n"
		"  --log syslog|stderr where messages go (default stderr)\n"
		"  --check-config      check the configuration and fingerprints, print errors as FILE:LINE\n"
		"  --agent-id ID, --site CODE, --segment NAME   report labels\n"
		"  --max-devices N     device table cap (default %d; %d to %d)\n"
		"  --switch \"NAME ADDRESS community WORD\"   a switch to ask where candidates are plugged in\n"
		"                      (or NAME ADDRESS v3 user USER auth sha:PASS priv aes:PASS; repeatable)\n"
		"  --locate MAC...     print the switch port of each MAC (needs switches, e.g. -c FILE), then exit\n"
		"  --uplink-macs N     a port that learned N MACs or more is an uplink (default 16)\n"
		"  --snmp-timeout D, --snmp-retries N, --snmp-max-rows N   per switch (default 2s, 1, 50000)\n"
		"  --probe LIST        run probes (dhcp,dhcp6,rs,irdp,ssdp,arp,forward,http|all) on a schedule;\n"
		"                      off unless given (egresswatch-probe(8))\n"
		"  --probe-interface IF  the access port (with an address) the probes send from\n"
		"  --probe-every DUR   period of the probe runs (default 1h, at least 1m)\n"
		"  --probe-rate PPS    probe packets a second (default 20)\n"
		"  -V, --version       print the version\n",
		EW_FINGERPRINTS_NAME, EW_FINGERPRINTS_NAME, EW_OUI_DEFAULT_DIR, EW_DEFAULT_SNAPLEN, EW_SNAPLEN_MIN,
		EW_SNAPLEN_MAX, EW_BUFFER_MIB_MIN, EW_BUFFER_MIB_MAX, EW_SPOOL_DEFAULT_MIB, EW_DELIVER_DEFAULT_TIMEOUT_S,
		EW_DEFAULT_MAX_DEVICES, EW_MAX_DEVICES_MIN, EW_MAX_DEVICES_MAX);
}

static int64_t now_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* ---- run state ---------------------------------------------------------------- */

struct run {
	struct ew_agent_config *cfg;
	struct ew_dissector dis;
	struct ew_infer *inf;
	struct ew_evidence_writer *evw;
	FILE *out;
	const char *source;     /* "live" / "file" */
	int linktype;
	uint64_t packets, bytes;
	uint64_t window_packets, window_bytes;
	int64_t window_start, first_ts, last_ts;
	bool truncated;         /* file mode: the file ended inside a record */
	bool output_failed;     /* a write error was reported */
	bool capture_lost;      /* live: the capture failed after it ran (the supervisor reopens it) */
	pcap_t *pcap;
	int sender_fd;          /* --collector: the pipe to the sender, else -1 */
	int argc;               /* for SIGHUP: the command line read again */
	char **argv;
	struct ew_fp_db *fp;    /* the rules in use (replaced on SIGHUP) */
	struct ew_oui_db *oui;  /* lazy: resolved before each report */
	bool oui_failed;        /* a resolve pass failed: said once */
	struct ew_agent_config *reloaded; /* the configuration read on the last SIGHUP */
	bool sender_failed;     /* the pipe broke: said once */
	/* the frame being processed, for the evidence writer */
	const struct pcap_pkthdr *cur_hdr;
	const uint8_t *cur_data;
	struct ew_locator *loc;     /* the locator process, when switches are configured */
	bool loc_walked;            /* at most one walk per switch per window */
	struct ew_prober *probes;   /* the prober process (--probe), or NULL */
	/* live: a report is due and waits for the walk asked for (at most EW_LOCATOR_WAIT_MS) */
	bool report_due, report_window_end;
	int64_t report_wait_until;
};

/* Out of memory while writing output is fatal: one logged line, exit 2,
 * and no line that would be shorter than the truth (see jsonw.h); the
 * complete lines before it stay. */
static void out_of_memory(const char *what)
{
	ew_log_err("out of memory writing the %s; output stops here", what);
	exit(2);
}

static void on_event_json(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	struct run *r = user;
	ew_json_clear_failed();
	struct json_object *o = ew_event_to_json(f, ev);
	const char *txt = o && !ew_json_failed() ? ew_json_text(o, JSON_C_TO_STRING_PLAIN) : NULL;
	if (!txt)
		out_of_memory("events");
	fputs(txt, r->out);
	fputc('\n', r->out);
	json_object_put(o);
}

static void on_event_infer(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	struct run *r = user;
	ew_infer_event(r->inf, f, ev);
}

static void on_evidence(void *user, const struct ew_mac *mac, uint16_t vlan)
{
	struct run *r = user;
	if (r->evw && r->cur_hdr)
		ew_evidence_write(r->evw, mac, vlan, r->cur_hdr, r->cur_data);
}

static const char *evidence_path(void *user, const struct ew_mac *mac, uint16_t vlan)
{
	struct run *r = user;
	return r->evw ? ew_evidence_path(r->evw, mac, vlan) : NULL;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct run *r = (struct run *)user;
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
	/* the probe's own stimuli (a TTL-1 test is sent to a candidate's MAC) are no evidence */
	if (r->probes && r->linktype == DLT_EN10MB && ew_prober_own_frame(r->probes, data, h->caplen))
		return;
	if (r->packets == 0)
		r->first_ts = ts;
	r->last_ts = ts;
	r->packets++;
	r->bytes += h->len;
	r->window_packets++;
	r->window_bytes += h->len;
	r->cur_hdr = h;
	r->cur_data = data;
	ew_dissect_frame(&r->dis, r->linktype, data, h->caplen, h->len, ts);
	r->cur_hdr = NULL;
}

/* A write to the output failed (disk full, closed pipe): said once. */
static void output_error(struct run *r)
{
	if (r->output_failed)
		return;
	r->output_failed = true;
	ew_log_err("%s: write error: %s", r->cfg->output ? r->cfg->output : "standard output",
		strerror(errno));
}

static void write_summary(struct run *r)
{
	const struct ew_dissect_stats *s = &r->dis.stats;
	ew_json_clear_failed();
	struct json_object *o = ew_json_obj();
	ew_json_add_cstr(o, "event", "summary");
	ew_json_add_int(o, "packets", (int64_t)s->frames);
	ew_json_add_int(o, "bytes", (int64_t)s->bytes);
	struct json_object *pr = ew_json_obj(), *mf = ew_json_obj();
	struct json_object *cut = ew_json_obj();
	for (int p = 0; p < EW_P__COUNT; p++) {
		if (s->cut[p])
			ew_json_add_int(cut, ew_proto_name(p), (int64_t)s->cut[p]);
		if (s->proto[p])
			ew_json_add_int(pr, ew_proto_name(p), (int64_t)s->proto[p]);
		if (s->malformed[p])
			ew_json_add_int(mf, ew_proto_name(p), (int64_t)s->malformed[p]);
	}
	ew_json_add(o, "protocols", pr);
	ew_json_add(o, "malformed", mf);
	ew_json_add(o, "cut", cut);
	struct json_object *ev = ew_json_obj();
	for (int t = 0; t < EW_EV__COUNT; t++)
		if (s->events[t])
			ew_json_add_int(ev, ew_event_name(t), (int64_t)s->events[t]);
	ew_json_add(o, "events", ev);
	const char *txt = ew_json_failed() ? NULL : ew_json_text(o, JSON_C_TO_STRING_PLAIN);
	if (!txt)
		out_of_memory("summary");
	fputs(txt, r->out);
	fputc('\n', r->out);
	json_object_put(o);
}

/* The registry is opened lazily: the report's few devices are looked for
 * in one pass over its files instead of loading its ~46,000 entries at start
 * (about half the agent's start-up). */
static void resolve_vendors(struct run *r)
{
	if (!r->oui)
		return;
	size_t n = ew_infer_report_macs(r->inf, NULL, 0);
	struct ew_mac *macs = n ? malloc(n * sizeof *macs) : NULL;
	int rc = n && !macs ? -1 : 0;
	if (macs) {
		size_t got = ew_infer_report_macs(r->inf, macs, n);
		rc = ew_oui_resolve(r->oui, macs, got < n ? got : n);
		free(macs);
	}
	if (rc != 0 && !r->oui_failed) {
		r->oui_failed = true;
		ew_log_warn("warning: the IEEE registry could not be read for this report; vendors may be \"unknown\"");
	}
}

static void add_helper(struct ew_report_meta *m, const char *name, const struct ew_helper_state *st)
{
	if (m->helper_count >= EW_REPORT_HELPERS_MAX)
		return;
	m->helpers[m->helper_count++] = (struct ew_report_helper){
		.name = name, .stopped = st->stopped, .since_usec = st->since_usec, .reason = st->reason,
	};
}

static int write_report(struct run *r, int64_t start, int64_t end)
{
	struct pcap_stat ps = { 0 };
	uint64_t dropped = 0;
	if (r->pcap && strcmp(r->source, "live") == 0 && pcap_stats(r->pcap, &ps) == 0)
		dropped = (uint64_t)ps.ps_drop + ps.ps_ifdrop;
	struct ew_report_meta meta = {
		.agent_id = r->cfg->agent_id,
		.site = r->cfg->site,
		.segment = r->cfg->segment,
		.interface = r->cfg->interface ? r->cfg->interface : r->cfg->read_file,
		.version = EW_VERSION,
		.source = r->source,
		.window_start_usec = start,
		.window_end_usec = end,
		.packets = r->window_packets,
		.bytes = r->window_bytes,
		.dropped = dropped,
		.truncated = r->truncated,
		.evidence_path = evidence_path,
		.evidence_user = r,
	};
	if (r->evw)
		ew_evidence_flush(r->evw);
	if (r->loc) { /* the last walk's answer (locate_before_report, run_live) */
		meta.location = ew_locator_location;
		meta.location_user = r->loc;
	}
	/* whether the probes and the walks were still going: a report without
	 * probe findings or locations must not read as "nothing found" */
	if (r->probes)
		add_helper(&meta, "prober", ew_prober_state(r->probes));
	if (r->loc)
		add_helper(&meta, "locator", ew_locator_state(r->loc));
	resolve_vendors(r);
	struct json_object *rep = ew_infer_report(r->inf, &meta);
	/* live: one report per line (JSON lines) so a reader can follow the file;
	 * file: one pretty document */
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (strcmp(r->source, "live") == 0 ? JSON_C_TO_STRING_PLAIN : JSON_C_TO_STRING_PRETTY);
	const char *txt = rep ? ew_json_text(rep, flags) : NULL;
	if (!txt) {
		/* live: the agent keeps listening and the next window may fit */
		ew_log_err("out of memory writing the report; report not written");
		json_object_put(rep);
		return -1;
	}
	int rc = 0;
	if ((r->sender_fd < 0 || r->cfg->output) &&
	    (fputs(txt, r->out) < 0 || fputc('\n', r->out) < 0 || fflush(r->out) != 0)) {
		output_error(r);
		rc = -1;
	}
	if (r->sender_fd >= 0 && ew_sender_send_frame(r->sender_fd, txt, strlen(txt)) != 0 && !r->sender_failed) {
		r->sender_failed = true;
		/* a broken invariant between our own parts: stop (systemd restarts
		 * both, and the spool keeps what was delivered to it) */
		ew_log_err("the sender process is gone (%s); stopping", strerror(errno));
		want_stop = 1;
		rc = -1;
	}
	json_object_put(rep);
	return rc;
}

/* ---- capture ---------------------------------------------------------------- */

/* How often the live loop looks at windows, --duration and signals, in
 * milliseconds. libpcap's read timeout alone is not enough: on a silent
 * Linux interface (TPACKET_V3) pcap_dispatch waits for a first packet
 * forever, so a scheduled scan of a quiet port never ended. The loop polls
 * the capture's descriptor itself, with the handle non-blocking. */
#define EW_LIVE_TICK_MS 500

static pcap_t *open_live(const struct ew_agent_config *cfg)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(cfg->interface, err);
	if (!p) {
		ew_log_err("%s: %s", cfg->interface, err);
		return NULL;
	}
	pcap_set_snaplen(p, cfg->snaplen);
	pcap_set_promisc(p, 1);
	pcap_set_timeout(p, EW_LIVE_TICK_MS); /* the ring hands over a partly filled block after this */
	pcap_set_buffer_size(p, cfg->buffer_mib * 1024 * 1024);
	int rc = pcap_activate(p);
	if (rc < 0) {
		ew_log_err("cannot capture on %s: %s", cfg->interface,
			rc == PCAP_ERROR_NO_SUCH_DEVICE	       ? "no such interface"
			: rc == PCAP_ERROR_PERM_DENIED	       ? "permission denied (run as root or with CAP_NET_RAW)"
								       : pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (pcap_get_selectable_fd(p) >= 0 && pcap_setnonblock(p, 1, err) != 0) {
		ew_log_err("%s: %s", cfg->interface, err);
		pcap_close(p);
		return NULL;
	}
	return p;
}

/* Waits until the capture or a helper (prober, locator) has something, or
 * EW_LIVE_TICK_MS passed (or a signal came). A handle without a selectable
 * descriptor stays blocking and relies on its read timeout. */
static void wait_capture(struct run *r)
{
	int fd = pcap_get_selectable_fd(r->pcap);
	if (fd < 0)
		return;
	struct pollfd pf[3] = { { .fd = fd, .events = POLLIN } };
	nfds_t n = 1;
	if (ew_prober_fd(r->probes) >= 0)
		pf[n++] = (struct pollfd){ .fd = ew_prober_fd(r->probes), .events = POLLIN };
	if (ew_locator_fd(r->loc) >= 0)
		pf[n++] = (struct pollfd){ .fd = ew_locator_fd(r->loc), .events = POLLIN };
	(void)poll(pf, n, EW_LIVE_TICK_MS); /* EINTR and timeouts are both "look again" */
}

/* Before a report that cannot wait in the capture loop (the last one): the
 * window's walk, asked for now unless it was, waited for until
 * EW_LOCATOR_WAIT_MS after it was asked (the capture has ended). */
static void locate_before_report(struct run *r)
{
	if (!r->loc)
		return;
	if (!r->loc_walked && ew_locator_ask(r->loc))
		r->report_wait_until = now_usec() + (int64_t)EW_LOCATOR_WAIT_MS * 1000;
	r->loc_walked = true;
	ew_locator_wait(r->loc, r->report_wait_until);
}

#ifndef EW_FILE_READ_BUFFER
#define EW_FILE_READ_BUFFER (256 * 1024) /* see open_file */
#endif

static pcap_t *open_file(const char *path)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	struct stat st;
	if (stat(path, &st) != 0) {
		ew_log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		ew_log_err("%s: not a regular file", path);
		return NULL;
	}
	if (st.st_size == 0) {
		ew_log_err("%s: empty file, not a capture", path);
		return NULL;
	}
	/* opened here, so that "cannot open" (errno) and "not a capture" (libpcap)
	 * are told apart and the system error is said once */
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ew_log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	/* libpcap freads each record through stdio, whose default 4 KiB buffer
	 * costs a read(2) every few dozen small frames (tests/bench/README.md).
	 * glibc ignores a size without a buffer, so one is given: static, since
	 * it must outlive pcap_close's fclose and a process opens one file. */
	static char read_buffer[EW_FILE_READ_BUFFER];
	(void)setvbuf(fp, read_buffer, _IOFBF, sizeof read_buffer); /* on failure: stdio's own */
	pcap_t *p = pcap_fopen_offline(fp, err);
	if (!p) {
		fclose(fp);
		ew_log_err("%s: not a pcap/pcapng capture: %s", path, err);
		return NULL;
	}
	return p; /* pcap_close closes fp */
}

static int set_filter(pcap_t *p, const char *expr)
{
	struct bpf_program prog;
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		ew_log_err("filter \"%s\": %s", expr, pcap_geterr(p));
		return -1;
	}
	int rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc != 0) {
		ew_log_err("filter: %s", pcap_geterr(p));
		return -1;
	}
	return 0;
}

/* Reads a file to the end. A capture cut inside a record (tcpdump killed, a
 * full disk) is an error (exit 2, one stderr line), but what came before the
 * cut is whole: it is still written, complete lines only, and a report says
 * "truncated": true under "capture". */
static int run_file(struct run *r)
{
	int rc = pcap_dispatch(r->pcap, -1, on_packet, (u_char *)r);
	while (rc > 0 && !want_stop)
		rc = pcap_dispatch(r->pcap, -1, on_packet, (u_char *)r);
	if (rc == PCAP_ERROR) {
		ew_log_err("%s: truncated or corrupt capture after %" PRIu64 " packets: %s",
			r->cfg->read_file, r->packets, pcap_geterr(r->pcap));
		r->truncated = true;
		return 2;
	}
	return 0;
}

/* SIGHUP: the configuration file and the fingerprints are read again. The
 * window so far is reported first, then inference starts over with the new
 * subnets, declared devices and rules. What needs the capture reopened or
 * root (interface, filter, snap length, user, collector) keeps its value. */
/* Reads the configuration file and the fingerprints again; NULL (logged)
 * when either has errors, and the running ones stay. */
static struct ew_fp_db *reread(struct run *r, struct ew_agent_config **ncp)
{
	struct ew_agent_config *nc = calloc(1, sizeof *nc);
	if (!nc || ew_agent_config_parse(nc, r->argc, r->argv) != EW_CFG_OK) {
		ew_log_err("SIGHUP: the configuration has errors (above); the running one stays");
		if (nc)
			ew_agent_config_free(nc);
		free(nc);
		return NULL;
	}
	const char *fpp = nc->fingerprints ? nc->fingerprints : r->cfg->fingerprints;
	char err[512] = "";
	struct ew_fp_db *fp = ew_fp_load(fpp, err, sizeof err);
	if (!fp) {
		ew_log_err("SIGHUP: %s; the running rules stay", err);
		ew_agent_config_free(nc);
		free(nc);
		return NULL;
	}
	nc->fingerprints = fpp;
	*ncp = nc;
	return fp;
}

/* Makes nc's labels, window, subnets, declared devices and rules the ones
 * in use; nc then owns their strings. */
static void adopt(struct run *r, struct ew_agent_config *nc, struct ew_fp_db *fp)
{
	ew_fp_free(r->fp);
	r->fp = fp;
	r->cfg->agent_id = nc->agent_id;
	r->cfg->site = nc->site;
	r->cfg->segment = nc->segment;
	r->cfg->window_usec = nc->window_usec;
	r->cfg->fingerprints = nc->fingerprints;
	r->cfg->infer = nc->infer;
	if (r->reloaded) {
		ew_agent_config_free(r->reloaded);
		free(r->reloaded);
	}
	r->reloaded = nc;
}

/* The supervisor, after a SIGHUP, before it starts a new parser: that
 * parser gets the configuration as it is now, as the old one had. */
static void supervisor_reload(void *ctx)
{
	struct run *r = ctx;
	struct ew_agent_config *nc;
	struct ew_fp_db *fp = reread(r, &nc);
	if (fp) {
		adopt(r, nc, fp);
		ew_log_info("the new parser starts with the configuration as reloaded on SIGHUP");
	}
}

/* SIGHUP: the configuration file and the fingerprints are read again. The
 * window so far is reported first, then inference starts over with the new
 * subnets, declared devices and rules. What needs the capture reopened or
 * root (interface, filter, snap length, user, collector) keeps its value. */
static void reload(struct run *r)
{
	struct ew_agent_config *nc;
	struct ew_fp_db *fp = reread(r, &nc);
	if (!fp)
		return;
	int64_t now = now_usec();
	write_report(r, r->window_start, now);
	struct ew_infer_config ic = nc->infer;
	ic.fp = fp;
	ic.oui = r->oui;
	ic.evidence_cb = on_evidence;
	ic.evidence_user = r;
	struct ew_infer *inf = ew_infer_new(&ic);
	if (!inf) {
		ew_log_err("SIGHUP: out of memory; the running configuration stays");
		ew_fp_free(fp);
		ew_agent_config_free(nc);
		free(nc);
		return;
	}
	ew_infer_free(r->inf);
	r->inf = inf;
	adopt(r, nc, fp);
	r->window_start = now;
	r->window_packets = r->window_bytes = 0;
	r->loc_walked = false; /* the new window gets its own walk */
	ew_log_info("SIGHUP: configuration and %s reloaded", r->cfg->fingerprints);
}

static int run_live(struct run *r)
{
	int64_t start = now_usec(), deadline = r->cfg->duration_usec ? start + r->cfg->duration_usec : 0;
	r->window_start = start;
	int status = 0;
	while (!want_stop) {
		wait_capture(r);
		int rc = pcap_dispatch(r->pcap, -1, on_packet, (u_char *)r);
		ew_prober_pump(r->probes, r->inf);
		ew_locator_pump(r->loc);
		if (rc == PCAP_ERROR) {
			ew_log_err("%s: capture error: %s", r->cfg->interface,
				pcap_geterr(r->pcap));
			r->capture_lost = true;
			status = 2;
			break;
		}
		int64_t now = now_usec();
		if (deadline && now >= deadline)
			break;
		/* a report waiting for its walk goes first: reload() reports the
		 * window so far and starts another */
		if (want_reload && !r->report_due) {
			want_reload = 0;
			if (r->inf)
				reload(r);
			now = now_usec(); /* reload() started the window after the one above */
		}
		if (!r->report_due && (want_report || now - r->window_start >= r->cfg->window_usec)) {
			r->report_due = true;
			r->report_window_end = !want_report;
			want_report = 0;
			/* the switches are walked once per window, while the capture
			 * goes on; the report waits for that walk, within a bound */
			if (r->inf && r->loc && !r->loc_walked && ew_locator_ask(r->loc))
				r->report_wait_until = now + (int64_t)EW_LOCATOR_WAIT_MS * 1000;
			r->loc_walked = true;
		}
		if (r->report_due && (!ew_locator_busy(r->loc) || now >= r->report_wait_until)) {
			r->report_due = false;
			if (r->inf) {
				if (write_report(r, r->window_start, now) != 0)
					status = 2;
				if (r->report_window_end) {
					ew_infer_new_window(r->inf);
					r->loc_walked = false;
					r->window_start = now;
					r->window_packets = r->window_bytes = 0;
				}
			}
		}
	}
	if (r->inf) {
		locate_before_report(r);
		ew_prober_pump(r->probes, r->inf); /* what the probes found up to the end */
		if (write_report(r, r->window_start, now_usec()) != 0)
			status = 2;
	}
	if (r->cfg->events)
		write_summary(r);
	return status;
}

/* --probe LIST [--probe-every DUR] [--probe-interface IFACE] [--probe-rate PPS]:
 * the prober program (prober.h) reads them; they are checked here first,
 * so a command line it cannot run stops the agent with a clear error. */
static int probes_open(const struct ew_agent_config *cfg, struct run *r)
{
	if (!cfg->interface || !cfg->probe_iface) {
		ew_log_err("--probe needs -i and --probe-interface (an access port with an address)");
		return 2;
	}
	if (!cfg->infer.subnet_count) {
		ew_log_err("--probe needs --subnet: probes address configured subnets only");
		return 2;
	}
	r->probes = ew_prober_start(r->argc, r->argv);
	return r->probes ? 0 : 2; /* it said why */
}

/* ---- the parser's files (Landlock) -------------------------------------------------- */

/* What the parser opens once confined, as strace -f showed over a live
 * capture with -o, --evidence, SIGUSR1 reports and a SIGHUP: the registry's
 * files before each report, the configuration files and the rules on SIGHUP
 * (each by its own path: the collector's token may share their folder),
 * the capture interface's drop counters in sysfs (libpcap's pcap_stats),
 * the local time zone, and one pcap per device created under the evidence
 * folder. The capture, -o and the log are open already. A SIGHUP that names
 * other files (another --fingerprints) cannot read them: that needs a
 * restart, as a new interface does. */
#define PARSER_MADE_PATHS 6 /* the registry's files and the sysfs folder */
#define PARSER_RULES_MAX (PARSER_MADE_PATHS + EW_CONFIG_FILES_MAX + 4)

struct parser_files {
	struct ew_landlock_rule rules[PARSER_RULES_MAX];
	size_t n;
	char made[PARSER_MADE_PATHS][PATH_MAX];
	size_t n_made;
};

static void parser_file(struct parser_files *pf, const char *path, enum ew_landlock_access access)
{
	if (path && pf->n < PARSER_RULES_MAX)
		pf->rules[pf->n++] = (struct ew_landlock_rule){ path, access };
}

/* A path built here (kept in pf); one that does not fit is left out. */
static void parser_made(struct parser_files *pf, const char *a, const char *b, const char *c)
{
	if (pf->n_made == PARSER_MADE_PATHS)
		return;
	char *p = pf->made[pf->n_made];
	int w = snprintf(p, PATH_MAX, "%s%s%s", a, b, c);
	if (w > 0 && w < PATH_MAX) {
		pf->n_made++;
		parser_file(pf, p, EW_LANDLOCK_READ);
	}
}

static void parser_files(const struct ew_agent_config *cfg, struct parser_files *pf)
{
	memset(pf, 0, sizeof *pf);
	for (int i = 0; i < cfg->config_file_count; i++)
		parser_file(pf, cfg->config_files[i], EW_LANDLOCK_READ);
	parser_file(pf, cfg->fingerprints, EW_LANDLOCK_READ);
	if (cfg->oui_dir) {
		parser_file(pf, cfg->oui_dir, EW_LANDLOCK_READ);
		/* each file too: a symbolic link out of the folder is followed to its target */
		for (size_t i = 0; ew_oui_file_name(i); i++)
			parser_made(pf, cfg->oui_dir, "/", ew_oui_file_name(i));
	}
	if (cfg->interface && !strchr(cfg->interface, '/') && strcmp(cfg->interface, "..") != 0)
		parser_made(pf, "/sys/class/net/", cfg->interface, "/statistics");
	parser_file(pf, "/etc/localtime", EW_LANDLOCK_READ);
	parser_file(pf, cfg->evidence_dir, EW_LANDLOCK_WRITE_BENEATH);
}

/* Once the parser holds its capture and output: no other file. */
static int parser_landlock(const struct ew_agent_config *cfg)
{
	static struct parser_files pf; /* PATH_MAX paths: not on the stack */
	parser_files(cfg, &pf);
	return ew_landlock_enter("parser", pf.rules, pf.n);
}

/* --sandbox-test-read PATH (tests only): the parser's confinement for this
 * command line (Landlock, then its seccomp filter where loaded), then one
 * open of PATH for reading; says what it got. 77: no Landlock here. */
static int sandbox_test_read(const struct ew_agent_config *cfg)
{
	if (ew_landlock_abi() == 0) {
		printf("landlock: not available on this kernel\n");
		return 77;
	}
	setvbuf(stdout, NULL, _IONBF, 0); /* no isatty from a first printf inside the filter */
	if (parser_landlock(cfg) != 0 || ew_sandbox_enter() != 0)
		return 2;
	int fd = open(cfg->sandbox_test_read, O_RDONLY | O_CLOEXEC);
	printf("%s: %s\n", cfg->sandbox_test_read, fd >= 0 ? "readable" : strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct ew_agent_config cfg;
	if (ew_privsep_std_fds() != 0) /* no /dev/null: nowhere to say why */
		return 2;
	ew_log_init("egresswatch-agent", false, EW_LOG_INFO); /* stderr until --log is read (ARCHITECTURE.md) */
	int rc = ew_agent_config_parse(&cfg, argc, argv);
	if (rc == EW_CFG_HELP) {
		usage(stdout);
		return 0;
	}
	if (rc == EW_CFG_VERSION) {
		printf("egresswatch-agent %s\n", EW_VERSION);
		return 0;
	}
	if (rc != EW_CFG_OK) {
		if (rc == EW_CFG_USAGE)
			usage(stderr);
		ew_agent_config_free(&cfg); /* what the config file gave before its bad line */
		return 2;
	}
	ew_log_init("egresswatch-agent", cfg.log_syslog && !cfg.check_config && !cfg.locate_mode, EW_LOG_INFO);
	/* the sender's and the locator's work, in their programs (helper_exec.h) */
	if (cfg.sandbox_test_sender || cfg.flush || cfg.locate_mode) {
		ew_agent_config_free(&cfg);
		return ew_helper_become(cfg.locate_mode ? "ew-locator" : "ew-sender", argc, argv);
	}
	if (cfg.sandbox_test) {
		/* tests only: the filter must kill the process here (SIGSYS) */
		if (!ew_sandbox_available()) {
			printf("sandbox: not available in this build\n");
			return 77;
		}
		if (ew_sandbox_enter() != 0)
			return 2;
		int fd = socket(AF_INET, SOCK_DGRAM, 0);
		printf("socket() returned %d inside the sandbox\n", fd);
		return 1;
	}
	struct ew_user user = { 0 };
	const bool root = geteuid() == 0;
	/* root, or a user with capabilities (systemd's AmbientCapabilities) */
	const bool privileged = ew_privsep_privileged();
	if (root && !cfg.check_config && ew_privsep_user(cfg.user, &user) != 0) {
		ew_agent_config_free(&cfg);
		return 2;
	}
	struct run r = { .cfg = &cfg, .out = stdout, .sender_fd = -1, .argc = argc, .argv = argv };
	pid_t sender = -1;
	bool supervised = false, respawn = false;
	struct ew_oui_db *oui = NULL;
	struct ew_fp_db *fp = NULL;
	int status = 0;

	char fp_path[PATH_MAX], oui_path[PATH_MAX];
	if (!cfg.events && !cfg.fingerprints &&
	    !(cfg.fingerprints = ew_find_data(fp_path, sizeof fp_path, "egresswatch/" EW_FINGERPRINTS_NAME,
					   "data/" EW_FINGERPRINTS_NAME))) {
		ew_log_err("%s not found in PREFIX/share/egresswatch or the source tree; "
				"give --fingerprints FILE", EW_FINGERPRINTS_NAME);
		ew_agent_config_free(&cfg);
		return 2;
	}
	if (!cfg.events && !cfg.oui_dir) {
		/* Debian's ieee-data, else one installed beside the agent */
		cfg.oui_dir = EW_OUI_DEFAULT_DIR;
		if (access(EW_OUI_DEFAULT_DIR, R_OK | X_OK) != 0 &&
		    ew_find_data(oui_path, sizeof oui_path, "ieee-data", NULL))
			cfg.oui_dir = oui_path;
	}
	if (!cfg.events) {
		char err[512] = "";
		fp = ew_fp_load(cfg.fingerprints, err, sizeof err);
		if (!fp) {
			ew_log_err("%s", err);
			ew_agent_config_free(&cfg);
			return 2;
		}
		oui = ew_oui_open(cfg.oui_dir, err, sizeof err);
		if (!oui)
			ew_log_warn("warning: %s; vendors will be \"unknown\"", err);
	}
	if (cfg.sandbox_test_read) {
		status = sandbox_test_read(&cfg);
		goto out;
	}
	if (cfg.check_config) {
		if (cfg.ca_file && access(cfg.ca_file, R_OK) != 0) {
			ew_log_err("--ca-file %s: %s", cfg.ca_file, strerror(errno));
			status = 2;
		}
		if (cfg.token_file && access(cfg.token_file, R_OK) != 0) {
			ew_log_err("--token-file %s: %s", cfg.token_file, strerror(errno));
			status = 2;
		}
		if (!status)
			printf("configuration OK\n");
		goto out;
	}
	r.fp = fp;
	r.oui = oui;
	/* the sender first: it never sees the capture, and it reads the token
	 * while root, before anything has parsed a packet */
	if (cfg.collector && (sender = ew_privsep_start_sender(argc, argv, &r.sender_fd)) < 0) {
		status = 2;
		goto out;
	}

	/* Live and privileged (root, or capabilities): a supervisor keeps them
	 * only to reopen the capture; the parser below is its child (privsep.h). */
	if (cfg.interface && privileged) {
		int sst;
		if (ew_privsep_supervise(&respawn, &sst, supervisor_reload, &r)) {
			status = sst;
			goto out;
		}
		supervised = true;
		sender = -1; /* the supervisor's child, not the parser's */
	}

	/* The helpers next, still privileged and before the capture is open, so
	 * that neither ever holds it: the locator walks the switches, the prober
	 * runs the probes (locator.h, prober.h); this process keeps a socket to
	 * each and parses packets only. */
	if (cfg.locate.n && !cfg.events &&
	    !(r.loc = ew_locator_start(&cfg.locate, argc, argv))) {
		status = 2;
		goto out;
	}
	if (r.loc)
		ew_locate_config_want_secrets(false); /* the locator has them: a SIGHUP re-reads none */
	if (cfg.probe_list && (status = probes_open(&cfg, &r)) != 0) {
		r.capture_lost = respawn; /* a probe interface not back yet either: try again later */
		goto out;
	}

	/* Privileged part: open the capture, the output, the evidence folder. */
	if (cfg.interface) {
		r.pcap = open_live(&cfg);
		r.source = "live";
	} else {
		r.pcap = open_file(cfg.read_file);
		r.source = "file";
	}
	if (!r.pcap) {
		status = 2;
		r.capture_lost = respawn; /* the interface is not back yet: try again later */
		goto out;
	}
	r.linktype = pcap_datalink(r.pcap);
	if (!ew_linktype_supported(r.linktype)) {
		ew_log_err("%s: unsupported link type %d (%s)",
			cfg.interface ? cfg.interface : cfg.read_file, r.linktype,
			pcap_datalink_val_to_name(r.linktype) ? pcap_datalink_val_to_name(r.linktype) : "?");
		status = 2;
		goto out;
	}
	if (cfg.filter && set_filter(r.pcap, cfg.filter) != 0) {
		status = 2;
		goto out;
	}
	/* live reports are JSON lines: a restarted agent appends to its history;
	 * a file's report or events replace what was there */
	if (cfg.output && !(r.out = fopen(cfg.output, cfg.interface && !cfg.events ? "a" : "w"))) {
		ew_log_err("%s: %s", cfg.output, strerror(errno));
		r.out = stdout;
		status = 2;
		goto out;
	}
	if (cfg.evidence_dir) {
		/* made here: the user's; existing: its owner stays (never a chown of a
		 * path the user named) and it must be writable by the user */
		int efd = ew_privsep_own_dir(cfg.evidence_dir, &user);
		if (efd < 0) {
			status = 2;
			goto out;
		}
		close(efd);
		r.evw = ew_evidence_new(cfg.evidence_dir, r.linktype, cfg.snaplen);
	}
	if (privileged && ew_privsep_drop(&user) != 0) {
		status = 2;
		goto out;
	}
	if (supervised)
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* after the uid change, which clears it */
	if (cfg.evidence_dir && access(cfg.evidence_dir, W_OK | X_OK) != 0) {
		ew_log_err("%s: not writable by %s: %s", cfg.evidence_dir, root ? user.name : "this user",
			   strerror(errno));
		status = 2;
		goto out;
	}

	if (!cfg.events) {
		struct ew_infer_config ic = cfg.infer;
		ic.fp = r.fp; /* as reloaded, in a parser started after a SIGHUP */
		ic.oui = oui;
		ic.evidence_cb = on_evidence;
		ic.evidence_user = &r;
		r.inf = ew_infer_new(&ic);
		if (!r.inf) {
			ew_log_err("out of memory");
			status = 2;
			goto out;
		}
		ew_dissector_init(&r.dis, on_event_infer, &r);
	} else {
		ew_dissector_init(&r.dis, on_event_json, &r);
	}

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	active_pcap = r.pcap;
	if (supervised)
		ew_privsep_parser_ready();
	/* from here on this process reads hostile packets: it may no longer do
	 * anything else (the SNMP walks and the probes run in the helpers,
	 * which it only reads). Run by a plain user too: a capture file from
	 * elsewhere is as hostile as the wire. There, Landlock only where the
	 * kernel has it, without a word: nothing is lost that such a run had. */
	ew_locate_config_want_secrets(false); /* SIGHUP re-reads no switch secret */
	/* Landlock first: the seccomp filter forbids its calls */
	if (((privileged || ew_landlock_abi() > 0) && parser_landlock(&cfg) != 0) || ew_sandbox_enter() != 0) {
		status = 2;
		goto out;
	}
	if (cfg.interface) {
		status = run_live(&r);
	} else {
		status = run_file(&r);
		if (cfg.events) {
			write_summary(&r);
		} else {
			locate_before_report(&r);
			if (write_report(&r, r.first_ts, r.last_ts) != 0)
				status = 2;
		}
	}
	if (fflush(r.out) != 0 || ferror(r.out)) {
		output_error(&r);
		status = 2;
	}

out:
	active_pcap = NULL;
	ew_prober_stop(r.probes);
	ew_locator_stop(r.loc);
	if (r.sender_fd >= 0)
		close(r.sender_fd); /* end of input: the sender delivers, then exits */
	if (sender > 0) {
		int src = ew_privsep_wait_sender(sender);
		if (status == 0)
			status = src;
	}
	if (r.inf)
		ew_infer_free(r.inf);
	if (r.evw)
		ew_evidence_free(r.evw);
	if (r.pcap)
		pcap_close(r.pcap);
	if (r.out && r.out != stdout && fclose(r.out) != 0 && status == 0) {
		output_error(&r);
		status = 2;
	}
	ew_fp_free(r.fp ? r.fp : fp);
	ew_oui_free(oui);
	if (r.reloaded) {
		ew_agent_config_free(r.reloaded);
		free(r.reloaded);
	}
	ew_agent_config_free(&cfg);
	if (supervised && r.capture_lost && !want_stop)
		return EW_EXIT_CAPTURE_LOST;
	return status;
}
