/* SPDX-License-Identifier: ISC */
/* agent_config.c - command line and config file.
 *
 * The config file takes the long options' names as keys, one per line:
 *     subnet 10.20.0.0/16
 *     subnet 10.30.0.0/16 vlan 30
 *     declared 00:11:22:33:44:55
 *     window 15m
 * '#' starts a comment. Command-line options are applied after the file, and
 * repeatable keys (subnet, declared) add to what the file gave.
 */
#include "agent_config.h"
#include "deliver.h"
#include "egresswatch/log.h"
#include "spool.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert((long long)EW_BUFFER_MIB_MAX * 1024 * 1024 <= INT_MAX, "--buffer-size in bytes must fit an int");
_Static_assert(EW_SNAPLEN_MAX <= INT_MAX && EW_DEFAULT_SNAPLEN >= EW_SNAPLEN_MIN && EW_DEFAULT_SNAPLEN <= EW_SNAPLEN_MAX,
	       "snap lengths are ints, the default within range");
_Static_assert(EW_MAX_DEVICES_MAX <= EW_MAX_DEVICES_LIMIT && EW_DEFAULT_MAX_DEVICES <= EW_MAX_DEVICES_MAX &&
		       EW_MAX_DEVICES_MIN <= EW_DEFAULT_MAX_DEVICES,
	       "--max-devices range within what the device table takes");
_Static_assert(EW_DURATION_MAX_USEC < INT64_MAX / 2, "a window end stays far from int64_t overflow");

/* Where an option came from, for error messages: "" on the command line,
 * "FILE:LINE: " in a config file. */
static char where[1100];

int64_t ew_parse_duration(const char *s)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	/* the syntax is checked above, so strtod reads exactly [s, p) */
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end != p)
		return -1;
	double mult = 1;
	if (*p) {
		switch (*p) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		default: return -1;
		}
		if (p[1])
			return -1;
	}
	double us = v * mult * 1e6;
	if (!(us <= (double)EW_DURATION_MAX_USEC))
		return -1;
	return (int64_t)us;
}

/* "CIDR", "CIDR@VLAN" (command line) or "CIDR vlan VLAN" (config file):
 * a subnet of every VLAN, or of one (0: untagged frames). */
int ew_config_add_subnet(struct ew_infer_config *ic, const char *arg)
{
	char cidr[64];
	size_t n = strcspn(arg, "@ \t");
	const char *rest = arg + n;
	bool has_vlan = false;
	unsigned long vlan = 0;
	if (*rest == '@') {
		rest++;
		has_vlan = true;
	} else if (*rest) {
		rest += strspn(rest, " \t");
		if (strncmp(rest, "vlan", 4) == 0 && (rest[4] == ' ' || rest[4] == '\t')) {
			rest += 4 + strspn(rest + 4, " \t");
			has_vlan = true;
		} else if (*rest) {
			has_vlan = true; /* junk after the prefix: reported below */
			rest = "";
		}
	}
	if (has_vlan) {
		char *end;
		errno = 0;
		vlan = strtoul(rest, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (!isdigit((unsigned char)*rest) || errno || *end || vlan > 4094) {
			ew_log_err("%s--subnet %s: bad VLAN (expected CIDR@VLAN or \"CIDR vlan VLAN\", VLAN 0-4094)",
				where, arg);
			return -1;
		}
	}
	struct ew_prefix p;
	if (n >= sizeof cidr || (memcpy(cidr, arg, n), cidr[n] = '\0', !ew_prefix_parse(cidr, &p)) || !strchr(cidr, '/')) {
		ew_log_err("%s--subnet %s: not a prefix (expected e.g. 10.20.0.0/16 or 2001:db8::/64)",
			where, arg);
		return -1;
	}
	if (ic->subnet_count == EW_SUBNETS_MAX) {
		ew_log_err("%s--subnet %s: more than %d subnets", where, arg, EW_SUBNETS_MAX);
		return -1;
	}
	ic->subnet_vlan_set[ic->subnet_count] = has_vlan;
	ic->subnet_vlan[ic->subnet_count] = (uint16_t)vlan;
	ic->subnets[ic->subnet_count++] = p;
	return 0;
}

int ew_config_add_declared(struct ew_infer_config *ic, const char *arg)
{
	struct ew_declared d = { 0 };
	if (ew_mac_parse(arg, &d.mac))
		d.is_mac = true;
	else if (!ew_ip_parse(arg, &d.ip)) {
		ew_log_err("%s--declared %s: neither a MAC nor an IP address", where, arg);
		return -1;
	}
	if (ic->declared_count == EW_DECLARED_MAX) {
		ew_log_err("%s--declared %s: more than %d entries", where, arg, EW_DECLARED_MAX);
		return -1;
	}
	ic->declared[ic->declared_count++] = d;
	return 0;
}

enum {
	OPT_EVENTS = 1000, OPT_SUBNET, OPT_DECLARED, OPT_FP, OPT_OUI, OPT_EVIDENCE, OPT_WINDOW, OPT_DURATION,
	OPT_FILTER, OPT_SNAPLEN, OPT_BUFFER, OPT_USER, OPT_AGENT_ID, OPT_SITE, OPT_SEGMENT, OPT_MAX_DEVICES,
	OPT_COLLECTOR, OPT_TOKEN_FILE, OPT_CA_FILE, OPT_SPOOL, OPT_SPOOL_MAX, OPT_DELIVER_TIMEOUT, OPT_FLUSH,
	OPT_LOG, OPT_CHECK_CONFIG, OPT_SANDBOX_TEST, OPT_SANDBOX_TEST_SENDER, OPT_SANDBOX_TEST_READ,
	OPT_SWITCH, OPT_LOCATE, OPT_UPLINK_MACS, OPT_SNMP_TIMEOUT, OPT_SNMP_RETRIES, OPT_SNMP_MAX_ROWS,
	OPT_PROBE, OPT_PROBE_EVERY, OPT_PROBE_IFACE, OPT_PROBE_RATE,
};

static const struct option long_opts[] = {
	{ "read", required_argument, NULL, 'r' },
	{ "interface", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "config", required_argument, NULL, 'c' },
	{ "events", no_argument, NULL, OPT_EVENTS },
	{ "subnet", required_argument, NULL, OPT_SUBNET },
	{ "declared", required_argument, NULL, OPT_DECLARED },
	{ "fingerprints", required_argument, NULL, OPT_FP },
	{ "oui-dir", required_argument, NULL, OPT_OUI },
	{ "evidence", required_argument, NULL, OPT_EVIDENCE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "snaplen", required_argument, NULL, OPT_SNAPLEN },
	{ "buffer-size", required_argument, NULL, OPT_BUFFER },
	{ "user", required_argument, NULL, OPT_USER },
	{ "agent-id", required_argument, NULL, OPT_AGENT_ID },
	{ "site", required_argument, NULL, OPT_SITE },
	{ "segment", required_argument, NULL, OPT_SEGMENT },
	{ "max-devices", required_argument, NULL, OPT_MAX_DEVICES },
	{ "collector", required_argument, NULL, OPT_COLLECTOR },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA_FILE },
	{ "spool", required_argument, NULL, OPT_SPOOL },
	{ "spool-max", required_argument, NULL, OPT_SPOOL_MAX },
	{ "deliver-timeout", required_argument, NULL, OPT_DELIVER_TIMEOUT },
	{ "flush", no_argument, NULL, OPT_FLUSH },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
	{ "sandbox-test", no_argument, NULL, OPT_SANDBOX_TEST }, /* tests only, not documented */
	{ "sandbox-test-sender", required_argument, NULL, OPT_SANDBOX_TEST_SENDER }, /* tests only, not documented */
	{ "sandbox-test-read", required_argument, NULL, OPT_SANDBOX_TEST_READ }, /* tests only, not documented */
	{ "switch", required_argument, NULL, OPT_SWITCH },
	{ "locate", no_argument, NULL, OPT_LOCATE },
	{ "uplink-macs", required_argument, NULL, OPT_UPLINK_MACS },
	{ "snmp-timeout", required_argument, NULL, OPT_SNMP_TIMEOUT },
	{ "snmp-retries", required_argument, NULL, OPT_SNMP_RETRIES },
	{ "snmp-max-rows", required_argument, NULL, OPT_SNMP_MAX_ROWS },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ "probe-every", required_argument, NULL, OPT_PROBE_EVERY },
	{ "probe-interface", required_argument, NULL, OPT_PROBE_IFACE },
	{ "probe-rate", required_argument, NULL, OPT_PROBE_RATE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* A decimal integer from lo to hi: digits only (no sign, blanks, hex or
 * octal), checked with strtoll's end pointer and errno, never atoi. */
static int parse_int(const char *name, const char *v, long long lo, long long hi, long long *out)
{
	char *end = NULL;
	long long x = 0;
	errno = 0;
	if (isdigit((unsigned char)*v))
		x = strtoll(v, &end, 10);
	if (!end || errno || *end || x < lo || x > hi) {
		ew_log_err("%s--%s %s: expected a number from %lld to %lld", where, name, v, lo,
			hi);
		return -1;
	}
	*out = x;
	return 0;
}

/* Applies one option; `where` names its origin for error messages. */
static int apply(struct ew_agent_config *cfg, int opt, const char *val)
{
	long long n;
	int64_t d;
	switch (opt) {
	case 'r': cfg->read_file = val; return 0;
	case 'i':
		if (cfg->interface) {
			ew_log_err("one -i per process; run one agent per SPAN port");
			return -1;
		}
		cfg->interface = val;
		return 0;
	case 'o': cfg->output = strcmp(val, "-") ? val : NULL; return 0; /* -: standard output, as without -o */
	case OPT_EVENTS: cfg->events = true; return 0;
	case OPT_SUBNET: return ew_config_add_subnet(&cfg->infer, val);
	case OPT_DECLARED: return ew_config_add_declared(&cfg->infer, val);
	case OPT_FP: cfg->fingerprints = val; return 0;
	case OPT_OUI: cfg->oui_dir = val; return 0;
	case OPT_EVIDENCE: cfg->evidence_dir = val; return 0;
	case OPT_WINDOW:
	case OPT_DURATION:
		d = ew_parse_duration(val);
		if (d < EW_DURATION_MIN_USEC) {
			ew_log_err("%s--%s %s: expected a duration from 1s to 366d, such as 90s, 15m, 2h",
				where, opt == OPT_WINDOW ? "window" : "duration", val);
			return -1;
		}
		if (opt == OPT_WINDOW)
			cfg->window_usec = d;
		else
			cfg->duration_usec = d;
		return 0;
	case OPT_FILTER: cfg->filter = val; return 0;
	case OPT_SNAPLEN:
		if (parse_int("snaplen", val, EW_SNAPLEN_MIN, EW_SNAPLEN_MAX, &n))
			return -1;
		cfg->snaplen = (int)n;
		return 0;
	case OPT_BUFFER:
		if (parse_int("buffer-size", val, EW_BUFFER_MIB_MIN, EW_BUFFER_MIB_MAX, &n))
			return -1;
		cfg->buffer_mib = (int)n;
		return 0;
	case OPT_USER: cfg->user = val; return 0;
	case OPT_AGENT_ID: cfg->agent_id = val; return 0;
	case OPT_SITE: cfg->site = val; return 0;
	case OPT_SEGMENT: cfg->segment = val; return 0;
	case OPT_MAX_DEVICES:
		if (parse_int("max-devices", val, EW_MAX_DEVICES_MIN, EW_MAX_DEVICES_MAX, &n))
			return -1;
		cfg->infer.max_devices = (size_t)n;
		return 0;
	case OPT_COLLECTOR:
		if (strncmp(val, "http://", 7) != 0 && strncmp(val, "https://", 8) != 0) {
			ew_log_err("%s--collector %s: expected an http:// or https:// URL", where,
				val);
			return -1;
		}
		cfg->collector = val;
		return 0;
	case OPT_TOKEN_FILE: cfg->token_file = val; return 0;
	case OPT_CA_FILE: cfg->ca_file = val; return 0;
	case OPT_SPOOL: cfg->spool_dir = val; return 0;
	case OPT_SPOOL_MAX:
		if (parse_int("spool-max", val, EW_SPOOL_MIB_MIN, EW_SPOOL_MIB_MAX, &n))
			return -1;
		cfg->spool_mib = (int)n;
		return 0;
	case OPT_DELIVER_TIMEOUT:
		if (parse_int("deliver-timeout", val, EW_DELIVER_TIMEOUT_MIN_S, EW_DELIVER_TIMEOUT_MAX_S_CFG, &n))
			return -1;
		cfg->deliver_timeout_s = (long)n;
		return 0;
	case OPT_FLUSH: cfg->flush = true; return 0;
	case OPT_LOG:
		if (strcmp(val, "syslog") != 0 && strcmp(val, "stderr") != 0) {
			ew_log_err("%s--log %s: expected syslog or stderr", where, val);
			return -1;
		}
		cfg->log_syslog = strcmp(val, "syslog") == 0;
		return 0;
	case OPT_CHECK_CONFIG: cfg->check_config = true; return 0;
	case OPT_SANDBOX_TEST: cfg->sandbox_test = true; return 0;
	case OPT_SANDBOX_TEST_SENDER: cfg->sandbox_test_sender = val; return 0;
	case OPT_SANDBOX_TEST_READ: cfg->sandbox_test_read = val; return 0;
	case OPT_SWITCH: {
		char err[256];
		if (ew_locate_config_add_switch(&cfg->locate, val, err, sizeof err) == 0)
			return 0;
		ew_log_err("%s%s", where, err);
		return -1;
	}
	case OPT_LOCATE: cfg->locate_mode = true; return 0;
	case OPT_UPLINK_MACS:
		if (parse_int("uplink-macs", val, 2, 100000, &n))
			return -1;
		cfg->locate.uplink_macs = (uint32_t)n;
		return 0;
	case OPT_SNMP_TIMEOUT:
		d = ew_parse_duration(val);
		if (d < 100000 || d > 60000000) {
			ew_log_err("%s--snmp-timeout %s: expected a duration from 0.1s to 60s", where, val);
			return -1;
		}
		cfg->locate.timeout_ms = (int)(d / 1000);
		return 0;
	case OPT_SNMP_RETRIES:
		if (parse_int("snmp-retries", val, 0, 10, &n))
			return -1;
		cfg->locate.retries = (int)n;
		return 0;
	case OPT_SNMP_MAX_ROWS:
		if (parse_int("snmp-max-rows", val, 100, 10000000, &n))
			return -1;
		cfg->locate.max_rows = (size_t)n;
		return 0;
	case OPT_PROBE: cfg->probe_list = val; return 0;
	case OPT_PROBE_IFACE: cfg->probe_iface = val; return 0;
	case OPT_PROBE_EVERY:
		cfg->probe_every_usec = ew_parse_duration(val);
		if (cfg->probe_every_usec < 60000000) {
			ew_log_err("bad --probe-every %s (at least 1m)", val);
			return -1;
		}
		return 0;
	case OPT_PROBE_RATE: return parse_int("probe-rate", val, 1, 1000, &cfg->probe_rate) ? -1 : 0;
	default: return -1;
	}
}

static int load_file(struct ew_agent_config *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		ew_log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
			ew_log_err("%s:%d: line longer than %zu bytes", path, lineno,
				sizeof line - 2);
			rc = -1;
			break;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *key = line;
		while (isspace((unsigned char)*key))
			key++;
		if (!*key)
			continue;
		char *val = key;
		while (*val && !isspace((unsigned char)*val))
			val++;
		if (*val)
			*val++ = '\0';
		while (isspace((unsigned char)*val))
			val++;
		char *end = val + strlen(val);
		while (end > val && isspace((unsigned char)end[-1]))
			*--end = '\0';
		const struct option *o = long_opts;
		while (o->name && strcmp(o->name, key) != 0)
			o++;
		if (!o->name || o->val == 'c' || o->val == 'h' || o->val == 'V' || o->val == OPT_LOCATE) {
			ew_log_err("%s:%d: unknown setting \"%s\"", path, lineno, key);
			rc = -1;
			break;
		}
		if (o->has_arg == required_argument && !*val) {
			ew_log_err("%s:%d: \"%s\" needs a value", path, lineno, key);
			rc = -1;
			break;
		}
		if (cfg->owned_count == (int)(sizeof cfg->owned / sizeof cfg->owned[0])) {
			ew_log_err("%s:%d: too many settings", path, lineno);
			rc = -1;
			break;
		}
		char *copy = strdup(val);
		if (!copy) {
			ew_log_err("%s:%d: out of memory", path, lineno);
			rc = -1;
			break;
		}
		cfg->owned[cfg->owned_count++] = copy;
		snprintf(where, sizeof where, "%.1000s:%d: ", path, lineno);
		int bad = apply(cfg, o->val, copy); /* prints one line naming the file and line */
		where[0] = '\0';
		if (o->val == OPT_SWITCH) { /* copied into cfg->locate: no need to keep it, nor its secret */
			explicit_bzero(copy, strlen(copy));
			free(cfg->owned[--cfg->owned_count]);
		}
		if (bad) {
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int ew_agent_config_parse(struct ew_agent_config *cfg, int argc, char **argv)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->spool_dir = EW_SPOOL_DEFAULT_DIR;
	cfg->spool_mib = EW_SPOOL_DEFAULT_MIB;
	cfg->deliver_timeout_s = EW_DELIVER_DEFAULT_TIMEOUT_S;
	cfg->snaplen = EW_DEFAULT_SNAPLEN;
	cfg->buffer_mib = 16;
	cfg->window_usec = 15LL * 60 * 1000000;
	cfg->agent_id = "egresswatch-agent";
	cfg->locate.retries = -1;

	/* first pass: only --config, so the command line can override the file */
	opterr = 0;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:i:o:c:hV", long_opts, NULL)) != -1) {
		if (opt != 'c')
			continue;
		if (cfg->config_file_count == EW_CONFIG_FILES_MAX) {
			ew_log_err("-c %s: at most %d configuration files", optarg, EW_CONFIG_FILES_MAX);
			return EW_CFG_ERROR;
		}
		cfg->config_files[cfg->config_file_count++] = optarg;
		if (load_file(cfg, optarg) != 0)
			return EW_CFG_ERROR;
	}
	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:i:o:c:hV", long_opts, NULL)) != -1) {
		if (opt == 'h')
			return EW_CFG_HELP;
		if (opt == 'V')
			return EW_CFG_VERSION;
		if (opt == 'c')
			continue;
		if (opt == '?')
			return EW_CFG_USAGE;
		if (apply(cfg, opt, optarg) != 0)
			return EW_CFG_ERROR;
	}
	if (cfg->locate_mode) { /* --locate MAC…: the arguments are the MACs, no capture */
		cfg->locate_macs = argv + optind;
		cfg->locate_mac_count = argc - optind;
		return EW_CFG_OK;
	}
	if (optind < argc) {
		ew_log_err("unexpected argument \"%s\"", argv[optind]);
		return EW_CFG_USAGE;
	}
	if ((cfg->flush || cfg->collector) && (!cfg->collector || !cfg->token_file)) {
		ew_log_err("%s needs --collector URL and --token-file FILE",
			cfg->flush ? "--flush" : "--collector");
		return EW_CFG_USAGE;
	}
	if (cfg->collector && cfg->events) {
		ew_log_err("--events writes no report to deliver; drop --collector");
		return EW_CFG_USAGE;
	}
	if (cfg->check_config || cfg->sandbox_test || cfg->sandbox_test_sender)
		return EW_CFG_OK;
	if (cfg->flush) {
		if (cfg->read_file || cfg->interface) {
			ew_log_err("--flush sends the spool only; no -r or -i");
			return EW_CFG_USAGE;
		}
		return EW_CFG_OK;
	}
	if (!cfg->read_file == !cfg->interface) {
		ew_log_err("give exactly one of -r FILE or -i IFACE");
		return EW_CFG_USAGE;
	}
	if (cfg->read_file && cfg->duration_usec) {
		ew_log_err("--duration applies to live capture (-i)");
		return EW_CFG_USAGE;
	}
	return EW_CFG_OK;
}

void ew_agent_config_free(struct ew_agent_config *cfg)
{
	for (int i = 0; i < cfg->owned_count; i++)
		free(cfg->owned[i]);
	cfg->owned_count = 0;
	ew_locate_config_clear(&cfg->locate);
}
