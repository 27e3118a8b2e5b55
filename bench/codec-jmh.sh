#!/usr/bin/env bash
# Runs the codec's JMH benchmark (protocol/src/test/java/org/iscsilab/protocol/bench) from the test
# classpath, then prints MB/s next to ops/s (wire bytes per operation: SCSI Command 48, or 52 with
# a header digest; Data-In 48 + 8192, plus 8 with both digests).
# Extra arguments go to JMH, e.g. bench/codec-jmh.sh -f 1 -wi 2 -i 3 -r 2s -w 1s.
# Default: 2 forks x (2 x 1 s warm-up + 3 x 2 s measurement) x 13 benchmarks, about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl protocol test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/bench.classpath)"
if [ "$#" -eq 0 ]; then
  set -- -f 2 -wi 2 -w 1s -i 3 -r 2s
fi
java -cp "$CP" org.openjdk.jmh.Main 'org.iscsilab.protocol.bench.(CodecBenchmark|StreamDecoderBenchmark)' \
  -rf json -rff protocol/target/codec-jmh.json "$@"
if command -v python3 > /dev/null; then
  python3 - protocol/target/codec-jmh.json <<'PY'
import json, sys
print("\n%-16s %-7s %-13s %14s %10s" % ("benchmark", "digests", "pdu", "ops/s", "MB/s"))
# TCP payload of captures/libiscsi-tgt-mixed.pcap, all directions (StreamDecoderBenchmark's operation).
MIXED_PAYLOAD = 192448
for r in json.load(open(sys.argv[1])):
    if r["benchmark"].endswith("decodeWholeCapture"):
        ops = r["primaryMetric"]["score"]
        print("%-16s %-7s %-13s %14.1f %10.1f" % ("streamCapture", "detect", "986 PDUs", ops, ops * MIXED_PAYLOAD / 1e6))
        continue
    p = r["params"]
    digests = p["digests"] == "true"
    wire = (48 + (4 if digests else 0)) if p["pdu"] == "scsi-command" else (48 + 8192 + (8 if digests else 0))
    ops = r["primaryMetric"]["score"]
    print("%-16s %-7s %-13s %14.0f %10.1f" % (r["benchmark"].rsplit(".", 1)[1], p["digests"], p["pdu"], ops, ops * wire / 1e6))
PY
fi
