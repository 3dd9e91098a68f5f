#!/usr/bin/env bash
# Differential check of pescope against make_golden.py's pefile view over whole folders.
#   tools/golden/differential.sh [DIR...]   default: Wine's PE folders; exit 0 with a message if absent
#   tools/golden/differential.sh --write-golden src/test/resources/golden-wine/wine.json.gz
# Builds target/pescope.jar when it is missing. Needs python3-pefile and llvm-readobj, like
# make_golden.sh. Exit 1 only when pescope crashed or could not read a file that pefile read.
# See tools/golden/differential.py and tools/golden/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 tools/golden/differential.py "$@"
