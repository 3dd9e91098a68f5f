meta:
  id: base_relocation_block
  title: Head of one base relocation block (IMAGE_BASE_RELOCATION)
  endian: le
doc: |
  The base relocation directory is a run of blocks, each for one 4 KB page:
  this 8-byte head, then (SizeOfBlock - 8) / 2 entries of 16 bits, read with
  u2_table once the Java side has bounded their number. Each entry holds the
  relocation type in its top 4 bits and the offset in the page in the low 12.
seq:
  - id: page_rva
    type: u4
  - id: size_of_block
    type: u4
