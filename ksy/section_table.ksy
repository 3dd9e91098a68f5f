meta:
  id: section_table
  title: The section table (IMAGE_SECTION_HEADER array), in one parse
  endian: le
  imports:
    - section_header
doc: |
  The section headers that follow the optional header, parsed in one go once
  the Java side has bounded their number by the file's end (and by pefile's
  MAX_SECTIONS), instead of a stream and a window per header.
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    type: section_header
    repeat: expr
    repeat-expr: num_entries
