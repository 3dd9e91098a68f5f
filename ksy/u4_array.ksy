meta:
  id: u4_array
  title: Array of 32-bit values as bytes (export address table, export name pointer table)
  endian: le
doc: |
  The same values as u4_table, parsed in one go as num_entries * 4 bytes that
  the Java side indexes through a little-endian view, once it has bounded the
  count. u4_table's list of boxed values cost 22 ms of the 466 ms wine batch
  (issue 16, with u2_table); this costs one copy of the table.
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    size: num_entries * 4
