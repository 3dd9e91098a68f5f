#!/usr/bin/python3
"""Reads every file named on stdin with pefile the way bench/compare.sh asks all three tools to:
headers and sections, then the import, export and delay-import directories. Prints one line:
'<files ok> <files failed>'."""
import sys
import pefile

DIRECTORIES = [pefile.DIRECTORY_ENTRY[name] for name in (
    "IMAGE_DIRECTORY_ENTRY_IMPORT", "IMAGE_DIRECTORY_ENTRY_EXPORT", "IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT")]

ok = failed = 0
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        pe = pefile.PE(path, fast_load=True)
        pe.parse_data_directories(directories=DIRECTORIES)
        pe.close()
        ok += 1
    except Exception:
        failed += 1
print(ok, failed)
