meta:
  id: resource_directory
  title: Resource directory table (IMAGE_RESOURCE_DIRECTORY)
  endian: le
doc: |
  The 16-byte head of one level of the resource tree. Its entries follow it:
  the named ones first, then the ones with integer ids. The Java side bounds the
  two counts before it reads any entry.
seq:
  - id: characteristics
    type: u4
  - id: time_date_stamp
    type: u4
  - id: major_version
    type: u2
  - id: minor_version
    type: u2
  - id: number_of_named_entries
    type: u2
  - id: number_of_id_entries
    type: u2
