/* ipv6.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_ipv6(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(ipv6)
{
	(void)ev;
	(void)o;
}
