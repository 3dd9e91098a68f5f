meta:
  id: pogo_entry
  title: One entry of POGO (profile-guided optimisation) debug data
  endian: le
doc: |
  POGO data is a 4-byte signature ("LTCG", "PGU" ...), read with u4_table, then
  a run of these entries: a section-like range of the image and its name, the
  name padded with NULs to a multiple of 4 bytes. The Java side places each
  entry and bounds their number.
seq:
  - id: rva
    type: u4
  - id: size
    type: u4
  - id: name
    type: strz
    encoding: ISO-8859-1
    eos-error: false
