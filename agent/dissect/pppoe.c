/* pppoe.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_pppoe_disc(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

void ew_dissect_pppoe_sess(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(pppoe_disc)
{
	(void)ev;
	(void)o;
}

EW_JSON_FN(pppoe_sess)
{
	(void)ev;
	(void)o;
}
