#!/usr/bin/python3
"""Golden JSON files for pescope's parser tests, taken from independent oracles.

Run through make_golden.sh (it unpacks target/real-dlls first). For every PE file under
testdata/ and target/real-dlls/ this writes src/test/resources/golden/<id>.json and lists it in
src/test/resources/golden/index.json. The Java tests read only those files; no Python at test
time.

Oracles: pefile (Debian's python3-pefile) gives every field; llvm-readobj (LLVM 14) resolves
COFF long section names and is the cross-check for imports, delay imports and exports.

Where pefile's view is adjusted, or differs from the Windows loader, and why
-----------------------------------------------------------------------------
Adjusted here (the golden file is the loader's view, not pefile's):
 A1. Ordinal imports. pefile's ordlookup fills in a name for ordinal imports from a few system
     DLLs (ws2_32, wsock32, oleaut32), from a table inside pefile, not from the file. The
     loader binds by ordinal, so the golden entry is {"ordinal": n} and ignores that name.
 A2. Name filters. pefile replaces import and DLL names whose bytes fall outside a
     "plausible identifier" set by b"*invalid*" and then drops the import; for exports it stops
     reading names at the first such name. The loader compares bytes and has no such filter, so
     both filters are switched off (is_valid_function_name, is_valid_dos_filename), except that
     an import name must still be valid UTF-8 (pefile decodes it in its packer heuristic); a
     non-UTF-8 import name is still dropped, and the llvm-readobj cross-check reports it.
     Names are the raw bytes decoded as ISO-8859-1, so every byte survives as one char.
 A3. End of the import descriptor list. pefile stops at the first all-zero descriptor; the
     loader stops at the first descriptor whose Name or FirstThunk is 0 (Wine's
     fixup_imports: while (imports[n].Name && imports[n].FirstThunk) n++). Descriptors after
     that are dropped.
 A4. Empty thunk lists. pefile drops a descriptor whose lookup table is empty; the descriptor
     is in the loader's list (and llvm-readobj prints it), so it is listed with
     "functions": []. Whether such a DLL gets loaded is for the dependency code to decide
     (Wine skips it: "Skipping unused import"). Likewise, when OriginalFirstThunk is non-zero
     but its table is empty, pefile falls back to the IAT (FirstThunk); the loader reads the
     IAT only when OriginalFirstThunk is 0 (Wine's import_dll), so that entry has no
     functions either.
 A5. Section names. pefile keeps a COFF long name raw ("/4"); the golden name is the one
     llvm-readobj resolves through the COFF string table, and sources.sectionNames says so.
     The loader ignores section names; a name is cut at its first NUL byte.
 A6. Export name of the DLL. With Name == 0, pefile reads a "name" at file offset 0 ("MZ...");
     the golden value is null then.

Kept as pefile has them (and why):
 K1. Zero entries in the export address table. pefile drops every EAT slot whose RVA is 0,
     named or not. link.exe fills ordinal gaps with 0, dumpbin omits them, and Wine's loader
     treats a zero slot as "not exported" (find_ordinal_export: if (!functions[ordinal])
     return NULL) for lookups by name and by ordinal, so the golden file has no entry for it.
     ReactOS's LdrpSnapThunk has no such check (it would resolve to the image base), and
     llvm-readobj 14 lists every slot, so its count can be higher: reported by the cross-check.
 K2. Exports by several names (aliases): one golden entry per name. llvm-readobj prints one
     slot per ordinal with the first name only. The golden list is sorted by ordinal, and
     names of one ordinal keep name-pointer-table order.
 K3. Forwarders: an EAT RVA inside the export directory's [RVA, RVA + Size) is a forwarder
     string, exactly the loader's rule; such entries have "forwarder" and no "rva".
 K4. Import ordinals are AddressOfData & 0xFFFF (IMAGE_ORDINAL), like the loader.
 K5. Delay imports with Attributes == 0 in an i386 image hold VAs (pre-VC6 delayimp); pefile
     turns them into RVAs, as the old helper did. Other machines take them as RVAs.
 K6. Caps: MAX_IMPORT_SYMBOLS (0x2000 imports and delay imports together), 0x2000 exports,
     0x800 sections, 0x200-byte import and DLL names, more than 10 repeated (name, RVA)
     exports, 15 repeated hint/name RVAs or thunk RVAs spread over more than 128 MB in one
     table (table dropped). The loader has none of these; pescope keeps the same caps as
     named constants, so they stay. None of our inputs reaches one.
 K7. Corrupt tables. pefile gives up on a whole export directory when a name's ordinal index
     is past NumberOfFunctions, and drops an import table with unreadable entries; the loader
     would fail the load or the one lookup. Such cases show up as cross-check disagreements.
 K8. Bound imports. pefile reads the bound import directory with its RVA taken as a file
     offset (it lives in the headers, where the two are equal), stops at the first descriptor
     with an empty or non-printable name, and drops a forwarder list at such a name. The
     loader only compares the time stamps.
 K9. RVAs outside every section are read at the same file offset (the headers map 1:1); an
     ordinal import with ordinal 0 is dropped by pefile ("if imp_ord or imp_name"). The
     loader would fail to bind it either way.
Not from pefile at all: "file", "format" (from the optional header magic), and "sources".
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

import pefile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOTS = {"testdata": os.path.join(REPO, "testdata"),
         "realDlls": os.path.join(REPO, "target", "real-dlls")}
OUT = os.path.join(REPO, "src", "test", "resources", "golden")

DIRECTORY_NAMES = ["Export", "Import", "Resource", "Exception", "Certificates",
                   "Base Relocation", "Debug", "Architecture", "Global Pointer",
                   "Thread Storage", "Load Configuration", "Bound Import",
                   "Import Address Table", "Delay Import", "COM Descriptor", "Reserved"]

def any_name(s, relax_allowed_characters=False):
    """A2: the loader compares name bytes; it has no notion of a valid-looking name. Import
    names (the strict call) must still decode as UTF-8: pefile's packer heuristic decodes them
    and would crash otherwise."""
    if not isinstance(s, (bytes, bytearray)):
        return isinstance(s, str)
    if relax_allowed_characters:
        return True
    try:
        bytes(s).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


pefile.is_valid_function_name = any_name
pefile.is_valid_dos_filename = lambda s: isinstance(s, (bytes, bytearray, str))


def text(raw):
    """Raw name bytes as a JSON string, one char per byte (A2)."""
    return None if raw is None else bytes(raw).decode("latin-1")


def version(major, minor):
    return f"{major}.{minor}"


def is_pe(path):
    with open(path, "rb") as f:
        head = f.read(0x40)
        if len(head) < 0x40 or head[:2] != b"MZ":
            return False
        e_lfanew = int.from_bytes(head[0x3C:0x40], "little")
        f.seek(e_lfanew)
        return f.read(4) == b"PE\0\0"


def find_pe_files():
    found = []
    for root, base in ROOTS.items():
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if os.path.isfile(full) and not os.path.islink(full) and is_pe(full):
                    found.append((root, os.path.relpath(full, base).replace(os.sep, "/"), full))
    return found


def entry_id(root, rel):
    return re.sub(r"[^A-Za-z0-9._-]", "_", f"{root}_{rel}")


# ---------------------------------------------------------------- llvm-readobj

LLVM_SYMBOL = re.compile(r"^(.*) \((\d+)\)$")
LLVM_NAME = re.compile(r"^(.*) \(([0-9A-F]{2}(?: [0-9A-F]{2})*)\)$")


def llvm_version():
    out = subprocess.run(["llvm-readobj", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"LLVM version (\S+)", out)
    return f"llvm-readobj {m.group(1) if m else '?'}"


def llvm_tree(out):
    """llvm-readobj's text output as nested [(key, value or children)] lists."""
    root = []
    stack = [root]
    skip = 0  # inside a flag list such as "Characteristics [ (0x2106)"
    for line in out.splitlines():
        s = line.strip()
        if skip:
            skip += s.endswith("[")
            skip -= s == "]"
            continue
        m = re.match(r"^(\w+) \[ \((0x[0-9A-F]+)\)$", s)
        if m:
            stack[-1].append((m.group(1), m.group(2)))
            skip = 1
        elif re.match(r"^\w+ [{\[]$", s):
            children = []
            stack[-1].append((s[:-2], children))
            stack.append(children)
        elif s in ("}", "]"):
            if len(stack) > 1:
                stack.pop()
        else:
            key, sep, value = s.partition(": ")
            if sep:
                stack[-1].append((key, value))
            elif s.endswith(":"):
                stack[-1].append((s[:-1], ""))
    return root


def llvm_number(value):
    m = re.search(r"\((0x[0-9A-Fa-f]+)\)$", value)
    if m:
        return int(m.group(1), 16)
    return int(value, 16) if value.startswith("0x") else int(value)


def llvm_read(path):
    """Headers, sections, imports, delay imports and exports as llvm-readobj prints them."""
    proc = subprocess.run(["llvm-readobj", "--file-headers", "--sections", "--coff-imports",
                           "--coff-exports", path], capture_output=True)
    tree = llvm_tree(proc.stdout.decode("latin-1"))
    result = {"ok": proc.returncode == 0, "stderr": proc.stderr.decode("latin-1").strip(),
              "fileHeader": {}, "optionalHeader": {}, "dataDirectories": [],
              "sections": [], "imports": [], "delayImports": [], "exports": []}
    for key, value in tree:
        if key == "ImageFileHeader":
            result["fileHeader"] = dict(value)
        elif key == "ImageOptionalHeader":
            for k, v in value:
                if k == "DataDirectory":
                    result["dataDirectories"] = [llvm_number(x) for _, x in v]
                else:
                    result["optionalHeader"][k] = v
        elif key == "Sections":
            result["sections"] = [dict(fields) for _, fields in value]
        elif key in ("Import", "DelayImport"):
            fields = dict(value)
            symbols = [v for k, v in value if k == "Symbol"]
            symbols += [dict(v)["Symbol"] for k, v in value if k == "Import"]
            parsed = []
            for sym in symbols:
                m = LLVM_SYMBOL.match(sym)
                parsed.append((m.group(1), int(m.group(2))) if m else (sym, None))
            result["imports" if key == "Import" else "delayImports"].append(
                {"dll": fields.get("Name"), "symbols": parsed})
        elif key == "Export":
            fields = dict(value)
            if "Ordinal" not in fields:
                # Cut off by an error (LLVM 14 cannot name exports of a table with no name
                # pointer table): the failure is reported from the exit status.
                continue
            e = {"ordinal": int(fields["Ordinal"]), "name": fields.get("Name", "")}
            if "ForwardedTo" in fields:
                e["forwarder"] = fields["ForwardedTo"]
            if "RVA" in fields:
                e["rva"] = llvm_number(fields["RVA"])
            result["exports"].append(e)
    return result


def section_name_from_llvm(llvm, index):
    """The resolved name llvm-readobj prints as "Name: .debug_info (2F 34 ...)"."""
    if index >= len(llvm["sections"]):
        return None
    m = LLVM_NAME.match(llvm["sections"][index].get("Name", ""))
    return m.group(1) if m else None


# ---------------------------------------------------------------- pefile → golden

def headers(pe):
    fh, oh = pe.FILE_HEADER, pe.OPTIONAL_HEADER
    plus = oh.Magic == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS
    g = {
        "format": "PE32+" if plus else "PE32",
        "machine": fh.Machine,
        "numberOfSections": fh.NumberOfSections,
        "timeDateStamp": fh.TimeDateStamp,
        "pointerToSymbolTable": fh.PointerToSymbolTable,
        "numberOfSymbols": fh.NumberOfSymbols,
        "sizeOfOptionalHeader": fh.SizeOfOptionalHeader,
        "characteristics": fh.Characteristics,
        "magic": oh.Magic,
        "linkerVersion": version(oh.MajorLinkerVersion, oh.MinorLinkerVersion),
        "sizeOfCode": oh.SizeOfCode,
        "sizeOfInitializedData": oh.SizeOfInitializedData,
        "sizeOfUninitializedData": oh.SizeOfUninitializedData,
        "addressOfEntryPoint": oh.AddressOfEntryPoint,
        "baseOfCode": oh.BaseOfCode,
    }
    if not plus:
        g["baseOfData"] = oh.BaseOfData
    g.update({
        "imageBase": oh.ImageBase,
        "sectionAlignment": oh.SectionAlignment,
        "fileAlignment": oh.FileAlignment,
        "operatingSystemVersion": version(oh.MajorOperatingSystemVersion,
                                          oh.MinorOperatingSystemVersion),
        "imageVersion": version(oh.MajorImageVersion, oh.MinorImageVersion),
        "subsystemVersion": version(oh.MajorSubsystemVersion, oh.MinorSubsystemVersion),
        "win32VersionValue": oh.Reserved1,
        "sizeOfImage": oh.SizeOfImage,
        "sizeOfHeaders": oh.SizeOfHeaders,
        "checkSum": oh.CheckSum,
        "subsystem": oh.Subsystem,
        "dllCharacteristics": oh.DllCharacteristics,
        "sizeOfStackReserve": oh.SizeOfStackReserve,
        "sizeOfStackCommit": oh.SizeOfStackCommit,
        "sizeOfHeapReserve": oh.SizeOfHeapReserve,
        "sizeOfHeapCommit": oh.SizeOfHeapCommit,
        "loaderFlags": oh.LoaderFlags,
        "numberOfRvaAndSizes": oh.NumberOfRvaAndSizes,
    })
    count = min(oh.NumberOfRvaAndSizes, 16)
    dirs = oh.DATA_DIRECTORY[:count]
    if len(dirs) != count:
        raise ValueError(f"pefile read {len(dirs)} of {count} data directories")
    g["dataDirectories"] = [{"name": DIRECTORY_NAMES[i], "rva": d.VirtualAddress, "size": d.Size}
                            for i, d in enumerate(dirs)]
    return g


def sections(pe, llvm, notes):
    """Section headers; long names "/n" resolved by llvm-readobj (A5)."""
    result = []
    resolved_by_llvm = False
    if len(pe.sections) != pe.FILE_HEADER.NumberOfSections:
        notes.append(f"pefile read {len(pe.sections)} of "
                     f"{pe.FILE_HEADER.NumberOfSections} section headers")
    for i, s in enumerate(pe.sections):
        raw = bytes(s.Name).split(b"\0", 1)[0]
        name = text(raw)
        if name.startswith("/") and name[1:].isdigit():
            resolved = section_name_from_llvm(llvm, i)
            if resolved and resolved != name:
                name = resolved
                resolved_by_llvm = True
            else:
                notes.append(f"section {i + 1}: long name {name} not resolved by llvm-readobj")
        result.append({
            "name": name,
            "virtualSize": s.Misc_VirtualSize,
            "virtualAddress": s.VirtualAddress,
            "sizeOfRawData": s.SizeOfRawData,
            "pointerToRawData": s.PointerToRawData,
            "pointerToRelocations": s.PointerToRelocations,
            "pointerToLinenumbers": s.PointerToLinenumbers,
            "numberOfRelocations": s.NumberOfRelocations,
            "numberOfLinenumbers": s.NumberOfLinenumbers,
            "characteristics": s.Characteristics,
        })
    return result, resolved_by_llvm


def symbol(imp):
    if imp.import_by_ordinal:  # A1: ordlookup's name is pefile's guess, not the file's
        return {"ordinal": imp.ordinal}
    return {"name": text(imp.name), "hint": imp.hint}


def thunk_size(pe):
    return 8 if pe.OPTIONAL_HEADER.Magic == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS else 4


def first_thunk_is_zero(pe, rva):
    try:
        data = pe.get_data(rva, thunk_size(pe))
    except pefile.PEFormatError:
        return False
    return len(data) == thunk_size(pe) and not any(data)


def imports(pe, notes):
    """Import directory in the loader's view (A3, A4) built on pefile's entries."""
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY
    if len(d) < 2 or d[1].VirtualAddress == 0:
        return []
    by_offset = {e.struct.get_file_offset(): e for e in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])}
    result = []
    rva = d[1].VirtualAddress
    while True:
        try:
            raw = pe.get_data(rva, 20)
            offset = pe.get_offset_from_rva(rva)
        except pefile.PEFormatError:
            notes.append(f"import descriptor at RVA {rva:#x} unreadable")
            break
        if len(raw) < 20:
            notes.append(f"import descriptor at RVA {rva:#x} truncated")
            break
        oft, _, _, name_rva, ft = (int.from_bytes(raw[i:i + 4], "little") for i in range(0, 20, 4))
        if name_rva == 0 or ft == 0:  # A3
            break
        entry = by_offset.pop(offset, None)
        lookup = oft if oft else ft
        if first_thunk_is_zero(pe, lookup):  # A4
            dll = entry.dll if entry else pe.get_string_at_rva(name_rva, pefile.MAX_DLL_LENGTH)
            result.append({"dll": text(dll), "functions": []})
        elif entry is None:
            notes.append(f"imports: pefile dropped the descriptor at RVA {rva:#x}")
        else:
            result.append({"dll": text(entry.dll), "functions": [symbol(i) for i in entry.imports]})
        rva += 20
    if by_offset:
        notes.append(f"imports: {len(by_offset)} descriptor(s) that pefile read are past the "
                     f"loader's end of the list (A3)")
    return result


def delay_imports(pe):
    return [{"dll": text(e.dll), "functions": [symbol(i) for i in e.imports]}
            for e in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]


def bound_imports(pe):
    return [{"dll": text(e.name), "timeDateStamp": e.struct.TimeDateStamp,
             "forwarders": [{"dll": text(f.name), "timeDateStamp": f.struct.TimeDateStamp}
                            for f in e.entries]}
            for e in getattr(pe, "DIRECTORY_ENTRY_BOUND_IMPORT", [])]


def exports(pe, notes):
    d = pe.OPTIONAL_HEADER.DATA_DIRECTORY
    if len(d) < 1 or d[0].VirtualAddress == 0:
        return None
    exp = getattr(pe, "DIRECTORY_ENTRY_EXPORT", None)
    if exp is None:
        notes.append("exports: pefile could not read the export directory")
        return None
    order = {}  # K2: by ordinal, then name-pointer-table order (pefile lists names first)
    for position, sym in enumerate(exp.symbols):
        order[id(sym)] = (sym.ordinal, position)
    functions = []
    for sym in sorted(exp.symbols, key=lambda s: order[id(s)]):
        f = {"ordinal": sym.ordinal}
        if sym.name is not None:
            f["name"] = text(sym.name)
        if sym.forwarder is not None:  # K3
            f["forwarder"] = text(sym.forwarder)
        else:
            f["rva"] = sym.address
        functions.append(f)
    return {"name": text(exp.name) if exp.struct.Name else None,  # A6
            "ordinalBase": exp.struct.Base,
            "timeDateStamp": exp.struct.TimeDateStamp,
            "functions": functions}


# ---------------------------------------------------------------- cross-check

LLVM_FILE_HEADER = {"Machine": "machine", "SectionCount": "numberOfSections",
                    "TimeDateStamp": "timeDateStamp", "PointerToSymbolTable": "pointerToSymbolTable",
                    "SymbolCount": "numberOfSymbols", "OptionalHeaderSize": "sizeOfOptionalHeader",
                    "Characteristics": "characteristics"}
LLVM_OPTIONAL_HEADER = {
    "Magic": "magic", "SizeOfCode": "sizeOfCode", "SizeOfInitializedData": "sizeOfInitializedData",
    "SizeOfUninitializedData": "sizeOfUninitializedData",
    "AddressOfEntryPoint": "addressOfEntryPoint", "BaseOfCode": "baseOfCode",
    "BaseOfData": "baseOfData", "ImageBase": "imageBase", "SectionAlignment": "sectionAlignment",
    "FileAlignment": "fileAlignment", "SizeOfImage": "sizeOfImage",
    "SizeOfHeaders": "sizeOfHeaders", "Subsystem": "subsystem",
    "Characteristics": "dllCharacteristics", "SizeOfStackReserve": "sizeOfStackReserve",
    "SizeOfStackCommit": "sizeOfStackCommit", "SizeOfHeapReserve": "sizeOfHeapReserve",
    "SizeOfHeapCommit": "sizeOfHeapCommit", "NumberOfRvaAndSize": "numberOfRvaAndSizes"}
LLVM_VERSIONS = {"linkerVersion": "Linker", "operatingSystemVersion": "OperatingSystem",
                 "imageVersion": "Image", "subsystemVersion": "Subsystem"}
LLVM_SECTION = {"VirtualSize": "virtualSize", "VirtualAddress": "virtualAddress",
                "RawDataSize": "sizeOfRawData", "PointerToRawData": "pointerToRawData",
                "PointerToRelocations": "pointerToRelocations",
                "PointerToLineNumbers": "pointerToLinenumbers",
                "RelocationCount": "numberOfRelocations", "LineNumberCount": "numberOfLinenumbers",
                "Characteristics": "characteristics"}


def compare_headers(g, llvm, problems):
    """Every header field llvm-readobj prints (it has no CheckSum, Win32VersionValue or
    LoaderFlags)."""
    pairs = [(LLVM_FILE_HEADER, llvm["fileHeader"]), (LLVM_OPTIONAL_HEADER, llvm["optionalHeader"])]
    for names, fields in pairs:
        for theirs, mine in names.items():
            if theirs in fields and mine in g and llvm_number(fields[theirs]) != g[mine]:
                problems.append(f"header {mine}: {g[mine]}, llvm-readobj {fields[theirs]}")
    oh = llvm["optionalHeader"]
    for mine, theirs in LLVM_VERSIONS.items():
        major, minor = oh.get(f"Major{theirs}Version"), oh.get(f"Minor{theirs}Version")
        if major is not None and g[mine] != version(llvm_number(major), llvm_number(minor)):
            problems.append(f"header {mine}: {g[mine]}, llvm-readobj {major}.{minor}")
    mine = [v for d in g["dataDirectories"] for v in (d["rva"], d["size"])]
    theirs = llvm["dataDirectories"][:len(mine)]
    if mine != theirs:
        problems.append(f"dataDirectories differ from llvm-readobj: {theirs}")
    if len(g["sections"]) != len(llvm["sections"]):
        problems.append(f"sections: {len(g['sections'])}, llvm-readobj {len(llvm['sections'])}")
    for i, (section, fields) in enumerate(zip(g["sections"], llvm["sections"])):
        if section["name"] != section_name_from_llvm(llvm, i):
            problems.append(f"section {i + 1} name {section['name']!r}, llvm-readobj "
                            f"{fields.get('Name')!r}")
        for theirs, key in LLVM_SECTION.items():
            if theirs in fields and llvm_number(fields[theirs]) != section[key]:
                problems.append(f"section {i + 1} {key}: {section[key]}, "
                                f"llvm-readobj {fields[theirs]}")


def compare_imports(kind, golden, llvm_list, problems):
    if len(golden) != len(llvm_list):
        problems.append(f"{kind}: {len(golden)} DLLs, llvm-readobj {len(llvm_list)}")
    for g, l in zip(golden, llvm_list):
        if g["dll"] != l["dll"]:
            problems.append(f"{kind}: DLL {g['dll']!r}, llvm-readobj {l['dll']!r}")
            continue
        if len(g["functions"]) != len(l["symbols"]):
            problems.append(f"{kind} {g['dll']}: {len(g['functions'])} symbols, "
                            f"llvm-readobj {len(l['symbols'])}")
        for f, (name, number) in zip(g["functions"], l["symbols"]):
            mine = (f["name"], f["hint"]) if "name" in f else ("", f["ordinal"])
            if mine != (name, number):
                problems.append(f"{kind} {g['dll']}: first difference {mine}, "
                                f"llvm-readobj {(name, number)}")
                break


def compare_exports(golden, export_dir, llvm_list, problems):
    functions = golden["functions"] if golden else []
    slots = {}
    for f in functions:
        slots.setdefault(f["ordinal"], []).append(f)
    aliases = len(functions) - len(slots)
    zero_slots = [e for e in llvm_list if e.get("rva") == 0 and "forwarder" not in e]
    live = [e for e in llvm_list if e not in zero_slots]
    if len(functions) != len(llvm_list):
        problems.append(f"exports: {len(functions)} entries ({len(slots)} ordinals, {aliases} "
                        f"alias names), llvm-readobj {len(llvm_list)} slots "
                        f"({len(zero_slots)} with RVA 0)")
    for e in zero_slots:
        if e["ordinal"] in slots:
            problems.append(f"exports: ordinal {e['ordinal']} has RVA 0 but a golden entry")
    for e in live:
        mine = slots.get(e["ordinal"])
        if not mine:
            problems.append(f"exports: ordinal {e['ordinal']} ({e.get('name')}) missing")
            continue
        first = mine[0]
        if first.get("name", "") != e.get("name", ""):
            problems.append(f"exports: ordinal {e['ordinal']} name {first.get('name')!r}, "
                            f"llvm-readobj {e.get('name')!r}")
        if "forwarder" in e and first.get("forwarder") != e["forwarder"]:
            problems.append(f"exports: ordinal {e['ordinal']} forwarder "
                            f"{first.get('forwarder')!r}, llvm-readobj {e['forwarder']!r}")
        if "forwarder" in first and "rva" in e and not (
                export_dir["rva"] <= e["rva"] < export_dir["rva"] + export_dir["size"]):
            problems.append(f"exports: ordinal {e['ordinal']} is a forwarder, but llvm-readobj's "
                            f"RVA {e['rva']:#x} is outside the export directory")
        if "forwarder" not in e and "forwarder" not in first and first["rva"] != e["rva"]:
            problems.append(f"exports: ordinal {e['ordinal']} RVA {first['rva']:#x}, "
                            f"llvm-readobj {e['rva']:#x}")
    live_ordinals = {e["ordinal"] for e in live}
    for ordinal in slots:
        if ordinal not in live_ordinals:
            problems.append(f"exports: ordinal {ordinal} not listed by llvm-readobj")


# ---------------------------------------------------------------- main

def golden_for(root, rel, path, pefile_name, llvm_name):
    with open(path, "rb") as f:
        data = f.read()
    pe = pefile.PE(data=data, fast_load=True)
    if pe.OPTIONAL_HEADER.Magic not in (pefile.OPTIONAL_HEADER_MAGIC_PE,
                                        pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS):
        raise ValueError(f"optional header magic {pe.OPTIONAL_HEADER.Magic:#x}")
    pe.parse_data_directories(directories=[
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_EXPORT"],
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT"],
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
    ])
    llvm = llvm_read(path)
    notes = []
    g = {"file": rel}
    g.update(headers(pe))
    g["sections"], long_names = sections(pe, llvm, notes)
    g["imports"] = imports(pe, notes)
    g["delayImports"] = delay_imports(pe)
    g["boundImports"] = bound_imports(pe)
    g["exports"] = exports(pe, notes)

    problems = []
    if not llvm["ok"]:
        problems.append(f"llvm-readobj failed: {llvm['stderr']}")
    else:
        compare_headers(g, llvm, problems)
        compare_imports("imports", g["imports"], llvm["imports"], problems)
        compare_imports("delayImports", g["delayImports"], llvm["delayImports"], problems)
        export_dir = (g["dataDirectories"] or [{"rva": 0, "size": 0}])[0]
        compare_exports(g["exports"], export_dir, llvm["exports"], problems)
    warnings = [w for w in pe.get_warnings()
                if re.search(r"import|export|bound", w, re.IGNORECASE)]
    g["sources"] = {
        "headers": pefile_name,
        "dataDirectories": pefile_name,
        "sections": pefile_name,
        "sectionNames": (f"{llvm_name} (COFF long names resolved through the string table)"
                         if long_names else pefile_name),
        "imports": f"{pefile_name}, loader view (make_golden.py A1-A4)",
        "delayImports": f"{pefile_name} (A1)",
        "boundImports": pefile_name,
        "exports": f"{pefile_name} (zero EAT slots omitted, K1)",
        "crossCheck": f"{llvm_name} --file-headers --sections --coff-imports --coff-exports",
        "disagreements": problems,
        "notes": notes + [f"pefile: {w}" for w in warnings],
    }
    return g, data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if any golden file would change")
    args = parser.parse_args()

    if not os.path.isdir(ROOTS["realDlls"]):
        sys.exit("target/real-dlls is missing: run mvn -B generate-test-resources first")
    pefile_name = f"pefile {pefile.__version__}"
    llvm_name = llvm_version()

    outputs = {}
    index = []
    disagreements = 0
    skipped = 0
    for root, rel, path in find_pe_files():
        ident = entry_id(root, rel)
        try:
            g, data = golden_for(root, rel, path, pefile_name, llvm_name)
        except Exception as e:  # a file pefile cannot read has no golden entry
            print(f"SKIP {root}/{rel}: {type(e).__name__}: {e}")
            skipped += 1
            continue
        name = ident + ".json"
        if name in outputs:
            sys.exit(f"two inputs map to {name}")
        outputs[name] = json.dumps(g, indent=1, ensure_ascii=True) + "\n"
        index.append({"id": ident, "root": root, "path": rel,
                      "sha256": hashlib.sha256(data).hexdigest(), "golden": name})
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
            print(f"STALE {f}")
        print(f"{len(stale)} golden file(s) out of date" if stale else "golden files up to date")
        sys.exit(1 if stale else 0)
    os.makedirs(OUT, exist_ok=True)
    for f in existing - set(outputs):
        os.remove(os.path.join(OUT, f))
    for f, content in outputs.items():
        with open(os.path.join(OUT, f), "w") as out:
            out.write(content)
    counts = {}
    for e in index:
        counts[e["root"]] = counts.get(e["root"], 0) + 1
    print(f"{len(index)} golden files ({', '.join(f'{k}: {v}' for k, v in sorted(counts.items()))})"
          f", {skipped} skipped, {disagreements} disagreement(s) with llvm-readobj")


if __name__ == "__main__":
    main()
