#!/usr/bin/env bash
# Times `dump --exports` and `dump --json` on the export-amplification files of issue 10 (items 1
# and 2), made by the generator in the test sources (src/test/java/pescope/testing/AmplifiedExports.java):
#   overlap-1 / overlap-2048   4 MB: name, ordinal and address tables on one region, every entry a
#                              511-byte name that is also a forwarder (1 or 2,048 sections)
#   names-1 / names-2048       a million-name export table (19 MB), behind 1 or 2,047 small sections
# Prints wall time (s) and peak RSS (KB) per run. Usage: bench/amplification.sh [JAR] [HEAP]
# (JAR defaults to target/pescope.jar; HEAP e.g. -Xmx64m).
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${1:-target/pescope.jar}"
heap="${2:-}"
[ -d target/test-classes/pescope/testing ] || mvn -B -q -DskipTests test-compile
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gen() { java -cp target/test-classes pescope.testing.AmplifiedExports "$@"; }
gen overlapping 1 4194304 "$work/overlap-1.dll"
gen overlapping 2048 4194304 "$work/overlap-2048.dll"
gen many-names 1 1000000 "$work/names-1.dll"
gen many-names 2048 1000000 "$work/names-2048.dll"
for f in overlap-1 overlap-2048 names-1 names-2048; do
  for mode in --exports --json; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "$f $mode %e s %M KB exit %x" java $heap -jar "$jar" dump $mode "$work/$f.dll" > /dev/null || true
  done
done
