/* lldp.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_lldp(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(lldp)
{
	(void)ev;
	(void)o;
}
