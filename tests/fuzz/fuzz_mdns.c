/* SPDX-License-Identifier: ISC */
/* fuzz_mdns.c - libFuzzer: ew_dissect_mdns (mDNS message, UDP payload). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_mdns
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 17
#define FUZZ_SPORT 5353
#define FUZZ_DPORT 5353
#include "fuzz_harness.h"
