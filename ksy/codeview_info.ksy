meta:
  id: codeview_info
  title: CodeView debug data (RSDS / NB10 record of a CODEVIEW debug entry)
  endian: le
doc: |
  The data of a CODEVIEW debug entry names the PDB that holds the image's
  symbols. The Java side hands over a window of the entry's SizeOfData, so the
  path ends at its NUL or at the end of the data. The path is bytes the linker
  copied; it is read as UTF-8, which is what current linkers write.
seq:
  - id: signature
    type: str
    size: 4
    encoding: ISO-8859-1
    doc: '"RSDS" (PDB 7.0) or "NB10" (PDB 2.0); other CodeView forms are not decoded.'
  - id: info
    type:
      switch-on: signature
      cases:
        '"RSDS"': pdb70
        '"NB10"': pdb20
types:
  pdb70:
    seq:
      - id: guid_data1
        type: u4
      - id: guid_data2
        type: u2
      - id: guid_data3
        type: u2
      - id: guid_data4
        size: 8
      - id: age
        type: u4
      - id: pdb_path
        type: strz
        encoding: UTF-8
        eos-error: false
  pdb20:
    seq:
      - id: offset
        type: u4
        doc: Always 0 for a separate PDB file.
      - id: signature
        type: u4
        doc: A time stamp the PDB carries too.
      - id: age
        type: u4
      - id: pdb_path
        type: strz
        encoding: UTF-8
        eos-error: false
