/* SPDX-License-Identifier: ISC */
/* fuzz_ledger_csv.c - libFuzzer: ew_ledger_parse on any bytes (CSV in any
 * encoding, and whatever else a sheet file may hold). Each input is copied
 * into an allocation of exactly its size, so AddressSanitizer reports a read
 * even one byte past the end. Every line kept must be valid UTF-8. Run from
 * the source tree (data/ledger-columns.conf) or set EW_LEDGER_COLUMNS. */
#include "fuzz_ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ledger_check_columns();
	fuzz_ledger_run(data, size, (size & 1) ? EW_LEDGER_SKIP_BAD_ROWS : 0);
	return 0;
}
