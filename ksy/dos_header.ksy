meta:
  id: dos_header
  title: MS-DOS stub header (IMAGE_DOS_HEADER)
  endian: le
doc: |
  The 64-byte header at offset 0 of every PE image. Only `magic` ("MZ") and
  `ofs_pe_header` (e_lfanew) matter to the Windows loader; the rest is kept so a
  dump can show it. The magic is read as a plain number rather than checked
  with `contents`, so the Java side can say "not a PE" instead of catching a
  validation error.
seq:
  - id: magic
    type: u2
  - id: bytes_in_last_page
    type: u2
  - id: pages_in_file
    type: u2
  - id: relocations
    type: u2
  - id: header_paragraphs
    type: u2
  - id: min_extra_paragraphs
    type: u2
  - id: max_extra_paragraphs
    type: u2
  - id: initial_ss
    type: u2
  - id: initial_sp
    type: u2
  - id: checksum
    type: u2
  - id: initial_ip
    type: u2
  - id: initial_cs
    type: u2
  - id: ofs_relocation_table
    type: u2
  - id: overlay_number
    type: u2
  - id: reserved1
    size: 8
  - id: oem_id
    type: u2
  - id: oem_info
    type: u2
  - id: reserved2
    size: 20
  - id: ofs_pe_header
    type: u4
    doc: e_lfanew, the file offset of the "PE\0\0" signature.
