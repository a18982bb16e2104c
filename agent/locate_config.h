/* SPDX-License-Identifier: ISC */
/* locate_config.h - the switches the agent asks where a MAC is plugged in.
 *
 * One `switch` setting per switch (config file line or --switch "…"):
 *     switch NAME ADDRESS community WORD
 *     switch NAME ADDRESS community-file PATH
 *     switch NAME ADDRESS v3 user USER auth sha:PASS priv aes:PASS
 *     switch NAME ADDRESS v3 user USER secret-file PATH
 * A community file holds the community on its first line; a secret file
 * holds "auth sha:PASS" and "priv aes:PASS" (one per line, or on one line).
 * Both are read at start, while the agent is still privileged, and refused
 * when other users may read them. Any form may end with this switch's own
 * "timeout 3s" (or 500ms) and "retries N", over snmp-timeout/snmp-retries. ADDRESS is an IPv4 or IPv6 address,
 * optionally followed by :PORT (IPv6 in brackets then).
 */
#ifndef EGRESSWATCH_AGENT_LOCATE_CONFIG_H
#define EGRESSWATCH_AGENT_LOCATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_LOCATE_SWITCHES_MAX 64
#define EW_LOCATE_SECRET_MAX 128
#define EW_LOCATE_DEFAULT_TIMEOUT_MS 2000
#define EW_LOCATE_DEFAULT_RETRIES 1
#define EW_LOCATE_V3_PASS_MIN 8 /* RFC 3414 §11.2: USM passwords are at least 8 octets */

enum ew_locate_auth { EW_LOCATE_AUTH_SHA = 0, EW_LOCATE_AUTH_SHA256 };
enum ew_locate_priv { EW_LOCATE_PRIV_AES = 0 };

struct ew_locate_switch {
	char name[64];
	struct ew_ip ip;
	uint16_t port;          /* UDP, 161 unless given */
	int version;            /* 2 (v2c) or 3 (v3 authPriv) */
	char community[EW_LOCATE_SECRET_MAX];
	char user[64];
	enum ew_locate_auth auth;
	enum ew_locate_priv priv;
	char auth_pass[EW_LOCATE_SECRET_MAX], priv_pass[EW_LOCATE_SECRET_MAX];
	int timeout_ms;         /* 0: the agent's snmp-timeout */
	int retries;            /* -1: the agent's snmp-retries */
};

struct ew_locate_config {
	struct ew_locate_switch sw[EW_LOCATE_SWITCHES_MAX];
	size_t n;
	uint32_t uplink_macs;   /* 0 = EW_LOCATE_DEFAULT_UPLINK_MACS */
	size_t max_rows;        /* 0 = EW_LOCATE_DEFAULT_MAX_ROWS */
	int timeout_ms;         /* 0 = EW_LOCATE_DEFAULT_TIMEOUT_MS */
	int retries;            /* -1 = EW_LOCATE_DEFAULT_RETRIES */
};

/* Parses one `switch` value and adds it. On error returns -1 and writes a
 * message (naming the switch, never a secret) to err. */
int ew_locate_config_add_switch(struct ew_locate_config *c, const char *text, char *err, size_t errsize);
/* Wipes the secrets. */
void ew_locate_config_clear(struct ew_locate_config *c);
/* false: switch lines are checked but secret files are not opened and no
 * secret is kept (the parser, once its locator has them). Default true. */
void ew_locate_config_want_secrets(bool want);

#endif
