#!/usr/bin/env bash
# Runs the codec's JMH benchmark (protocol/src/test/java/org/iscsilab/protocol/bench) from the test
# classpath. Extra arguments go to JMH, e.g. bench/codec-jmh.sh -f 1 -wi 2 -i 3 -r 2s -w 1s.
# Default: 2 forks x (2 x 1 s warm-up + 3 x 2 s measurement) x 12 benchmarks, about 3.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl protocol test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/bench.classpath)"
if [ "$#" -eq 0 ]; then
  set -- -f 2 -wi 2 -w 1s -i 3 -r 2s
fi
exec java -cp "$CP" org.openjdk.jmh.Main 'org.iscsilab.protocol.bench.CodecBenchmark' -rf json -rff protocol/target/codec-jmh.json "$@"
