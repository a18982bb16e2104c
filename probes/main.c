/* SPDX-License-Identifier: ISC */
/* main.c - egresswatch-probe: one probe run, a report in the agent's schema.
 *
 *   egresswatch-probe -i IFACE --subnet CIDR [--declared MAC|IP]... [-c FILE]
 *       --probe dhcp,dhcp6,rs,irdp,ssdp,arp,forward,http [--rate PPS]
 *       [--listen SECS] [--dry-run] -o report.json
 *
 * Every captured frame goes through the agent's dissectors and inference
 * (include/egresswatch/dissect.h, infer.h) with the probes' findings beside
 * them, so a probe finding is evidence like any other. Docs:
 * docs/egresswatch-probe.8. Exit 0 done, 2 refused or bad usage (nothing
 * sent), 1 failed while running. */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "egresswatch/datapath.h"
#include "egresswatch/classify.h"
#include "egresswatch/infer.h"
#include "egresswatch/log.h"
#include "egresswatch/oui.h"
#include "egresswatch/probe.h"

#define PROG "egresswatch-probe"
#define CONF_LINE_MAX 512
#define CONF_DEPTH_MAX 1

struct opts {
	struct ew_probe_config pc;
	struct ew_infer_config ic;
	const char *out, *fingerprints, *oui_dir, *log, *agent_id, *site, *segment;
	bool probe_set;
};

static volatile int stop_flag;
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " -i IFACE --subnet CIDR [--declared MAC|IP]... [-c FILE]\n"
		"       --probe dhcp,dhcp6,rs,irdp,ssdp,arp,forward,http|all [--rate PPS] [--listen SECS]\n"
		"       [--dry-run] [--allow-large-sweep] [--dhcp-mac MAC] [--forward-target ADDR]...\n"
		"       [--fingerprints FILE] [--oui-dir DIR] [--carriers FILE] [--log FILE]\n"
		"       [--agent-id ID] [--site S] [--segment S] -o report.json\n"
		"Probes are off unless named with --probe. See egresswatch-probe(8).\n");
}

enum { O_SUBNET = 256, O_DECLARED, O_PROBE, O_RATE, O_LISTEN, O_DRY, O_LARGE, O_DHCPMAC, O_TARGET, O_FP, O_OUI,
       O_CARRIERS, O_LOG, O_AGENT, O_SITE, O_SEGMENT };
static const struct option longopts[] = {
	{ "interface", required_argument, NULL, 'i' }, { "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' }, { "subnet", required_argument, NULL, O_SUBNET },
	{ "declared", required_argument, NULL, O_DECLARED }, { "probe", required_argument, NULL, O_PROBE },
	{ "rate", required_argument, NULL, O_RATE }, { "listen", required_argument, NULL, O_LISTEN },
	{ "dry-run", no_argument, NULL, O_DRY }, { "allow-large-sweep", no_argument, NULL, O_LARGE },
	{ "dhcp-mac", required_argument, NULL, O_DHCPMAC }, { "forward-target", required_argument, NULL, O_TARGET },
	{ "fingerprints", required_argument, NULL, O_FP }, { "oui-dir", required_argument, NULL, O_OUI },
	{ "carriers", required_argument, NULL, O_CARRIERS }, { "log", required_argument, NULL, O_LOG },
	{ "agent-id", required_argument, NULL, O_AGENT }, { "site", required_argument, NULL, O_SITE },
	{ "segment", required_argument, NULL, O_SEGMENT }, { "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static int load_config(struct opts *o, const char *path, int depth);

/* One option: 0 ok, 2 bad value (message printed). val is kept (config lines are strdup'd). */
static int set_opt(struct opts *o, int id, const char *val, int depth)
{
	struct ew_prefix p;
	struct ew_ip ip;
	switch (id) {
	case 'i': o->pc.iface = val; return 0;
	case 'o': o->out = val; return 0;
	case 'c': return load_config(o, val, depth + 1);
	case O_SUBNET:
		if (!ew_prefix_parse(val, &p) || o->pc.subnet_count >= EW_PROBE_SUBNETS_MAX ||
		    o->ic.subnet_count >= EW_SUBNETS_MAX)
			break;
		ew_prefix_normalize(&p);
		o->pc.subnets[o->pc.subnet_count++] = p;
		o->ic.subnets[o->ic.subnet_count++] = p;
		return 0;
	case O_DECLARED: {
		if (o->ic.declared_count >= EW_DECLARED_MAX)
			break;
		struct ew_declared *d = &o->ic.declared[o->ic.declared_count];
		memset(d, 0, sizeof *d);
		if (ew_mac_parse(val, &d->mac))
			d->is_mac = true;
		else if (!ew_ip_parse(val, &d->ip))
			break;
		o->ic.declared_count++;
		return 0;
	}
	case O_PROBE:
		if (!ew_probe_parse_list(val, &o->pc.stimuli))
			break;
		o->probe_set = true;
		return 0;
	case O_RATE:
		if (!parse_uint(val, 1000, &o->pc.rate_pps) || !o->pc.rate_pps)
			break;
		return 0;
	case O_LISTEN:
		if (!parse_uint(val, 3600, &o->pc.listen_sec))
			break;
		return 0;
	case O_DRY: o->pc.dry_run = true; return 0;
	case O_LARGE: o->pc.allow_large_sweep = true; return 0;
	case O_DHCPMAC:
		if (!ew_mac_parse(val, &o->pc.dhcp_mac) || ew_mac_is_multicast(&o->pc.dhcp_mac))
			break;
		o->pc.has_dhcp_mac = true;
		return 0;
	case O_TARGET:
		if (!ew_ip_parse(val, &ip))
			break;
		if (ip.family == EW_AF_INET)
			o->pc.target4 = ip;
		else
			o->pc.target6 = ip;
		return 0;
	case O_FP: o->fingerprints = val; return 0;
	case O_OUI: o->oui_dir = val; return 0;
	case O_CARRIERS: o->pc.carriers_path = val; return 0;
	case O_LOG: o->log = val; return 0;
	case O_AGENT: o->agent_id = val; return 0;
	case O_SITE: o->site = val; return 0;
	case O_SEGMENT: o->segment = val; return 0;
	default: return 2;
	}
	ew_log_err("bad value for an option: %s", val);
	return 2;
}

/* A config file takes the long options without dashes, one per line. */
static int load_config(struct opts *o, const char *path, int depth)
{
	if (depth > CONF_DEPTH_MAX) {
		ew_log_err("%s: config files do not include others", path);
		return 2;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		ew_log_err("%s: %s", path, strerror(errno));
		return 2;
	}
	char line[CONF_LINE_MAX];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		char *h = strchr(line, '#');
		if (h)
			*h = '\0';
		char *k = line + strspn(line, " \t\r\n");
		if (!*k)
			continue;
		char *e = k + strcspn(k, " \t\r\n");
		char *v = e + strspn(e, " \t");
		*e = '\0';
		v[strcspn(v, "\r\n")] = '\0';
		for (char *t = v + strlen(v); t > v && (t[-1] == ' ' || t[-1] == '\t');)
			*--t = '\0';
		const struct option *opt = NULL;
		for (const struct option *x = longopts; x->name; x++)
			if (!strcmp(x->name, k))
				opt = x;
		if (!opt || opt->val == 'h') {
			ew_log_err("%s:%d: unknown key %s", path, lineno, k);
			rc = 2;
			break;
		}
		if (opt->has_arg == required_argument && !*v) {
			ew_log_err("%s:%d: %s needs a value", path, lineno, k);
			rc = 2;
			break;
		}
		char *dup = strdup(v); /* lives as long as the run (options point into it) */
		if (!dup) {
			rc = 2;
			break;
		}
		rc = set_opt(o, opt->val, dup, depth);
		if (rc)
			ew_log_err("%s:%d: in %s", path, lineno, k);
	}
	fclose(f);
	return rc;
}

/* A data file wherever this build may have it, from any working directory
 * (egresswatch/datapath.h; never the working directory's), or NULL. */
static const char *find_data(char *buf, size_t size, const char *name)
{
	char share[128], src[128];
	snprintf(share, sizeof share, "egresswatch/%s", name);
	snprintf(src, sizeof src, "data/%s", name);
	return ew_find_data(buf, size, share, src);
}

static void feed(void *user, const struct ew_frame *f, const struct ew_event *ev)
{
	ew_infer_event(user, f, ev);
}

int main(int argc, char **argv)
{
	struct opts o;
	memset(&o, 0, sizeof o);
	ew_log_init(PROG, false, EW_LOG_INFO); /* a command: its diagnostics on stderr; --log is the packet log */
	o.pc.listen_sec = EW_PROBE_LISTEN_DEFAULT;
	static char fp_path[PATH_MAX], carriers_path[PATH_MAX];
	o.fingerprints = find_data(fp_path, sizeof fp_path, "fingerprints.conf");
	o.oui_dir = EW_OUI_DEFAULT_DIR;
	o.pc.carriers_path = find_data(carriers_path, sizeof carriers_path, "carriers.conf");
	int c;
	while ((c = getopt_long(argc, argv, "i:c:o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == '?' || set_opt(&o, c, optarg, 0)) {
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !o.pc.iface || !o.pc.subnet_count) {
		usage(stderr);
		return 2;
	}
	if (!o.probe_set) {
		ew_log_err("no probe named: probes are off unless asked (--probe LIST)");
		return 2;
	}
	if (!o.out && !o.pc.dry_run) {
		ew_log_err("-o FILE is needed (the report)");
		return 2;
	}
	FILE *log = stderr;
	if (o.log && !(log = fopen(o.log, "a"))) {
		ew_log_err("%s: %s", o.log, strerror(errno));
		return 2;
	}
	o.pc.log = log;
	char err[512] = "";
	struct ew_fp_db *fp = NULL;
	struct ew_oui_db *oui = NULL;
	struct ew_infer *inf = NULL;
	if (!o.pc.dry_run) {
		if (!o.fingerprints) {
			ew_log_err("fingerprints.conf not found in PREFIX/share/egresswatch or the source tree; "
				   "give --fingerprints FILE");
			return 2;
		}
		if (!(fp = ew_fp_load(o.fingerprints, err, sizeof err))) {
			ew_log_err("%s", err);
			return 2;
		}
		oui = ew_oui_load(o.oui_dir, err, sizeof err); /* no registry: vendor "unknown" */
		o.ic.fp = fp;
		o.ic.oui = oui;
		if (!(inf = ew_infer_new(&o.ic))) {
			ew_log_err("out of memory");
			return 1;
		}
		if (o.pc.carriers_path && access(o.pc.carriers_path, R_OK) != 0)
			o.pc.carriers_path = NULL;
	}
	o.pc.deliver_frames = true;
	o.pc.event_cb = feed;
	o.pc.user = inf;
	o.pc.stop = &stop_flag;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	struct ew_probe_stats st;
	int rc = ew_probe_run(&o.pc, &st, err, sizeof err);
	if (rc) {
		ew_log_err("%s", err);
	} else if (!o.pc.dry_run) {
		struct ew_report_meta meta = {
			.agent_id = o.agent_id ? o.agent_id : "egresswatch-probe",
			.site = o.site ? o.site : "",
			.segment = o.segment ? o.segment : "",
			.interface = o.pc.iface,
			.version = "egresswatch-probe 1",
			.source = "live",
			.window_start_usec = st.start_usec,
			.window_end_usec = st.end_usec,
			.packets = st.frames,
			.bytes = st.bytes,
		};
		struct json_object *rep = ew_infer_report(inf, &meta);
		const char *txt = json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
		FILE *out = strcmp(o.out, "-") ? fopen(o.out, "w") : stdout;
		if (!out || fputs(txt, out) < 0 || fputc('\n', out) < 0 || (out != stdout && fclose(out) != 0)) {
			ew_log_err("%s: cannot write the report", o.out);
			rc = 1;
		}
		json_object_put(rep);
	}
	ew_infer_free(inf);
	ew_fp_free(fp);
	ew_oui_free(oui);
	if (log != stderr)
		fclose(log);
	return rc;
}
