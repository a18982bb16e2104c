/* SPDX-License-Identifier: ISC */
/* fuzz_ipv6.c - libFuzzer: ew_dissect_ipv6 (IPv6 header first, then the extension chain). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_ipv6
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x86dd
#include "fuzz_harness.h"
