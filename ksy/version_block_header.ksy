meta:
  id: version_block_header
  title: Header of a version-resource block (VS_VERSIONINFO, StringFileInfo, StringTable, String, VarFileInfo, Var)
  endian: le
doc: |
  Every block of an RT_VERSION resource starts with these three words, then a
  NUL-terminated UTF-16 key, padding to 32 bits, the value, padding again and
  the child blocks. length covers the whole block with its children.
  value_length counts bytes for binary values and UTF-16 units for text.
seq:
  - id: length
    type: u2
  - id: value_length
    type: u2
  - id: value_type
    type: u2
    doc: 1 for text, 0 for binary.
