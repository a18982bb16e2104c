/* SPDX-License-Identifier: ISC */
/* fuzz_vrrp.c - libFuzzer: ew_dissect_vrrp (VRRP header first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_vrrp
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 112
#include "fuzz_harness.h"
