/* SPDX-License-Identifier: ISC */
/* fuzz_report_read.c - libFuzzer harness for the report reader: any bytes
 * are read or refused, never crash, and an error always names a path. Each
 * input is copied into an allocation of exactly its size (ASan catches a
 * one-byte over-read). A report read is written back as its candidates'
 * evidence JSON, which must parse again. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/report_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	if (ew_report_read(copy, size, &r, err, sizeof err) == 0) {
		for (size_t i = 0; i < r.candidate_count; i++) {
			struct json_object *o = json_tokener_parse(r.candidates[i].evidence_json);
			if (!o)
				abort(); /* the kept evidence must be JSON */
			json_object_put(o);
		}
		ew_report_read_free(&r);
	} else if (!err[0] || !strchr(err, ':')) {
		abort(); /* every refusal says where and why */
	}
	free(copy);
	return 0;
}
