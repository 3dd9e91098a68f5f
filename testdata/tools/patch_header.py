#!/usr/bin/python3
"""Edits optional-header fields after linking, through pefile:
  patch_header.py FILE --add-dll-characteristics HEX   (e.g. 0x40: DYNAMIC_BASE on a file whose
                                                        linker dropped it with the relocations)
  patch_header.py FILE --checksum                      (the PE checksum, as /RELEASE stores it)"""
import argparse

import pefile

parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("--add-dll-characteristics", type=lambda v: int(v, 0), default=0)
parser.add_argument("--checksum", action="store_true")
args = parser.parse_args()
pe = pefile.PE(args.file)
pe.OPTIONAL_HEADER.DllCharacteristics |= args.add_dll_characteristics
if args.checksum:
    pe.OPTIONAL_HEADER.CheckSum = pe.generate_checksum()
data = pe.write()
pe.close()
with open(args.file, "wb") as f:
    f.write(data)
