#!/usr/bin/python3
"""Print every entry of an API set schema, independently of pescope, for ApiSetOracleTest.

Usage: apiset_map.py apisetschema.dll

One line per value of each entry, tab-separated:  CONTRACT  IMPORTER  HOST
  CONTRACT  the entry's name as stored (v6: "api-ms-win-core-synch-l1-2-0"; v2 and v4 store it
            without the "api-"/"ext-" prefix)
  IMPORTER  "*" for the default value (the first), else the importing module the value is for
  HOST      the host DLL, empty when the value names none (the contract is absent)
An entry with no values prints one line with IMPORTER "*" and an empty HOST.

Only the documented layout is used (Geoff Chappell, "API Set Schema"; the field order of
versions 2, 4 and 6 as the public headers give it): the schema is the whole .apiset section,
every offset counts from its start, every name is UTF-16LE with a length in bytes.
pefile only finds the section.
"""
import struct
import sys

import pefile


def u32s(data, offset, count):
    return struct.unpack_from("<%dI" % count, data, offset)


def name(data, offset, length):
    return data[offset:offset + length].decode("utf-16-le")


def values_v2(data, offset):
    (count,) = u32s(data, offset, 1)
    for i in range(count):
        n_off, n_len, v_off, v_len = u32s(data, offset + 4 + 16 * i, 4)
        yield name(data, n_off, n_len), name(data, v_off, v_len)


def values_v4(data, offset):
    _flags, count = u32s(data, offset, 2)
    for i in range(count):
        _f, n_off, n_len, v_off, v_len = u32s(data, offset + 8 + 20 * i, 5)
        yield name(data, n_off, n_len), name(data, v_off, v_len)


def entries(data):
    (version,) = u32s(data, 0, 1)
    if version == 2:
        (count,) = u32s(data, 4, 1)
        for i in range(count):
            n_off, n_len, d_off = u32s(data, 8 + 12 * i, 3)
            yield name(data, n_off, n_len), list(values_v2(data, d_off))
    elif version == 4:
        _size, _flags, count = u32s(data, 4, 3)
        for i in range(count):
            _f, n_off, n_len, _a_off, _a_len, d_off = u32s(data, 16 + 24 * i, 6)
            yield name(data, n_off, n_len), list(values_v4(data, d_off))
    elif version == 6:
        _size, _flags, count, entry_off, _hash_off, _factor = u32s(data, 4, 6)
        for i in range(count):
            _f, n_off, n_len, _hashed, v_off, v_count = u32s(data, entry_off + 24 * i, 6)
            vals = []
            for j in range(v_count):
                _vf, vn_off, vn_len, vv_off, vv_len = u32s(data, v_off + 20 * j, 5)
                vals.append((name(data, vn_off, vn_len), name(data, vv_off, vv_len)))
            yield name(data, n_off, n_len), vals
    else:
        raise SystemExit("unknown API set schema version %d" % version)


def main():
    pe = pefile.PE(sys.argv[1], fast_load=True)
    section = next((s for s in pe.sections if s.Name.rstrip(b"\0") == b".apiset"), None)
    if section is None:
        raise SystemExit("%s: no .apiset section" % sys.argv[1])
    data = section.get_data()
    out = sys.stdout
    for contract, vals in entries(data):
        if not vals:
            out.write("%s\t*\t\n" % contract)
        for index, (importer, host) in enumerate(vals):
            out.write("%s\t%s\t%s\n" % (contract, "*" if index == 0 else importer, host))


if __name__ == "__main__":
    main()
