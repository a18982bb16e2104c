/* rip.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_rip(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

void ew_dissect_ripng(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(rip)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(ripng)
{
	(void)ev;
	(void)o;
}
