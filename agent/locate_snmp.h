/* SPDX-License-Identifier: ISC */
/* locate_snmp.h - walks the configured switches with net-snmp (the agent's only libsnmp user).
 *
 * One walk per switch per call, each with its own timeout and retries and a
 * cap on rows; a switch that fails is recorded with the reason and never
 * stops the others. Answers go row by row to locate.c, which checks them.
 */
#ifndef EGRESSWATCH_AGENT_LOCATE_SNMP_H
#define EGRESSWATCH_AGENT_LOCATE_SNMP_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"
#include "locate_config.h"

struct ew_locate_snmp;
/* span_iface (may be NULL): the capture interface, which queries must never leave by. */
struct ew_locate_snmp *ew_locate_snmp_new(const struct ew_locate_config *cfg, const char *span_iface);
void ew_locate_snmp_free(struct ew_locate_snmp *s);
/* Walks every switch once; returns how many answered. */
size_t ew_locate_snmp_walk(struct ew_locate_snmp *s);
/* Every answer row of switch sw, as it goes to locate.c: the locator
 * process (locator.c) forwards them to the parser, which checks them again. */
struct ew_locate_vb;
struct ew_locate_table;
typedef void (*ew_locate_snmp_row_cb)(void *user, size_t sw, const struct ew_locate_vb *vb);
void ew_locate_snmp_on_row(struct ew_locate_snmp *s, ew_locate_snmp_row_cb cb, void *user);
/* Switch i's table after the last walk (answered, error, read time). */
const struct ew_locate_table *ew_locate_snmp_table(const struct ew_locate_snmp *s, size_t i);
/* ew_report_meta.location: the "location" object of a MAC from the last walk. */
struct json_object *ew_locate_snmp_location(void *user, const struct ew_mac *mac, uint16_t vlan);
/* --locate MAC…: walks once and prints where each MAC is. Returns the exit
 * status: 0 when every MAC was found on an edge port, 1 when some were not, 2 on errors. */
int ew_locate_snmp_cli(const struct ew_locate_config *cfg, const char *span_iface, char *const *macs, int n);

#endif
