meta:
  id: export_directory
  title: Export directory table (IMAGE_EXPORT_DIRECTORY)
  endian: le
doc: |
  The 40-byte head of the export data. The three tables it points at are read
  with u4_table / u2_table once the Java side has bounded their counts.
seq:
  - id: characteristics
    type: u4
  - id: time_date_stamp
    type: u4
  - id: major_version
    type: u2
  - id: minor_version
    type: u2
  - id: name_rva
    type: u4
  - id: ordinal_base
    type: u4
  - id: number_of_functions
    type: u4
  - id: number_of_names
    type: u4
  - id: address_table_rva
    type: u4
  - id: name_pointer_table_rva
    type: u4
  - id: ordinal_table_rva
    type: u4
