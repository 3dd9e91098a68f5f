meta:
  id: section_header
  title: Section table entry (IMAGE_SECTION_HEADER)
  endian: le
doc: |
  One 40-byte entry of the section table. The name is kept as raw bytes: it is
  NUL-padded, not NUL-terminated when 8 bytes long, and in object files and
  unstripped mingw images may be "/<decimal>", an offset into the COFF string
  table, which the Java side resolves.
seq:
  - id: raw_name
    size: 8
  - id: virtual_size
    type: u4
  - id: virtual_address
    type: u4
  - id: size_of_raw_data
    type: u4
  - id: pointer_to_raw_data
    type: u4
  - id: pointer_to_relocations
    type: u4
  - id: pointer_to_linenumbers
    type: u4
  - id: number_of_relocations
    type: u2
  - id: number_of_linenumbers
    type: u2
  - id: characteristics
    type: u4
