/* SPDX-License-Identifier: ISC */
/* fuzz_icmp.c - libFuzzer: ew_dissect_icmp (ICMP header first (redirect, IRDP, errors)). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_icmp
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 1
#include "fuzz_harness.h"
