meta:
  id: clr_header
  title: CLR runtime header (IMAGE_COR20_HEADER), ECMA-335 II.25.3.3
  endian: le
doc: |
  The 72-byte header that data directory 14 (COM Descriptor) points at. Every
  location in it is an RVA plus a size, which the Java side maps and bounds.
seq:
  - id: cb
    type: u4
    doc: Size of this header in bytes; 72 in every image ECMA-335 describes.
  - id: major_runtime_version
    type: u2
  - id: minor_runtime_version
    type: u2
  - id: metadata
    type: rva_and_size
  - id: flags
    type: u4
    doc: COMIMAGE_FLAGS_* (ILONLY 0x1, 32BITREQUIRED 0x2, STRONGNAMESIGNED 0x8, NATIVE_ENTRYPOINT 0x10, 32BITPREFERRED 0x20000).
  - id: entry_point_token
    type: u4
    doc: A MethodDef or File token, or with NATIVE_ENTRYPOINT an RVA of native code.
  - id: resources
    type: rva_and_size
  - id: strong_name_signature
    type: rva_and_size
  - id: code_manager_table
    type: rva_and_size
  - id: vtable_fixups
    type: rva_and_size
  - id: export_address_table_jumps
    type: rva_and_size
  - id: managed_native_header
    type: rva_and_size
types:
  rva_and_size:
    seq:
      - id: rva
        type: u4
      - id: size
        type: u4
