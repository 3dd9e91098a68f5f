meta:
  id: bound_import_entry
  title: Bound import entry (IMAGE_BOUND_IMPORT_DESCRIPTOR or IMAGE_BOUND_FORWARDER_REF)
  endian: le
doc: |
  Both kinds share this 8-byte layout; in a descriptor the last field counts
  the forwarder references that follow it, in a forwarder reference it is
  reserved. Name offsets are relative to the start of the bound import
  directory, which lives in the headers.
seq:
  - id: time_date_stamp
    type: u4
  - id: ofs_module_name
    type: u2
  - id: number_of_module_forwarder_refs
    type: u2
instances:
  is_terminator:
    value: time_date_stamp == 0 and ofs_module_name == 0 and number_of_module_forwarder_refs == 0
