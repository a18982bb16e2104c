/* SPDX-License-Identifier: ISC */
/* rate.c - token bucket of depth 1 (rate.h). */
#include "rate.h"

bool ew_rate_init(struct ew_rate *r, unsigned pps)
{
	if (pps < 1 || pps > EW_RATE_MAX_PPS)
		return false;
	r->interval_usec = (1000000 + pps - 1) / pps; /* rounded up: never faster than asked */
	r->next_usec = INT64_MIN;
	return true;
}

int64_t ew_rate_wait(const struct ew_rate *r, int64_t now_usec)
{
	return r->next_usec == INT64_MIN || now_usec >= r->next_usec ? 0 : r->next_usec - now_usec;
}

void ew_rate_sent(struct ew_rate *r, int64_t now_usec)
{
	int64_t base = r->next_usec != INT64_MIN && r->next_usec > now_usec ? r->next_usec : now_usec;
	r->next_usec = base + r->interval_usec;
}
