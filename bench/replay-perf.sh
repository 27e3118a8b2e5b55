#!/usr/bin/env bash
# replay inspect versus tshark on one large capture of real libiscsi <-> tgt traffic.
#
# Makes a capture of at least 250 MB with tcpdump (qemu-img writes a random image onto a tgt
# LUN through libiscsi and reads it back), then times, in one run and on the same file:
#   iscsi-lab replay inspect FILE          (JVM start included)
#   tshark -r FILE -q -z io,stat,0
# and prints MB/s for both and the ratio. The issue asks for >= 3x tshark.
#
# Usage: bench/replay-perf.sh [IMAGE_MIB]   (default 192: ~400 MB of capture, both directions)
. "$(dirname "$0")/lib.sh"

MIB=${1:-192}
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
bench_require tcpdump:tcpdump tshark:tshark qemu-img:qemu-utils
mkdir -p "$BENCH_OUT"
JAR="$ROOT/cli/target/iscsi-lab.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl cli -am package) || bench_die "could not build $JAR"

bench_machine
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
SIZE=$(stat -c %s "$CAP")
[ -z "${BENCH_KEEP_CAPTURE:-}" ] || cp "$CAP" "$BENCH_KEEP_CAPTURE"   # keep it for profiling
[ "$SIZE" -ge $((250 * 1000 * 1000)) ] || bench_log "warning: capture is only $SIZE bytes (< 250 MB); pass a larger IMAGE_MIB"

# Warm the page cache once so that both readers start equal, then time each twice, best kept.
cat "$CAP" > /dev/null
best() { local best=""; for _ in 1 2 3; do local s e; s=$(date +%s%N); "$@" > "$BENCH_WORK/out.txt" 2>&1 || true; e=$(date +%s%N)
  local t=$(( (e - s) / 1000000 )); if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi; done; echo "$best"; }
T_OURS=$(best "$ROOT/iscsi-lab" replay inspect "$CAP")
PDUS=$( ("$ROOT/iscsi-lab" replay inspect --json "$CAP" || true) | python3 -c 'import json,sys; print(json.load(sys.stdin)["report"]["pduCount"])')
T_TSHARK=$(best tshark -r "$CAP" -q -z io,stat,0)

mbps() { python3 -c "print(f'{$SIZE / 1e6 / ($1 / 1000):.0f}')"; }
{
  echo "capture: $SIZE bytes, $PDUS iSCSI PDUs (libiscsi/qemu-img <-> tgt, ${MIB} MiB written and read)"
  printf '%-40s %8s %10s\n' "reader" "ms" "MB/s"
  printf '%-40s %8d %10s\n' "./iscsi-lab replay inspect (JVM incl.)" "$T_OURS" "$(mbps "$T_OURS")"
  printf '%-40s %8d %10s\n' "tshark -q -z io,stat,0" "$T_TSHARK" "$(mbps "$T_TSHARK")"
  echo "ratio (tshark time / replay inspect time): $(python3 -c "print(f'{$T_TSHARK / $T_OURS:.2f}')")x"
} | tee "$BENCH_OUT/replay-perf.txt"
