#!/usr/bin/env bash
# iscsi-lab's initiator against libiscsi's iscsi-perf, same LUNs, one run:
#   4 KiB random reads at depth 32 and 128 KiB sequential reads at depth 16,
#   on tgt's null LUN (and on our own target's memory LUN when `iscsi-lab target` runs).
# Goal: ratio >= 1.0 on both. The last columns are CPU time per I/O (user+sys, all threads) of each
# initiator process and of the target serving it, which the other load on a shared machine distorts
# far less than IOPS.
# Usage: bench/initiator-perf.sh [SECONDS]   (default 10)
# Everything runs on 127.0.0.1; every process started here is stopped by its PID.
. "$(dirname "$0")/lib.sh"
here=$(cd "$BENCH_DIR/.." && pwd)
secs=${1:-10}
work=$BENCH_WORK
bench_require tgtd:tgt tgtadm:tgt iscsi-perf:libiscsi-bin java:openjdk-17-jdk-headless

# JVM settings for a small shared machine: a fixed heap, and C1 only, because on 2 cores the C2
# compiler threads take CPU from the I/O path for the whole run (measured: C2 used more CPU than the
# event loop in a 8 s run). The heap is touched at start (AlwaysPreTouch) so that a 10 s run does not
# pay first-touch page faults as young regions come into use (about 5% of the initiator's perf samples
# in 4 KiB reads), and Netty's sampling leak detector is off: it records a stack trace for one buffer
# in 128 (about 1%; the NettyLeakDetection test extension checks for leaks). Both apply to our target.
# Override with ISCSI_LAB_JAVA_OPTS. Each run also warms up for 2 s.
export ISCSI_LAB_JAVA_OPTS="${ISCSI_LAB_JAVA_OPTS:--Xms1g -Xmx1g -XX:TieredStopAtLevel=1 -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled}"
warmup=${WARMUP:-2}

truncate -s 1M "$work/unused.img"   # lib.sh's LUN 1; the measurements use LUN 2, tgt's null LUN
bench_start_tgt "$work/unused.img"
tgt_pid=$TGT_PID
targets="tgt-null=iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/2"

# Our target, when it is built (the contract's `target` command).
if ISCSI_LAB_NO_BUILD=${ISCSI_LAB_NO_BUILD:-} "$here/iscsi-lab" target --help 2>&1 | grep -q "not built yet"; then
  echo "bench: iscsi-lab target is not built yet; measuring tgt only" >&2
else
  oport=$(bench_free_port)
  "$here/iscsi-lab" target --listen "127.0.0.1:$oport" --lun 1GiB >"$work/target.log" 2>&1 &
  our_pid=$!
  BENCH_PIDS+=("$our_pid")
  i=0
  until python3 -c "import socket; socket.create_connection(('127.0.0.1',$oport),0.2)" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 300 ] && { echo "bench: our target did not start" >&2; break; }
    sleep 0.1
  done
  targets="$targets iscsilab-memory=iscsi://127.0.0.1:$oport/iqn.2026-11.org.iscsilab:sim/0"
fi

# The target's CPU per I/O too: on two cores the initiator and the target share the CPU, so what an
# initiator makes the target spend counts as much as its own. utime+stime of the target process.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
ours() { # url bs depth random target-pid
  r=""; [ "$4" = yes ] && r=--random
  t0=$(ticks "$5")
  json=$("$here/iscsi-lab" initiator perf "$1" --block-size "$2" --queue-depth "$3" --seconds "$secs" --warmup "$warmup" $r --json)
  t1=$(ticks "$5")
  # The target served the warm-up too: its CPU is divided by every I/O of the run.
  n=$(echo "$json" | sed -n 's/.*"ios":\([0-9]*\).*"warmupIos":\([0-9]*\).*/\1 \2/p' | awk '{ print $1 + $2 }')
  tc=$(awk -v a="$t0" -v b="$t1" -v n="${n:-0}" -v hz="$hz" 'BEGIN { if (n > 0) printf "%.1f", (b - a) / hz * 1e6 / n; else print "-1" }')
  echo "$json" | sed -n 's/.*"iops":\([0-9.]*\).*"mbPerSecond":\([0-9.]*\).*"p50":\([0-9]*\),"p99":\([0-9]*\).*"cpuMicrosPerIo":\([-0-9.E]*\).*/\1 \2 \3 \4 \5/p' \
    | sed "s/\$/ $tc/"
}
theirs() { # url blocks depth random target-pid
  r=""; [ "$4" = yes ] && r=-r
  t0=$(ticks "$5")
  # CPU per I/O: iscsi-perf is one C process whose start-up costs nothing next to the run.
  line=$(/usr/bin/time -f "%U %S" -o "$work/time" timeout $((secs + 30)) iscsi-perf -t "$secs" -b "$2" -m "$3" $r "$1" 2>&1 \
    | tr '\r' '\n' | sed -n 's/^iops average \([0-9]*\) (\([0-9]*\) MB\/s).*/\1 \2/p' | tail -n 1) || true
  t1=$(ticks "$5")
  cpu=$(awk -v l="$line" -v s="$secs" '{ split(l, a, " "); if (a[1] > 0) printf "%.1f", ($1 + $2) * 1e6 / (a[1] * s); else print "-1" }' "$work/time")
  tc=$(awk -v l="$line" -v s="$secs" -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { split(l, x, " "); if (x[1] > 0) printf "%.1f", (b - a) / hz * 1e6 / (x[1] * s); else print "-1" }')
  echo "$line $cpu $tc"
}

printf '%-16s %-22s %9s %9s %13s %7s %6s | %s\n' target workload "ours IOPS" "ours MB/s" "libiscsi IOPS" "MiB/s" ratio \
  "CPU µs/IO: initiator ours libiscsi, target with ours with libiscsi"
status=0
for t in $targets; do
  name=${t%%=*}; url=${t#*=}
  for w in "4KiB-random-d32 4KiB 8 32 yes" "128KiB-sequential-d16 128KiB 256 16 no"; do
    set -- $w
    case $name in tgt-null) tp=$tgt_pid ;; *) tp=${our_pid:-} ;; esac
    o=$(ours "$url" "$2" "$4" "$5" "$tp"); l=$(theirs "$url" "$3" "$4" "$5" "$tp")
    oi=$(echo "$o" | cut -d' ' -f1); om=$(echo "$o" | cut -d' ' -f2); oc=$(echo "$o" | cut -d' ' -f5)
    ot=$(echo "$o" | cut -d' ' -f6)
    li=$(echo "$l" | cut -d' ' -f1); lm=$(echo "$l" | cut -d' ' -f2); lc=$(echo "$l" | cut -d' ' -f3)
    lt=$(echo "$l" | cut -d' ' -f4)
    ratio=$(awk -v a="${oi:-0}" -v b="${li:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    printf '%-16s %-22s %9.0f %9.1f %13s %7s %6s | %9.1f %8s %9s %8s\n' "$name" "$1" "${oi:-0}" "${om:-0}" \
      "${li:-?}" "${lm:-?}" "$ratio" "${oc:--1}" "${lc:-?}" "${ot:-?}" "${lt:-?}"
    awk -v r="$ratio" 'BEGIN { exit !(r != "n/a" && r + 0 < 1.0) }' && status=1
  done
done
echo "(the machine is shared: run it more than once; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
