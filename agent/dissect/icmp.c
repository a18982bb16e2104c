/* icmp.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_icmp(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(icmp)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(irdp_advert)
{
	(void)ev;
	(void)o;
}
