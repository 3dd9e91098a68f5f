meta:
  id: win_certificate
  title: Attribute certificate header (WIN_CERTIFICATE)
  endian: le
doc: |
  The head of one entry of the certificate table, which the security data
  directory addresses by FILE OFFSET (it is not mapped into memory). length
  covers this header and the certificate bytes; entries follow one another at
  8-byte alignment.
seq:
  - id: length
    type: u4
  - id: revision
    type: u2
    doc: 0x0200 for WIN_CERT_REVISION_2_0.
  - id: certificate_type
    type: u2
    doc: 0x0002 for WIN_CERT_TYPE_PKCS_SIGNED_DATA (Authenticode).
