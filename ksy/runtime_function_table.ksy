meta:
  id: runtime_function_table
  title: Exception directory (.pdata) as a table of RUNTIME_FUNCTION entries
  endian: le
doc: |
  x64 entries are 12 bytes (begin, end and unwind-info RVAs); ARM64 entries
  are 8 bytes (begin RVA, then either the RVA of .xdata or packed unwind data,
  told apart by the low two bits). The Java side picks the form by machine and
  bounds the count by the directory's size.
params:
  - id: num_entries
    type: u4
  - id: is_arm64
    type: bool
seq:
  - id: entries
    type:
      switch-on: is_arm64
      cases:
        true: arm64_entry
        false: x64_entry
    repeat: expr
    repeat-expr: num_entries
types:
  x64_entry:
    seq:
      - id: begin_address
        type: u4
      - id: end_address
        type: u4
      - id: unwind_info_address
        type: u4
  arm64_entry:
    seq:
      - id: begin_address
        type: u4
      - id: unwind_data
        type: u4
    instances:
      is_packed:
        value: (unwind_data & 3) != 0
        doc: Flag bits 01 or 10 mean packed unwind data, whose bits 2-12 hold the function length in 4-byte units.
      function_length:
        value: '((unwind_data >> 2) & 0x7ff) * 4'
