/* SPDX-License-Identifier: ISC */
/* agent_config.h - the agent's settings from the command line and the config file. */
#ifndef EGRESSWATCH_AGENT_CONFIG_H
#define EGRESSWATCH_AGENT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "egresswatch/infer.h"
#include "locate_config.h"

/* The classification rules' file name; main.c finds it (installed share
 * folder, else the source tree) unless --fingerprints names one. */
#define EW_FINGERPRINTS_NAME "fingerprints.conf"
#define EW_DEFAULT_SNAPLEN 2048 /* keeps whole DHCP/SSDP/LLDP payloads */

/* Ranges of the numeric options, command line and config file alike. */
#define EW_SNAPLEN_MIN 256            /* below it DHCP options and LLDP TLVs are always cut */
#define EW_SNAPLEN_MAX 262144         /* libpcap's MAXIMUM_SNAPLEN */
#define EW_BUFFER_MIB_MIN 1
#define EW_BUFFER_MIB_MAX 2047        /* pcap_set_buffer_size takes an int of bytes */
#define EW_MAX_DEVICES_MIN 16
#define EW_MAX_DEVICES_MAX 10000000   /* ~2.5 GB of device table; far above any segment */
#define EW_DURATION_MIN_USEC 1000000LL                  /* --window, --duration: 1 s ... */
#define EW_DURATION_MAX_USEC (366LL * 86400 * 1000000)   /* ... to a year */

#define EW_CONFIG_FILES_MAX 8 /* -c FILE given this many times at most */

#define EW_DELIVER_TIMEOUT_MIN_S 1
#define EW_DELIVER_TIMEOUT_MAX_S_CFG 86400

struct ew_agent_config {
	const char *read_file, *interface, *output, *evidence_dir, *filter;
	const char *user; /* NULL: egresswatch, else nobody (privsep.c) */
	/* delivery (deliver.c, spool.c, sender.c): NULL collector = none */
	const char *collector, *token_file, *ca_file, *spool_dir;
	int spool_mib;
	long deliver_timeout_s;
	bool flush;        /* --flush: send the spool's backlog and exit */
	bool check_config; /* --check-config: parse, say what is wrong (file:line), exit */
	bool log_syslog;   /* --log syslog */
	bool sandbox_test; /* hidden: enter the sandbox, then call socket() (tests only) */
	const char *sandbox_test_sender; /* hidden: the sender's filter, then one call (main.c; tests only) */
	const char *sandbox_test_read;   /* hidden: the parser's confinement, then open this (main.c; tests only) */
	const char *fingerprints, *oui_dir; /* NULL: found by main.c (installed, else the source tree) */
	const char *agent_id, *site, *segment;
	bool events;
	int snaplen, buffer_mib;
	int64_t window_usec, duration_usec;
	struct ew_infer_config infer; /* subnets, declared, caps */
	struct ew_locate_config locate; /* switches asked where candidates are plugged in */
	bool locate_mode;             /* --locate MAC…: print where each MAC is, then exit */
	char **locate_macs;           /* the MACs (argv) */
	int locate_mac_count;
	/* scheduled probes (off unless --probe): list, interface, period, rate */
	const char *probe_list, *probe_iface;
	int64_t probe_every_usec;
	long long probe_rate;
	const char *config_files[EW_CONFIG_FILES_MAX]; /* each -c FILE, as given: re-read on SIGHUP */
	int config_file_count;
	char *owned[64];              /* strings read from the config file */
	int owned_count;
};

enum { EW_CFG_OK = 0, EW_CFG_HELP, EW_CFG_VERSION, EW_CFG_USAGE, EW_CFG_ERROR };

/* Parses argv (and --config FILE). Errors go to ew_log: stderr when main
 * calls it first (--log is not known yet), the log on a SIGHUP reload. */
int ew_agent_config_parse(struct ew_agent_config *cfg, int argc, char **argv);
void ew_agent_config_free(struct ew_agent_config *cfg);
/* "90", "30s", "1.5h", "15m", "2h", "1d" -> microseconds; -1 if it does not
 * parse (only digits, one optional fraction, one optional unit; no sign,
 * exponent, hex, blanks, inf or nan) or is above EW_DURATION_MAX_USEC. */
int64_t ew_parse_duration(const char *s);
/* Adds a --subnet / --declared value; prints an error naming it and returns -1 if it does not parse. */
int ew_config_add_subnet(struct ew_infer_config *ic, const char *arg);
int ew_config_add_declared(struct ew_infer_config *ic, const char *arg);

#endif
