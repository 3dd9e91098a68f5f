meta:
  id: u2_table
  title: Array of 16-bit values (export ordinal table)
  endian: le
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    type: u2
    repeat: expr
    repeat-expr: num_entries
