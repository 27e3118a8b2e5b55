#!/usr/bin/env bash
# Speed of the reference target against istgt and tgt on this machine, in one run.
#
#   bench/target-perf.sh [SECONDS]        (default 10 s per measurement)
#
# Runs libiscsi's iscsi-perf against: our target (sparse memory LUN), istgt and tgt (file LUNs on
# the same disk) and tgt's null LUN (its speed ceiling):
#   4 KiB random reads, 32 deep:     iscsi-perf -t S -b 8 -m 32 -r URL
#   128 KiB sequential reads, 16 deep: iscsi-perf -t S -b 256 -m 16 URL
# and prints a table and our ratios. Our JVM gets one untimed warm-up run of each workload first
# (the JIT compiles the data path); the C targets need none. istgt and tgt are started by lib.sh
# (the same helpers and flags as peers-baseline.sh); everything listens on 127.0.0.1, every call
# is bounded by timeout(1), and everything started here is stopped by PID on exit.
# Goals: >= 1.5x istgt's IOPS, >= 1.3x tgt's MB/s.
. "$(dirname "$0")/lib.sh"

SECS=${1:-10}
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$ROOT/cli/target/iscsi-lab.jar"
bench_require iscsi-perf:libiscsi-bin tgtd:tgt tgtadm:tgt istgt:istgt java:openjdk-17-jre-headless
if [ ! -f "$JAR" ]; then
  bench_log "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests) >&2 || bench_die "could not build $JAR"
fi

SIZE=1G
# --- our target: sparse memory ---
P_OURS=$(bench_free_port)
java -jar "$JAR" target --listen "127.0.0.1:$P_OURS" --lun "${SIZE}iB" >"$BENCH_WORK/ours.log" 2>&1 &
BENCH_PIDS+=("$!")
bench_wait 60 bench_port_open "$P_OURS" || bench_die "our target did not listen: $(tail -3 "$BENCH_WORK/ours.log")"
URL_OURS="iscsi://127.0.0.1:$P_OURS/iqn.2026-11.org.iscsilab:sim/0"

# --- istgt and tgt: (sparse) files of the same size on this disk; tgt's LUN 2 is its null LUN ---
truncate -s $SIZE "$BENCH_WORK/istgt-disk.img" "$BENCH_WORK/tgt-disk.img"
bench_start_istgt "$BENCH_WORK/istgt-disk.img"
URL_ISTGT="iscsi://127.0.0.1:$ISTGT_PORT/$ISTGT_IQN/0"
bench_start_tgt "$BENCH_WORK/tgt-disk.img"
URL_TGT="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/1"
URL_TGTNULL="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/2"

perf() { # url blocks depth [random] -> "IOPS MBPS" ("0 0" when iscsi-perf failed)
  local r
  r=$(bench_perf "$1" "$SECS" "$2" "$3" "${4:-}")
  [ "$r" != "- -" ] || r="0 0"
  echo "$r"
}

echo "warming up our JVM (untimed)..." >&2
timeout 60 iscsi-perf -t 5 -b 8 -m 32 -r "$URL_OURS" >/dev/null 2>&1 || true
timeout 60 iscsi-perf -t 5 -b 256 -m 16 "$URL_OURS" >/dev/null 2>&1 || true

RESULTS="$BENCH_WORK/results"
: > "$RESULTS"
for t in ours istgt tgt tgtnull; do
  case $t in
    ours) u=$URL_OURS; name="iscsi-lab (memory)";;
    istgt) u=$URL_ISTGT; name="istgt (file)";;
    tgt) u=$URL_TGT; name="tgt (file)";;
    tgtnull) u=$URL_TGTNULL; name="tgt (null)";;
  esac
  r4=$(perf "$u" 8 32 random); r128=$(perf "$u" 256 16)
  echo "$t|$name|$r4|$r128" >> "$RESULTS"
done

printf '\n%-20s %14s %12s %14s %12s\n' "target" "4K rand IOPS" "4K MB/s" "128K seq IOPS" "128K MB/s"
while IFS='|' read -r key name a b; do
  set -- $a $b
  printf '%-20s %14s %12s %14s %12s\n' "$name" "$1" "$2" "$3" "$4"
done < "$RESULTS"
get() { grep "^$1|" "$RESULTS" | cut -d'|' -f"$2" | cut -d' ' -f"$3"; }
ratio() { local r; r=$(bench_ratio "$1" "$2"); [ "$r" != "-" ] || r="n/a"; echo "$r"; }
O4=$(get ours 3 1); I4=$(get istgt 3 1); T4=$(get tgt 3 1)
O128=$(get ours 4 2); I128=$(get istgt 4 2); T128=$(get tgt 4 2); N128=$(get tgtnull 4 2)
echo
echo "4K random IOPS:  iscsi-lab / istgt = $(ratio "$O4" "$I4")x (goal >= 1.5)   iscsi-lab / tgt = $(ratio "$O4" "$T4")x"
echo "128K seq MB/s:   iscsi-lab / tgt   = $(ratio "$O128" "$T128")x (goal >= 1.3)   iscsi-lab / istgt = $(ratio "$O128" "$I128")x   iscsi-lab / tgt null = $(ratio "$O128" "$N128")x"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
