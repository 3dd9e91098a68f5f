#!/usr/bin/python3
"""Report what pefile sees in PE files, one JSON object per line, for PeWriterAgreementTest.

Usage: pefile_report.py FILE...   (or a directory: every *.bin in it, sorted)
Only facts are reported; comparing them with what was meant is the test's job.
"""
import json
import os
import sys
import traceback

import pefile


def text(value):
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return value.decode("latin-1")
    return str(value)


def symbols(entries):
    return [{
        "byOrdinal": bool(imp.import_by_ordinal),
        "ordinal": imp.ordinal,
        "hint": imp.hint,
        "name": None if imp.import_by_ordinal else text(imp.name),
    } for imp in entries]


def report(path):
    try:
        pe = pefile.PE(path)
    except Exception as error:  # pefile raises PEFormatError, but a crash is a rejection too
        frames = [frame.name for frame in traceback.extract_tb(error.__traceback__)]
        return {"path": path, "ok": False, "error": "%s: %s (in %s)" % (type(error).__name__, error, " > ".join(frames))}
    fh, oh = pe.FILE_HEADER, pe.OPTIONAL_HEADER
    facts = {
        "path": path,
        "ok": True,
        "length": len(pe.__data__),
        "warnings": pe.get_warnings(),
        "checksumValid": pe.verify_checksum(),
        "eLfanew": pe.DOS_HEADER.e_lfanew,
        "fileHeader": {k: getattr(fh, k) for k in (
            "Machine", "NumberOfSections", "TimeDateStamp", "SizeOfOptionalHeader", "Characteristics")},
        "optionalHeader": {k: getattr(oh, k) for k in (
            "Magic", "ImageBase", "SectionAlignment", "FileAlignment", "MajorSubsystemVersion",
            "MinorSubsystemVersion", "SizeOfImage", "SizeOfHeaders", "Subsystem", "DllCharacteristics",
            "SizeOfStackReserve", "SizeOfStackCommit", "SizeOfHeapReserve", "SizeOfHeapCommit",
            "NumberOfRvaAndSizes", "AddressOfEntryPoint")},
        "dataDirectories": [[d.VirtualAddress, d.Size] for d in oh.DATA_DIRECTORY],
        "sections": [{
            "name": s.Name.hex(),
            "VirtualSize": s.Misc_VirtualSize,
            "VirtualAddress": s.VirtualAddress,
            "SizeOfRawData": s.SizeOfRawData,
            "PointerToRawData": s.PointerToRawData,
            "Characteristics": s.Characteristics,
        } for s in pe.sections],
        "imports": [{"dll": text(d.dll), "addressTable": d.struct.FirstThunk, "symbols": symbols(d.imports)}
                    for d in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])],
        "delayImports": [{"dll": text(d.dll), "attributes": d.struct.grAttrs, "addressTable": d.struct.pIAT,
                          "symbols": symbols(d.imports)}
                         for d in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])],
        "exports": None,
        "relocations": None,
    }
    if hasattr(pe, "DIRECTORY_ENTRY_EXPORT"):
        e = pe.DIRECTORY_ENTRY_EXPORT
        facts["exports"] = {
            "dll": text(e.name),
            "base": e.struct.Base,
            "numberOfFunctions": e.struct.NumberOfFunctions,
            "numberOfNames": e.struct.NumberOfNames,
            "symbols": [{"ordinal": s.ordinal, "name": text(s.name), "forwarder": text(s.forwarder),
                         "address": s.address} for s in e.symbols],
        }
    if hasattr(pe, "DIRECTORY_ENTRY_BASERELOC"):
        facts["relocations"] = [{"page": block.struct.VirtualAddress,
                                 "entries": [[entry.type, entry.rva] for entry in block.entries]}
                                for block in pe.DIRECTORY_ENTRY_BASERELOC]
    return facts


def main(arguments):
    paths = []
    for argument in arguments:
        if os.path.isdir(argument):
            paths += sorted(os.path.join(argument, f) for f in os.listdir(argument) if f.endswith(".bin"))
        else:
            paths.append(argument)
    for path in paths:
        print(json.dumps(report(path)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
