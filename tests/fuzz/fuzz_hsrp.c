/* SPDX-License-Identifier: ISC */
/* fuzz_hsrp.c - libFuzzer: ew_dissect_hsrp (HSRP message, UDP payload). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_hsrp
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 17
#define FUZZ_SPORT 1985
#define FUZZ_DPORT 1985
#include "fuzz_harness.h"
