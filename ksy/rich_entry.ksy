meta:
  id: rich_entry
  title: One comp.id record of the Rich header (undocumented, written by Microsoft's linker)
  endian: le
doc: |
  The Rich header sits between the DOS stub and the PE header: "DanS", three
  padding words, then these records, then "Rich" and the key. Every word before
  "Rich" is XORed with the key, so the key is a parameter here.
params:
  - id: key
    type: u4
seq:
  - id: comp_id_masked
    type: u4
  - id: count_masked
    type: u4
instances:
  comp_id:
    value: comp_id_masked ^ key
  product_id:
    value: (comp_id >> 16) & 0xffff
  build:
    value: comp_id & 0xffff
  count:
    value: count_masked ^ key
