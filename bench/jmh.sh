#!/usr/bin/env bash
# Runs pescope's JMH benchmarks from the test classpath:
#   bench/jmh.sh                 every benchmark (ParseBenchmark, DepsBenchmark, SlotBenchmark, ClrBenchmark)
#   bench/jmh.sh Parse -f 1      those matching a name, with extra JMH options
# ParseBenchmark needs the real DLLs the build unpacks (mvn -B generate-test-resources).
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-.*}"
shift || true
mvn -B -q -Dstyle.color=never test-compile
mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt > /dev/null
exec java -Dpescope.realDlls=target/real-dlls -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.openjdk.jmh.Main "pescope\.bench\..*${filter}.*" "$@"
