/* SPDX-License-Identifier: ISC */
/* fuzz_ospf.c - libFuzzer: ew_dissect_ospf (OSPF header first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_ospf
#define FUZZ_CTX FUZZ_CTX_IP4
#define FUZZ_L4 89
#include "fuzz_harness.h"
