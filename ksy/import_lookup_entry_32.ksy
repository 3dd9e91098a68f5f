meta:
  id: import_lookup_entry_32
  title: PE32 import lookup / address table entry (IMAGE_THUNK_DATA32)
  endian: le
doc: |
  Zero ends the table. With the top bit set the low 16 bits are an ordinal;
  otherwise the low 31 bits are the RVA of a hint/name entry.
  Tables of these entries are parsed a window at a time as
  import_lookup_table, and decoded by these rules on the Java side.
seq:
  - id: value
    type: u4
instances:
  is_end:
    value: value == 0
  is_ordinal:
    value: (value & 0x80000000) != 0
  ordinal:
    value: value & 0xffff
  hint_name_rva:
    value: value & 0x7fffffff
