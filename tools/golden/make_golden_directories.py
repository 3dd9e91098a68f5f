#!/usr/bin/python3
"""Golden files for the debug, load-config, TLS, base-relocation and exception directories.

Run through make_golden.sh (after make_golden.py's inputs exist). For every PE file under
testdata/ and target/real-dlls/ this writes src/test/resources/golden-directories/<id>.json and
index.json; for Wine's PE files (x86_64-windows, i386-windows) one wine.json.gz. The Java test
DirectoryGoldenTest reads only those files.

Oracles (see tools/golden/README.md, "Debug, load config, TLS, relocations, exceptions"):
 - pefile (Debian's python3-pefile, /usr/bin/python3): DIRECTORY_ENTRY_DEBUG (entries, CodeView
   RSDS/NB10), DIRECTORY_ENTRY_LOAD_CONFIG, DIRECTORY_ENTRY_TLS, DIRECTORY_ENTRY_BASERELOC,
   DIRECTORY_ENTRY_EXCEPTION (x64 only in pefile); TLS callbacks read with pefile's get_data.
 - llvm-readobj (LLVM 14): --coff-debug-directory (entries, CodeView, and the RawData bytes of the
   other entry types), --coff-load-config, --coff-tls-directory, --coff-basereloc, --unwind
   (the only oracle for ARM64 .pdata). Every field both print is compared; disagreements are
   kept in sources.disagreements and explained in the README.
Rules of the golden view:
 D1. POGO, VC_FEATURE, REPRO and EX_DLLCHARACTERISTICS data: neither tool decodes them in these
     versions. The bytes are llvm-readobj's RawData dump; this script decodes them by their
     documented layouts (signature + {rva, size, name padded to 4}; five u4 counts; u4 length +
     hash; u4 flags).
 L1. Load config: exactly the fields whose end lies within Size (winnt.h order). pefile 2023.2.7
     knows fields up to EnclaveConfigurationPointer and, when Size does not end on a field
     boundary of its table, reads its whole table; both are cut to Size here. fieldNames lists
     every field Size covers (winnt.h, Windows 11 SDK), values only for those an oracle prints.
 R1. Relocations and .pdata are pinned by counts and a sha256 digest of their entries (lines
     "B <pageRva> <sizeOfBlock>" then "<type> <offset>" per entry; "<begin> <end> <unwind>" per
     function, upper-case hex), so the golden files stay small; the digest is recomputed the same
     way in DirectoryGoldenTest.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys

import pefile

sys.path.insert(0, os.path.dirname(__file__))
import make_golden  # noqa: E402  (find_pe_files, entry_id, llvm_tree, is_pe)

REPO = make_golden.REPO
OUT = os.path.join(REPO, "src", "test", "resources", "golden-directories")
WINE_DIRS = ["/usr/lib/x86_64-linux-gnu/wine/x86_64-windows", "/usr/lib/x86_64-linux-gnu/wine/i386-windows"]
MAX_TLS_CALLBACKS = 0x400

# winnt.h IMAGE_LOAD_CONFIG_DIRECTORY, Windows 11 SDK; "P" is pointer-sized. Names are pescope's JSON keys.
LOAD_CONFIG_LAYOUT = [
    ("size", "I"), ("timeDateStamp", "I"), ("majorVersion", "H"), ("minorVersion", "H"),
    ("globalFlagsClear", "I"), ("globalFlagsSet", "I"), ("criticalSectionDefaultTimeout", "I"),
    ("deCommitFreeBlockThreshold", "P"), ("deCommitTotalFreeThreshold", "P"), ("lockPrefixTable", "P"),
    ("maximumAllocationSize", "P"), ("virtualMemoryThreshold", "P"),
    ("AFFINITY_HEAP", None),
    ("csdVersion", "H"), ("dependentLoadFlags", "H"), ("editList", "P"), ("securityCookie", "P"),
    ("seHandlerTable", "P"), ("seHandlerCount", "P"), ("guardCFCheckFunctionPointer", "P"),
    ("guardCFDispatchFunctionPointer", "P"), ("guardCFFunctionTable", "P"), ("guardCFFunctionCount", "P"),
    ("guardFlags", "I"), ("codeIntegrityFlags", "H"), ("codeIntegrityCatalog", "H"),
    ("codeIntegrityCatalogOffset", "I"), ("codeIntegrityReserved", "I"),
    ("guardAddressTakenIatEntryTable", "P"), ("guardAddressTakenIatEntryCount", "P"),
    ("guardLongJumpTargetTable", "P"), ("guardLongJumpTargetCount", "P"), ("dynamicValueRelocTable", "P"),
    ("chpeMetadataPointer", "P"), ("guardRFFailureRoutine", "P"), ("guardRFFailureRoutineFunctionPointer", "P"),
    ("dynamicValueRelocTableOffset", "I"), ("dynamicValueRelocTableSection", "H"), ("reserved2", "H"),
    ("guardRFVerifyStackPointerFunctionPointer", "P"), ("hotPatchTableOffset", "I"), ("reserved3", "I"),
    ("enclaveConfigurationPointer", "P"), ("volatileMetadataPointer", "P"), ("guardEHContinuationTable", "P"),
    ("guardEHContinuationCount", "P"), ("guardXFGCheckFunctionPointer", "P"),
    ("guardXFGDispatchFunctionPointer", "P"), ("guardXFGTableDispatchFunctionPointer", "P"),
    ("castGuardOsDeterminedFailureMode", "P"), ("guardMemcpyFunctionPointer", "P"),
]
# pefile's field names where lower-camel-casing them does not give ours.
PEFILE_LOAD_CONFIG_NAMES = {"Reserved1": "dependentLoadFlags", "CSDVersion": "csdVersion",
                            "SEHandlerTable": "seHandlerTable", "SEHandlerCount": "seHandlerCount",
                            "CHPEMetadataPointer": "chpeMetadataPointer"}
LLVM_LOAD_CONFIG_NAMES = {"GuardCFCheckFunction": "guardCFCheckFunctionPointer",
                          "GuardCFCheckDispatch": "guardCFDispatchFunctionPointer",
                          "CSDVersion": "csdVersion", "SEHandlerTable": "seHandlerTable",
                          "SEHandlerCount": "seHandlerCount", "CHPEMetadataPointer": "chpeMetadataPointer"}
LLVM_DEBUG_TYPES = {"CodeView": 2, "POGO": 13, "VCFeature": 12, "Repro": 16, "ExtendedDLLCharacteristics": 20,
                    "ILTCG": 14, "FPO": 3, "Misc": 4, "COFF": 1, "Unknown": 0}


def lower_camel(name):
    return PEFILE_LOAD_CONFIG_NAMES.get(name) or name[0].lower() + name[1:]


def layout(is64):
    fields, at = [], 0
    for name, kind in LOAD_CONFIG_LAYOUT:
        pairs = ([("processAffinityMask", "P"), ("processHeapFlags", "I")] if is64
                 else [("processHeapFlags", "I"), ("processAffinityMask", "P")]) if kind is None else [(name, kind)]
        for n, k in pairs:
            width = {"H": 2, "I": 4, "P": 8 if is64 else 4}[k]
            fields.append((n, at, width))
            at += width
    return fields


def digest(lines):
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def llvm(path, *options):
    proc = subprocess.run(["llvm-readobj", *options, path], capture_output=True)
    return proc.returncode, make_golden.llvm_tree(proc.stdout.decode("latin-1")), proc.stderr.decode("latin-1")


def raw_bytes(value):
    """The bytes of an llvm-readobj RawData dump: lines "0000: 00000000 00100000 ... |text|"."""
    data = bytearray()
    for line in value.splitlines():
        m = re.match(r"^\s*[0-9A-F]{4,}: ((?:[0-9A-F]{2,8} ?)+)", line)
        if m:
            data += bytes.fromhex(m.group(1).replace(" ", ""))
    return bytes(data)


def llvm_raw_data(path):
    """RawData bytes per debug entry index, from llvm-readobj's text (its tree parser drops them)."""
    out = subprocess.run(["llvm-readobj", "--coff-debug-directory", path], capture_output=True).stdout.decode("latin-1")
    result, index, collecting, buf = {}, -1, False, []
    for line in out.splitlines():
        s = line.strip()
        if s == "DebugEntry {":
            index += 1
        elif s == "RawData (":
            collecting, buf = True, []
        elif collecting and s == ")":
            result[index] = raw_bytes("\n".join(buf))
            collecting = False
        elif collecting:
            buf.append(s)
    return result


def decode_data(type_code, data):
    """D1: POGO, VC_FEATURE, REPRO and EX_DLLCHARACTERISTICS data by their documented layouts."""
    u4 = lambda at: int.from_bytes(data[at:at + 4], "little")  # noqa: E731
    if type_code == 13 and len(data) >= 4:
        entries, at = [], 4
        while len(data) - at >= 9 and len(entries) < 0x1000:
            name = data[at + 8:].split(b"\0", 1)[0][:0x200]
            entries.append({"rva": u4(at), "size": u4(at + 4), "name": name.decode("latin-1")})
            at += 8 + (len(name) + 1 + 3) // 4 * 4
        return {"pogo": {"signature": u4(0), "entries": entries}}
    if type_code == 12 and len(data) >= 20:
        return {"vcFeature": dict(zip(["preVc11", "cAndCpp", "gs", "sdl", "guardN"], [u4(i) for i in range(0, 20, 4)]))}
    if type_code == 16:
        if len(data) < 4:
            return {"repro": {"hash": ""}}
        return {"repro": {"hash": data[4:4 + min(u4(0), 0x100)].hex().upper()}}
    if type_code == 20 and len(data) >= 4:
        return {"exDllCharacteristics": {"flags": u4(0)}}
    return {}


def guid(cv):
    d4 = bytes([cv.Signature_Data4, cv.Signature_Data5]) + bytes(cv.Signature_Data6)
    return "{%08X-%04X-%04X-%s-%s}" % (cv.Signature_Data1, cv.Signature_Data2, cv.Signature_Data3,
                                        d4[:2].hex().upper(), d4[2:].hex().upper())


def pdb_name(cv):
    raw = bytes(getattr(cv, "PdbFileName", b"") or b"")
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def debug_view(pe, path, problems):
    entries = getattr(pe, "DIRECTORY_ENTRY_DEBUG", None)
    if entries is None:
        return None
    raw = llvm_raw_data(path)
    rc, tree, err = llvm(path, "--coff-debug-directory")
    llvm_entries = [dict(v) for k, v in next((v for k, v in tree if k == "DebugDirectory"), []) if k == "DebugEntry"]
    result = []
    for i, d in enumerate(entries):
        s = d.struct
        e = {"typeCode": s.Type, "characteristics": s.Characteristics, "timeDateStamp": s.TimeDateStamp,
             "majorVersion": s.MajorVersion, "minorVersion": s.MinorVersion, "sizeOfData": s.SizeOfData,
             "addressOfRawData": s.AddressOfRawData, "pointerToRawData": s.PointerToRawData}
        cv = d.entry
        if s.Type == 2 and cv is not None:
            if getattr(cv, "CvSignature", None) == b"RSDS":
                e["codeView"] = {"signature": "RSDS", "guid": guid(cv), "age": cv.Age, "pdbPath": pdb_name(cv)}
            elif hasattr(cv, "CvHeaderSignature"):
                e["codeView"] = {"signature": "NB10", "timeSignature": cv.Signature, "age": cv.Age,
                                 "pdbPath": pdb_name(cv)}
        elif i in raw:
            e.update(decode_data(s.Type, raw[i][:s.SizeOfData]))
        result.append(e)
        if i >= len(llvm_entries):
            continue
        theirs = llvm_entries[i]
        for key, mine in (("SizeOfData", "sizeOfData"), ("AddressOfRawData", "addressOfRawData"),
                          ("PointerToRawData", "pointerToRawData"), ("TimeDateStamp", "timeDateStamp")):
            if key in theirs and make_golden.llvm_number(theirs[key]) != e[mine]:
                problems.append(f"debug entry {i} {mine}: {e[mine]}, llvm-readobj {theirs[key]}")
        m = re.search(r"\((0x[0-9A-F]+)\)", theirs.get("Type", ""))
        if m and int(m.group(1), 16) != e["typeCode"]:
            problems.append(f"debug entry {i} type {e['typeCode']}, llvm-readobj {theirs['Type']}")
        info = dict(theirs.get("PDBInfo", []) or [])
        if "codeView" in e and info:
            if info.get("PDBFileName", "") != e["codeView"]["pdbPath"]:
                problems.append(f"debug entry {i} pdbPath {e['codeView']['pdbPath']!r}, "
                                f"llvm-readobj {info.get('PDBFileName')!r}")
            if "PDBAge" in info and int(info["PDBAge"]) != e["codeView"]["age"]:
                problems.append(f"debug entry {i} age {e['codeView']['age']}, llvm-readobj {info['PDBAge']}")
    if rc == 0 and len(llvm_entries) != len(result):
        problems.append(f"debug: {len(result)} entries, llvm-readobj {len(llvm_entries)}")
    return result


def load_config_view(pe, path, problems):
    lc = getattr(pe, "DIRECTORY_ENTRY_LOAD_CONFIG", None)
    if lc is None:
        return None
    s = lc.struct
    is64 = pe.OPTIONAL_HEADER.Magic == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS
    covered = [(n, at, w) for n, at, w in layout(is64) if at + w <= s.Size]
    names = [n for n, _, _ in covered]
    values = {}
    for key in s.__keys__:
        name = lower_camel(key[0])
        if name in names:  # L1
            values[name] = getattr(s, key[0])
    rc, tree, err = llvm(path, "--coff-load-config")
    theirs = dict(next((v for k, v in tree if k == "LoadConfig"), []))
    for key, value in theirs.items():
        name = LLVM_LOAD_CONFIG_NAMES.get(key) or key[0].lower() + key[1:]
        if name not in names:
            continue
        number = make_golden.llvm_number(value.split(" (")[-1].rstrip(")") if "(" in value else value)
        if name not in values:
            values[name] = number
        elif values[name] != number:
            problems.append(f"loadConfig {name}: {values[name]}, llvm-readobj {value}")
    return {"size": s.Size, "fieldNames": names, "fields": values}


def tls_view(pe, path, problems):
    tls = getattr(pe, "DIRECTORY_ENTRY_TLS", None)
    if tls is None:
        return None
    s = tls.struct
    is64 = pe.OPTIONAL_HEADER.Magic == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS
    width = 8 if is64 else 4
    callbacks = []
    if s.AddressOfCallBacks:
        rva = s.AddressOfCallBacks - pe.OPTIONAL_HEADER.ImageBase
        for i in range(MAX_TLS_CALLBACKS):
            try:
                data = pe.get_data(rva + i * width, width)
            except pefile.PEFormatError:
                break
            if len(data) < width:
                break
            va = int.from_bytes(data, "little")
            if va == 0:
                break
            callbacks.append(va)
    view = {"startAddressOfRawData": s.StartAddressOfRawData, "endAddressOfRawData": s.EndAddressOfRawData,
            "addressOfIndex": s.AddressOfIndex, "addressOfCallBacks": s.AddressOfCallBacks,
            "sizeOfZeroFill": s.SizeOfZeroFill, "characteristics": s.Characteristics, "callbacks": callbacks}
    rc, tree, err = llvm(path, "--coff-tls-directory")
    theirs = dict(next((v for k, v in tree if k == "TLSDirectory"), []) or [])
    for key, value in theirs.items():
        name = key[0].lower() + key[1:]
        if name in view and make_golden.llvm_number(value) != view[name]:
            problems.append(f"tls {name}: {view[name]}, llvm-readobj {value}")
    return view


def relocations_view(pe, path, problems):
    blocks = getattr(pe, "DIRECTORY_ENTRY_BASERELOC", None)
    if blocks is None:
        return None
    lines, by_type, entries = [], {}, 0
    names = {0: "ABSOLUTE", 1: "HIGH", 2: "LOW", 3: "HIGHLOW", 4: "HIGHADJ", 5: "MACHINE_SPECIFIC_5", 6: "RESERVED",
             7: "THUMB_MOV32", 8: "MACHINE_SPECIFIC_8", 9: "MACHINE_SPECIFIC_9", 10: "DIR64"}
    llvm_mine = []
    for b in blocks:
        lines.append("B %X %X\n" % (b.struct.VirtualAddress, b.struct.SizeOfBlock))
        for e in b.entries:
            offset = e.rva - e.base_rva
            lines.append("%d %X\n" % (e.type, offset))
            name = names.get(e.type, f"TYPE_{e.type}")
            by_type[name] = by_type.get(name, 0) + 1
            entries += 1
            llvm_mine.append((name, e.rva))
    rc, tree, err = llvm(path, "--coff-basereloc")
    theirs = [dict(v) for k, v in next((v for k, v in tree if k == "BaseReloc"), []) if k == "Entry"]
    llvm_names = {"ABSOLUTE": "ABSOLUTE", "HIGHLOW": "HIGHLOW", "DIR64": "DIR64", "HIGH": "HIGH", "LOW": "LOW", "HIGHADJ": "HIGHADJ",
                  "ARM_MOV32(T)": "THUMB_MOV32", "ARM_MOV32": "MACHINE_SPECIFIC_5"}
    llvm_list = [(llvm_names.get(t.get("Type"), t.get("Type")), make_golden.llvm_number(t["Address"])) for t in theirs]
    if rc != 0:
        problems.append(f"relocations: llvm-readobj failed: {err.strip()[:200]}")
    elif llvm_list != llvm_mine:
        first = next((i for i, (a, b) in enumerate(zip(llvm_mine, llvm_list)) if a != b), min(len(llvm_mine), len(llvm_list)))
        problems.append(f"relocations: {len(llvm_mine)} entries, llvm-readobj {len(llvm_list)}; "
                        f"first difference at {first}: "
                        f"{llvm_mine[first] if first < len(llvm_mine) else None} vs "
                        f"{llvm_list[first] if first < len(llvm_list) else None}")
    return {"blocks": len(blocks), "entries": entries, "byType": dict(sorted(by_type.items())), "digest": digest(lines)}


def exceptions_view(pe, path, problems, notes):
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY
    if len(d) <= 3 or d[3].VirtualAddress == 0 or d[3].Size == 0:
        return None
    machine = pe.FILE_HEADER.Machine
    if machine not in (0x8664, 0xAA64, 0xA64E):
        return None
    arm64 = machine != 0x8664
    proc = subprocess.run(["llvm-readobj", "--unwind", path], capture_output=True)
    tree = make_golden.llvm_tree(proc.stdout.decode("latin-1"))
    functions = [dict(v) for k, v in next((v for k, v in tree if k == "UnwindInformation"), []) if k == "RuntimeFunction"]
    base = pe.OPTIONAL_HEADER.ImageBase
    if arm64:
        if proc.returncode != 0:
            notes.append("exceptions: llvm-readobj --unwind failed; no oracle for this ARM64 table")
            return None
        lines = []
        for f in functions:
            begin = make_golden.llvm_number(f["Function"]) - base
            if "FunctionLength" in f:  # packed: the length is in the entry itself
                lines.append((begin, begin + int(f["FunctionLength"])))
            else:
                lines.append((begin, 0))
        return {"form": "ARM64", "count": len(functions), "digest": digest("%X %X\n" % x for x in lines),
                "source": "llvm-readobj --unwind"}
    entries = getattr(pe, "DIRECTORY_ENTRY_EXCEPTION", None) or []
    declared = d[3].Size // 12
    mine = [(e.struct.BeginAddress, e.struct.EndAddress, e.struct.UnwindData) for e in entries]
    if len(mine) != declared:
        notes.append(f"exceptions: pefile read {len(mine)} of {declared} entries (it stops at unwind info it "
                     f"cannot unpack)")
    theirs = [tuple(make_golden.llvm_number(f[k]) - base for k in ("StartAddress", "EndAddress", "UnwindInfoAddress"))
              for f in functions if all(k in f for k in ("StartAddress", "EndAddress", "UnwindInfoAddress"))]
    if proc.returncode != 0:
        # LLVM 14 aborts ("stack smashing detected") on some MSVC unwind info; what it printed
        # before is still compared.
        agree = theirs == mine[:len(theirs)]
        problems.append(f"exceptions: llvm-readobj --unwind aborted (exit {proc.returncode}) after "
                        f"{len(theirs)} of {len(mine)} entries; those {'agree' if agree else 'DIFFER'}")
    elif theirs != mine:
        problems.append(f"exceptions: {len(mine)} entries, llvm-readobj {len(theirs)}"
                        + ("" if len(theirs) != len(mine) else "; values differ"))
    return {"form": "X64", "count": len(mine), "digest": digest("%X %X %X\n" % m for m in mine)}


def view_for(path, rel):
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories(directories=[3, 5, 6, 9, 10])
    problems, notes = [], []
    v = {"file": rel,
         "debug": debug_view(pe, path, problems),
         "loadConfig": load_config_view(pe, path, problems),
         "tls": tls_view(pe, path, problems),
         "relocations": relocations_view(pe, path, problems),
         "exceptions": exceptions_view(pe, path, problems, notes)}
    warnings = [w for w in pe.get_warnings()
                if re.search(r"debug|tls|load_config|reloc|exception|unwind", w, re.IGNORECASE)]
    v["sources"] = {"oracles": f"pefile {pefile.__version__}, {make_golden.llvm_version()}",
                    "disagreements": problems, "notes": notes + [f"pefile: {w}" for w in warnings]}
    return v


def dump(value):
    return json.dumps(value, indent=1, ensure_ascii=True) + "\n"


def wine_files():
    for base in WINE_DIRS:
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            full = os.path.join(base, name)
            if os.path.isfile(full) and not os.path.islink(full) and make_golden.is_pe(full):
                yield os.path.basename(base) + "/" + name, full


def dpkg_version(package):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def wine_view():
    """The gzipped view of every Wine PE file, with the package versions it was made from."""
    files = []
    for rel, path in wine_files():
        try:
            v = view_for(path, rel)
        except Exception as e:
            print(f"SKIP wine/{rel}: {type(e).__name__}: {e}")
            continue
        with open(path, "rb") as f:
            v["sha256"] = hashlib.sha256(f.read()).hexdigest()
        for p in v["sources"]["disagreements"]:
            print(f"DISAGREE wine/{rel}: {p}")
        for n in v["sources"]["notes"]:
            print(f"NOTE wine/{rel}: {n}")
        files.append(v)
    body = json.dumps({"packages": {"libwine": dpkg_version("libwine"),
                                    "libz-mingw-w64": dpkg_version("libz-mingw-w64")},
                       "files": files}, ensure_ascii=True, separators=(",", ":")).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(body)
    return buf.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a golden file would change")
    parser.add_argument("--no-wine", action="store_true", help="leave wine.json.gz alone")
    parser.add_argument("--wine-to", metavar="PATH",
                        help="only write the Wine view of the installed files to PATH (for another Wine version)")
    args = parser.parse_args()
    if args.wine_to:
        with open(args.wine_to, "wb") as out:
            out.write(wine_view())
        return
    outputs, index, disagreements = {}, [], 0
    for root, rel, path in make_golden.find_pe_files():
        ident = make_golden.entry_id(root, rel)
        try:
            v = view_for(path, rel)
        except Exception as e:  # a file pefile cannot read has no golden entry
            print(f"SKIP {root}/{rel}: {type(e).__name__}: {e}")
            continue
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        outputs[ident + ".json"] = dump(v)
        index.append({"id": ident, "root": root, "path": rel, "sha256": sha, "golden": ident + ".json"})
        for p in v["sources"]["disagreements"]:
            disagreements += 1
            print(f"DISAGREE {root}/{rel}: {p}")
        for n in v["sources"]["notes"]:
            print(f"NOTE {root}/{rel}: {n}")
    outputs["index.json"] = dump(index)
    wine = None
    if not args.no_wine and any(os.path.isdir(d) for d in WINE_DIRS):
        wine = wine_view()
    existing = {f for f in os.listdir(OUT) if f.endswith(".json")} if os.path.isdir(OUT) else set()
    if args.check:
        stale = [f for f in existing | set(outputs) if f not in outputs or f not in existing
                 or open(os.path.join(OUT, f)).read() != outputs[f]]
        if wine is not None and (not os.path.exists(os.path.join(OUT, "wine.json.gz"))
                                 or open(os.path.join(OUT, "wine.json.gz"), "rb").read() != wine):
            stale.append("wine.json.gz")
        for f in sorted(stale):
            print(f"STALE {f}")
        print(f"{len(stale)} directory golden file(s) out of date" if stale else "directory golden files up to date")
        sys.exit(1 if stale else 0)
    os.makedirs(OUT, exist_ok=True)
    for f in existing - set(outputs):
        os.remove(os.path.join(OUT, f))
    for f, content in outputs.items():
        with open(os.path.join(OUT, f), "w") as out:
            out.write(content)
    if wine is not None:
        with open(os.path.join(OUT, "wine.json.gz"), "wb") as out:
            out.write(wine)
    print(f"{len(index)} directory golden files{' + wine.json.gz' if wine else ''}, "
          f"{disagreements} disagreement(s) with llvm-readobj")


if __name__ == "__main__":
    main()
