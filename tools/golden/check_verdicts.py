#!/usr/bin/python3
"""An independent computation of `pescope check`'s verdicts with pefile (Debian python3-pefile).

For every PE file under testdata/, target/real-dlls/ and Wine's PE folders (when installed) it
reads the facts each rule is defined on -- DllCharacteristics, RELOCS_STRIPPED, the load
configuration's SecurityCookie / SEHandlerTable / GuardCFCheckFunctionPointer / GuardFlags, the
debug directory's EX_DLLCHARACTERISTICS entry, section flags, the import and IAT directories,
the CLR header's ILONLY flag, the stored and computed checksum -- through pefile, and writes the
verdict (pass, fail, not-applicable) of each rule except `signature`, which osslsigncode checks
(src/test/java/pescope/pe/authenticode). CheckVerdictsTest compares pescope with this file.

  tools/golden/check_verdicts.py [--out FILE]   default src/test/resources/golden-check/verdicts.json
"""
import argparse
import glob
import hashlib
import json
import os
import struct
import sys

import pefile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOTS = {"testdata": os.path.join(REPO, "testdata"),
         "realDlls": os.path.join(REPO, "target", "real-dlls"),
         "wine": "/usr/lib/x86_64-linux-gnu/wine"}

DYNAMIC_BASE, HIGH_ENTROPY_VA, NX_COMPAT, NO_SEH, GUARD_CF, FORCE_INTEGRITY = 0x40, 0x20, 0x100, 0x400, 0x4000, 0x80
RELOCS_STRIPPED = 0x1
MEM_EXECUTE, MEM_WRITE, MEM_SHARED, CNT_CODE = 0x20000000, 0x80000000, 0x10000000, 0x20
I386, AMD64 = 0x14C, 0x8664
DEBUG_TYPE_EX_DLLCHARACTERISTICS = 20
CET_COMPAT = 0x1
CF_INSTRUMENTED = 0x100
COMIMAGE_FLAGS_ILONLY = 0x1


def is_pe(path):
    try:
        with open(path, "rb") as f:
            head = f.read(0x40)
            if len(head) < 0x40 or head[:2] != b"MZ":
                return False
            f.seek(struct.unpack_from("<I", head, 0x3C)[0])
            return f.read(4) == b"PE\0\0"
    except OSError:
        return False


def load_config(pe):
    lc = getattr(pe, "DIRECTORY_ENTRY_LOAD_CONFIG", None)
    return lc.struct if lc is not None else None


def field(struct_, name):
    return getattr(struct_, name, 0) if struct_ is not None else 0


def il_only(pe):
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY[14]
    if d.VirtualAddress == 0 or d.Size < 20:
        return False
    try:
        flags = struct.unpack_from("<I", pe.get_data(d.VirtualAddress + 16, 4))[0]
    except pefile.PEFormatError:
        return False
    return bool(flags & COMIMAGE_FLAGS_ILONLY)


def cet_compatible(pe):
    for entry in getattr(pe, "DIRECTORY_ENTRY_DEBUG", []):
        if entry.struct.Type == DEBUG_TYPE_EX_DLLCHARACTERISTICS and entry.struct.SizeOfData >= 4:
            data = pe.__data__[entry.struct.PointerToRawData:entry.struct.PointerToRawData + 4]
            if len(data) == 4:
                return bool(struct.unpack("<I", data)[0] & CET_COMPAT)
    return False


def section_at(pe, rva):
    for s in pe.sections:
        if s.VirtualAddress <= rva < s.VirtualAddress + max(s.Misc_VirtualSize, s.SizeOfRawData):
            return s
    return None


def verdicts(pe):
    oh, fh = pe.OPTIONAL_HEADER, pe.FILE_HEADER
    dll = oh.DllCharacteristics
    efi = 10 <= oh.Subsystem <= 13
    has_code = oh.AddressOfEntryPoint != 0 or any(s.Characteristics & (MEM_EXECUTE | CNT_CODE) for s in pe.sections)
    managed = il_only(pe)
    exempt = managed or not has_code
    lc = load_config(pe)
    v = {}
    if efi:
        v["aslr"] = "fail" if fh.Characteristics & RELOCS_STRIPPED else "pass"
    else:
        v["aslr"] = "pass" if dll & DYNAMIC_BASE and not fh.Characteristics & RELOCS_STRIPPED else "fail"
    if oh.Magic != 0x20B or efi:
        v["high-entropy-va"] = "not-applicable"
    else:
        v["high-entropy-va"] = "pass" if dll & HIGH_ENTROPY_VA else "fail"
    v["nx"] = "pass" if dll & NX_COMPAT else "fail"
    if exempt:
        v["cfg"] = "not-applicable"
    else:
        v["cfg"] = "pass" if (dll & GUARD_CF and field(lc, "GuardCFCheckFunctionPointer")
                              and field(lc, "GuardFlags") & CF_INSTRUMENTED) else "fail"
    if fh.Machine != I386 or managed:
        v["safeseh"] = "not-applicable"
    else:
        v["safeseh"] = "pass" if dll & NO_SEH or field(lc, "SEHandlerTable") else "fail"
    v["gs"] = "not-applicable" if exempt else ("pass" if field(lc, "SecurityCookie") else "fail")
    if fh.Machine not in (I386, AMD64) or exempt:
        v["cet"] = "not-applicable"
    else:
        v["cet"] = "pass" if cet_compatible(pe) else "fail"
    v["wx-section"] = "fail" if any(s.Characteristics & MEM_WRITE and s.Characteristics & MEM_EXECUTE
                                    for s in pe.sections) else "pass"
    v["shared-writable-section"] = "fail" if any(s.Characteristics & MEM_SHARED and s.Characteristics & MEM_WRITE
                                                 for s in pe.sections) else "pass"
    dirs = [pe.OPTIONAL_HEADER.DATA_DIRECTORY[i] for i in (1, 12)
            if i < len(pe.OPTIONAL_HEADER.DATA_DIRECTORY)]
    present = [d for d in dirs if d.VirtualAddress and d.Size]
    if not present:
        v["executable-imports"] = "not-applicable"
    else:
        executable = [d for d in present if (section_at(pe, d.VirtualAddress) is not None
                                             and section_at(pe, d.VirtualAddress).Characteristics & MEM_EXECUTE)]
        v["executable-imports"] = "fail" if executable else "pass"
    computed = pe.generate_checksum()
    if oh.CheckSum == computed:
        v["checksum"] = "pass"
    elif oh.CheckSum == 0 and oh.Subsystem != 1:
        v["checksum"] = "not-applicable"
    else:
        v["checksum"] = "fail"
    return v


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO, "src", "test", "resources", "golden-check", "verdicts.json"))
    args = parser.parse_args()
    if not os.path.isdir(ROOTS["realDlls"]):
        sys.exit("target/real-dlls is missing: run mvn -B generate-test-resources first")
    files = []
    for root_name, root in ROOTS.items():
        for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
            if root_name == "wine" and not os.path.basename(os.path.dirname(path)).endswith("-windows"):
                continue
            if not os.path.isfile(path) or not is_pe(path):
                continue
            with open(path, "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
            try:
                pe = pefile.PE(path, fast_load=False)
            except pefile.PEFormatError as e:
                files.append({"root": root_name, "path": os.path.relpath(path, root), "sha256": sha, "error": str(e)})
                continue
            files.append({"root": root_name, "path": os.path.relpath(path, root), "sha256": sha,
                          "verdicts": verdicts(pe)})
            pe.close()
    doc = {"tool": f"pefile {pefile.__version__}; tools/golden/check_verdicts.py", "files": files}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"wrote {args.out}: {len(files)} files")


if __name__ == "__main__":
    main()
