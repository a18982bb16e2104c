/* SPDX-License-Identifier: ISC */
/* fuzz_pppoe_sess.c - libFuzzer: ew_dissect_pppoe_sess (PPPoE session header first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_pppoe_sess
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x8864
#include "fuzz_harness.h"
