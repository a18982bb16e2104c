/* infer.c - STUB: the inference core is being written (issue 3). */
#include "egresswatch/infer.h"

#include <stdlib.h>

struct ew_infer {
	int unused;
};

struct ew_infer *ew_infer_new(const struct ew_infer_config *cfg)
{
	(void)cfg;
	return calloc(1, sizeof(struct ew_infer));
}

void ew_infer_free(struct ew_infer *inf) { free(inf); }

void ew_infer_event(struct ew_infer *inf, const struct ew_frame *f, const struct ew_event *ev)
{
	(void)inf;
	(void)f;
	(void)ev;
}

struct json_object *ew_infer_report(struct ew_infer *inf, const struct ew_report_meta *meta)
{
	(void)inf;
	(void)meta;
	return json_object_new_object();
}

void ew_infer_new_window(struct ew_infer *inf) { (void)inf; }
