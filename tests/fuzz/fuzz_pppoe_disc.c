/* SPDX-License-Identifier: ISC */
/* fuzz_pppoe_disc.c - libFuzzer: ew_dissect_pppoe_disc (PPPoE discovery header first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_pppoe_disc
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x8863
#include "fuzz_harness.h"
