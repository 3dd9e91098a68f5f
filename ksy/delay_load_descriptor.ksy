meta:
  id: delay_load_descriptor
  title: Delay-load import descriptor (IMAGE_DELAYLOAD_DESCRIPTOR / ImgDelayDescr)
  endian: le
doc: |
  One 32-byte entry of the delay import directory. When bit 0 of `attributes`
  is clear (old Visual C++ 6 images) the address fields are virtual addresses,
  not RVAs; the Java side converts them.
seq:
  - id: attributes
    type: u4
  - id: dll_name_rva
    type: u4
  - id: module_handle_rva
    type: u4
  - id: import_address_table_rva
    type: u4
  - id: import_name_table_rva
    type: u4
  - id: bound_import_address_table_rva
    type: u4
  - id: unload_information_table_rva
    type: u4
  - id: time_date_stamp
    type: u4
instances:
  uses_rvas:
    value: (attributes & 1) != 0
  is_terminator:
    value: dll_name_rva == 0 and import_address_table_rva == 0 and import_name_table_rva == 0
