/* SPDX-License-Identifier: ISC */
/* fuzz_lldp.c - libFuzzer: ew_dissect_lldp (LLDPDU, first TLV first). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_lldp
#define FUZZ_CTX FUZZ_CTX_L2
#define FUZZ_ETHERTYPE 0x88cc
#include "fuzz_harness.h"
