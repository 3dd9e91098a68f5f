meta:
  id: u4_table
  title: Array of 32-bit values (export address table, export name pointer table)
  endian: le
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    type: u4
    repeat: expr
    repeat-expr: num_entries
