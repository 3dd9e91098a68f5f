meta:
  id: vs_fixed_file_info
  title: VS_FIXEDFILEINFO (the binary value of a VS_VERSIONINFO block)
  endian: le
seq:
  - id: signature
    type: u4
    doc: 0xFEEF04BD in a well-formed block.
  - id: struc_version
    type: u4
  - id: file_version_ms
    type: u4
  - id: file_version_ls
    type: u4
  - id: product_version_ms
    type: u4
  - id: product_version_ls
    type: u4
  - id: file_flags_mask
    type: u4
  - id: file_flags
    type: u4
  - id: file_os
    type: u4
  - id: file_type
    type: u4
  - id: file_subtype
    type: u4
  - id: file_date_ms
    type: u4
  - id: file_date_ls
    type: u4
