meta:
  id: ascii_z
  title: NUL-terminated byte string (DLL names, section long names, forwarders)
  endian: le
doc: |
  The Java side hands this type a window no longer than the name limit it
  enforces, so an unterminated string ends at the window instead of running
  through the file. Latin-1 keeps every byte of a hostile name visible.
seq:
  - id: value
    type: strz
    encoding: ISO-8859-1
    eos-error: false
