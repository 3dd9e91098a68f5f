#!/usr/bin/python3
"""Asserts, with pefile, the facts testdata/README.md states about each built binary.

Run by build.sh after every build; exits non-zero on the first wrong fact, so the README and the
committed binaries cannot silently drift apart. Run from testdata/ (build.sh does).
"""
import sys
from pathlib import Path

import pefile

I386, AMD64, ARMNT, ARM64, THUMB = 0x14C, 0x8664, 0x1C4, 0xAA64, 0x1C2
CUI, GUI, CE_GUI = 3, 2, 9
SCN_MEM_SHARED = 0x10000000
FILE_DLL, FILE_RELOCS_STRIPPED = 0x2000, 0x0001


def imports(pe):
    """[(dll, [symbol...])] in import-directory order; a symbol is a name or '#ordinal'."""
    return [(d.dll.decode(), [symbol(s) for s in d.imports])
            for d in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]


def delay_imports(pe):
    return [(d.dll.decode(), [symbol(s) for s in d.imports])
            for d in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]


def symbol(s):
    return s.name.decode() if s.name else f"#{s.ordinal}"


def exports(pe):
    """{ordinal: (name or None, forwarder or None)} for every non-empty export slot."""
    if not hasattr(pe, "DIRECTORY_ENTRY_EXPORT"):
        return {}
    return {e.ordinal: (e.name.decode() if e.name else None,
                        e.forwarder.decode() if e.forwarder else None)
            for e in pe.DIRECTORY_ENTRY_EXPORT.symbols}


def manifest_ids(pe):
    """The IDs of the RT_MANIFEST (24) resources, sorted."""
    if not hasattr(pe, "DIRECTORY_ENTRY_RESOURCE"):
        return []
    for entry in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        if entry.id == 24:
            return sorted(e.id for e in entry.directory.entries)
    return []


def named_exports(pe):
    return sorted(name for name, _ in exports(pe).values() if name)


def section(pe, name):
    for s in pe.sections:
        if s.Name.rstrip(b"\0").decode() == name:
            return s
    raise AssertionError(f"no section {name}")


def raw_section_names(pe):
    return [s.Name.rstrip(b"\0").decode() for s in pe.sections]


CHECKS = {
    "machine": lambda pe: pe.FILE_HEADER.Machine,
    "dll": lambda pe: bool(pe.FILE_HEADER.Characteristics & FILE_DLL),
    "subsystem": lambda pe: pe.OPTIONAL_HEADER.Subsystem,
    "subsystem_version": lambda pe: (pe.OPTIONAL_HEADER.MajorSubsystemVersion,
                                     pe.OPTIONAL_HEADER.MinorSubsystemVersion),
    "size_of_image": lambda pe: pe.OPTIONAL_HEADER.SizeOfImage,
    "checksum": lambda pe: pe.OPTIONAL_HEADER.CheckSum,
    "checksum_valid": lambda pe: pe.OPTIONAL_HEADER.CheckSum == pe.generate_checksum(),
    "entry_point": lambda pe: pe.OPTIONAL_HEADER.AddressOfEntryPoint != 0,
    "imports": imports,
    "delay_imports": delay_imports,
    "exports": exports,
    "named_exports": named_exports,
    "export_ordinal_base": lambda pe: pe.DIRECTORY_ENTRY_EXPORT.struct.Base,
    "has_relocs": lambda pe: pe.OPTIONAL_HEADER.DATA_DIRECTORY[5].Size != 0,
    "relocs_stripped": lambda pe: bool(pe.FILE_HEADER.Characteristics & FILE_RELOCS_STRIPPED),
    "symbol_table": lambda pe: pe.FILE_HEADER.PointerToSymbolTable != 0,
    "raw_section_names": raw_section_names,
    "shared_section": lambda pe: bool(section(pe, ".shared").Characteristics & SCN_MEM_SHARED),
    "manifest_ids": lambda pe: manifest_ids(pe),
    "bound_imports": lambda pe: [b.name.decode()
                                 for b in getattr(pe, "DIRECTORY_ENTRY_BOUND_IMPORT", [])],
}

HELLO_EXPORTS = ["hello_add", "hello_counter", "hello_greeting", "hello_last_error",
                 "hello_message"]

EXPECT = {
    # ---------------------------------------------------------------- foundation
    "bin/gcc-x86.dll": dict(machine=I386, dll=True, subsystem=CUI, entry_point=True,
                            imports=[("kernel32.dll", ["GetLastError"])],
                            named_exports=HELLO_EXPORTS, has_relocs=True, symbol_table=False),
    "bin/gcc-x86.exe": dict(machine=I386, dll=False, subsystem=CUI,
                            imports=[("gcc-x86.dll", ["hello_add", "hello_greeting"]),
                                     ("kernel32.dll", ["ExitProcess"])]),
    "bin/gcc-x64.dll": dict(machine=AMD64, dll=True, subsystem=CUI, entry_point=True,
                            imports=[("kernel32.dll", ["GetLastError"])],
                            named_exports=HELLO_EXPORTS, has_relocs=True, symbol_table=False),
    "bin/gcc-x64.exe": dict(machine=AMD64, dll=False, subsystem=CUI,
                            imports=[("gcc-x64.dll", ["hello_add", "hello_greeting"]),
                                     ("kernel32.dll", ["ExitProcess"])]),
    "bin/clang-armnt.dll": dict(machine=ARMNT, dll=True, subsystem=GUI, entry_point=True,
                                imports=[("kernel32.dll", ["GetLastError"])],
                                named_exports=HELLO_EXPORTS, has_relocs=True,
                                export_ordinal_base=0),
    "bin/clang-arm64.dll": dict(machine=ARM64, dll=True, subsystem=GUI, entry_point=True,
                                imports=[("kernel32.dll", ["GetLastError"])],
                                named_exports=HELLO_EXPORTS, has_relocs=True,
                                export_ordinal_base=0),
    "bin/shared-gcc-x64.dll": dict(machine=AMD64, dll=True, shared_section=True, imports=[],
                                   named_exports=["shared_bump"]),
    "bin/shared-lld-x86.dll": dict(machine=I386, dll=True, shared_section=True, imports=[],
                                   entry_point=False, named_exports=["shared_bump"]),
    "bin/longnames-x64.dll": dict(machine=AMD64, dll=True, symbol_table=True,
                                  named_exports=HELLO_EXPORTS,
                                  raw_section_names=[".text", ".data", ".rdata", ".pdata", ".xdata",
                                                     ".bss", ".edata", ".idata", ".reloc", "/4", "/19",
                                                     "/31", "/45", "/57", "/70"]),
}

EXPORTER_EXPORTS = {3: ("ByNameAndOrdinal", None), 5: (None, None), 9: (None, None),
                    10: ("ByName", None), 11: ("DataExport", None),
                    12: ("FwdHeap", "kernel32.HeapAlloc"), 13: ("FwdOrdinal", "delayed.#7")}
for arch, machine in (("x64", AMD64), ("x86", I386)):
    EXPECT.update({
        f"bin/impexp/{arch}/exporter.dll": dict(machine=machine, dll=True, entry_point=False,
                                                imports=[], exports=EXPORTER_EXPORTS,
                                                export_ordinal_base=0),
        f"bin/impexp/{arch}/delayed.dll": dict(machine=machine, dll=True, imports=[],
                                               exports={7: (None, None),
                                                        8: ("DelayedByName", None)}),
        f"bin/impexp/{arch}/importer.exe": dict(
            machine=machine, dll=False, subsystem=CUI,
            imports=[("exporter.dll", ["ByName", "ByNameAndOrdinal", "DataExport", "FwdHeap",
                                       "#5"]),
                     ("kernel32.dll", ["ExitProcess", "GetProcAddress", "LoadLibraryA"])],
            delay_imports=[("delayed.dll", ["DelayedByName", "#7"])], bound_imports=[]),
        f"bin/impexp/{arch}/bound.exe": dict(
            machine=machine, dll=False,
            imports=[("exporter.dll", ["ByName", "ByNameAndOrdinal", "#5"])],
            bound_imports=["exporter.dll"]),
    })

# ---------------------------------------------------------------- dependency graph (deps/README.md)
EXPECT.update({
    "deps/app.exe": dict(
        machine=AMD64, dll=False,
        imports=[("libB.dll", ["b_value"]),
                 ("libA.dll", ["a_twice", "#99", "notExported"]),
                 ("nothere.dll", ["nothere_func"]),
                 ("cycA.dll", ["cyc_a"]),
                 ("fwd1.dll", ["X", "Y"]),
                 ("kernel32.dll", ["GetProcAddress", "LoadLibraryA"])],
        delay_imports=[("libC.dll", ["c_value"])]),
    "deps/lib/libA.dll": dict(machine=AMD64, dll=True, entry_point=True, imports=[],
                              exports={1: ("a_twice", None), 2: ("a_value", None)}),
    "deps/lib/libB.dll": dict(machine=AMD64, dll=True, imports=[("libA.dll", ["a_value"])],
                              exports={1: ("b_value", None)}),
    "deps/lib/libC.dll": dict(machine=AMD64, dll=True, imports=[("libA.dll", ["a_value"])],
                              exports={1: ("c_value", None)}),
    "deps/lib/cycA.dll": dict(machine=AMD64, dll=True, imports=[("cycB.dll", ["cyc_b"])],
                              exports={1: ("cyc_a", None), 2: ("cyc_a_calls_b", None)}),
    "deps/lib/cycB.dll": dict(machine=AMD64, dll=True, imports=[("cycA.dll", ["cyc_a"])],
                              exports={1: ("cyc_b", None)}),
    "deps/lib/fwd1.dll": dict(machine=AMD64, dll=True, entry_point=False, imports=[],
                              exports={1: ("X", "fwd2.X"), 2: ("Y", "fwd2.Y"),
                                       3: ("fwd_version", None)}),
    "deps/lib/fwd2.dll": dict(machine=AMD64, dll=True, entry_point=False, imports=[],
                              exports={1: ("X", "fwd1.X"), 2: ("Y", "libA.a_twice"),
                                       3: ("fwd_version", None)}),
    "deps/wrongarch/libA.dll": dict(machine=ARM64, dll=True, imports=[],
                                    exports={1: ("a_twice", None), 2: ("a_value", None)}),
})

# ---------------------------------------------------------------- Windows CE (ce/README.md)
CE = dict(machine=THUMB, subsystem=CE_GUI, subsystem_version=(4, 20), checksum_valid=True)
EXPECT.update({
    "ce/app.exe": dict(CE, dll=False, size_of_image=0x5000, has_relocs=True,
                       imports=[("big.dll", ["big_value"]), ("large.dll", ["large_value"]),
                                ("fixed.dll", ["fixed_value"]),
                                ("COREDLL.dll", ["GetProcAddressA", "LoadLibraryW", "Sleep"])],
                       delay_imports=[("lazy.dll", ["lazy_value"])]),
    "ce/big.dll": dict(CE, dll=True, size_of_image=0x21000, has_relocs=True,
                       imports=[("small1.dll", ["small1_value"]),
                                ("COREDLL.dll", ["GetLastError"])]),
    "ce/large.dll": dict(CE, dll=True, size_of_image=0x20000, has_relocs=True,
                         imports=[("medium.dll", ["medium_value"]),
                                  ("small1.dll", ["small1_value"]), ("COREDLL.dll", ["Sleep"])]),
    "ce/medium.dll": dict(CE, dll=True, size_of_image=0x18000, has_relocs=True,
                          imports=[("small3.dll", ["small3_value"])]),
    "ce/small1.dll": dict(CE, dll=True, size_of_image=0x6000, has_relocs=True,
                          imports=[("small2.dll", ["small2_value"])]),
    "ce/small2.dll": dict(CE, dll=True, size_of_image=0x5000, has_relocs=True,
                          imports=[("COREDLL.dll", ["GetLastError"])]),
    "ce/small3.dll": dict(CE, dll=True, size_of_image=0x10000, has_relocs=True, imports=[]),
    "ce/lazy.dll": dict(CE, dll=True, size_of_image=0x5000, has_relocs=True, imports=[]),
    "ce/fixed.dll": dict(CE, dll=True, size_of_image=0x3000, has_relocs=False,
                         relocs_stripped=True, imports=[],
                         named_exports=["fixed_value"]),
})

# ---------------------------------------------------------------- side by side and API sets (sxs/, apiset/)
SXS_KEY = "amd64_pescope.shared_0123456789abcdef_2.0.0.0_none_0f1e2d3c4b5a6978"
SXS_APP_IMPORTS = [("redirected.dll", ["which_redirected"]), ("plain.dll", ["plain_value"])]
EXPECT.update({
    "sxs/app.exe": dict(machine=AMD64, dll=False, imports=SXS_APP_IMPORTS, manifest_ids=[1]),
    "sxs/app-external.exe": dict(machine=AMD64, dll=False, imports=SXS_APP_IMPORTS, manifest_ids=[]),
    "sxs/shared.exe": dict(machine=AMD64, dll=False, imports=[("shareddep.dll", ["shared_value"])], manifest_ids=[1]),
    "sxs/shared-external.exe": dict(machine=AMD64, dll=False, imports=[("shareddep.dll", ["shared_value"])],
                                    manifest_ids=[]),
    "sxs/dotlocal.exe": dict(machine=AMD64, dll=False, imports=[("plain.dll", ["plain_value"])], manifest_ids=[]),
    "sxs/redirected.dll": dict(machine=AMD64, dll=True, imports=[], named_exports=["which_redirected"]),
    "sxs/Pescope.Private/redirected.dll": dict(machine=AMD64, dll=True, imports=[], named_exports=["which_redirected"]),
    "sxs/plain.dll": dict(machine=AMD64, dll=True, imports=[], named_exports=["plain_value"]),
    "sxs/dotlocal.exe.local/plain.dll": dict(machine=AMD64, dll=True, imports=[], named_exports=["plain_value"]),
    f"sxs/winsxs/{SXS_KEY}/shareddep.dll": dict(machine=AMD64, dll=True, imports=[], named_exports=["shared_value"]),
    "apiset/apiset.exe": dict(machine=AMD64, dll=False, imports=[
        ("api-ms-win-core-synch-l1-2-0.dll", ["Sleep"]),
        ("api-ms-win-crt-runtime-l1-1-0.dll", ["_initterm_e"]),
        ("api-ms-win-crt-stdio-l1-1-0.dll", ["puts"])]),
})


def main():
    failures = 0
    for path, facts in EXPECT.items():
        pe = pefile.PE(path)
        for key, expected in facts.items():
            actual = CHECKS[key](pe)
            if actual != expected:
                failures += 1
                print(f"FAIL {path}: {key} = {actual!r}, expected {expected!r}")
    unchecked = sorted(str(p) for d in ("bin", "deps", "ce", "sxs", "apiset") if Path(d).exists()
                       for p in Path(d).rglob("*") if p.suffix in (".dll", ".exe")
                       and str(p) not in EXPECT)
    for path in unchecked:
        failures += 1
        print(f"FAIL {path}: built but has no expectations in tools/check.py")
    print(f"check.py: {len(EXPECT)} binaries, {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
