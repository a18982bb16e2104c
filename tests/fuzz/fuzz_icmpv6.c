/* SPDX-License-Identifier: ISC */
/* fuzz_icmpv6.c - libFuzzer: ew_dissect_icmpv6 (ICMPv6 header first (RS, RA, NS, NA, redirect)). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_icmpv6
#define FUZZ_CTX FUZZ_CTX_IP6
#define FUZZ_L4 58
#include "fuzz_harness.h"
