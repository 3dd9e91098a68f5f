#!/usr/bin/env bash
# JMH benchmark of `deps` resolution on a synthetic 10,000-module graph held in memory
# (src/test/java/pescope/bench/DepsBenchmark.java), run from the test classpath.
# Extra arguments go to JMH, e.g. bench/deps.sh -f 1 -wi 2 -i 3, or -p modules=1000,10000.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.openjdk.jmh.Main 'pescope\.bench\.DepsBenchmark' "$@"
