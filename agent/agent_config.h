/* agent_config.h - the agent's settings from the command line and the config file. */
#ifndef EGRESSWATCH_AGENT_CONFIG_H
#define EGRESSWATCH_AGENT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "egresswatch/infer.h"

#ifndef EW_DATADIR
#define EW_DATADIR "data"
#endif
#define EW_DEFAULT_FINGERPRINTS EW_DATADIR "/fingerprints.conf"
#define EW_DEFAULT_SNAPLEN 2048 /* keeps whole DHCP/SSDP/LLDP payloads */

struct ew_agent_config {
	const char *read_file, *interface, *output, *fingerprints, *oui_dir, *evidence_dir, *filter, *user;
	const char *agent_id, *site, *segment;
	bool events;
	int snaplen, buffer_mib;
	int64_t window_usec, duration_usec;
	struct ew_infer_config infer; /* subnets, declared, caps */
	/* scheduled probes (off unless --probe): list, interface, period, rate */
	const char *probe_list, *probe_iface;
	int64_t probe_every_usec;
	long probe_rate;
	char *owned[64];              /* strings read from the config file */
	int owned_count;
};

enum { EW_CFG_OK = 0, EW_CFG_HELP, EW_CFG_VERSION, EW_CFG_USAGE, EW_CFG_ERROR };

/* Parses argv (and --config FILE). Errors are printed to stderr. */
int ew_agent_config_parse(struct ew_agent_config *cfg, int argc, char **argv);
void ew_agent_config_free(struct ew_agent_config *cfg);
/* "90", "30s", "15m", "2h", "1d" -> microseconds; -1 if it does not parse. */
int64_t ew_parse_duration(const char *s);
/* Adds a --subnet / --declared value; prints an error naming it and returns -1 if it does not parse. */
int ew_config_add_subnet(struct ew_infer_config *ic, const char *arg);
int ew_config_add_declared(struct ew_infer_config *ic, const char *arg);

#endif
