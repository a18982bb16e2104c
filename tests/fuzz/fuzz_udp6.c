/* SPDX-License-Identifier: ISC */
/* fuzz_udp6.c - libFuzzer: ew_dissect_udp (UDP header first, over IPv6 (port dispatch)). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_udp
#define FUZZ_CTX FUZZ_CTX_IP6
#define FUZZ_L4 17
#include "fuzz_harness.h"
