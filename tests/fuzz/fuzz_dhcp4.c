/* SPDX-License-Identifier: ISC */
/* fuzz_dhcp4.c - libFuzzer: ew_dissect_dhcp4 (BOOTP/DHCP message, server to client). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_dhcp4
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 17
#define FUZZ_SPORT 67
#define FUZZ_DPORT 68
#include "fuzz_harness.h"
