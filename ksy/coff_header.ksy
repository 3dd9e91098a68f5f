meta:
  id: coff_header
  title: COFF file header (IMAGE_FILE_HEADER)
  endian: le
doc: |
  The 20-byte file header that follows the "PE\0\0" signature. Position-free:
  the caller places it at e_lfanew + 4.
seq:
  - id: machine
    type: u2
  - id: number_of_sections
    type: u2
  - id: time_date_stamp
    type: u4
  - id: pointer_to_symbol_table
    type: u4
  - id: number_of_symbols
    type: u4
  - id: size_of_optional_header
    type: u2
  - id: characteristics
    type: u2
