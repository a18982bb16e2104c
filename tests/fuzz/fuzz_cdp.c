/* SPDX-License-Identifier: ISC */
/* fuzz_cdp.c - libFuzzer: ew_dissect_cdp (CDP payload after LLC/SNAP). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_cdp
#define FUZZ_CTX FUZZ_CTX_L2
#include "fuzz_harness.h"
