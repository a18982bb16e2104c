/* SPDX-License-Identifier: ISC */
/* fuzz_ssdp.c - libFuzzer: ew_dissect_ssdp (SSDP text, UDP payload). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_ssdp
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 17
#define FUZZ_SPORT 1900
#define FUZZ_DPORT 1900
#include "fuzz_harness.h"
