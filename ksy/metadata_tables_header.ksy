meta:
  id: metadata_tables_header
  title: Fixed head of the #~ / #- table stream, ECMA-335 II.24.2.6
  endian: le
doc: |
  The 24 bytes before the row counts. One u4 row count follows for each bit
  set in `valid`, in table-number order; the Java side counts the bits, bounds
  the counts and reads them with u4_table.
seq:
  - id: reserved
    type: u4
  - id: major_version
    type: u1
  - id: minor_version
    type: u1
  - id: heap_sizes
    type: u1
    doc: |
      Bit 0x01: #Strings indexes are 4 bytes; 0x02: #GUID; 0x04: #Blob.
      The uncompressed #- stream may set 0x20 and 0x80 (edit-and-continue
      deltas) and 0x40, which puts 4 extra bytes after the row counts.
  - id: reserved2
    type: u1
  - id: valid
    type: u8
    doc: Bit N set when table N is present.
  - id: sorted
    type: u8
instances:
  strings_index_size:
    value: '(heap_sizes & 0x01) != 0 ? 4 : 2'
  guid_index_size:
    value: '(heap_sizes & 0x02) != 0 ? 4 : 2'
  blob_index_size:
    value: '(heap_sizes & 0x04) != 0 ? 4 : 2'
  has_extra_data:
    value: (heap_sizes & 0x40) != 0
