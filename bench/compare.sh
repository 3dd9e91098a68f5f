#!/usr/bin/env bash
# Times pescope, llvm-readobj and pefile side by side, in one run, on four workloads:
#   small   one small DLL (the smallest PE image in the folder)
#   large   one large DLL (the largest)
#   folder  every PE image in the folder, one process per tool
#   10k     a list of 10,000 files (the folder's list repeated), one process per tool
# Runs are interleaved (pescope, llvm-readobj, pefile, pescope, ...) so that whatever else the
# machine does falls on all three alike; medians are reported, with files/s and ratios.
#
#   bench/compare.sh [DIR] [REPETITIONS]
#
# DIR defaults to the wine DLL folder (Debian libwine), else the DLLs the build unpacks.
# REPETITIONS (default 7) applies to small, large and folder; 10k runs max(3, REPETITIONS/2).
# Needs: java 17, llvm-readobj (Debian llvm), /usr/bin/python3 with pefile (python3-pefile).
# What each tool does on each file:
#   pescope       the ./pescope launcher (its JVM options and CDS archive), `dump --json`:
#                 headers, sections, debug directory, imports, delay and bound imports, exports
#   llvm-readobj  --file-headers --sections --coff-imports --coff-exports (which include delay
#                 imports), over only the files it can read: version 14 stops a multi-file run at
#                 the first file it cannot parse, so those are left out beforehand (and counted)
#   pefile        fast_load, then the import, export and delay-import directories
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wine=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
dir="${1:-}"
if [ -z "$dir" ]; then
  if [ -d "$wine" ]; then dir="$wine"; else dir="$here/target/real-dlls"; fi
fi
reps="${2:-7}"
reps10k=$(( reps / 2 > 3 ? reps / 2 : 3 ))
pescope="$here/pescope"
[ -f "$here/target/pescope.jar" ] || (cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests package)

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The file set: PE images by content.
/usr/bin/python3 - "$dir" > "$work/folder" <<'PY'
import os, struct, sys
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        path = os.path.join(root, name)
        try:
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            with open(path, "rb") as f:
                head = f.read(64)
                if len(head) < 64 or head[:2] != b"MZ":
                    continue
                f.seek(struct.unpack_from("<I", head, 0x3C)[0])
                if f.read(4) == b"PE\0\0":
                    print(path)
        except (OSError, struct.error):
            pass
PY
files=$(wc -l < "$work/folder")
[ "$files" -gt 0 ] || { echo "compare.sh: no PE images in $dir" >&2; exit 3; }
xargs -d '\n' -a "$work/folder" stat -c '%s %n' | sort -n | cut -d' ' -f2- > "$work/by-size"
head -n 1 "$work/by-size" > "$work/small"
tail -n 1 "$work/by-size" > "$work/large"
: > "$work/10k"
while [ "$(wc -l < "$work/10k")" -lt 10000 ]; do cat "$work/folder" >> "$work/10k"; done
head -n 10000 "$work/10k" > "$work/10k.tmp" && mv "$work/10k.tmp" "$work/10k"

# llvm-readobj's lists: the same lists without the files it cannot read with these options
# (version 14 rejects export directories without a name table, for one).
while IFS= read -r f; do
  llvm-readobj --file-headers --sections --coff-imports --coff-exports "$f" > /dev/null 2>&1 && echo "$f"
done < "$work/folder" > "$work/readable"
unreadable=$(( files - $(wc -l < "$work/readable") ))
for w in small large folder 10k; do
  grep -Fxf "$work/readable" "$work/$w" > "$work/$w.readobj" || true
done

# Each tool over one list, in one process (-s: xargs's default 128 KB of arguments would split the
# 10,000 paths into five processes); output thrown away.
run_pescope() { xargs -s 1500000 -d '\n' -a "$work/$1" "$pescope" dump --json --no-progress > /dev/null 2>&1 || true; }
run_readobj() {
  [ -s "$work/$1.readobj" ] || return 0
  xargs -s 1500000 -d '\n' -a "$work/$1.readobj" llvm-readobj --file-headers --sections --coff-imports --coff-exports > /dev/null 2>&1 || true
}
run_pefile() { /usr/bin/python3 "$here/bench/pefile_batch.py" < "$work/$1" > /dev/null; }

# A warm-up run of each (page cache, CDS archive mapped once), not timed.
for t in pescope readobj pefile; do run_$t small; done

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for w in small large folder 10k; do
  n=$reps; [ $w = 10k ] && n=$reps10k
  for i in $(seq "$n"); do
    for t in pescope readobj pefile; do
      t0=$(now); run_$t $w; t1=$(now)
      echo $(( (t1 - t0) / 1000 )) >> "$work/times.$w.$t"
    done
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB"
echo "tools:   $(java -version 2>&1 | head -n 1); $(llvm-readobj --version | grep -m1 -o 'LLVM version [0-9.]*'); pefile $(/usr/bin/python3 -c 'import pefile; print(pefile.__version__)')"
echo "folder:  $dir: $files PE images; llvm-readobj cannot read $unreadable of them (left out of its lists)"
echo "runs:    interleaved; medians of $reps (10k: $reps10k)"
printf '\n%-8s %-13s %7s %10s %10s %11s\n' work tool files "median ms" "files/s" "÷ pescope"
for w in small large folder 10k; do
  p=$(median < "$work/times.$w.pescope"); pn=$(wc -l < "$work/$w")
  for t in pescope readobj pefile; do
    us=$(median < "$work/times.$w.$t")
    list="$work/$w"; [ $t = readobj ] && list="$work/$w.readobj"
    count=$(wc -l < "$list")
    name=$t; [ $t = readobj ] && name=llvm-readobj
    awk -v w=$w -v t=$name -v n="$count" -v us="$us" -v p="$p" -v pn="$pn" \
      'BEGIN { printf "%-8s %-13s %7d %10.0f %10.0f %10.1fx\n", w, t, n, us/1000, n/(us/1e6), (us/n)/(p/pn) }'
  done
done
echo
echo "'÷ pescope' is the tool's median time per file divided by pescope's (per file, because"
echo "llvm-readobj's lists may be shorter): above 1 means pescope is faster."
