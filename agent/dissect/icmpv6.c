/* icmpv6.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_icmpv6(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(nd_rs)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(nd_ra)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(nd_ns)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(nd_na)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(nd_redirect)
{
	(void)ev;
	(void)o;
}
