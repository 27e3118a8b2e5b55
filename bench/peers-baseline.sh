#!/usr/bin/env bash
# Baseline speed of the real peers on this machine, measured with libiscsi's iscsi-perf:
#   4 KiB random reads, 32 outstanding   (-b 8   -m 32 -r)
#   128 KiB sequential reads, 16 outstanding (-b 256 -m 16)
# against istgt (file LUN), tgt (file LUN) and tgt (null LUN, the ceiling).
# Usage: [BENCH_REPEAT=3] bench/peers-baseline.sh [SECONDS per run, default 10]. A table goes to stdout and to
# bench/out/peers-baseline-<time>.tsv. Later scripts compare our target/initiator with these rows.
. "$(dirname "$0")/lib.sh"

SECS=${1:-${BENCH_SECONDS:-10}}
REPEAT=${BENCH_REPEAT:-1}         # runs per cell; the median is reported
DISK_MIB=${BENCH_DISK_MIB:-256}
bench_require iscsi-perf:libiscsi-bin

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
bench_disk "$BENCH_WORK/istgt.img" "$DISK_MIB"
cp "$BENCH_WORK/istgt.img" "$BENCH_WORK/tgt.img"
bench_start_istgt "$BENCH_WORK/istgt.img"
bench_start_tgt "$BENCH_WORK/tgt.img"

declare -A URL=(
  [istgt-file]="iscsi://127.0.0.1:$ISTGT_PORT/$ISTGT_IQN/0"
  [tgt-file]="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/1"
  [tgt-null]="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/2"
)
PEERS=(istgt-file tgt-file tgt-null)
declare -A R
for peer in "${PEERS[@]}"; do
  bench_log "$peer: 4 KiB random reads, depth 32, ${SECS} s"
  R[$peer.rand]=$(bench_perf_median "$REPEAT" "${URL[$peer]}" "$SECS" 8 32 random)
  bench_log "$peer: 128 KiB sequential reads, depth 16, ${SECS} s"
  R[$peer.seq]=$(bench_perf_median "$REPEAT" "${URL[$peer]}" "$SECS" 256 16)
done

mkdir -p "$BENCH_OUT"
tsv="$BENCH_OUT/peers-baseline-$(date -u +%Y%m%dT%H%M%SZ).tsv"
{
  bench_machine
  echo "# load average before: $LOAD_BEFORE; median of $REPEAT run(s)"
  echo "# iscsi-perf ${SECS} s per run, disk ${DISK_MIB} MiB of random data, loopback"
  printf '%-11s %14s %10s %11s %16s %10s %11s\n' peer "4K-rand IOPS" "MB/s" "vs null" "128K-seq IOPS" "MB/s" "vs null"
  for peer in "${PEERS[@]}"; do
    read -r ri rm <<<"${R[$peer.rand]}"
    read -r si sm <<<"${R[$peer.seq]}"
    read -r ni _ <<<"${R[tgt-null.rand]}"
    read -r nsi _ <<<"${R[tgt-null.seq]}"
    printf '%-11s %14s %10s %11s %16s %10s %11s\n' "$peer" "$ri" "$rm" "$(bench_ratio "$ri" "$ni")" \
      "$si" "$sm" "$(bench_ratio "$si" "$nsi")"
  done
} | tee "$tsv"
bench_log "written $tsv"
