#!/usr/bin/env bash
# Shared helpers for benchmark scripts: real peers on 127.0.0.1, free ports, bounded runs of
# libiscsi's iscsi-perf, ratios. Source it:  . "$(dirname "$0")/lib.sh"
# Everything started here is stopped by PID on exit (bench_cleanup runs from an EXIT trap).
# Commands and quirks are those of docs/peers.md and the Java fixtures in
# protocol/src/test/java/org/iscsilab/testfixtures/peers (same findings, same flags).

set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_OUT="${BENCH_OUT:-$BENCH_DIR/out}"
BENCH_WORK="$(mktemp -d /tmp/iscsilab-bench.XXXXXX)"
BENCH_PIDS=()         # daemons to stop on exit
BENCH_TGT_CTRLS=()    # tgtd control ports of those daemons

bench_log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_log "ERROR: $*"; exit 1; }

bench_require() {  # bench_require tool:package ...
  local t missing=""
  for t in "$@"; do command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t##*:}"; done
  [ -z "$missing" ] || bench_die "missing peers; apt-get install -y$missing"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
bench_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A TCP port nothing listens on (the peer's own bind is the final check; callers retry).
bench_free_port() {
  local p i
  for i in $(seq 100); do
    p=$(( 20000 + RANDOM % 40000 ))
    bench_port_open "$p" || { echo "$p"; return 0; }
  done
  bench_die "no free port"
}

# Polls "$@" every 0.1 s until it succeeds or $1 seconds pass:  bench_wait 10 cmd args...
bench_wait() {
  local limit=$1; shift
  local end=$(( $(date +%s%N) + limit * 1000000000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s%N)" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------- tgt
# bench_start_tgt DISK_FILE  -> sets TGT_PORT TGT_CTRL TGT_PID TGT_IQN
#   LUN 1: DISK_FILE (rdwr backing store), LUN 2: null backing store (reads return zeros).
#   BENCH_TGT_CPU=N pins tgtd to CPU N (taskset).
bench_start_tgt() {
  local disk=$1 attempt log
  bench_require tgtd:tgt tgtadm:tgt
  TGT_IQN="iqn.2001-04.com.example:bench"
  for attempt in 1 2 3 4 5; do
    TGT_PORT=$(bench_free_port)
    TGT_CTRL=$(( 1024 + RANDOM % 31000 ))      # tgtd accepts -C 0..32767 only
    [ -e "/var/run/tgtd/socket.$TGT_CTRL.lock" ] && continue
    log="$BENCH_WORK/tgtd-$TGT_PORT.log"
    setsid ${BENCH_TGT_CPU:+taskset -c "$BENCH_TGT_CPU"} tgtd -f -C "$TGT_CTRL" --iscsi "portal=127.0.0.1:$TGT_PORT" \
      </dev/null >"$log" 2>&1 &
    TGT_PID=$!
    if bench_wait 15 tgtadm -C "$TGT_CTRL" --lld iscsi --op show --mode system && kill -0 "$TGT_PID" 2>/dev/null \
       && ! grep -q "failed to create/bind to portal" "$log"; then
      BENCH_PIDS+=("$TGT_PID"); BENCH_TGT_CTRLS+=("$TGT_CTRL")
      local T="tgtadm -C $TGT_CTRL --lld iscsi"
      $T --op new --mode target --tid 1 -T "$TGT_IQN"
      $T --op new --mode logicalunit --tid 1 --lun 1 -b "$disk"
      $T --op new --mode logicalunit --tid 1 --lun 2 --bstype null -b /dev/null
      $T --op bind --mode target --tid 1 -I ALL
      bench_log "tgtd pid $TGT_PID on 127.0.0.1:$TGT_PORT (-C $TGT_CTRL)"
      return 0
    fi
    bench_log "tgtd start attempt $attempt failed: $(tail -3 "$log" | tr '\n' ' ')"
    kill -KILL "$TGT_PID" 2>/dev/null || true
    wait "$TGT_PID" 2>/dev/null || true
  done
  bench_die "tgtd did not start"
}

# tgtd ignores SIGTERM under -f; it leaves on "delete --mode system" once its targets are gone.
bench_stop_tgt() {  # bench_stop_tgt PID CTRL
  local pid=$1 ctrl=$2
  kill -0 "$pid" 2>/dev/null || return 0
  timeout 5 tgtadm -C "$ctrl" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
  timeout 5 tgtadm -C "$ctrl" --lld iscsi --op delete --mode system >/dev/null 2>&1 || true
  bench_wait 5 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "/var/run/tgtd/socket.$ctrl" "/var/run/tgtd/socket.$ctrl.lock"
}

# ---------------------------------------------------------------- istgt
# bench_start_istgt DISK_FILE  -> sets ISTGT_PORT ISTGT_PID ISTGT_IQN (the disk is LUN 0)
bench_start_istgt() {
  local disk=$1 attempt dir uc
  bench_require istgt:istgt
  ISTGT_IQN="iqn.2007-09.jp.ne.peach.istgt:disk1"
  for attempt in 1 2 3 4 5; do
    ISTGT_PORT=$(bench_free_port); uc=$(bench_free_port)
    dir="$BENCH_WORK/istgt-$ISTGT_PORT"; mkdir -p "$dir"; : > "$dir/auth.conf"
    cat > "$dir/istgt.conf" <<CONF
[Global]
  NodeBase "iqn.2007-09.jp.ne.peach.istgt"
  PidFile $dir/istgt.pid
  AuthFile $dir/auth.conf
  MediaDirectory $dir
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
  Portal UC1 127.0.0.1:$uc
  Netmask 127.0.0.1
[PortalGroup1]
  Portal DA1 127.0.0.1:$ISTGT_PORT
[InitiatorGroup1]
  InitiatorName "ALL"
  Netmask 127.0.0.0/8
[LogicalUnit1]
  TargetName disk1
  Mapping PortalGroup1 InitiatorGroup1
  AuthMethod None
  UseDigest Auto
  UnitType Disk
  LUN0 Storage $disk Auto
CONF
    setsid istgt -c "$dir/istgt.conf" -D </dev/null >"$dir/istgt.log" 2>&1 &
    ISTGT_PID=$!
    if bench_wait 15 bench_port_open "$ISTGT_PORT" && kill -0 "$ISTGT_PID" 2>/dev/null; then
      BENCH_PIDS+=("$ISTGT_PID")
      bench_log "istgt pid $ISTGT_PID on 127.0.0.1:$ISTGT_PORT"
      return 0
    fi
    bench_log "istgt start attempt $attempt failed: $(tail -3 "$dir/istgt.log" | tr '\n' ' ')"
    kill -KILL "$ISTGT_PID" 2>/dev/null || true
    wait "$ISTGT_PID" 2>/dev/null || true
  done
  bench_die "istgt did not start"
}

bench_stop_pid() {  # SIGTERM, SIGKILL after 8 s (istgt takes ~4 s to leave)
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  bench_wait 8 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local i
  for i in "${!BENCH_PIDS[@]}"; do
    if [ -n "${BENCH_TGT_CTRLS[$i]:-}" ] && [ "$(ps -o comm= -p "${BENCH_PIDS[$i]}" 2>/dev/null)" = tgtd ]; then
      bench_stop_tgt "${BENCH_PIDS[$i]}" "${BENCH_TGT_CTRLS[$i]}"
    else
      bench_stop_pid "${BENCH_PIDS[$i]}"
    fi
  done
  rm -rf "$BENCH_WORK"
}
trap bench_cleanup EXIT

# ---------------------------------------------------------------- measurements

# bench_perf URL SECONDS BLOCKS DEPTH [random]  -> prints "IOPS MBPS" (or "- -" on failure/hang)
# iscsi-perf only reads; its final line is "iops average N (M MB/s)".
bench_perf() {
  local url=$1 secs=$2 blocks=$3 depth=$4 random=${5:-} out
  out="$BENCH_WORK/perf.$$.$RANDOM"
  if timeout -k 5 $(( secs + 20 )) iscsi-perf -t "$secs" -b "$blocks" -m "$depth" ${random:+-r} "$url" >"$out" 2>&1; then :; else
    bench_log "iscsi-perf $url exited $? (timeout 124 = hang): $(tr '\r' '\n' <"$out" | tail -2 | tr '\n' ' ')"
  fi
  bench_parse_perf <"$out"
}

# bench_perf_median REPEAT URL SECONDS BLOCKS DEPTH [random] -> the run with the median IOPS,
# "IOPS MBPS". On a shared machine single runs wander; the median of 3 is steadier.
bench_perf_median() {
  local n=$1 i; shift
  for i in $(seq "$n"); do bench_perf "$@"; done | sort -n | awk '{ r[NR] = $0 } END { print r[int((NR + 1) / 2)] }'
}

# Reads iscsi-perf output on stdin, prints "IOPS MBPS" of the last average, or "- -".
bench_parse_perf() {
  tr '\r' '\n' | sed -n 's/.*iops average \([0-9]*\) (\([0-9]*\) MB\/s).*/\1 \2/p' | tail -1 | grep . || echo "- -"
}

# bench_ratio A B -> A/B with two decimals, "-" when either is missing or B is 0.
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f\n", a / b; else print "-" }'
}

# A file of $2 MiB filled with random bytes (so reads return real data, not holes).
bench_disk() {  # bench_disk FILE MIB
  dd if=/dev/urandom of="$1" bs=1M count="$2" status=none
}

bench_machine() {
  echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2/1024}' /proc/meminfo)"
  echo "# tgt $(dpkg-query -W -f='${Version}' tgt 2>/dev/null), istgt $(dpkg-query -W -f='${Version}' istgt 2>/dev/null), libiscsi-bin $(dpkg-query -W -f='${Version}' libiscsi-bin 2>/dev/null)"
}
