meta:
  id: resource_directory_entry
  title: Resource directory entry (IMAGE_RESOURCE_DIRECTORY_ENTRY)
  endian: le
doc: |
  One 8-byte entry of a resource directory table. Both words carry a flag in
  their high bit: a name that is a string (else an integer id), and a child
  that is another directory table (else a data entry). Offsets count from the
  start of the resource section, not from this table.
seq:
  - id: name_or_id
    type: u4
  - id: offset_to_child
    type: u4
instances:
  has_string_name:
    value: (name_or_id & 0x80000000) != 0
  name_offset:
    value: name_or_id & 0x7fffffff
    doc: Where the counted UTF-16 name lies, when has_string_name.
  id:
    value: name_or_id & 0xffff
    doc: The integer id (type, name or language id), when not has_string_name.
  is_directory:
    value: (offset_to_child & 0x80000000) != 0
  child_offset:
    value: offset_to_child & 0x7fffffff
