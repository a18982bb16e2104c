#!/bin/sh
# SPDX-License-Identifier: ISC
# record-demo.sh - records data/demo.pcapng for `make demo`: one lab run with
# a rogue HGW, a mobile router and a PPPoE line beside ordinary hospital
# traffic, as the SPAN port saw it. Run as root: sh tests/lab/record-demo.sh
set -u
cd "$(dirname "$0")/../.."
LAB_TOP=$(pwd)
export LAB_TOP
OUT=${1:-data/demo.pcapng}
. tests/lab/lib.sh
. tests/lab/hospital.sh
. tests/lab/devices.sh
why=$(lab_can_run) || { echo "record-demo: $why" >&2; exit 1; }
trap lab_cleanup EXIT
hospital_core
lab_bg mon dumpcap -q -i span -n -w "$LAB_DIR/demo.pcapng"
sleep 1
for i in 1 2 3 4; do
	hospital_client "c$i" "00:06:5b:00:10:0$i"
	hospital_traffic "c$i" 10.20.0.10 "$INET_SERVER"
done
core_ignore_macs "$HGW_CLIENT_MAC" "$MOBILE_CLIENT_MAC"
device_hgw
device_mobile_router
device_pppoe_line
sleep 2
hospital_client dept "$HGW_CLIENT_MAC"
hospital_traffic dept "$CARRIER_SERVER"
hospital_client phone "$MOBILE_CLIENT_MAC"
hospital_traffic phone "$CARRIER_SERVER"
lab_host dialer "$PPPOE_CLIENT_MAC"
pppoe_discover dialer
sleep 12
for p in $(ip netns pids "$(ns mon)"); do kill -INT "$p" 2>/dev/null; done
sleep 1
mkdir -p "$(dirname "$OUT")"
cp "$LAB_DIR/demo.pcapng" "$OUT"
echo "record-demo: wrote $OUT ($(tshark -r "$OUT" 2>/dev/null | wc -l) frames)"
