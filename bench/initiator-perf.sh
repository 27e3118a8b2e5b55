#!/usr/bin/env bash
# iscsi-lab's initiator against libiscsi's iscsi-perf, same LUNs, one run:
#   4 KiB random reads at depth 32 and 128 KiB sequential reads at depth 16,
#   on tgt's null LUN (and on our own target's memory LUN when `iscsi-lab target` runs).
# Ours runs twice per round: as it is by default (its event loop sleeps in epoll_wait between
# events) and with `--poll` (it keeps polling while I/O flows). Goal: ratio >= 1.0 for every
# workload with `--poll`; the default mode's ratio is printed next to it.
# The rounds alternate ours, ours --poll and iscsi-perf (BENCH_ROUNDS, default 3) and the table
# shows each one's median IOPS and the median of the per-round ratios.
# CPU placement (BENCH_PIN=1, the default on a machine with 2 or more CPUs): the targets run on
# CPU 0 and every initiator on CPU 1, the same for ours and for libiscsi. Left to the scheduler on
# a 2-CPU virtual machine, the same pair of processes measured 11,000-13,000 IOPS from run to run
# for either initiator; pinned, libiscsi's runs stay within 1-2%.
# The last columns are CPU time per I/O (user+sys, all threads) of each initiator process and of
# the target serving it.
# Usage: bench/initiator-perf.sh [SECONDS]   (default 6; each run also warms up for 2 s)
# Everything runs on 127.0.0.1; every process started here is stopped by its PID.
. "$(dirname "$0")/lib.sh"
here=$(cd "$BENCH_DIR/.." && pwd)
secs=${1:-6}
rounds=${BENCH_ROUNDS:-3}
work=$BENCH_WORK
bench_require tgtd:tgt tgtadm:tgt iscsi-perf:libiscsi-bin java:openjdk-17-jdk-headless taskset:util-linux

# JVM settings: a fixed heap touched at start (AlwaysPreTouch), so that a short run does not pay
# first-touch page faults as young regions come into use (about 5% of the initiator's samples in
# 4 KiB reads); the serial collector, whose write barrier is cheaper than G1's (G1's post barrier
# was 0.6% of the initiator's samples) and which needs no concurrent threads; and Netty's sampling
# leak detector off: it records a stack trace for one buffer in 128 (the NettyLeakDetection test
# extension checks for leaks). C2 stays on: with the 2 s warm-up its compilations are over before
# the counted part, and it took the initiator's CPU per 128 KiB I/O from 31-37 µs (C1 only) to
# 29-30 µs. The same settings apply to our target. Override with ISCSI_LAB_JAVA_OPTS.
export ISCSI_LAB_JAVA_OPTS="${ISCSI_LAB_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled}"
warmup=${WARMUP:-2}

pin=${BENCH_PIN:-}
[ -z "$pin" ] && { [ "$(nproc)" -ge 2 ] && pin=1 || pin=0; }
target_cpu=(); initiator_cpu=()
if [ "$pin" = 1 ]; then
  export BENCH_TGT_CPU=0
  target_cpu=(taskset -c 0); initiator_cpu=(taskset -c 1)
  bench_log "targets on CPU 0, initiators on CPU 1 (BENCH_PIN=0 leaves placement to the scheduler)"
fi

truncate -s 1M "$work/unused.img"   # lib.sh's LUN 1; the measurements use LUN 2, tgt's null LUN
bench_start_tgt "$work/unused.img"
tgt_pid=$TGT_PID
targets="tgt-null=iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/2"

# Our target, when it is built (the contract's `target` command).
if ISCSI_LAB_NO_BUILD=${ISCSI_LAB_NO_BUILD:-} "$here/iscsi-lab" target --help 2>&1 | grep -q "not built yet"; then
  echo "bench: iscsi-lab target is not built yet; measuring tgt only" >&2
else
  oport=$(bench_free_port)
  "${target_cpu[@]}" "$here/iscsi-lab" target --listen "127.0.0.1:$oport" --lun 1GiB >"$work/target.log" 2>&1 &
  our_pid=$!
  BENCH_PIDS+=("$our_pid")
  i=0
  until python3 -c "import socket; socket.create_connection(('127.0.0.1',$oport),0.2)" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 300 ] && { echo "bench: our target did not start" >&2; break; }
    sleep 0.1
  done
  targets="$targets iscsilab-memory=iscsi://127.0.0.1:$oport/iqn.2026-11.org.iscsilab:sim/0"
fi

# The target's CPU per I/O too: what an initiator makes the target spend counts as much as its
# own. utime+stime of the target process.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
ours() { # url bs depth random target-pid [--poll]  -> "IOPS cpu/IO target-cpu/IO"
  r=""; [ "$4" = yes ] && r=--random
  t0=$(ticks "$5")
  json=$("${initiator_cpu[@]}" "$here/iscsi-lab" initiator perf "$1" --block-size "$2" --queue-depth "$3" \
    --seconds "$secs" --warmup "$warmup" $r ${6:-} --json) || true
  t1=$(ticks "$5")
  # The target served the warm-up too: its CPU is divided by every I/O of the run.
  n=$(echo "$json" | sed -n 's/.*"ios":\([0-9]*\).*"warmupIos":\([0-9]*\).*/\1 \2/p' | awk '{ print $1 + $2 }')
  tc=$(awk -v a="$t0" -v b="$t1" -v n="${n:-0}" -v hz="$hz" 'BEGIN { if (n > 0) printf "%.1f", (b - a) / hz * 1e6 / n; else print "-1" }')
  line=$(echo "$json" | sed -n 's/.*"iops":\([0-9.]*\).*"cpuMicrosPerIo":\([-0-9.E]*\).*/\1 \2/p')
  echo "${line:-0 -1} $tc"
}
theirs() { # url blocks depth random target-pid  -> "IOPS cpu/IO target-cpu/IO"
  r=""; [ "$4" = yes ] && r=-r
  t0=$(ticks "$5")
  # CPU per I/O: iscsi-perf is one C process whose start-up costs nothing next to the run.
  iops=$(/usr/bin/time -f "%U %S" -o "$work/time" timeout $((secs + 30)) "${initiator_cpu[@]}" \
    iscsi-perf -t "$secs" -b "$2" -m "$3" $r "$1" 2>&1 \
    | tr '\r' '\n' | sed -n 's/^iops average \([0-9]*\) .*/\1/p' | tail -n 1) || true
  t1=$(ticks "$5")
  iops=${iops:-0}
  cpu=$(awk -v i="$iops" -v s="$secs" '{ if (i > 0) printf "%.1f", ($1 + $2) * 1e6 / (i * s); else print "-1" }' "$work/time")
  tc=$(awk -v i="$iops" -v s="$secs" -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { if (i > 0) printf "%.1f", (b - a) / hz * 1e6 / (i * s); else print "-1" }')
  echo "$iops $cpu $tc"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-1"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { tr -s " " "\n" <<<"${1# }" | sed -n "${2}~3p" | median; }  # column K of "a b c a b c ..." triples

printf '%-16s %-22s %9s %9s %9s | %7s %7s | %s\n' target workload "ours" "--poll" "libiscsi" ratio "--poll" \
  "CPU µs/IO of the initiator: ours, --poll, libiscsi; of the target serving it"
status=0
for t in $targets; do
  name=${t%%=*}; url=${t#*=}
  for w in "4KiB-random-d32 4KiB 8 32 yes" "128KiB-sequential-d16 128KiB 256 16 no"; do
    set -- $w
    case $name in tgt-null) tp=$tgt_pid ;; *) tp=${our_pid:-} ;; esac
    o=""; p=""; l=""; rd=""; rp=""
    for r in $(seq "$rounds"); do
      a=$(ours "$url" "$2" "$4" "$5" "$tp"); b=$(ours "$url" "$2" "$4" "$5" "$tp" --poll)
      c=$(theirs "$url" "$3" "$4" "$5" "$tp")
      bench_log "$name $1 round $r: ours $a | --poll $b | libiscsi $c  (IOPS, CPU µs/IO, target µs/IO)"
      o="$o $a"; p="$p $b"; l="$l $c"
      rd="$rd $(awk -v x="${a%% *}" -v y="${c%% *}" 'BEGIN { print (y > 0 ? x / y : 0) }')"
      rp="$rp $(awk -v x="${b%% *}" -v y="${c%% *}" 'BEGIN { print (y > 0 ? x / y : 0) }')"
    done
    ratio=$(tr ' ' '\n' <<<"$rd" | sed '/^$/d' | median); pratio=$(tr ' ' '\n' <<<"$rp" | sed '/^$/d' | median)
    printf '%-16s %-22s %9.0f %9.0f %9.0f | %7.2f %7.2f | %5.1f %5.1f %5.1f; %5.1f %5.1f %5.1f\n' "$name" "$1" \
      "$(col "$o" 1)" "$(col "$p" 1)" "$(col "$l" 1)" "$ratio" "$pratio" \
      "$(col "$o" 2)" "$(col "$p" 2)" "$(col "$l" 2)" "$(col "$o" 3)" "$(col "$p" 3)" "$(col "$l" 3)"
    awk -v r="$pratio" 'BEGIN { exit !(r + 0 < 1.0) }' && status=1
  done
done
echo "(medians of $rounds rounds of $secs s; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
