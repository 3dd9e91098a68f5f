#!/usr/bin/env bash
# The hostile batch of issue 10: one folder with good PE files beside every kind of bad input
# (an export-amplification DLL, a truncated DLL, a FIFO, an empty file, a text file, an archive,
# names carrying terminal escapes), run through `dump -r`, `dump -r --json`, `deps -r` and
# `slot` at -Xmx64m, each under a time limit. It checks what a user relies on: every good file
# reported, every bad one named, no stack trace, no hang, the documented exit codes (3: some
# input unreadable), and no raw control byte on stdout or stderr. Exit 0 when all hold.
#   bench/hostile.sh [JAR]        (JAR defaults to target/pescope.jar; needs the test classes)
set -uo pipefail
cd "$(dirname "$0")/.."
jar="${1:-target/pescope.jar}"
[ -f "$jar" ] || mvn -B -q -DskipTests package
[ -d target/test-classes/pescope/testing ] || mvn -B -q -DskipTests test-compile
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
batch="$work/batch"
mkdir -p "$batch"

# Good files: our own testdata.
cp testdata/bin/*.dll testdata/bin/*.exe "$batch/"
good=$(ls "$batch" | wc -l)
# Bad files.
java -cp target/test-classes pescope.testing.AmplifiedExports overlapping 1 4194304 "$batch/amplified.dll"
head -c 500 testdata/bin/gcc-x64.dll > "$batch/truncated.dll"
: > "$batch/empty.dll"
echo "not a PE file" > "$batch/readme.dll"
printf '!<arch>\n' > "$batch/kernel32.lib"
mkfifo "$batch/pipe.dll"
# An import renamed to carry an OSC title sequence (same length, so the file stays intact).
/usr/bin/python3 - "$batch" <<'PY'
import sys
src = open("testdata/bin/impexp/x64/importer.exe", "rb").read()
bad = b"\x1b]0;pwn\x07.dll"
assert len(bad) == len(b"exporter.dll")
open(sys.argv[1] + "/escape.exe", "wb").write(src.replace(b"exporter.dll", bad))
PY
# Not images: named on the command line each is one error line; under -r they are not picked
# (folders are searched for PE images by content). The amplified, truncated and escape files
# are images, damaged or hostile: they are dumped, bounded, with their anomalies.
bad_names="empty.dll readme.dll kernel32.lib pipe.dll"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { # NAME EXPECTED_EXIT CMD...
  local name=$1 expected=$2; shift 2
  local start end code
  start=$(date +%s.%N)
  timeout 300 java -Xmx64m -jar "$jar" "$@" > "$work/$name.out" 2> "$work/$name.err" < /dev/null
  code=$?
  end=$(date +%s.%N)
  printf '%-16s exit %-3s %6.2f s  stdout %8d B  stderr %3d lines\n' "$name" "$code" \
    "$(echo "$end - $start" | bc)" "$(wc -c < "$work/$name.out")" "$(wc -l < "$work/$name.err")"
  [ "$code" = 124 ] && fail "$name hung (killed after 300 s)"
  [ "$code" = "$expected" ] || fail "$name exited $code, expected $expected"
  grep -qE '^\s+at [a-z]|Exception in thread|OutOfMemoryError' "$work/$name.err" "$work/$name.out" \
    && fail "$name printed a stack trace or an unhandled error"
  LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$work/$name.out" "$work/$name.err" \
    && fail "$name let a raw control byte through"
}

run dump-r 0 dump -r --nologo "$batch"
run dump-r-json 0 dump -r --json "$batch"
run dump 3 dump --nologo --all "$batch"/*
run dump-json 3 dump --json --all "$batch"/*
run deps-r 1 deps -r --missing --search "$batch" "$batch"
run deps 3 deps --search "$batch" "$batch"/*
run slot 3 slot "$batch/escape.exe" "$batch/truncated.dll" "$batch/pipe.dll"

# Every good file reported, every bad one named once, in the dump and in the JSON.
for f in $(ls "$batch"); do
  case " $bad_names " in
    *" $f "*)
      n=$(grep -c "$batch/$f:" "$work/dump.err"); [ "$n" = 1 ] || fail "dump named $f $n times on stderr"
      ;;
    *)
      grep -qF "Dump of file $batch/$f" "$work/dump.out" || fail "dump did not report image $f"
      grep -qF "Dump of file $batch/$f" "$work/dump-r.out" || fail "dump -r did not report image $f"
      ;;
  esac
done
for out in dump-json dump-r-json; do
  /usr/bin/python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$work/$out.out" \
    || fail "$out wrote a line that is not JSON"
done
entries=$(ls "$batch" | wc -l)
[ "$(wc -l < "$work/dump-json.out")" = "$entries" ] || fail "dump --json: not one line per input ($entries)"
echo "dump --json: $(wc -l < "$work/dump-json.out") JSON lines for $entries inputs ($good good files)"
echo "stderr of dump (every file named on the command line):"; sed 's/^/  /' "$work/dump.err"
echo "stderr of deps:"; sed 's/^/  /' "$work/deps.err"
echo "stderr of slot:"; sed 's/^/  /' "$work/slot.err"
if [ "$failures" = 0 ]; then echo "hostile batch: all checks hold"; else echo "hostile batch: $failures failure(s)"; fi
[ "$failures" = 0 ]
