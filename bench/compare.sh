#!/usr/bin/env bash
# Times pescope, llvm-readobj and pefile on the same folder of PE files, each in one process
# over all files, several repetitions, and prints medians, files per second and ratios.
#
#   bench/compare.sh [DIR] [REPETITIONS]
#
# DIR defaults to the wine DLL folder (Debian libwine), else the DLLs the build unpacks.
# Needs: java 17, llvm-readobj (Debian llvm-14), /usr/bin/python3 with pefile (python3-pefile).
# What each tool does: pescope `dump --json -r` (headers, sections, imports, delay imports,
# bound imports, exports); llvm-readobj --file-headers --sections --coff-imports --coff-exports;
# pefile fast_load + import, export and delay-import directories.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wine=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
dir="${1:-}"
if [ -z "$dir" ]; then
  if [ -d "$wine" ]; then dir="$wine"; else dir="$here/target/real-dlls"; fi
fi
reps="${2:-5}"
jar="$here/target/pescope.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests package)
java_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
[ -f "$here/target/pescope.jsa" ] && java_opts+=(-XX:SharedArchiveFile="$here/target/pescope.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)

list=$(mktemp); trap 'rm -f "$list" "$list".*' EXIT
# The file set: PE images by content, the same list for every tool.
/usr/bin/python3 - "$dir" > "$list" <<'PY'
import os, struct, sys
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as f:
                head = f.read(64)
                if len(head) < 64 or head[:2] != b"MZ":
                    continue
                f.seek(struct.unpack_from("<I", head, 0x3C)[0])
                if f.read(4) == b"PE\0\0":
                    print(path)
        except OSError:
            pass
PY
files=$(wc -l < "$list")
echo "folder: $dir"
echo "files:  $files PE images; $reps repetitions each; medians reported"

now() { date +%s.%N; }

# llvm-readobj 14 stops a multi-file run at the first file it cannot read. Fair handling: run
# over the whole list; when it stops early, count the file it stopped at as failed and go on
# from the next one, all inside the same timing.
run_readobj() {
  local rest="$list.rest" failed=0 done_files
  cp "$list" "$rest"
  while [ -s "$rest" ]; do
    if xargs -d '\n' -a "$rest" llvm-readobj --file-headers --sections --coff-imports --coff-exports > "$list.out" 2>/dev/null; then
      break
    fi
    done_files=$(grep -c '^File: ' "$list.out" || true)
    # The last "File:" header printed is the one it failed on (or the one after the last success).
    failed=$((failed + 1))
    tail -n +"$((done_files + 1))" "$rest" > "$rest.next"; mv "$rest.next" "$rest"
    [ "$done_files" -eq 0 ] && { tail -n +2 "$rest" > "$rest.next"; mv "$rest.next" "$rest"; }
  done
  echo "$failed" > "$list.readobj-failed"
}

run_pescope() {
  xargs -d '\n' -a "$list" java "${java_opts[@]}" -jar "$jar" dump --json --no-progress > "$list.pescope" 2>/dev/null || true
  grep -c '"error"' "$list.pescope" > "$list.pescope-failed" || true
}

run_pefile() {
  /usr/bin/python3 "$here/bench/pefile_batch.py" < "$list" > "$list.pefile"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

time_tool() {
  local fn=$1 i t0 t1
  for i in $(seq "$reps"); do
    t0=$(now); $fn; t1=$(now)
    echo "$t1 - $t0" | bc -l
  done | median
}

t_pescope=$(time_tool run_pescope)
t_readobj=$(time_tool run_readobj)
t_pefile=$(time_tool run_pefile)
f_pescope=$(cat "$list.pescope-failed")
f_readobj=$(cat "$list.readobj-failed")
f_pefile=$(awk '{print $2}' "$list.pefile")

printf '\n%-14s %10s %12s %10s %8s\n' tool "median s" "files/s" "vs pescope" failed
for t in pescope readobj pefile; do
  sec=$(eval echo \$t_$t); fail=$(eval echo \$f_$t)
  printf '%-14s %10.3f %12.0f %9.1fx %8s\n' "$([ $t = readobj ] && echo llvm-readobj || echo $t)" \
    "$sec" "$(echo "$files / $sec" | bc -l)" "$(echo "$sec / $t_pescope" | bc -l)" "$fail"
done
echo
echo "'vs pescope' is each tool's time divided by pescope's: above 1 means pescope is faster."
