meta:
  id: metadata_table
  title: Rows of one metadata table, ECMA-335 II.22 (layouts) and II.24.2.6 (index sizes)
  endian: le
doc: |
  One table of the #~ / #- stream: `num_rows` rows of the layout that
  `table_id` names. Index columns are 2 or 4 bytes wide depending on row
  counts and heap sizes, so the Java side works the widths out once per file
  and passes them in `index_widths`, indexed by `index_kind`: a simple index
  into table N at position N, the three heaps and each coded index after
  them. Bounding is the Java side's: it checks the row count against the bytes
  the stream has left before it sizes this type's window, and it learns a
  table's row size by parsing one row of zeros. Tables 0x2D and up (portable
  PDB tables live only in #Pdb streams) are not known here.
params:
  - id: table_id
    type: u1
  - id: num_rows
    type: u4
  - id: index_widths
    type: bytes
    doc: One byte per index_kind value, each 2 or 4.
seq:
  - id: rows
    repeat: expr
    repeat-expr: num_rows
    type:
      switch-on: table_id
      cases:
        0x00: module_row
        0x01: type_ref_row
        0x02: type_def_row
        0x03: field_ptr_row
        0x04: field_row
        0x05: method_ptr_row
        0x06: method_def_row
        0x07: param_ptr_row
        0x08: param_row
        0x09: interface_impl_row
        0x0a: member_ref_row
        0x0b: constant_row
        0x0c: custom_attribute_row
        0x0d: field_marshal_row
        0x0e: decl_security_row
        0x0f: class_layout_row
        0x10: field_layout_row
        0x11: stand_alone_sig_row
        0x12: event_map_row
        0x13: event_ptr_row
        0x14: event_row
        0x15: property_map_row
        0x16: property_ptr_row
        0x17: property_row
        0x18: method_semantics_row
        0x19: method_impl_row
        0x1a: module_ref_row
        0x1b: type_spec_row
        0x1c: impl_map_row
        0x1d: field_rva_row
        0x1e: enc_log_row
        0x1f: enc_map_row
        0x20: assembly_row
        0x21: assembly_processor_row
        0x22: assembly_os_row
        0x23: assembly_ref_row
        0x24: assembly_ref_processor_row
        0x25: assembly_ref_os_row
        0x26: file_row
        0x27: exported_type_row
        0x28: manifest_resource_row
        0x29: nested_class_row
        0x2a: generic_param_row
        0x2b: method_spec_row
        0x2c: generic_param_constraint_row
enums:
  index_kind:
    0: module
    1: type_ref
    2: type_def
    3: field_ptr
    4: field
    5: method_ptr
    6: method_def
    7: param_ptr
    8: param
    9: interface_impl
    10: member_ref
    11: constant
    12: custom_attribute
    13: field_marshal
    14: decl_security
    15: class_layout
    16: field_layout
    17: stand_alone_sig
    18: event_map
    19: event_ptr
    20: event
    21: property_map
    22: property_ptr
    23: property
    24: method_semantics
    25: method_impl
    26: module_ref
    27: type_spec
    28: impl_map
    29: field_rva
    30: enc_log
    31: enc_map
    32: assembly
    33: assembly_processor
    34: assembly_os
    35: assembly_ref
    36: assembly_ref_processor
    37: assembly_ref_os
    38: file
    39: exported_type
    40: manifest_resource
    41: nested_class
    42: generic_param
    43: method_spec
    44: generic_param_constraint
    64: strings
    65: guid
    66: blob
    67: type_def_or_ref
    68: has_constant
    69: has_custom_attribute
    70: has_field_marshal
    71: has_decl_security
    72: member_ref_parent
    73: has_semantics
    74: method_def_or_ref
    75: member_forwarded
    76: implementation
    77: custom_attribute_type
    78: resolution_scope
    79: type_or_method_def
types:
  index:
    doc: An index whose width (2 or 4 bytes) the row counts decide.
    params:
      - id: width
        type: u1
    seq:
      - id: value
        type:
          switch-on: width
          cases:
            2: u2
            _: u4
  module_row:
    doc: Table 0x00.
    seq:
      - id: generation
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: mvid
        type: index(_root.index_widths[index_kind::guid.to_i])
      - id: enc_id
        type: index(_root.index_widths[index_kind::guid.to_i])
      - id: enc_base_id
        type: index(_root.index_widths[index_kind::guid.to_i])
  type_ref_row:
    doc: Table 0x01.
    seq:
      - id: resolution_scope
        type: index(_root.index_widths[index_kind::resolution_scope.to_i])
      - id: type_name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: type_namespace
        type: index(_root.index_widths[index_kind::strings.to_i])
  type_def_row:
    doc: Table 0x02.
    seq:
      - id: flags
        type: u4
      - id: type_name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: type_namespace
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: extends_type
        type: index(_root.index_widths[index_kind::type_def_or_ref.to_i])
      - id: field_list
        type: index(_root.index_widths[index_kind::field.to_i])
      - id: method_list
        type: index(_root.index_widths[index_kind::method_def.to_i])
  field_ptr_row:
    doc: Table 0x03.
    seq:
      - id: field
        type: index(_root.index_widths[index_kind::field.to_i])
  field_row:
    doc: Table 0x04.
    seq:
      - id: flags
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: signature
        type: index(_root.index_widths[index_kind::blob.to_i])
  method_ptr_row:
    doc: Table 0x05.
    seq:
      - id: method
        type: index(_root.index_widths[index_kind::method_def.to_i])
  method_def_row:
    doc: Table 0x06.
    seq:
      - id: rva
        type: u4
      - id: impl_flags
        type: u2
      - id: flags
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: signature
        type: index(_root.index_widths[index_kind::blob.to_i])
      - id: param_list
        type: index(_root.index_widths[index_kind::param.to_i])
  param_ptr_row:
    doc: Table 0x07.
    seq:
      - id: param
        type: index(_root.index_widths[index_kind::param.to_i])
  param_row:
    doc: Table 0x08.
    seq:
      - id: flags
        type: u2
      - id: sequence
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
  interface_impl_row:
    doc: Table 0x09.
    seq:
      - id: owner_class
        type: index(_root.index_widths[index_kind::type_def.to_i])
      - id: interface_type
        type: index(_root.index_widths[index_kind::type_def_or_ref.to_i])
  member_ref_row:
    doc: Table 0x0a.
    seq:
      - id: owner_class
        type: index(_root.index_widths[index_kind::member_ref_parent.to_i])
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: signature
        type: index(_root.index_widths[index_kind::blob.to_i])
  constant_row:
    doc: Table 0x0b.
    seq:
      - id: type
        type: u1
      - id: padding
        type: u1
      - id: parent
        type: index(_root.index_widths[index_kind::has_constant.to_i])
      - id: value
        type: index(_root.index_widths[index_kind::blob.to_i])
  custom_attribute_row:
    doc: Table 0x0c.
    seq:
      - id: parent
        type: index(_root.index_widths[index_kind::has_custom_attribute.to_i])
      - id: type
        type: index(_root.index_widths[index_kind::custom_attribute_type.to_i])
      - id: value
        type: index(_root.index_widths[index_kind::blob.to_i])
  field_marshal_row:
    doc: Table 0x0d.
    seq:
      - id: parent
        type: index(_root.index_widths[index_kind::has_field_marshal.to_i])
      - id: native_type
        type: index(_root.index_widths[index_kind::blob.to_i])
  decl_security_row:
    doc: Table 0x0e.
    seq:
      - id: action
        type: u2
      - id: parent
        type: index(_root.index_widths[index_kind::has_decl_security.to_i])
      - id: permission_set
        type: index(_root.index_widths[index_kind::blob.to_i])
  class_layout_row:
    doc: Table 0x0f.
    seq:
      - id: packing_size
        type: u2
      - id: class_size
        type: u4
      - id: parent
        type: index(_root.index_widths[index_kind::type_def.to_i])
  field_layout_row:
    doc: Table 0x10.
    seq:
      - id: offset
        type: u4
      - id: field
        type: index(_root.index_widths[index_kind::field.to_i])
  stand_alone_sig_row:
    doc: Table 0x11.
    seq:
      - id: signature
        type: index(_root.index_widths[index_kind::blob.to_i])
  event_map_row:
    doc: Table 0x12.
    seq:
      - id: parent
        type: index(_root.index_widths[index_kind::type_def.to_i])
      - id: event_list
        type: index(_root.index_widths[index_kind::event.to_i])
  event_ptr_row:
    doc: Table 0x13.
    seq:
      - id: event
        type: index(_root.index_widths[index_kind::event.to_i])
  event_row:
    doc: Table 0x14.
    seq:
      - id: event_flags
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: event_type
        type: index(_root.index_widths[index_kind::type_def_or_ref.to_i])
  property_map_row:
    doc: Table 0x15.
    seq:
      - id: parent
        type: index(_root.index_widths[index_kind::type_def.to_i])
      - id: property_list
        type: index(_root.index_widths[index_kind::property.to_i])
  property_ptr_row:
    doc: Table 0x16.
    seq:
      - id: property
        type: index(_root.index_widths[index_kind::property.to_i])
  property_row:
    doc: Table 0x17.
    seq:
      - id: flags
        type: u2
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: type
        type: index(_root.index_widths[index_kind::blob.to_i])
  method_semantics_row:
    doc: Table 0x18.
    seq:
      - id: semantics
        type: u2
      - id: method
        type: index(_root.index_widths[index_kind::method_def.to_i])
      - id: association
        type: index(_root.index_widths[index_kind::has_semantics.to_i])
  method_impl_row:
    doc: Table 0x19.
    seq:
      - id: owner_class
        type: index(_root.index_widths[index_kind::type_def.to_i])
      - id: method_body
        type: index(_root.index_widths[index_kind::method_def_or_ref.to_i])
      - id: method_declaration
        type: index(_root.index_widths[index_kind::method_def_or_ref.to_i])
  module_ref_row:
    doc: Table 0x1a.
    seq:
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
  type_spec_row:
    doc: Table 0x1b.
    seq:
      - id: signature
        type: index(_root.index_widths[index_kind::blob.to_i])
  impl_map_row:
    doc: Table 0x1c.
    seq:
      - id: mapping_flags
        type: u2
      - id: member_forwarded
        type: index(_root.index_widths[index_kind::member_forwarded.to_i])
      - id: import_name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: import_scope
        type: index(_root.index_widths[index_kind::module_ref.to_i])
  field_rva_row:
    doc: Table 0x1d.
    seq:
      - id: rva
        type: u4
      - id: field
        type: index(_root.index_widths[index_kind::field.to_i])
  enc_log_row:
    doc: Table 0x1e.
    seq:
      - id: token
        type: u4
      - id: func_code
        type: u4
  enc_map_row:
    doc: Table 0x1f.
    seq:
      - id: token
        type: u4
  assembly_row:
    doc: Table 0x20.
    seq:
      - id: hash_alg_id
        type: u4
      - id: major_version
        type: u2
      - id: minor_version
        type: u2
      - id: build_number
        type: u2
      - id: revision_number
        type: u2
      - id: flags
        type: u4
      - id: public_key
        type: index(_root.index_widths[index_kind::blob.to_i])
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: culture
        type: index(_root.index_widths[index_kind::strings.to_i])
  assembly_processor_row:
    doc: Table 0x21.
    seq:
      - id: processor
        type: u4
  assembly_os_row:
    doc: Table 0x22.
    seq:
      - id: os_platform_id
        type: u4
      - id: os_major_version
        type: u4
      - id: os_minor_version
        type: u4
  assembly_ref_row:
    doc: Table 0x23.
    seq:
      - id: major_version
        type: u2
      - id: minor_version
        type: u2
      - id: build_number
        type: u2
      - id: revision_number
        type: u2
      - id: flags
        type: u4
      - id: public_key_or_token
        type: index(_root.index_widths[index_kind::blob.to_i])
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: culture
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: hash_value
        type: index(_root.index_widths[index_kind::blob.to_i])
  assembly_ref_processor_row:
    doc: Table 0x24.
    seq:
      - id: processor
        type: u4
      - id: assembly_ref
        type: index(_root.index_widths[index_kind::assembly_ref.to_i])
  assembly_ref_os_row:
    doc: Table 0x25.
    seq:
      - id: os_platform_id
        type: u4
      - id: os_major_version
        type: u4
      - id: os_minor_version
        type: u4
      - id: assembly_ref
        type: index(_root.index_widths[index_kind::assembly_ref.to_i])
  file_row:
    doc: Table 0x26.
    seq:
      - id: flags
        type: u4
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: hash_value
        type: index(_root.index_widths[index_kind::blob.to_i])
  exported_type_row:
    doc: Table 0x27.
    seq:
      - id: flags
        type: u4
      - id: type_def_id
        type: u4
      - id: type_name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: type_namespace
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: implementation
        type: index(_root.index_widths[index_kind::implementation.to_i])
  manifest_resource_row:
    doc: Table 0x28.
    seq:
      - id: offset
        type: u4
      - id: flags
        type: u4
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
      - id: implementation
        type: index(_root.index_widths[index_kind::implementation.to_i])
  nested_class_row:
    doc: Table 0x29.
    seq:
      - id: nested_class
        type: index(_root.index_widths[index_kind::type_def.to_i])
      - id: enclosing_class
        type: index(_root.index_widths[index_kind::type_def.to_i])
  generic_param_row:
    doc: Table 0x2a.
    seq:
      - id: number
        type: u2
      - id: flags
        type: u2
      - id: owner
        type: index(_root.index_widths[index_kind::type_or_method_def.to_i])
      - id: name
        type: index(_root.index_widths[index_kind::strings.to_i])
  method_spec_row:
    doc: Table 0x2b.
    seq:
      - id: method
        type: index(_root.index_widths[index_kind::method_def_or_ref.to_i])
      - id: instantiation
        type: index(_root.index_widths[index_kind::blob.to_i])
  generic_param_constraint_row:
    doc: Table 0x2c.
    seq:
      - id: owner
        type: index(_root.index_widths[index_kind::generic_param.to_i])
      - id: constraint
        type: index(_root.index_widths[index_kind::type_def_or_ref.to_i])
