/* arp.c - STUB: not yet written. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

void ew_dissect_arp(struct ew_dissector *d, struct ew_cursor *c)
{
	(void)d;
	(void)c;
}

EW_JSON_FN(arp)
{
	(void)ev;
	(void)o;
}
