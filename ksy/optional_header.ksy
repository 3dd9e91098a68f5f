meta:
  id: optional_header
  title: PE optional header (IMAGE_OPTIONAL_HEADER32 / IMAGE_OPTIONAL_HEADER64)
  endian: le
doc: |
  Read in full whatever SizeOfOptionalHeader says: the loader does not honour
  that size either (tiny images set it to 0 and let the section table overlap
  this header), so the caller hands this type a zero-padded window instead of a
  substream cut to SizeOfOptionalHeader.
  Fields whose width differs between PE32 and PE32+ are read twice under
  `if`, once per width; `image_base`, `size_of_stack_reserve` etc. are the
  width-independent views.
seq:
  - id: magic
    type: u2
    doc: 0x10B for PE32, 0x20B for PE32+ (0x107 would be a ROM image).
  - id: major_linker_version
    type: u1
  - id: minor_linker_version
    type: u1
  - id: size_of_code
    type: u4
  - id: size_of_initialized_data
    type: u4
  - id: size_of_uninitialized_data
    type: u4
  - id: address_of_entry_point
    type: u4
  - id: base_of_code
    type: u4
  - id: base_of_data
    type: u4
    if: not is_pe32_plus
  - id: image_base_32
    type: u4
    if: not is_pe32_plus
  - id: image_base_64
    type: u8
    if: is_pe32_plus
  - id: section_alignment
    type: u4
  - id: file_alignment
    type: u4
  - id: major_operating_system_version
    type: u2
  - id: minor_operating_system_version
    type: u2
  - id: major_image_version
    type: u2
  - id: minor_image_version
    type: u2
  - id: major_subsystem_version
    type: u2
  - id: minor_subsystem_version
    type: u2
  - id: win32_version_value
    type: u4
  - id: size_of_image
    type: u4
  - id: size_of_headers
    type: u4
  - id: check_sum
    type: u4
  - id: subsystem
    type: u2
  - id: dll_characteristics
    type: u2
  - id: stack_and_heap_32
    type: stack_and_heap_32
    if: not is_pe32_plus
  - id: stack_and_heap_64
    type: stack_and_heap_64
    if: is_pe32_plus
  - id: loader_flags
    type: u4
  - id: number_of_rva_and_sizes
    type: u4
  - id: data_directories
    type: data_directory
    repeat: expr
    repeat-expr: 'number_of_rva_and_sizes < 16 ? number_of_rva_and_sizes : 16'
    doc: |
      The loader looks at no more than 16 entries, whatever the count says;
      the Java side reports a count above 16 as an anomaly.
instances:
  is_pe32_plus:
    value: magic == 0x20b
  image_base:
    value: 'is_pe32_plus ? image_base_64 : image_base_32'
  size_of_stack_reserve:
    value: 'is_pe32_plus ? stack_and_heap_64.size_of_stack_reserve : stack_and_heap_32.size_of_stack_reserve'
  size_of_stack_commit:
    value: 'is_pe32_plus ? stack_and_heap_64.size_of_stack_commit : stack_and_heap_32.size_of_stack_commit'
  size_of_heap_reserve:
    value: 'is_pe32_plus ? stack_and_heap_64.size_of_heap_reserve : stack_and_heap_32.size_of_heap_reserve'
  size_of_heap_commit:
    value: 'is_pe32_plus ? stack_and_heap_64.size_of_heap_commit : stack_and_heap_32.size_of_heap_commit'
types:
  stack_and_heap_32:
    seq:
      - id: size_of_stack_reserve
        type: u4
      - id: size_of_stack_commit
        type: u4
      - id: size_of_heap_reserve
        type: u4
      - id: size_of_heap_commit
        type: u4
  stack_and_heap_64:
    seq:
      - id: size_of_stack_reserve
        type: u8
      - id: size_of_stack_commit
        type: u8
      - id: size_of_heap_reserve
        type: u8
      - id: size_of_heap_commit
        type: u8
  data_directory:
    seq:
      - id: virtual_address
        type: u4
        doc: An RVA, except for the certificate table, where it is a file offset.
      - id: size
        type: u4
