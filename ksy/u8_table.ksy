meta:
  id: u8_table
  title: Array of 64-bit values (TLS callback VAs in PE32+)
  endian: le
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    type: u8
    repeat: expr
    repeat-expr: num_entries
