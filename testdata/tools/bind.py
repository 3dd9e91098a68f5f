#!/usr/bin/python3
"""Binds an image's imports against DLLs on disk, as BindImageEx (bind.exe) does.

    bind.py IMAGE DLL...

For every import descriptor whose DLL is given: each IAT slot gets the target's preferred
address (ImageBase + export RVA), the descriptor's TimeDateStamp and ForwarderChain become
0xFFFFFFFF ("new-style" binding), and an IMAGE_BOUND_IMPORT_DESCRIPTOR recording the DLL's
TimeDateStamp is written into the header slack after the section table, pointed to by data
directory 11. Forwarded exports are refused rather than bound (no forwarder refs are written).
The import name table is left intact, so a loader can still re-resolve a stale binding.
"""
import struct
import sys
from pathlib import Path

import pefile

BOUND_IMPORT = pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT"]
UNBOUND = 0xFFFFFFFF


def export_addresses(dll):
    """(by_name, by_ordinal): preferred virtual addresses of the DLL's non-forwarded exports."""
    base = dll.OPTIONAL_HEADER.ImageBase
    by_name, by_ordinal = {}, {}
    for e in dll.DIRECTORY_ENTRY_EXPORT.symbols:
        if e.forwarder:
            continue
        by_ordinal[e.ordinal] = base + e.address
        if e.name:
            by_name[e.name] = base + e.address
    return by_name, by_ordinal


def bind(image_path, dll_paths):
    pe = pefile.PE(image_path)
    data = bytearray(pe.__data__)
    dlls = {Path(p).name.lower(): pefile.PE(p) for p in dll_paths}
    slot_format = "<Q" if pe.PE_TYPE == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS else "<I"
    bound = []
    for descriptor in pe.DIRECTORY_ENTRY_IMPORT:
        dll = dlls.get(descriptor.dll.decode().lower())
        if dll is None:
            continue
        by_name, by_ordinal = export_addresses(dll)
        for imp in descriptor.imports:
            address = by_name[imp.name] if imp.name else by_ordinal[imp.ordinal]
            slot = pe.get_offset_from_rva(imp.address - pe.OPTIONAL_HEADER.ImageBase)
            struct.pack_into(slot_format, data, slot, address)
        # IMAGE_IMPORT_DESCRIPTOR: TimeDateStamp at +4, ForwarderChain at +8.
        struct.pack_into("<II", data, descriptor.struct.get_file_offset() + 4, UNBOUND, UNBOUND)
        bound.append((dll.FILE_HEADER.TimeDateStamp, descriptor.dll))

    # IMAGE_BOUND_IMPORT_DESCRIPTOR[] + null terminator, then the module names.
    table = b""
    names = b""
    names_start = 8 * (len(bound) + 1)
    for stamp, name in bound:
        table += struct.pack("<IHH", stamp, names_start + len(names), 0)
        names += name + b"\0"
    blob = table + bytes(8) + names

    last = pe.sections[-1]
    offset = (last.get_file_offset() + last.sizeof() + 7) & ~7
    limit = min(pe.OPTIONAL_HEADER.SizeOfHeaders,
                min(s.PointerToRawData for s in pe.sections if s.PointerToRawData))
    if offset + len(blob) > limit or any(data[offset:offset + len(blob)]):
        sys.exit(f"bind.py: no free header space for the bound import table in {image_path}")
    data[offset:offset + len(blob)] = blob
    directory = pe.OPTIONAL_HEADER.DATA_DIRECTORY[BOUND_IMPORT]
    # Header offsets and RVAs coincide, so the file offset is also the directory's RVA.
    struct.pack_into("<II", data, directory.get_file_offset(), offset, len(blob))
    pe.close()
    Path(image_path).write_bytes(data)


if __name__ == "__main__":
    bind(sys.argv[1], sys.argv[2:])
