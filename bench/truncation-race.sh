#!/usr/bin/env bash
# Files truncated while a batch reads them, as a linker rewriting DLLs in a build folder does:
# a background loop cuts each of 40 copies of a 6 MB wine DLL to 4 KB and puts it back (a new
# file, renamed over), while `dump -r -j2 --json` runs RUNS times over the folder. Counts runs that
# abort (exit not 0 or 3), print a stack trace or an "internal error", and the lines produced.
# usage: bench/truncation-race.sh JAR [RUNS]
set -u
jar=$1; runs=${2:-20}; src=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/comctl32.dll
dir=$(mktemp -d); for i in $(seq 1 40); do cp "$src" "$dir/s$i.dll"; done
trap 'rm -rf "$dir" /tmp/pescope-race.out /tmp/pescope-race.err' EXIT
( while true; do for f in $dir/*.dll; do truncate -s 4096 $f; cp $src $f.tmp && mv -f $f.tmp $f 2>/dev/null; : ; done; done ) &
bg=$!
aborted=0; traces=0; internal=0; changed=0; reported=0
for i in $(seq 1 $runs); do
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar dump -r -j2 --json --no-progress $dir > /tmp/pescope-race.out 2> /tmp/pescope-race.err; rc=$?
  [ $rc -ne 0 ] && [ $rc -ne 3 ] && aborted=$((aborted+1))
  grep -q $'\tat ' /tmp/pescope-race.err && traces=$((traces+1))
  grep -q 'internal error' /tmp/pescope-race.err && { internal=$((internal+1)); grep 'internal error' /tmp/pescope-race.err >&2; }
  changed=$((changed+$(grep -c 'changed while being read' /tmp/pescope-race.err)))
  reported=$((reported+$(wc -l < /tmp/pescope-race.out)))
done
kill $bg; wait $bg 2>/dev/null
echo "runs=$runs aborted=$aborted traces=$traces internal=$internal changed-lines=$changed json-lines=$reported"
