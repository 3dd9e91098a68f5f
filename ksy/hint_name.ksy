meta:
  id: hint_name
  title: Import hint/name entry (IMAGE_IMPORT_BY_NAME)
  endian: le
doc: |
  What a by-name import lookup entry points at: the exporter's name-table index
  the linker expected, then the NUL-terminated name. Read by the Java side as
  this type says (ImportSymbols, with ascii_z's bounded scan for the name, for
  the cost that type gives), the name bounded by the name limit. The name's
  bytes are decoded on the Java side (NameDecoding).
seq:
  - id: hint
    type: u2
  - id: name
    terminator: 0
    eos-error: false
