/* SPDX-License-Identifier: ISC */
/* fuzz_ripng.c - libFuzzer: ew_dissect_ripng (RIPng message, UDP payload). See fuzz_harness.h. */
#define FUZZ_ENTRY ew_dissect_ripng
#define FUZZ_CTX FUZZ_CTX_IP6
#define FUZZ_L4 17
#define FUZZ_SPORT 521
#define FUZZ_DPORT 521
#include "fuzz_harness.h"
