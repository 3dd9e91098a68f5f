meta:
  id: ascii_z
  title: NUL-terminated byte string (DLL names, section long names, forwarders)
  endian: le
doc: |
  The Java side hands this type a window no longer than the name limit it
  enforces, so an unterminated string ends at the window instead of running
  through the file. The bytes are decoded on the Java side (NameDecoding):
  UTF-8 where they are valid, each other byte kept as itself.
seq:
  - id: value
    terminator: 0
    eos-error: false
