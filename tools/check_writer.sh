#!/usr/bin/env bash
# Checks the test PE writer against pefile and llvm-readobj on generated layouts.
# Usage: tools/check_writer.sh [COUNT] [SEED]   (defaults: 300 files, seed 20240601)
# Files and layouts are left in target/writer-check/ for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B test -Dtest=PeWriterAgreementTest \
    -Dpescope.writerCheck.count="${1:-300}" -Dpescope.writerCheck.seed="${2:-20240601}" \
    | grep -E '^writer check|Tests run:|target/writer-check/|BUILD'
