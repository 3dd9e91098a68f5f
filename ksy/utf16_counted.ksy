meta:
  id: utf16_counted
  title: Counted UTF-16LE string (IMAGE_RESOURCE_DIR_STRING_U)
  endian: le
doc: |
  A resource type or name given as a string: a 16-bit count of UTF-16 code
  units, then the units, with no terminator. The code units are kept as
  numbers so the Java side decides what an unpaired surrogate becomes.
seq:
  - id: num_units
    type: u2
  - id: units
    size: num_units * 2
