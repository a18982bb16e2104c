#!/bin/sh
# SPDX-License-Identifier: ISC
# regen-expected.sh - rewrites tests/scenarios/expected/NAME.json, the
# normalised agent report for each small scenario (report_id, window and
# agent version/interface removed; candidates sorted). Review the diff before
# committing: a change there is a change in what the agent concludes.
#     sh tests/scenarios/regen-expected.sh            # every scenario
#     SCENARIOS="hgw vlan" sh tests/scenarios/regen-expected.sh
set -eu
cd "$(dirname "$0")/../.."
REGEN=1 SCENARIO_SPAN=0 sh tests/scenarios/run-scenarios.sh
