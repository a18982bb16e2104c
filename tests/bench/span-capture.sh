#!/bin/sh
# SPDX-License-Identifier: ISC
# span-capture.sh - makes (once) the synthetic SPAN capture of `make bench`
# and its ground truth, cached under build/bench/cache/ and keyed by the
# generator's version, a hash of its source and the arguments, so a change to
# any of them regenerates it and an unchanged tree reuses it.
#
# Prints three lines: the capture's path, the truth's path, then the path of
# the same capture cut at a BENCH_SNAPLEN (128) byte snap length (editcap -s),
# where per-packet cost dominates: a small-frame SPAN mirror, or tcpdump -s 128.
# Environment: BENCH_PACKETS (default 2000000), BENCH_HOSTS (4000), BENCH_SEED (1),
# BENCH_SNAPLEN (128).
set -eu
cd "$(dirname "$0")/../.."
GEN=build/tools/ew-gen
PACKETS=${BENCH_PACKETS:-2000000}
HOSTS=${BENCH_HOSTS:-4000}
SEED=${BENCH_SEED:-1}
SNAPLEN=${BENCH_SNAPLEN:-128}
[ -x "$GEN" ] || { echo "span-capture: $GEN missing: run make all" >&2; exit 2; }
ver=$("$GEN" --version | awk '{print $2}')
src=$(sha256sum tests/tools/ew-gen.c | cut -c1-12)
key="v$ver-$src-p$PACKETS-h$HOSTS-s$SEED"
dir=build/bench/cache
cap="$dir/span-$key.pcap"
truth="$dir/span-$key.truth.json"
if [ ! -s "$cap" ] || [ ! -s "$truth" ]; then
	mkdir -p "$dir"
	rm -f "$dir"/span-* # an older key's capture is a gigabyte of nothing
	echo "span-capture: generating $PACKETS packets, $HOSTS hosts, seed $SEED -> $cap" >&2
	t0=$(date +%s.%N)
	"$GEN" span --packets "$PACKETS" --hosts "$HOSTS" --seed "$SEED" -o "$cap.tmp"
	"$GEN" span --packets "$PACKETS" --hosts "$HOSTS" --seed "$SEED" --truth > "$truth.tmp"
	mv "$cap.tmp" "$cap"
	mv "$truth.tmp" "$truth"
	t1=$(date +%s.%N)
	echo "span-capture: generated in $(echo "$t1 $t0" | awk '{printf "%.1f", $1 - $2}') s" >&2
fi
small="$dir/span-$key-s$SNAPLEN.pcap"
if [ ! -s "$small" ]; then
	command -v editcap > /dev/null || { echo "span-capture: editcap (wireshark-common) missing" >&2; exit 2; }
	rm -f "$dir"/span-"$key"-s*.pcap # another snap length's cut
	editcap -F pcap -s "$SNAPLEN" "$cap" "$small.tmp"
	mv "$small.tmp" "$small"
fi
echo "$cap"
echo "$truth"
echo "$small"
