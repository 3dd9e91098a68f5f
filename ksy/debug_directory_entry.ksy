meta:
  id: debug_directory_entry
  title: Debug directory entry (IMAGE_DEBUG_DIRECTORY)
  endian: le
doc: |
  One 28-byte entry of the debug directory, which is an array of these filling
  the directory's Size. The data an entry describes is found by its file
  pointer (PointerToRawData); AddressOfRawData is 0 when the data is not
  mapped (old CodeView and FPO data at the end of the file).
seq:
  - id: characteristics
    type: u4
  - id: time_date_stamp
    type: u4
  - id: major_version
    type: u2
  - id: minor_version
    type: u2
  - id: type
    type: u4
    doc: IMAGE_DEBUG_TYPE_*; 2 CodeView, 13 POGO, 12 VC_FEATURE, 16 REPRO, 20 EX_DLLCHARACTERISTICS.
  - id: size_of_data
    type: u4
  - id: address_of_raw_data
    type: u4
  - id: pointer_to_raw_data
    type: u4
