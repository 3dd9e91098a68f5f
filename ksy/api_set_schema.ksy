meta:
  id: api_set_schema
  title: API set schema (the .apiset section of apisetschema.dll)
  endian: le
doc: |
  The map from API set contracts (api-ms-win-core-synch-l1-2-0) to the DLLs that host them,
  which ntdll reads at process start. Three layouts: version 2 (Windows 7 and 8), version 4
  (Windows 8.1) and version 6 (Windows 10 and 11). Every offset counts from the start of the
  schema (the start of the section); every name is UTF-16LE with its length in bytes.
  Only the version is read here: the Java side bounds each count by the section's size before it
  places the position-free types below at their offsets.
doc-ref: https://www.geoffchappell.com/studies/windows/win32/apisetschema/index.htm
seq:
  - id: version
    type: u4
types:
  namespace_v2:
    doc: Follows the version in version 2; the entries follow it.
    seq:
      - id: count
        type: u4
  entry_v2:
    doc: 12 bytes. The name is stored without its "api-" prefix and ".dll".
    seq:
      - id: name_offset
        type: u4
      - id: name_length
        type: u4
      - id: values_offset
        doc: Where its value array (value_array_v2) is.
        type: u4
  value_array_v2:
    doc: A count, then that many value_v2.
    seq:
      - id: count
        type: u4
  value_v2:
    doc: 16 bytes. An importing module's name (empty for the default value) and the host.
    seq:
      - id: importer_offset
        type: u4
      - id: importer_length
        type: u4
      - id: host_offset
        type: u4
      - id: host_length
        type: u4
  namespace_v4:
    doc: Follows the version in version 4; the entries follow it.
    seq:
      - id: size
        type: u4
      - id: flags
        type: u4
      - id: count
        type: u4
  entry_v4:
    doc: 24 bytes. The name is stored without its "api-"/"ext-" prefix and ".dll".
    seq:
      - id: flags
        type: u4
      - id: name_offset
        type: u4
      - id: name_length
        type: u4
      - id: alias_offset
        type: u4
      - id: alias_length
        type: u4
      - id: values_offset
        doc: Where its value array (value_array_v4) is.
        type: u4
  value_array_v4:
    doc: Flags and a count, then that many value_entry.
    seq:
      - id: flags
        type: u4
      - id: count
        type: u4
  value_entry:
    doc: 20 bytes, versions 4 and 6. An importing module's name (empty for the default) and the host.
    seq:
      - id: flags
        type: u4
      - id: importer_offset
        type: u4
      - id: importer_length
        type: u4
      - id: host_offset
        type: u4
      - id: host_length
        type: u4
  namespace_v6:
    doc: Follows the version in version 6.
    seq:
      - id: size
        type: u4
      - id: flags
        type: u4
      - id: count
        type: u4
      - id: entries_offset
        type: u4
      - id: hashes_offset
        type: u4
      - id: hash_factor
        type: u4
  entry_v6:
    doc: |
      24 bytes. The full name without ".dll"; the loader matches only its first
      hashed_length bytes, the name without the last "-N" version part.
    seq:
      - id: flags
        type: u4
      - id: name_offset
        type: u4
      - id: name_length
        type: u4
      - id: hashed_length
        type: u4
      - id: values_offset
        doc: Where its value_count value_entry are.
        type: u4
      - id: value_count
        type: u4
  hash_entry_v6:
    doc: |
      8 bytes, sorted by hash. hash is the entry's hashed part, lower-cased, folded as
      hash = hash * hash_factor + character (32-bit); index is the entry it stands for.
    seq:
      - id: hash
        type: u4
      - id: index
        type: u4
