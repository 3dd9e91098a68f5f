meta:
  id: import_lookup_entry_64
  title: PE32+ import lookup / address table entry (IMAGE_THUNK_DATA64)
  endian: le
doc: |
  The 64-bit form of the import lookup entry: the ordinal flag is bit 63, the
  hint/name RVA still only the low 31 bits. Read as two halves because
  Kaitai's Java target has no unsigned 64-bit type.
  Tables of these entries are parsed a window at a time as
  import_lookup_table, and decoded by these rules on the Java side.
seq:
  - id: low
    type: u4
  - id: high
    type: u4
instances:
  is_end:
    value: low == 0 and high == 0
  is_ordinal:
    value: (high & 0x80000000) != 0
  ordinal:
    value: low & 0xffff
  hint_name_rva:
    value: low & 0x7fffffff
