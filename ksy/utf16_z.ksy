meta:
  id: utf16_z
  title: NUL-terminated UTF-16LE string (version-info keys and values)
  endian: le
doc: |
  Code units up to and including a 0 unit, or to the end of the window the
  Java side placed it in (the enclosing block's length), whichever comes first.
seq:
  - id: units
    type: u2
    repeat: until
    repeat-until: _ == 0 or _io.size - _io.pos < 2
