meta:
  id: import_lookup_table
  title: A run of import lookup or address table entries (IMAGE_THUNK_DATA32/64), as bytes
  endian: le
doc: |
  Consecutive entries of an import lookup table or import address table, each
  laid out as import_lookup_entry_32 (4 bytes) or import_lookup_entry_64
  (8 bytes) describes. The table ends with a zero entry, which the Java side
  looks for; it parses a window of entries that lie one after another in the
  file in one go and decodes each entry by those types' rules (ImportSymbols).
  A generated object, stream and window per entry cost 20 ms of the 466 ms
  wine batch (issue 16).
params:
  - id: num_entries
    type: u4
  - id: entry_size
    type: u1
seq:
  - id: entries
    size: num_entries * entry_size
