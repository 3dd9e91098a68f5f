meta:
  id: u2_array
  title: Array of 16-bit values as bytes (export ordinal table, base relocation entries)
  endian: le
doc: |
  The same values as u2_table, parsed in one go as num_entries * 2 bytes that
  the Java side indexes through a little-endian view, once it has bounded the
  count. u2_table's list of boxed values cost 22 ms of the 466 ms wine batch
  (issue 16, with u4_table), and relocations built one of them per block.
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    size: num_entries * 2
