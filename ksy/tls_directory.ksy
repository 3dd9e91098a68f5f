meta:
  id: tls_directory
  title: Thread-local storage directory (IMAGE_TLS_DIRECTORY32 / 64)
  endian: le
doc: |
  The four addresses are VAs, not RVAs (the loader relocates them), u4 in PE32
  and u8 in PE32+. AddressOfCallBacks points at a zero-terminated array of
  callback VAs, read with u4_table / u8_table by the Java side.
params:
  - id: is_64
    type: bool
seq:
  - id: start_address_of_raw_data
    type: pointer
  - id: end_address_of_raw_data
    type: pointer
  - id: address_of_index
    type: pointer
  - id: address_of_call_backs
    type: pointer
  - id: size_of_zero_fill
    type: u4
  - id: characteristics
    type: u4
    doc: Bits 20-23 hold the alignment of the TLS data (IMAGE_SCN_ALIGN_* values).
types:
  pointer:
    seq:
      - id: value
        type:
          switch-on: _root.is_64
          cases:
            true: u8
            false: u4
