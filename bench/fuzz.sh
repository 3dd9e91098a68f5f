#!/usr/bin/env bash
# Coverage-guided fuzzing of the parser with Jazzer for a while (default 10 minutes):
#   bench/fuzz.sh [DURATION]        e.g. bench/fuzz.sh 30m
# A crash or out-of-memory input is saved next to the seeds in
# src/test/resources/pescope/fuzz/PeReaderFuzzTestInputs/anyBytesGiveAnImageOrNotAPe/ and from
# then on replayed by every `mvn verify`. The surefire heap is capped (-Xmx1g in pom.xml), so an
# allocation sized by a count read from the file shows up as a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
JAZZER_FUZZ=1 mvn -B -Dstyle.color=never test -Dtest=PeReaderFuzzTest -Djazzer.max_duration="${1:-10m}"
