#!/usr/bin/env bash
# What tgtd spends per I/O serving our initiator and libiscsi's iscsi-perf, same workload, same LUN
# (tgt's null LUN), runs alternating. Meant for A/B work on the initiator: the number to compare is
# tgtd's CPU time per I/O, not IOPS.
#
# Why the pinning: tgtd's CPU per I/O depends mostly on where the initiator runs. On a 2-vCPU KVM
# guest it was 43-47 µs per 128 KiB read with tgtd and the initiator on the same CPU and 73-96 µs
# with them on different CPUs (every wake-up of the reader is then an IPI, and which of the two
# placements a run gets is luck), for either initiator. With both pinned to one CPU (the default,
# PLACEMENT=same) repeated runs agree within about 1 µs; PLACEMENT=split pins them to CPUs 0 and 1.
#
# Usage: bench/target-cost.sh [SECONDS] [RUNS]   (defaults 5 and 2)
#   BS (default 128KiB) and DEPTH (default 16) choose the workload; RANDOM_READS=1 for random reads.
# Prints, per run: I/Os, the initiator's CPU µs per I/O (user+sys, all threads), tgtd's user and
# sys µs per I/O, and tgtd's voluntary and involuntary context switches per I/O.
# Everything runs on 127.0.0.1; every process started here is stopped by its PID.
. "$(dirname "$0")/lib.sh"
here=$(cd "$BENCH_DIR/.." && pwd)
secs=${1:-5}
runs=${2:-2}
bs=${BS:-128KiB}
depth=${DEPTH:-16}
work=$BENCH_WORK

bench_require tgtd:tgt tgtadm:tgt iscsi-perf:libiscsi-bin java:openjdk-17-jdk-headless taskset:util-linux
case "${PLACEMENT:-same}" in
  same) tcpu=0; icpu=0 ;;
  split) tcpu=0; icpu=1 ;;
  *) echo "target-cost: PLACEMENT is same or split" >&2; exit 2 ;;
esac
case "$bs" in
  *KiB) blocks=$(( ${bs%KiB} * 2 )) ;;
  *) echo "target-cost: BS must be given in KiB, e.g. 128KiB" >&2; exit 2 ;;
esac
export ISCSI_LAB_JAVA_OPTS="${ISCSI_LAB_JAVA_OPTS:--Xms1g -Xmx1g -XX:TieredStopAtLevel=1 -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled}"

export BENCH_TGT_CPU=$tcpu
truncate -s 1M "$work/unused.img"   # lib.sh's LUN 1; the measurements use LUN 2, tgt's null LUN
bench_start_tgt "$work/unused.img"
tgt_pid=$TGT_PID
url="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/2"
# Build the jar (if sources changed) before anything is measured.
"$here/iscsi-lab" initiator --help >/dev/null 2>&1 || true

hz=$(getconf CLK_TCK)
snap() { # utime stime voluntary involuntary of tgtd
  awk '{ printf "%s %s ", $14, $15 }' "/proc/$tgt_pid/stat"
  awk '/^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { n = $2 } END { print v, n }' \
    "/proc/$tgt_pid/status"
}
report() { # who ios initiator-cpu-per-io before after
  echo "$4 $5" | awk -v who="$1" -v n="$2" -v ic="$3" -v hz="$hz" '{
    if (n <= 0) { printf "%-9s no I/O completed\n", who; exit }
    printf "%-9s %8d %12s %9.1f %9.1f %9.1f %8.3f %8.3f\n", who, n, ic, ($5 - $1) / hz * 1e6 / n,
      ($6 - $2) / hz * 1e6 / n, ($5 + $6 - $1 - $2) / hz * 1e6 / n, ($7 - $3) / n, ($8 - $4) / n }'
}
r=""; lr=""
if [ "${RANDOM_READS:-}" = 1 ]; then r=--random; lr=-r; fi

echo "tgt null LUN, $bs reads at depth $depth${r:+ (random)}, ${secs}s per run, placement ${PLACEMENT:-same} (tgtd on CPU $tcpu, initiator on CPU $icpu)"
printf '%-9s %8s %12s %9s %9s %9s %8s %8s\n' initiator I/Os "init µs/IO" "tgt usr" "tgt sys" "tgt µs/IO" "tgt vcs" "tgt nvcs"
k=0
while [ $k -lt "$runs" ]; do
  k=$((k + 1))
  s0=$(snap)
  json=$(taskset -c "$icpu" "$here/iscsi-lab" initiator perf "$url" --block-size "$bs" --queue-depth "$depth" \
    --seconds "$secs" --warmup 0 $r --json)
  s1=$(snap)
  n=$(echo "$json" | sed -n 's/.*"ios":\([0-9]*\).*/\1/p')
  ic=$(echo "$json" | sed -n 's/.*"cpuMicrosPerIo":\([0-9.]*\).*/\1/p')
  report iscsi-lab "${n:-0}" "${ic:-?}" "$s0" "$s1"

  s0=$(snap)
  line=$(/usr/bin/time -f "%U %S" -o "$work/time" taskset -c "$icpu" timeout $((secs + 30)) \
    iscsi-perf -t "$secs" -b "$blocks" -m "$depth" $lr "$url" 2>&1 \
    | tr '\r' '\n' | sed -n 's/^iops average \([0-9]*\).*/\1/p' | tail -n 1) || true
  s1=$(snap)
  n=$(( ${line:-0} * secs ))
  ic=$(awk -v n="$n" '{ if (n > 0) printf "%.1f", ($1 + $2) * 1e6 / n; else print "?" }' "$work/time")
  report libiscsi "$n" "$ic" "$s0" "$s1"
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
