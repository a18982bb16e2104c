/* SPDX-License-Identifier: ISC */
/* fuzz_dhcp6.c - libFuzzer: ew_dissect_dhcp6 (DHCPv6 message, server to client). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_dhcp6
#define FUZZ_CTX FUZZ_CTX_IP6
#define FUZZ_L4 17
#define FUZZ_SPORT 547
#define FUZZ_DPORT 546
#include "fuzz_harness.h"
