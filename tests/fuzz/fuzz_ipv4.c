/* SPDX-License-Identifier: ISC */
/* fuzz_ipv4.c - libFuzzer: ew_dissect_ipv4 (IPv4 header first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_ipv4
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x0800
#include "fuzz_harness.h"
