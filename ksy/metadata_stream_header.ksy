meta:
  id: metadata_stream_header
  title: Metadata stream header, ECMA-335 II.24.2.2
  endian: le
doc: |
  Where one stream (#~, #-, #Strings, #Blob, #GUID, #US) lies, as an offset from
  the metadata root. The name is NUL-terminated and padded to a 4-byte
  boundary; ECMA-335 limits it to 32 characters, which the Java side enforces
  through the window it gives this type.
seq:
  - id: offset
    type: u4
  - id: size
    type: u4
  - id: name
    type: strz
    encoding: ISO-8859-1
    eos-error: false
  - id: padding
    size: padding_length
    if: _io.size - _io.pos >= padding_length
instances:
  padding_length:
    value: (4 - (name.length + 1) % 4) % 4
  length:
    value: _io.pos
    doc: Bytes this header takes, padding included; the next header starts there.
