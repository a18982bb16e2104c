# SPDX-License-Identifier: ISC
# common.sh - sourced by the tests/pcap and tests/fuzz scripts (POSIX sh).
#
# Sets ROOT (the repository), SHARED (the shared/ folder holding pcaps/, which
# in CI is a sibling of the clone: ../shared from the repository root) and
# defines ew_resolve, which turns a MANIFEST capture path into a real path.
#
# SHARED is, in order: $EW_SHARED if set; ROOT/../shared; and for a git
# worktree placed elsewhere, ../shared beside the main worktree (found through
# git's common directory). ew_have_shared is false when none holds pcaps/.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)

ew_find_shared() {
	if [ -n "${EW_SHARED:-}" ]; then
		printf '%s\n' "$EW_SHARED"
		return
	fi
	if [ -d "$ROOT/../shared/pcaps" ]; then
		(cd "$ROOT/../shared" && pwd)
		return
	fi
	common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	if [ -n "$common" ] && [ -d "$common/../../shared/pcaps" ]; then
		(cd "$common/../../shared" && pwd)
		return
	fi
	printf '%s\n' "$ROOT/../shared"
}
SHARED=$(ew_find_shared)

ew_have_shared() {
	[ -d "$SHARED/pcaps" ]
}

# MANIFEST paths are relative to the repository root; ../shared/X is X under SHARED.
ew_resolve() {
	case "$1" in
	../shared/*) printf '%s\n' "$SHARED/${1#../shared/}" ;;
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$ROOT/$1" ;;
	esac
}

# Escapes a string for use as a literal in a sed s||| pattern.
ew_sed_literal() {
	printf '%s' "$1" | sed -e 's/[][\.*^$|/]/\\&/g'
}
