#!/usr/bin/env bash
# replay inspect versus tshark on one large capture of real libiscsi <-> tgt traffic.
#
# Makes a capture of at least 250 MB with tcpdump (qemu-img writes a random image onto a tgt
# LUN through libiscsi and reads it back), then times, in one run and on the same file:
#   iscsi-lab replay inspect FILE          (JVM start included)
#   tshark -r FILE -q -z io,stat,0
# and prints MB/s for both and the ratio. The issue asks for >= 3x tshark.
#
# Each of BENCH_ROUNDS rounds (default 5) runs both readers back to back, so that both see the same
# load on a shared machine; the medians (and the best runs) are compared, with the CPU time each
# used and the load average before and after.
#
# Usage: bench/replay-perf.sh [IMAGE_MIB]   (default 192: ~400 MB of capture, both directions)
#   BENCH_KEEP_CAPTURE=FILE  also copy the capture to FILE (for profiling)
#   BENCH_CAPTURE=FILE       time an existing capture instead of making one (no tgt, no tcpdump)
#   BENCH_ROUNDS=N           rounds (default 5)
. "$(dirname "$0")/lib.sh"

MIB=${1:-192}
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
bench_require tcpdump:tcpdump tshark:tshark qemu-img:qemu-utils
mkdir -p "$BENCH_OUT"
JAR="$ROOT/cli/target/iscsi-lab.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl cli -am package) || bench_die "could not build $JAR"

bench_machine
ROUNDS=${BENCH_ROUNDS:-5}
if [ -n "${BENCH_CAPTURE:-}" ]; then
  CAP="$BENCH_CAPTURE"
  [ -r "$CAP" ] || bench_die "cannot read $CAP"
  ORIGIN="given capture $CAP"
else
  disk="$BENCH_WORK/disk.img"
  truncate -s $(( MIB + 16 ))M "$disk"
  bench_start_tgt "$disk"
  URL="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/1"

  image="$BENCH_WORK/image.raw"
  bench_disk "$image" "$MIB"
  CAP="$BENCH_WORK/big.pcap"
  tcpdump --immediate-mode -B 1048576 -i lo -s 0 -w "$CAP" "tcp port $TGT_PORT" 2>"$BENCH_WORK/tcpdump.log" &
  TCPDUMP=$!
  bench_wait 15 grep -q "listening on" "$BENCH_WORK/tcpdump.log" || bench_die "tcpdump did not start"
  timeout 300 qemu-img convert -n -O raw "$image" "$URL" || bench_die "qemu-img write failed"
  timeout 300 qemu-img convert -O raw "$URL" "$BENCH_WORK/back.raw" || bench_die "qemu-img read failed"
  kill -INT "$TCPDUMP"; wait "$TCPDUMP" || true
  bench_log "$(grep -E 'captured|dropped' "$BENCH_WORK/tcpdump.log" | tr '\n' ' ')"
  [ -z "${BENCH_KEEP_CAPTURE:-}" ] || cp "$CAP" "$BENCH_KEEP_CAPTURE"   # keep it for profiling
  ORIGIN="libiscsi/qemu-img <-> tgt, ${MIB} MiB written and read"
fi
SIZE=$(stat -c %s "$CAP")
[ "$SIZE" -ge $((250 * 1000 * 1000)) ] || bench_log "warning: capture is only $SIZE bytes (< 250 MB); pass a larger IMAGE_MIB"

# Warm the page cache once so that both readers start equal, then time both in each round.
cat "$CAP" > /dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# timed NAME CMD... -> appends "NAME wall_ms cpu_ms" (cpu = user + system of the process and its children)
timed() { local name=$1; shift; /usr/bin/time -f "$name %e %U %S" -o "$BENCH_WORK/time.txt" "$@" > "$BENCH_WORK/out.txt" 2>&1 || true
  awk '{ printf "%s %d %d\n", $1, $2 * 1000, ($3 + $4) * 1000 }' "$BENCH_WORK/time.txt" | grep -v '^Command' >> "$BENCH_WORK/times.txt"; }
: > "$BENCH_WORK/times.txt"
for _ in $(seq "$ROUNDS"); do
  timed ours "$ROOT/iscsi-lab" replay inspect "$CAP"
  timed tshark tshark -r "$CAP" -q -z io,stat,0
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
PDUS=$( ("$ROOT/iscsi-lab" replay inspect --json "$CAP" || true) | python3 -c 'import json,sys; print(json.load(sys.stdin)["report"]["pduCount"])')

python3 - "$BENCH_WORK/times.txt" "$SIZE" "$PDUS" "$ORIGIN" "$LOAD_BEFORE" "$LOAD_AFTER" "$ROUNDS" <<'PY' | tee "$BENCH_OUT/replay-perf.txt"
import statistics, sys
path, size, pdus, origin, before, after, rounds = sys.argv[1:]
size = int(size)
runs = {"ours": [], "tshark": []}
for line in open(path):
    name, wall, cpu = line.split()
    runs[name].append((int(wall), int(cpu)))
def med(name, i):
    return statistics.median(r[i] for r in runs[name])
def best(name):
    return min(r[0] for r in runs[name])
print(f"capture: {size} bytes, {pdus} iSCSI PDUs ({origin})")
print(f"{rounds} rounds, each running both readers; load average before {before}, after {after}")
print(f"{'reader':<40} {'median ms':>9} {'MB/s':>6} {'best ms':>8} {'cpu ms':>7}   all wall ms")
labels = {"ours": "./iscsi-lab replay inspect (JVM incl.)", "tshark": "tshark -q -z io,stat,0"}
for name in ("ours", "tshark"):
    m = med(name, 0)
    print(f"{labels[name]:<40} {m:>9.0f} {size / 1e6 / (m / 1000):>6.0f} {best(name):>8} {med(name, 1):>7.0f}   "
          + " ".join(str(r[0]) for r in runs[name]))
print(f"ratio (tshark time / replay inspect time): {med('tshark', 0) / med('ours', 0):.2f}x median, "
      f"{best('tshark') / best('ours'):.2f}x best, {med('tshark', 1) / med('ours', 1):.2f}x in CPU time")
PY
