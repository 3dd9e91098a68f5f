meta:
  id: import_descriptor
  title: Import directory entry (IMAGE_IMPORT_DESCRIPTOR)
  endian: le
doc: |
  One 20-byte entry of the import directory. The Windows loader (and Wine) stop
  at the first descriptor whose Name or FirstThunk is zero, not only at one of
  all zeros, so that is what ends the table here too. Every field but the two counters is an RVA the Java side maps.
seq:
  - id: import_lookup_table_rva
    type: u4
    doc: OriginalFirstThunk; zero in images from linkers that only write the address table.
  - id: time_date_stamp
    type: u4
    doc: 0, or -1 when the image was bound (real stamps then live in the bound import directory).
  - id: forwarder_chain
    type: u4
  - id: name_rva
    type: u4
  - id: import_address_table_rva
    type: u4
    doc: FirstThunk, which the loader overwrites with the resolved addresses.
instances:
  is_terminator:
    value: name_rva == 0 or import_address_table_rva == 0
