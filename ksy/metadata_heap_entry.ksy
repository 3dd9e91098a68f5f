meta:
  id: metadata_heap_entry
  title: One #Blob or #US heap entry, ECMA-335 II.24.2.4
  endian: le
doc: |
  A length in ECMA-335's compressed unsigned form (1, 2 or 4 bytes, chosen by
  the top bits of the first byte), then that many bytes. The Java side places
  this type in a window that ends with the heap, so a length past the heap
  fails here instead of reading another stream. In #US the bytes are UTF-16LE
  followed by one flag byte.
seq:
  - id: length
    type: compressed_unsigned
  - id: data
    size: length.value
types:
  compressed_unsigned:
    doc: ECMA-335 II.23.2, the encoding used by blob lengths and signatures.
    seq:
      - id: b0
        type: u1
      - id: b1
        type: u1
        if: (b0 & 0x80) != 0
      - id: b2
        type: u1
        if: (b0 & 0xC0) == 0xC0
      - id: b3
        type: u1
        if: (b0 & 0xC0) == 0xC0
    instances:
      is_valid:
        value: (b0 & 0xE0) != 0xE0
        doc: 111xxxxx is not a length ECMA-335 defines.
      value:
        value: |
          (b0 & 0x80) == 0 ? b0 :
          (b0 & 0xC0) == 0x80 ? ((b0 & 0x3F) << 8) | b1 :
          ((b0 & 0x1F) << 24) | (b1 << 16) | (b2 << 8) | b3
