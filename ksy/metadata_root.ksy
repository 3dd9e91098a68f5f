meta:
  id: metadata_root
  title: Metadata root (the "BSJB" header), ECMA-335 II.24.2.1
  endian: le
doc: |
  The head of the metadata block, up to the stream count. The stream headers
  that follow are read one at a time with metadata_stream_header, after the
  Java side has bounded their count. The Java side also bounds the version
  length (ECMA-335 allows 255 bytes) before it sizes this type's window.
seq:
  - id: signature
    type: u4
    doc: 0x424A5342, "BSJB" in the file.
  - id: major_version
    type: u2
  - id: minor_version
    type: u2
  - id: reserved
    type: u4
  - id: len_version
    type: u4
    doc: Length of the version string, padded to a multiple of 4, terminator included.
  - id: version
    size: len_version
    type: strz_in_padding
  - id: flags
    type: u2
  - id: number_of_streams
    type: u2
types:
  strz_in_padding:
    seq:
      - id: value
        type: strz
        encoding: UTF-8
        eos-error: false
