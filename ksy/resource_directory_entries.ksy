meta:
  id: resource_directory_entries
  title: The entries of one resource directory table, in one parse
  endian: le
  imports:
    - resource_directory_entry
doc: |
  The entries that follow a resource_directory head: its named entries, then
  its id entries. The Java side bounds their number and parses those that lie
  one after another in the file in one go; a stream and a window per entry were
  most of what the resource walk allocated (issue 16).
params:
  - id: num_entries
    type: u4
seq:
  - id: entries
    type: resource_directory_entry
    repeat: expr
    repeat-expr: num_entries
