#!/bin/sh
# Speed of the reference target against istgt and tgt on this machine, in one run.
#
#   bench/target-perf.sh [SECONDS]        (default 10 s per measurement)
#
# Runs libiscsi's iscsi-perf against: our target (sparse memory LUN), istgt and tgt (file LUNs on
# the same disk) and tgt's null LUN (its speed ceiling):
#   4 KiB random reads, 32 deep:     iscsi-perf -t S -b 8 -m 32 -r URL
#   128 KiB sequential reads, 16 deep: iscsi-perf -t S -b 256 -m 16 URL
# and prints a table and our ratios. Our JVM gets one untimed warm-up run of each workload first
# (the JIT compiles the data path); the C targets need none. Everything listens on 127.0.0.1,
# every call is bounded by timeout(1), and everything started here is stopped by PID on exit.
# Goals: >= 1.5x istgt's IOPS, >= 1.3x tgt's MB/s.
set -eu
SECS=${1:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/cli/target/iscsi-lab.jar"
OUT=$(mktemp -d /tmp/target-perf.XXXXXX)
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $PIDS; do
    for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.3; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$OUT"
}
trap cleanup EXIT INT TERM

need() { command -v "$1" >/dev/null 2>&1 || { echo "target-perf: $1 is not installed" >&2; exit 2; }; }
need iscsi-perf; need tgtd; need tgtadm; need istgt; need java
if [ ! -f "$JAR" ]; then
  echo "building $JAR" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests) >&2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() { # host port seconds
  i=0
  while [ $i -lt $(($3 * 10)) ]; do
    if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(0 if s.connect_ex(('$1',$2))==0 else 1)"; then return 0; fi
    sleep 0.1; i=$((i + 1))
  done
  echo "target-perf: nothing listens on $1:$2 after $3 s" >&2; exit 1
}

SIZE=1G
# --- our target: sparse memory ---
P_OURS=$(free_port)
java -jar "$JAR" target --listen 127.0.0.1:$P_OURS --lun $SIZE"iB" > "$OUT/ours.log" 2>&1 &
PIDS="$PIDS $!"
wait_port 127.0.0.1 $P_OURS 60
URL_OURS="iscsi://127.0.0.1:$P_OURS/iqn.2026-11.org.iscsilab:sim/0"

# --- istgt: file on this disk ---
P_ISTGT=$(free_port); P_ISTGT_CTL=$(free_port)
mkdir -p "$OUT/istgt"; truncate -s $SIZE "$OUT/istgt/disk1.img"; : > "$OUT/istgt/auth.conf"
cat > "$OUT/istgt/istgt.conf" <<CONF
[Global]
  NodeBase "iqn.2007-09.jp.ne.peach.istgt"
  PidFile $OUT/istgt/istgt.pid
  AuthFile $OUT/istgt/auth.conf
  MediaDirectory $OUT/istgt
  LogFacility "local7"
  Timeout 30
  NopInInterval 20
  DiscoveryAuthMethod Auto
  MaxSessions 16
  MaxConnections 4
  MaxR2T 32
  MaxOutstandingR2T 16
  DefaultTime2Wait 2
  DefaultTime2Retain 60
  FirstBurstLength 262144
  MaxBurstLength 1048576
  MaxRecvDataSegmentLength 262144
  InitialR2T Yes
  ImmediateData Yes
  DataPDUInOrder Yes
  DataSequenceInOrder Yes
  ErrorRecoveryLevel 0
[UnitControl]
  AuthMethod None
  Portal UC1 127.0.0.1:$P_ISTGT_CTL
  Netmask 127.0.0.1
[PortalGroup1]
  Portal DA1 127.0.0.1:$P_ISTGT
[InitiatorGroup1]
  InitiatorName "ALL"
  Netmask 127.0.0.0/8
[LogicalUnit1]
  TargetName disk1
  Mapping PortalGroup1 InitiatorGroup1
  AuthMethod None
  UseDigest Auto
  UnitType Disk
  LUN0 Storage $OUT/istgt/disk1.img Auto
CONF
setsid istgt -c "$OUT/istgt/istgt.conf" -D > "$OUT/istgt.log" 2>&1 &
PIDS="$PIDS $!"
wait_port 127.0.0.1 $P_ISTGT 20
URL_ISTGT="iscsi://127.0.0.1:$P_ISTGT/iqn.2007-09.jp.ne.peach.istgt:disk1/0"

# --- tgt: file LUN 1 and null LUN 2, its own control port ---
P_TGT=$(free_port)
CTL=$(( (P_TGT % 30000) + 1000 ))
truncate -s $SIZE "$OUT/tgt-disk.img"
setsid tgtd -f -C $CTL --iscsi portal=127.0.0.1:$P_TGT > "$OUT/tgtd.log" 2>&1 &
PIDS="$PIDS $!"
wait_port 127.0.0.1 $P_TGT 20
T="iqn.2001-04.com.example:perf"
timeout 10 tgtadm -C $CTL --lld iscsi --op new --mode target --tid 1 -T $T
timeout 10 tgtadm -C $CTL --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b "$OUT/tgt-disk.img"
timeout 10 tgtadm -C $CTL --lld iscsi --op new --mode logicalunit --tid 1 --lun 2 --bstype null -b /dev/null
timeout 10 tgtadm -C $CTL --lld iscsi --op bind --mode target --tid 1 -I ALL
URL_TGT="iscsi://127.0.0.1:$P_TGT/$T/1"
URL_TGTNULL="iscsi://127.0.0.1:$P_TGT/$T/2"

perf() { # url args... -> "IOPS MBPS"
  url=$1; shift
  line=$(timeout $((SECS + 30)) iscsi-perf -t "$SECS" "$@" "$url" 2>&1 | tr '\r' '\n' | grep 'iops average' | tail -1 || true)
  echo "$line" | sed -n 's/.*iops average \([0-9]*\) (\([0-9]*\) MB\/s).*/\1 \2/p'
}

echo "warming up our JVM (untimed)..." >&2
timeout 60 iscsi-perf -t 5 -b 8 -m 32 -r "$URL_OURS" >/dev/null 2>&1 || true
timeout 60 iscsi-perf -t 5 -b 256 -m 16 "$URL_OURS" >/dev/null 2>&1 || true

RESULTS="$OUT/results"
: > "$RESULTS"
for t in ours istgt tgt tgtnull; do
  case $t in
    ours) u=$URL_OURS; name="iscsi-lab (memory)";;
    istgt) u=$URL_ISTGT; name="istgt (file)";;
    tgt) u=$URL_TGT; name="tgt (file)";;
    tgtnull) u=$URL_TGTNULL; name="tgt (null)";;
  esac
  r4=$(perf "$u" -b 8 -m 32 -r); r128=$(perf "$u" -b 256 -m 16)
  echo "$t|$name|${r4:-0 0}|${r128:-0 0}" >> "$RESULTS"
done

printf '\n%-20s %14s %12s %14s %12s\n' "target" "4K rand IOPS" "4K MB/s" "128K seq IOPS" "128K MB/s"
while IFS='|' read -r key name a b; do
  set -- $a $b
  printf '%-20s %14s %12s %14s %12s\n' "$name" "$1" "$2" "$3" "$4"
done < "$RESULTS"
get() { grep "^$1|" "$RESULTS" | cut -d'|' -f"$2" | cut -d' ' -f"$3"; }
ratio() { python3 -c "import sys; a,b=float('$1' or 0),float('$2' or 0); print('%.2f' % (a/b) if b else 'n/a')"; }
O4=$(get ours 3 1); I4=$(get istgt 3 1); T4=$(get tgt 3 1)
O128=$(get ours 4 2); I128=$(get istgt 4 2); T128=$(get tgt 4 2); N128=$(get tgtnull 4 2)
echo
echo "4K random IOPS:  iscsi-lab / istgt = $(ratio "$O4" "$I4")x (goal >= 1.5)   iscsi-lab / tgt = $(ratio "$O4" "$T4")x"
echo "128K seq MB/s:   iscsi-lab / tgt   = $(ratio "$O128" "$T128")x (goal >= 1.3)   iscsi-lab / istgt = $(ratio "$O128" "$I128")x   iscsi-lab / tgt null = $(ratio "$O128" "$N128")x"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
