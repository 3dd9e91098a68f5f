#!/usr/bin/env bash
# Shows that the command line itself behaves the same with two jars: help, version, usage errors,
# typos, dumpbin's spellings, enum values in any case, -j bounds, missing files. Runs each argument
# list below with both jars and compares stdout, stderr and the exit code with cmp (bench/identical.sh
# compares the dumps of whole folders; this compares what surrounds them).
#
#   bench/cli-identical.sh OLD.jar NEW.jar
#
# Written for issue 16, when the root, dump and check commands moved from annotations to picocli's
# programmatic model, and deps after them: compare against a jar of main built after --format sarif
# (the baseline jar predates it), or, for deps, one built before deps moved (d7db27e). Prints one line per argument list and exits 1 when any output differs.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
old="${1:?usage: bench/cli-identical.sh OLD.jar NEW.jar}"; new="${2:?usage}"
cd "$here" || exit 2
f=testdata/bin/impexp/x64/importer.exe
g=testdata/bin/gcc-x64.dll
dir=testdata/bin/impexp
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
# One argument list per line, split on spaces.
cases="
--help
-h
--version
-V
help
help dump
help check
help nosuch
dump --help
dump -h
dump -V
dump --version
dump
dump $f
dump $f $g
dump --headers $f
dump /HEADERS $f
dump -headers $f
dump /exports -IMPORTS /Dependents $f
dump /DISASM $f
dump /OUT:x.txt $f
dump /headers:x $f
dump -hello $f
dump -Vx $f
dump --format json $f
dump --format JSON $f
dump --format=Json $f
dump --format sarif $f
dump --format SARIF $g
dump --format xml $f
dump --format
dump --json --format sarif $f
dump --json $f
dump --all --json $f
dump -j 0 $f
dump -j 300 $f
dump -j 256 $f
dump -j abc $f
dump -j $f
dump -j 2 $f $g
dump -j2 -r $dir
dump -rj2 $dir
dump --jobs=1 --nologo $f
dump --no-progress $f
dump --progress $f
dump --no-progress -j 0 $f
dump /nonexistent.dll
dump --json /nonexistent.dll
dump --format sarif /nonexistent.dll
dump $dir
dump -r $dir
dump --nologo --all $f
dump --summary $f
dump --headres $f
dump --nolog $f
dump -x $f
dump -- -headers
dump --nologo -- $f
dmp $f
frobnicate
--frob
dump --help --all
dump --version $f
deps --help
deps -h
deps -V
deps
deps $f
deps $f $g
deps --format json $f
deps --format LIST $f
deps --format dot $f
deps --format sarif $f
deps --format xml $f
deps --missing $f
deps --missing --format list $f
deps --missing --format tree $f
deps --preset win10 $f
deps --preset CE $f
deps --preset ce --rom testdata $f
deps --rom testdata $f
deps --preset xp $f
deps --search testdata/bin --search $dir $f
deps --system testdata/bin --windows testdata $f
deps --current testdata $f
deps --no-safe-dll-search --current testdata $f
deps --safe-dll-search $f
deps --known-dlls none $f
deps --known-dlls a.dll,b.dll $f
deps --apiset none $f
deps --apiset /nonexistent.dll $f
deps --winsxs testdata $f
deps --path testdata:testdata/bin $f
deps --path testdata --path testdata/bin $f
deps --order application,system $f
deps --order=search,application --search testdata $f
deps --wrong-machine skip $f
deps --wrong-machine STOP $f
deps --wrong-machine maybe $f
deps --delay $f
deps --gac testdata $f
deps --pinvoke-strict $f
deps --depth 1 $f
deps --depth -1 $f
deps --depth x $f
deps -r $dir
deps $dir
deps -j 0 $f
deps -j 300 $f
deps -j 1 --no-progress $f
deps --progress $f
deps /nonexistent.dll
deps --serch d $f
deps --preset ce --system testdata $f
deps -- $f
slot --help
check --help
check -h
check -V
check
check $f
check $f $g
check -v $f
check --format json $f
check --format JSON $f
check --format sarif $g
check --format xml $f
check --rules aslr,nx $f
check --rules=PS1001 --rules nx $f
check --skip PS1011 $f
check --fail-on warning $f
check --fail-on none $f
check --fail-on bogus $f
check --policy /nonexistent.json $f
check --trust-store /nonexistent.pem $f
check -j 0 $f
check -j 300 $f
check --no-progress -j 1 $f
check -r $dir
check $dir
check /nonexistent.dll
check --rule aslr $f
check -x $f
check --output
"
differ=0 n=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  n=$((n + 1))
  read -r -a args <<<"$line"
  for side in old new; do
    jar=$old; [ $side = new ] && jar=$new
    java -jar "$jar" "${args[@]}" >"$out/$side.out" 2>"$out/$side.err" </dev/null
    echo $? >"$out/$side.rc"
  done
  if cmp -s "$out/old.out" "$out/new.out" && cmp -s "$out/old.err" "$out/new.err" && cmp -s "$out/old.rc" "$out/new.rc"; then
    echo "same   (exit $(cat "$out/new.rc")) $line"
  else
    echo "DIFFER (exit $(cat "$out/old.rc") -> $(cat "$out/new.rc")) $line"
    diff "$out/old.err" "$out/new.err" | head -5
    differ=1
  fi
done <<<"$cases"
echo "$n argument lists compared"
exit $differ
