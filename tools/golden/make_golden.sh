#!/usr/bin/env bash
# Regenerates src/test/resources/golden/ from testdata/ and the DLLs Maven unpacks into
# target/real-dlls/. Needs python3-pefile (Debian) and llvm-readobj (LLVM 14) on PATH.
# Pass --check to only compare with the committed files.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q generate-test-resources
/usr/bin/python3 tools/golden/make_golden_facts.py "$@"
exec /usr/bin/python3 tools/golden/make_golden.py "$@"
