/* SPDX-License-Identifier: ISC */
/* fuzz_frame.c - libFuzzer: ew_dissect_frame, the whole-frame entry; the first
 * input byte picks the link type (Ethernet, SLL, SLL2, raw IP). See fuzz_harness.h. */
#define FUZZ_FRAME 1
#include "fuzz_harness.h"
