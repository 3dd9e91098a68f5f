meta:
  id: repro_data
  title: REPRO debug data (the hash a /Brepro link stamps the image with)
  endian: le
doc: |
  A length, then that many hash bytes (32 with current linkers). The Java side
  hands over a window of the entry's SizeOfData, bounded, and keeps at most
  hash_length bytes of what follows.
seq:
  - id: hash_length
    type: u4
  - id: hash
    size-eos: true
