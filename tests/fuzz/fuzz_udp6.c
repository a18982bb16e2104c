/* SPDX-License-Identifier: ISC */
/* fuzz_udp6.c - libFuzzer: ew_dissect_udp (UDP header first, over IPv6 (shape dispatch: the checksum picks destination and TTL)). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_udp
#define FUZZ_CTX FUZZ_CTX_IP6
#define FUZZ_L4 17
#define FUZZ_UDP_SHAPE 1
#include "fuzz_harness.h"
