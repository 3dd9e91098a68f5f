#!/usr/bin/env bash
# Shows that a change left pescope's output byte-for-byte the same: runs the same commands with
# two jars (e.g. one built before a performance change and one after) and compares stdout, stderr
# and the exit code of each with cmp.
#
#   bench/identical.sh OLD.jar NEW.jar [DIR...]
#
# DIRs default to the wine DLL folders (Debian libwine), testdata/ and the DLLs the build unpacks
# (target/real-dlls). Prints one line per command and exits 1 when any output differs.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
old="${1:?usage: bench/identical.sh OLD.jar NEW.jar [DIR...]}"; new="${2:?usage}"; shift 2
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  for d in /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/x86_64-linux-gnu/wine/i386-windows \
           "$here/testdata" "$here/target/real-dlls"; do
    [ -d "$d" ] && dirs+=("$d")
  done
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
commands=(
  "dump -r --nologo"
  "dump -r --all"
  "dump -r --json"
  "dump -r --all --json"
  "check -r"
  "check -r --format json"
  "check -r --format sarif"
)
differ=0
for dir in "${dirs[@]}"; do
  for c in "${commands[@]}"; do
    for which in old new; do
      jar=$old; [ $which = new ] && jar=$new
      # shellcheck disable=SC2086
      (cd "$here" && java -jar "$jar" $c --no-progress "$dir" > "$out/$which.out" 2> "$out/$which.err"; echo $? > "$out/$which.rc")
    done
    if cmp -s "$out/old.out" "$out/new.out" && cmp -s "$out/old.err" "$out/new.err" && cmp -s "$out/old.rc" "$out/new.rc"; then
      echo "same    $(wc -c < "$out/new.out") bytes  pescope $c $dir"
    else
      echo "DIFFERS pescope $c $dir"; differ=1
      diff <(head -c 2000000 "$out/old.out") <(head -c 2000000 "$out/new.out") | head -5
      diff "$out/old.err" "$out/new.err" | head -5
    fi
  done
done
exit $differ
