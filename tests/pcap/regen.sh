#!/bin/sh
# SPDX-License-Identifier: ISC
# regen.sh - rewrites the expected output of the golden cases (all, or those
# named as arguments) from the current build/egresswatch-agent. Use it after a
# deliberate change of output, then review `git diff tests/pcap/expected`:
# that diff is the change being made. Bad-input cases ("-") keep their fixed
# assertions (no stdout, nonzero exit, one stderr line) and are not rewritten
# when they break them.
EW_GOLDEN_REGEN=1 exec sh "$(dirname "$0")/run-golden.sh" "$@"
