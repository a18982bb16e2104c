/* SPDX-License-Identifier: ISC */
/* locate_json.h - a located MAC as the report's "location" object, or as text for --locate. */
#ifndef EGRESSWATCH_AGENT_LOCATE_JSON_H
#define EGRESSWATCH_AGENT_LOCATE_JSON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "locate.h"

/* The "location" object (report.schema.json $defs/location) for one result
 * over tables[0..n), with the switches that did not answer. */
struct json_object *ew_locate_json(struct ew_locate_table *const *tabs, size_t n, const struct ew_locate_result *res);
/* Why a switch's answer may be short of the truth (no answer, stopped early,
 * rows refused, with counts per reason); false when there is nothing to say. */
bool ew_locate_json_switch_error(const struct ew_locate_table *t, char *out, size_t size);
/* One engineer-readable block: the chosen port, then every place, then the switches that did not answer. */
void ew_locate_json_text(FILE *out, const struct ew_mac *mac, struct ew_locate_table *const *tabs, size_t n,
			 const struct ew_locate_result *res);

#endif
