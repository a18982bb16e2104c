/* SPDX-License-Identifier: ISC */
/* fuzz_rip.c - libFuzzer: ew_dissect_rip (RIP message, UDP payload). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_rip
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 17
#define FUZZ_SPORT 520
#define FUZZ_DPORT 520
#include "fuzz_harness.h"
