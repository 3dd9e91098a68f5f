meta:
  id: resource_data_entry
  title: Resource data entry (IMAGE_RESOURCE_DATA_ENTRY)
  endian: le
doc: |
  A leaf of the resource tree. Unlike the offsets inside the tree, data_rva is
  a real RVA: the data may lie anywhere in the image.
seq:
  - id: data_rva
    type: u4
  - id: size
    type: u4
  - id: code_page
    type: u4
  - id: reserved
    type: u4
