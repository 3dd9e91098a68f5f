meta:
  id: ascii_z
  title: NUL-terminated byte string (DLL names, section long names, forwarders)
  endian: le
doc: |
  The Java side reads these strings itself (ImageBytes.readString): a bounded
  scan for the NUL and one copy, because a Kaitai stream, window and
  ByteArrayOutputStream per name cost 68 ms of the 466 ms wine batch
  (issue 16). It reads them as this type says, from a window no longer than the
  name limit it enforces, so an unterminated string ends at the window instead
  of running through the file. The bytes are decoded on the Java side
  (NameDecoding): UTF-8 where they are valid, each other byte kept as itself.
seq:
  - id: value
    terminator: 0
    eos-error: false
