#!/usr/bin/python3
"""Golden files for resources, version info, manifests, certificates, the Rich header, overlay,
checksum and hashes, from independent oracles.

Run through make_golden.sh (after make_golden.py's inputs are unpacked):
  make_golden_facts.py            writes src/test/resources/golden-facts/<id>.json (ids as in
                                  golden/index.json) and golden-facts/index.json
  make_golden_facts.py --check    writes nothing; exit 1 if a file would change
  make_golden_facts.py --wine OUT writes the same view of Wine's PE files, gzipped, to OUT
                                  (pinned to the installed libwine version)

Oracles and what each gives
---------------------------
 pefile (Debian's python3-pefile): the resource tree (DIRECTORY_ENTRY_RESOURCE), version info
   (VS_FIXEDFILEINFO, FileInfo), RICH_HEADER, get_overlay_data_start_offset, get_imphash,
   generate_checksum, section get_entropy. Imports are read with make_golden.py's name filters
   switched off (its A2), as for the other golden files.
 llvm-readobj --coff-resources: cross-check of every resource leaf (type, name, language, data
   RVA, size, code page).
 osslsigncode: cross-check of the certificate table (extract-signature gives the PKCS#7 bytes,
   which must be what follows the first WIN_CERTIFICATE header) and of the computed checksum
   ("Calculated PE checksum").
 hashlib: md5, sha1, sha256 of the file.

Where the golden value is not pefile's, and why
-----------------------------------------------
 B1. Overlay. pefile's overlay start skips the certificate table: a signed file's signature is
     "overlay" to it. The golden overlay starts past a certificate table that begins where the
     image ends (at most 8 bytes of padding later), because the signature is part of the signed
     image, not data appended to it; with nothing after the table there is no overlay (null).
 B2. Rich header checksum. pefile does not check it; checksumValid is worked out here with the
     linker's algorithm (offset of "DanS", every byte before it rotated left by its offset with
     e_lfanew skipped, every comp.id rotated left by its count). On every MSVC-linked input it
     must come out true, which checks the algorithm against Microsoft's linker.
 B3. Translations. pefile keeps only the last language/code-page pair of a Translation value
     (it overwrites var.entry per pair); the golden list has every pair, read from the Var's
     bytes that pefile located.
 B4. Manifests. pefile does not decode them; the golden text is the leaf's bytes (from pefile)
     decoded as UTF-8, or UTF-16 after a byte-order mark, BOM and trailing NULs removed.
Not from an oracle: "file", "sources".
"""

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import pefile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_golden  # noqa: E402  (its A2 name filters and its list of inputs)

OUT = os.path.join(make_golden.REPO, "src", "test", "resources", "golden-facts")
WINE_ROOT = "/usr/lib/x86_64-linux-gnu/wine"
RT_VERSION = 16
RT_MANIFEST = 24


# ---------------------------------------------------------------- pefile → golden

def key_of(entry):
    """A string name (pefile renders it as UTF-8), else the integer id."""
    if entry.name is not None:
        return entry.name.decode("utf-8", "backslashreplace")
    return entry.id


def leaves(directory, path, out):
    for entry in directory.entries:
        keys = path + [key_of(entry)]
        if hasattr(entry, "directory"):
            leaves(entry.directory, keys, out)
        elif hasattr(entry, "data"):
            d = entry.data.struct
            out.append({"path": keys, "codePage": d.CodePage, "rva": d.OffsetToData, "size": d.Size})


def decode_manifest(data):
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", "replace")
    elif data.startswith(b"\xff\xfe"):
        text = data[2:].decode("utf-16le", "replace")
    elif data.startswith(b"\xfe\xff"):
        text = data[2:].decode("utf-16be", "replace")
    else:
        text = data.decode("utf-8", "replace")
    return text.rstrip("\0")


def version_info(pe, entries, notes):
    if not hasattr(pe, "VS_VERSIONINFO") or not pe.VS_VERSIONINFO:
        return None
    v = {}
    if getattr(pe, "VS_FIXEDFILEINFO", None):
        f = pe.VS_FIXEDFILEINFO[0]
        v.update({
            "fileVersion": f"{f.FileVersionMS >> 16}.{f.FileVersionMS & 0xFFFF}."
                           f"{f.FileVersionLS >> 16}.{f.FileVersionLS & 0xFFFF}",
            "productVersion": f"{f.ProductVersionMS >> 16}.{f.ProductVersionMS & 0xFFFF}."
                              f"{f.ProductVersionLS >> 16}.{f.ProductVersionLS & 0xFFFF}",
            "fileFlags": f.FileFlags, "fileOS": f.FileOS, "fileType": f.FileType})
    strings = {}
    translations = []
    for info in (pe.FileInfo[0] if getattr(pe, "FileInfo", None) else []):
        for table in getattr(info, "StringTable", []):
            lang = table.LangID.decode("utf-8", "backslashreplace")
            strings.setdefault(lang, {}).update(
                {k.decode("utf-8", "backslashreplace"): val.decode("utf-8", "backslashreplace")
                 for k, val in table.entries.items()})
        for var in getattr(info, "Var", []):
            if b"Translation" not in getattr(var, "entry", {}):
                continue
            # B3: every pair, from the Var's bytes (pefile keeps the last one only).
            start = var.get_file_offset() + var.sizeof()
            key_end = start + 2 * (len("Translation") + 1)
            value = (key_end + 3) & ~3
            data = pe.__data__[value:value + var.ValueLength]
            pairs = [f"{int.from_bytes(data[i:i + 2], 'little'):04X}{int.from_bytes(data[i + 2:i + 4], 'little'):04X}"
                     for i in range(0, len(data) - 3, 4)]
            last = var.entry[b"Translation"]
            if not pairs or f"0x{pairs[-1][:4].lower()} 0x{pairs[-1][4:].lower()}" != last:
                notes.append(f"Translation bytes {pairs} do not end with pefile's {last}")
            translations += pairs
    v["strings"] = strings
    v["translations"] = translations
    return v


def rich_checksum(data, dans_offset, values):
    total = dans_offset
    for i in range(dans_offset):
        if 0x3C <= i < 0x40:
            continue
        total += ((data[i] << (i % 32)) | (data[i] >> (32 - i % 32))) & 0xFFFFFFFF
    for comp_id, count in zip(values[0::2], values[1::2]):
        r = count % 32
        total += ((comp_id << r) | (comp_id >> (32 - r))) & 0xFFFFFFFF
    return total & 0xFFFFFFFF


def rich_header(pe, data):
    rich = pe.RICH_HEADER
    if rich is None:
        return None
    key = int.from_bytes(rich.key, "little")
    values = rich.values
    return {"offset": 0x80, "key": key,
            "checksumValid": rich_checksum(data, 0x80, values) == key,
            "entries": [{"productId": c >> 16, "build": c & 0xFFFF, "count": n}
                        for c, n in zip(values[0::2], values[1::2])]}


def certificates(pe, data):
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY[4] if len(pe.OPTIONAL_HEADER.DATA_DIRECTORY) > 4 else None
    if d is None or d.VirtualAddress == 0 or d.Size == 0:
        return []
    out = []
    at, end = d.VirtualAddress, min(d.VirtualAddress + d.Size, len(data))
    while at + 8 <= end:
        length = int.from_bytes(data[at:at + 4], "little")
        if length < 8 or at + length > end:
            break
        out.append({"offset": at, "length": length,
                    "revision": int.from_bytes(data[at + 4:at + 6], "little"),
                    "type": int.from_bytes(data[at + 6:at + 8], "little")})
        at = (at + length + 7) & ~7
    return out


def overlay(pe, data, certs):
    start = pe.get_overlay_data_start_offset()
    end = start if start is not None else len(data)
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY[4] if len(pe.OPTIONAL_HEADER.DATA_DIRECTORY) > 4 else None
    if d is not None and d.VirtualAddress and d.Size and d.VirtualAddress <= ((end + 7) & ~7) \
            and d.VirtualAddress + d.Size > end:
        end = min(len(data), d.VirtualAddress + d.Size)  # B1
    return {"offset": end, "size": len(data) - end} if end < len(data) else None


# ---------------------------------------------------------------- cross-checks

LLVM_KEY = re.compile(r"^(Type|Name|Language): (.*?) ?\[$")


def parse_llvm_key(text):
    # "VERSIONINFO (ID 16)" for a standard type, "ID 40" for another id, else the string.
    m = re.search(r"(?:^|\()ID (\d+)\)?$", text)
    if m:
        return int(m.group(1))
    return text


def llvm_leaves_by_depth(path):
    """llvm-readobj nests Type/Name/Language exactly three deep; rebuild leaves from the text."""
    proc = subprocess.run(["llvm-readobj", "--coff-resources", path], capture_output=True)
    leaves_out = []
    keys = {}
    pending = {}
    for line in proc.stdout.decode("latin-1").splitlines():
        s = line.strip()
        m = LLVM_KEY.match(s)
        if m:
            keys[m.group(1)] = parse_llvm_key(m.group(2))
            continue
        for field, name in (("DataRVA:", "rva"), ("DataSize:", "size"), ("Codepage:", "codePage")):
            if s.startswith(field):
                value = s.split()[1]
                pending[name] = int(value, 16) if value.startswith("0x") else int(value)
        if "codePage" in pending:
            leaves_out.append({"path": [keys.get("Type"), keys.get("Name"), keys.get("Language")], **pending})
            pending = {}
    return proc.returncode == 0, proc.stderr.decode("latin-1").strip(), leaves_out


def compare_resources(golden_entries, path, problems):
    ok, err, llvm = llvm_leaves_by_depth(path)
    if not ok:
        problems.append(f"llvm-readobj --coff-resources failed: {err}")
        return
    def norm(e):
        p = e["path"]
        return (tuple(x if isinstance(x, int) else str(x) for x in p), e["rva"], e["size"], e["codePage"])
    mine = [norm(e) for e in golden_entries]
    theirs = []
    for e in llvm:
        p = list(e["path"])
        theirs.append((tuple(x if isinstance(x, int) else str(x) for x in p), e["rva"], e["size"], e["codePage"]))
    if len(mine) != len(theirs):
        problems.append(f"resources: {len(mine)} leaves, llvm-readobj {len(theirs)}")
    for a, b in zip(mine, theirs):
        if a != b:
            problems.append(f"resources: {a} vs llvm-readobj {b}")


def compare_certificates(certs, path, data, problems):
    if not certs:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sig.der")
        proc = subprocess.run(["osslsigncode", "extract-signature", "-in", path, "-out", out],
                              capture_output=True)
        if proc.returncode != 0 or not os.path.exists(out):
            problems.append("osslsigncode extract-signature failed: "
                            + proc.stderr.decode("latin-1").strip().splitlines()[-1:][0:1].__repr__())
            return
        der = open(out, "rb").read()
    first = certs[0]
    inside = data[first["offset"] + 8:first["offset"] + first["length"]]
    if not inside.startswith(der) or len(inside) - len(der) > 7:
        problems.append(f"certificates: osslsigncode's signature ({len(der)} bytes) is not the content "
                        f"of the first entry ({len(inside)} bytes)")


def osslsigncode_checksum(path):
    proc = subprocess.run(["osslsigncode", "verify", "-in", path], capture_output=True)
    text = proc.stdout.decode("latin-1")
    m = re.search(r"Calculated PE checksum: ([0-9A-Fa-f]{8})", text) \
        or re.search(r"^PE checksum\s*: ([0-9A-Fa-f]{8})", text, re.MULTILINE)
    return int(m.group(1), 16) if m else None


# ---------------------------------------------------------------- one file

def facts_for(path, rel, pefile_name, llvm_name, cross_check=True):
    with open(path, "rb") as f:
        data = f.read()
    pe = pefile.PE(data=data, fast_load=True)
    pe.parse_data_directories(directories=[
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"],
    ])
    rich = pe.parse_rich_header()
    pe.RICH_HEADER = None
    if rich:
        class Rich:
            pass
        pe.RICH_HEADER = Rich()
        pe.RICH_HEADER.key = rich["key"]
        pe.RICH_HEADER.values = rich["values"]
    notes = []
    problems = []
    g = {"file": rel}
    if hasattr(pe, "DIRECTORY_ENTRY_RESOURCE"):
        entries = []
        leaves(pe.DIRECTORY_ENTRY_RESOURCE, [], entries)
        manifest = None
        for e in entries:
            if e["path"][0] == RT_MANIFEST:
                manifest = decode_manifest(pe.get_data(e["rva"], e["size"]))
                break
        g["resources"] = {"entries": entries, "versionInfo": version_info(pe, entries, notes),
                          "manifest": manifest}
        if cross_check:
            compare_resources(entries, path, problems)
    else:
        g["resources"] = None
    certs = certificates(pe, data)
    g["certificates"] = certs
    g["richHeader"] = rich_header(pe, data)
    g["overlay"] = overlay(pe, data, certs)
    g["checksum"] = {"stored": pe.OPTIONAL_HEADER.CheckSum, "computed": pe.generate_checksum()}
    g["hashes"] = {"md5": hashlib.md5(data).hexdigest(), "sha1": hashlib.sha1(data).hexdigest(),
                   "sha256": hashlib.sha256(data).hexdigest(), "imphash": pe.get_imphash()}
    g["entropy"] = [s.get_entropy() for s in pe.sections]
    if cross_check:
        compare_certificates(certs, path, data, problems)
        other = osslsigncode_checksum(path)
        if other is not None and other != g["checksum"]["computed"]:
            problems.append(f"checksum: pefile {g['checksum']['computed']:#x}, osslsigncode {other:#x}")
    warnings = [w for w in pe.get_warnings() if re.search(r"resource|version|rich", w, re.IGNORECASE)]
    g["sources"] = {
        "resources": f"{pefile_name} DIRECTORY_ENTRY_RESOURCE, VS_FIXEDFILEINFO, FileInfo (B3, B4)",
        "certificates": "WIN_CERTIFICATE headers read here, cross-checked with osslsigncode extract-signature",
        "richHeader": f"{pefile_name} RICH_HEADER (checksumValid: B2)",
        "overlay": f"{pefile_name} get_overlay_data_start_offset (B1)",
        "checksum": f"{pefile_name} generate_checksum, cross-checked with osslsigncode verify",
        "hashes": f"hashlib; imphash: {pefile_name} get_imphash; entropy: get_entropy",
        "crossCheck": f"{llvm_name} --coff-resources; osslsigncode",
        "disagreements": problems,
        "notes": notes + [f"pefile: {w}" for w in warnings],
    }
    return g


def package_version(package):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return out.stdout.strip() or None


def write_wine(target, pefile_name, llvm_name):
    files = []
    for folder in sorted(os.listdir(WINE_ROOT)):
        if not folder.endswith("-windows"):
            continue
        for dirpath, dirnames, filenames in os.walk(os.path.join(WINE_ROOT, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if os.path.isfile(full) and not os.path.islink(full) and make_golden.is_pe(full):
                    files.append(full)
    entries = []
    disagreements = 0
    for full in files:
        rel = os.path.relpath(full, WINE_ROOT)
        try:
            g = facts_for(full, rel, pefile_name, llvm_name)
        except Exception as e:
            print(f"SKIP {rel}: {type(e).__name__}: {e}")
            continue
        for p in g["sources"]["disagreements"]:
            disagreements += 1
            print(f"DISAGREE {rel}: {p}")
        entries.append({"path": rel, "sha256": g["hashes"]["sha256"], "golden": g})
    doc = {"packages": {"libwine": package_version("libwine"),
                        "libz-mingw-w64": package_version("libz-mingw-w64")},
           "root": WINE_ROOT, "files": entries}
    data = (json.dumps(doc, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
    with open(target, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as z:
            z.write(data)
    print(f"{len(entries)} Wine files, {disagreements} disagreement(s), {len(data)} bytes of JSON, "
          f"{os.path.getsize(target)} gzipped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if any golden file would change")
    parser.add_argument("--wine", metavar="OUT", help="write the view of Wine's PE files to OUT (.json.gz)")
    args = parser.parse_args()
    pefile_name = f"pefile {pefile.__version__}"
    llvm_name = make_golden.llvm_version()
    if args.wine:
        write_wine(args.wine, pefile_name, llvm_name)
        return

    outputs = {}
    index = []
    disagreements = 0
    for root, rel, path in make_golden.find_pe_files():
        ident = make_golden.entry_id(root, rel)
        try:
            g = facts_for(path, rel, pefile_name, llvm_name)
        except Exception as e:
            print(f"SKIP {root}/{rel}: {type(e).__name__}: {e}")
            continue
        name = ident + ".json"
        outputs[name] = json.dumps(g, indent=1, ensure_ascii=True) + "\n"
        index.append({"id": ident, "root": root, "path": rel, "sha256": g["hashes"]["sha256"], "golden": name})
        for p in g["sources"]["disagreements"]:
            disagreements += 1
            print(f"DISAGREE {root}/{rel}: {p}")
        for n in g["sources"]["notes"]:
            print(f"NOTE {root}/{rel}: {n}")
    outputs["index.json"] = json.dumps(index, indent=1, ensure_ascii=True) + "\n"

    existing = {f for f in os.listdir(OUT) if f.endswith(".json")} if os.path.isdir(OUT) else set()
    if args.check:
        stale = [f for f in existing | set(outputs)
                 if f not in outputs or f not in existing
                 or open(os.path.join(OUT, f)).read() != outputs[f]]
        for f in sorted(stale):
            print(f"STALE golden-facts/{f}")
        print(f"{len(stale)} golden-facts file(s) out of date" if stale else "golden-facts files up to date")
        sys.exit(1 if stale else 0)
    os.makedirs(OUT, exist_ok=True)
    for f in existing - set(outputs):
        os.remove(os.path.join(OUT, f))
    for f, content in outputs.items():
        with open(os.path.join(OUT, f), "w") as out:
            out.write(content)
    print(f"{len(index)} golden-facts files, {disagreements} disagreement(s) with llvm-readobj/osslsigncode")


if __name__ == "__main__":
    main()
