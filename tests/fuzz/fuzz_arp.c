/* SPDX-License-Identifier: ISC */
/* fuzz_arp.c - libFuzzer: ew_dissect_arp (ARP, after the ethertype). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_arp
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x0806
#include "fuzz_harness.h"
