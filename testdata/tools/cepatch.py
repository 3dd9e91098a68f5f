#!/usr/bin/python3
"""Rewrites the headers of an lld-link ARMNT image into those of a Windows CE ARM image.

    cepatch.py [--fixed] IMAGE

- FILE_HEADER.Machine 0x01C4 (ARMNT) -> 0x01C2 (THUMB), the machine CE ARM binaries carry.
- OPTIONAL_HEADER.Subsystem -> 9 (WINDOWS_CE_GUI): lld-link-14 rejects /subsystem:windowsce,
  so build.sh links with /subsystem:windows,4.20 and the version survives unchanged.
- --fixed: sets IMAGE_FILE_RELOCS_STRIPPED and clears DYNAMIC_BASE, which is what /FIXED gives;
  lld-link-14 refuses /FIXED for ARM, so the image must already have no base relocations.
- OPTIONAL_HEADER.CheckSum is recomputed (the imagehlp CheckSumMappedFile algorithm).

Nothing else changes: the code stays Thumb-2 with ARM_MOV32T relocations.
"""
import sys

import pefile

ARMNT, THUMB = 0x1C4, 0x1C2
WINDOWS_CE_GUI = 9
RELOCS_STRIPPED = 0x0001
DYNAMIC_BASE = 0x0040
BASERELOC = pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_BASERELOC"]


def patch(path, fixed):
    pe = pefile.PE(path)
    if pe.FILE_HEADER.Machine != ARMNT:
        sys.exit(f"cepatch.py: {path} is not an ARMNT (0x1C4) image")
    pe.FILE_HEADER.Machine = THUMB
    pe.OPTIONAL_HEADER.Subsystem = WINDOWS_CE_GUI
    if fixed:
        if pe.OPTIONAL_HEADER.DATA_DIRECTORY[BASERELOC].Size:
            sys.exit(f"cepatch.py: {path} has base relocations; --fixed would strand them")
        pe.FILE_HEADER.Characteristics |= RELOCS_STRIPPED
        pe.OPTIONAL_HEADER.DllCharacteristics &= ~DYNAMIC_BASE
    patched = pefile.PE(data=bytes(pe.write()))
    pe.close()
    patched.OPTIONAL_HEADER.CheckSum = patched.generate_checksum()
    patched.write(path)


if __name__ == "__main__":
    args = sys.argv[1:]
    fixed = args[:1] == ["--fixed"]
    patch(args[-1], fixed)
