#!/usr/bin/python3
"""Differential check: pescope's `dump --json` against make_golden.py's pefile view, per folder.

Run through differential.sh (it builds target/pescope.jar first). Every file under the given
folders that starts with MZ and has PE\\0\\0 at e_lfanew (whatever its name) is read by both
sides and compared field by field exactly as GoldenFilesTest does: every field of the golden
view except "sources", exports sorted by ordinal, then name. The pefile view is make_golden.py's
own golden_for(), imported, not copied, so every adjustment (A1-A6) and kept behaviour (K1-K9)
documented there applies here too; its llvm-readobj cross-check rides along and is reported.

Output: a summary and the disagreements (capped per file) on stdout; full detail in
OUT/report.txt, both views as JSON Lines in OUT/pefile.jsonl and OUT/pescope.jsonl.
--write-golden FILE also writes the pefile view of every file as one compact JSON file for
WineDifferentialTest (see tools/golden/README.md).

Exit status: 1 when pescope crashed (an internal error, a JVM failure, a missing output line)
or could not read a file that pefile could read; 2 on usage errors; 0 otherwise, disagreements
included.
"""

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_golden  # noqa: E402  (also installs its pefile adjustments, A2)

# The three parts the summary counts. Bound imports go with the imports: all three are the
# import side of the image, and wine's DLLs have none.
IMPORT_FIELDS = ("imports", "delayImports", "boundImports")
EXPORT_FIELDS = ("exports",)
PARTS = {"headers+sections": None, "imports+delayImports+boundImports": IMPORT_FIELDS,
         "exports": EXPORT_FIELDS}
PER_FILE_CAP = 5
WINE_FOLDERS = ["/usr/lib/x86_64-linux-gnu/wine/x86_64-windows",
                "/usr/lib/x86_64-linux-gnu/wine/i386-windows",
                "/usr/lib/i386-linux-gnu/wine/i386-windows"]
# The packages the Wine PE files come from: libwine ships them; its postinst makes the two
# zlib1.dll files from libz-mingw-w64's (header patched to say "Wine builtin DLL").
WINE_PACKAGES = ["libwine", "libz-mingw-w64"]
CHUNK = 100  # files per pescope run: keeps the command line short


def find_pe_files(folders):
    """(root folder, path relative to it, full path) for every PE file, by content."""
    found = []
    for base in folders:
        base = os.path.abspath(base)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if not os.path.isfile(full) or os.path.islink(full):
                    continue
                try:
                    if make_golden.is_pe(full):
                        found.append((base, os.path.relpath(full, base), full))
                except OSError as e:
                    print(f"unreadable, not compared: {full}: {e}", file=sys.stderr)
    return found


# ---------------------------------------------------------------- both views

def pescope_views(jar, paths):
    """{path: JSON object} from pescope, plus a list of crashes (path, text)."""
    views, crashes = {}, []
    for i in range(0, len(paths), CHUNK):
        chunk = paths[i:i + CHUNK]
        proc = subprocess.run(["java", "-jar", jar, "dump", "--json", "--nologo", *chunk],
                              capture_output=True)
        lines = []
        for line in proc.stdout.decode("utf-8", "replace").splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:  # anything but JSON Lines on stdout is a failure
                crashes.append((f"files {i + 1}-{i + len(chunk)}", f"not JSON: {line[:200]}"))
        for obj in lines:
            views[obj.get("file")] = obj
        if proc.returncode not in (0, 3) or len(lines) != len(chunk):
            crashes.append((f"files {i + 1}-{i + len(chunk)}",
                            f"pescope exit {proc.returncode}, {len(lines)} JSON lines for "
                            f"{len(chunk)} files: {proc.stderr.decode('utf-8', 'replace')[-2000:]}"))
        for path in chunk:
            error = views.get(path, {}).get("error", "")
            if path not in views:
                crashes.append((path, "no output"))
            elif "internal error" in error:
                crashes.append((path, error))
    return views, crashes


def pefile_view(item):
    """make_golden's golden view of one file, or why golden_for raised (pefile could not read
    it, or make_golden choked on llvm-readobj's output)."""
    base, rel, path = item
    try:
        g, data = make_golden.golden_for(base, rel, path, PEFILE_NAME, LLVM_NAME)
        return path, g, hashlib.sha256(data).hexdigest(), None
    except Exception as e:  # make_golden main() skips such files too
        return path, None, None, f"{type(e).__name__}: {e}"


PEFILE_NAME = f"pefile {make_golden.pefile.__version__}"
LLVM_NAME = None


def init_worker(llvm_name):
    global LLVM_NAME
    LLVM_NAME = llvm_name


# ---------------------------------------------------------------- comparison

def sort_exports(image):
    """GoldenFilesTest.sortExports: by ordinal, then name ("" when there is none)."""
    exports = image.get("exports")
    if isinstance(exports, dict) and isinstance(exports.get("functions"), list):
        exports["functions"] = sorted(exports["functions"],
                                      key=lambda f: (f.get("ordinal", 0), f.get("name") or ""))


def compared_fields(expected):
    return [f for f in expected if f != "sources"]


def part_of(field):
    for part, fields in PARTS.items():
        if fields and field in fields:
            return part
    return "headers+sections"


def leaf_diffs(path, a, b, out):
    """Where two JSON values differ, as (path, pefile value, pescope value) leaves."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                out.append((f"{path}.{k}", a.get(k, "<absent>"), b.get(k, "<absent>")))
            elif a[k] != b[k]:
                leaf_diffs(f"{path}.{k}", a[k], b[k], out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append((f"{path}.length", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                leaf_diffs(f"{path}[{i}]", x, y, out)
    elif a != b or type(a) is not type(b):
        out.append((path, a, b))


def compare(expected, actual):
    """{field: [(path, pefile, pescope)]} for every field GoldenFilesTest would fail on."""
    expected, actual = json.loads(json.dumps(expected)), json.loads(json.dumps(actual))
    sort_exports(expected)
    sort_exports(actual)
    result = {}
    for field in compared_fields(expected):
        if expected[field] != actual.get(field, "<absent>"):
            leaves = []
            leaf_diffs(field, expected[field], actual.get(field, "<absent>"), leaves)
            result[field] = leaves or [(field, expected[field], actual.get(field))]
    return result


def short(value, limit=160):
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[:limit] + "..."


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", metavar="DIR",
                        help="folders to search for PE files (default: Wine's, when installed)")
    parser.add_argument("--jar", default=os.path.join(make_golden.REPO, "target", "pescope.jar"))
    parser.add_argument("--out", default=os.path.join(make_golden.REPO, "target", "differential"),
                        help="folder for report.txt, pefile.jsonl, pescope.jsonl")
    parser.add_argument("--write-golden", metavar="FILE.json.gz",
                        help="also write the pefile view of every file, for WineDifferentialTest")
    parser.add_argument("--golden-only", action="store_true",
                        help="with --write-golden: write the pefile view only, without running pescope "
                             "(WineDifferentialTest uses it when the installed Wine is not the pinned one)")
    parser.add_argument("--package", action="append",
                        help="Debian package whose version --write-golden pins "
                             f"(repeatable; default {' '.join(WINE_PACKAGES)})")
    args = parser.parse_args()
    args.package = args.package or WINE_PACKAGES
    if not args.folders:
        args.folders = [d for d in WINE_FOLDERS if os.path.isdir(d)]
        if not args.folders:
            print("differential: no DIR given and no Wine PE folder found "
                  "(apt-get install wine64 libwine); nothing to compare")
            return
    if args.golden_only:
        if not args.write_golden:
            parser.error("--golden-only goes with --write-golden")
        files = find_pe_files(args.folders)
        llvm_name = make_golden.llvm_version()
        with ProcessPoolExecutor(initializer=init_worker, initargs=(llvm_name,)) as pool:
            oracle = {path: (g, sha, err) for path, g, sha, err in pool.map(pefile_view, files, chunksize=4)}
        write_golden(args, files, oracle)
        return
    if not os.path.isfile(args.jar):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=make_golden.REPO,
                       check=True)

    for folder in args.folders:
        if not os.path.isdir(folder):
            print(f"not a folder: {folder}", file=sys.stderr)
            sys.exit(2)
    files = find_pe_files(args.folders)
    if not files:
        print(f"no PE files under {' '.join(args.folders)}")
        return
    os.makedirs(args.out, exist_ok=True)
    print(f"{len(files)} PE files under {' '.join(args.folders)}", flush=True)

    scope, crashes = pescope_views(args.jar, [p for _, _, p in files])
    llvm_name = make_golden.llvm_version()
    with ProcessPoolExecutor(initializer=init_worker, initargs=(llvm_name,)) as pool:
        oracle = {path: (g, sha, err) for path, g, sha, err in pool.map(pefile_view, files, chunksize=4)}

    report = []
    disagreements = {}   # path -> {field: leaves}
    agree = {part: 0 for part in PARTS}
    compared = 0
    pefile_only = []     # pefile read it, pescope did not
    neither, pescope_only = [], []
    cross_check = []     # make_golden's llvm-readobj disagreements, for the reader
    with open(os.path.join(args.out, "pefile.jsonl"), "w") as pf, \
            open(os.path.join(args.out, "pescope.jsonl"), "w") as sf:
        for base, rel, path in files:
            g, sha, err = oracle[path]
            mine = scope.get(path)
            if mine is not None:
                sf.write(json.dumps(mine, ensure_ascii=True) + "\n")
            if g is not None:
                pf.write(json.dumps(g, ensure_ascii=True) + "\n")
            scope_ok = mine is not None and "error" not in mine
            if g is None:
                (pescope_only if scope_ok else neither).append((path, err))
                continue
            if not scope_ok:
                pefile_only.append((path, (mine or {}).get("error", "no output")))
                continue
            compared += 1
            actual = dict(mine, file=g["file"])  # GoldenFilesTest renders with the golden name
            diffs = compare(g, actual)
            failed_parts = {part_of(f) for f in diffs}
            for part in PARTS:
                agree[part] += part not in failed_parts
            if diffs:
                disagreements[path] = diffs
            for p in g["sources"]["disagreements"]:
                cross_check.append((path, p))

    lines = [f"pescope {args.jar} against make_golden.py's view ({PEFILE_NAME}, cross-check "
             f"{llvm_name})", f"files compared: {compared} of {len(files)} PE files"]
    for part, n in agree.items():
        lines.append(f"agree exactly on {part}: {n}")
    lines.append(f"files with a disagreement: {len(disagreements)}")
    lines.append(f"pescope could not read, pefile could: {len(pefile_only)}")
    lines.append(f"no pefile view (golden_for raised), pescope read it: {len(pescope_only)}")
    lines.append(f"neither side read it: {len(neither)}")
    lines.append(f"pescope crashes: {len(crashes)}")
    lines.append(f"pefile/llvm-readobj cross-check disagreements: {len(cross_check)}")
    summary = list(lines)

    def emit(cap):
        out = []
        for path, diffs in disagreements.items():
            leaves = [leaf for field in diffs.values() for leaf in field]
            out.append(f"DIFF {path}: {len(leaves)} difference(s) in {', '.join(diffs)}")
            for where, a, b in leaves[:cap]:
                out.append(f"  {where}: pefile {short(a)} | pescope {short(b)}")
            if cap is not None and len(leaves) > cap:
                out.append(f"  ... {len(leaves) - cap} more in report.txt")
        for path, why in pefile_only:
            out.append(f"UNREAD-BY-PESCOPE {path}: {why}")
        for path, why in crashes:
            out.append(f"CRASH {path}: {why}")
        for path, why in pescope_only:
            out.append(f"NO-PEFILE-VIEW {path}: {why}")
        for path, why in neither:
            out.append(f"UNREAD-BY-BOTH {path}: {why}")
        for path, p in cross_check[: (cap * 4 if cap else None)]:
            out.append(f"CROSSCHECK {path}: {p}")
        return out

    report_path = os.path.join(args.out, "report.txt")
    with open(report_path, "w") as f:
        f.write("\n".join(summary + [""] + emit(None)) + "\n")
    print("\n".join(emit(PER_FILE_CAP)))
    print("\n".join(summary))
    print(f"full detail: {report_path}")

    if args.write_golden:
        write_golden(args, files, oracle)
    sys.exit(1 if crashes or pefile_only else 0)


def package_version(package):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def write_golden(args, files, oracle):
    """The pefile view of every file, gzipped JSON (deterministic bytes): the versions of the
    packages the files come from, the folders' common root, and per file its path under that
    root, its sha256 and the golden view without "sources" (what GoldenFilesTest compares)."""
    packages = {p: package_version(p) for p in args.package}
    missing = [p for p, v in packages.items() if v is None]
    if missing:
        sys.exit(f"--write-golden: not installed: {' '.join(missing)}")
    root = os.path.commonpath([os.path.abspath(f) for f in args.folders])
    entries = []
    for base, rel, path in files:
        g, sha, err = oracle[path]
        if g is None:
            continue
        rel_root = os.path.relpath(path, root)
        view = {k: v for k, v in g.items() if k != "sources"}
        view["file"] = rel_root
        entries.append({"path": rel_root, "sha256": sha, "golden": view})
    doc = {"packages": packages,
           "tools": f"{PEFILE_NAME}, make_golden.py view (A1-A6, K1-K9); tools/golden/differential.py",
           "root": root,
           "files": entries}
    data = (json.dumps(doc, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")
    with open(args.write_golden, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as z:
            z.write(data)
    print(f"wrote {args.write_golden}: {len(entries)} files, "
          f"{', '.join(f'{p} {v}' for p, v in packages.items())}, {len(data)} bytes of JSON, "
          f"{os.path.getsize(args.write_golden)} gzipped")


if __name__ == "__main__":
    main()
