meta:
  id: load_config_directory
  title: Load configuration directory (IMAGE_LOAD_CONFIG_DIRECTORY32 / 64)
  endian: le
doc: |
  The structure has grown with almost every Windows release; its first field,
  Size, says how much of it an image has. This type spells out the whole
  structure as of the Windows 11 SDK. The Java side hands over a window padded
  with zeros past Size and reports only the fields that Size covers.
  Pointer-sized fields are u4 in PE32 and u8 in PE32+; the two bitness orders
  differ once, around ProcessHeapFlags and ProcessAffinityMask.
params:
  - id: is_64
    type: bool
seq:
  - id: size
    type: u4
  - id: time_date_stamp
    type: u4
  - id: major_version
    type: u2
  - id: minor_version
    type: u2
  - id: global_flags_clear
    type: u4
  - id: global_flags_set
    type: u4
  - id: critical_section_default_timeout
    type: u4
  - id: de_commit_free_block_threshold
    type: pointer
  - id: de_commit_total_free_threshold
    type: pointer
  - id: lock_prefix_table
    type: pointer
  - id: maximum_allocation_size
    type: pointer
  - id: virtual_memory_threshold
    type: pointer
  - id: process_affinity_mask_64
    type: u8
    if: is_64
  - id: process_heap_flags
    type: u4
  - id: process_affinity_mask_32
    type: u4
    if: not is_64
  - id: csd_version
    type: u2
  - id: dependent_load_flags
    type: u2
  - id: edit_list
    type: pointer
  - id: security_cookie
    type: pointer
  - id: se_handler_table
    type: pointer
  - id: se_handler_count
    type: pointer
  - id: guard_cf_check_function_pointer
    type: pointer
  - id: guard_cf_dispatch_function_pointer
    type: pointer
  - id: guard_cf_function_table
    type: pointer
  - id: guard_cf_function_count
    type: pointer
  - id: guard_flags
    type: u4
  - id: code_integrity_flags
    type: u2
  - id: code_integrity_catalog
    type: u2
  - id: code_integrity_catalog_offset
    type: u4
  - id: code_integrity_reserved
    type: u4
  - id: guard_address_taken_iat_entry_table
    type: pointer
  - id: guard_address_taken_iat_entry_count
    type: pointer
  - id: guard_long_jump_target_table
    type: pointer
  - id: guard_long_jump_target_count
    type: pointer
  - id: dynamic_value_reloc_table
    type: pointer
  - id: chpe_metadata_pointer
    type: pointer
  - id: guard_rf_failure_routine
    type: pointer
  - id: guard_rf_failure_routine_function_pointer
    type: pointer
  - id: dynamic_value_reloc_table_offset
    type: u4
  - id: dynamic_value_reloc_table_section
    type: u2
  - id: reserved2
    type: u2
  - id: guard_rf_verify_stack_pointer_function_pointer
    type: pointer
  - id: hot_patch_table_offset
    type: u4
  - id: reserved3
    type: u4
  - id: enclave_configuration_pointer
    type: pointer
  - id: volatile_metadata_pointer
    type: pointer
  - id: guard_eh_continuation_table
    type: pointer
  - id: guard_eh_continuation_count
    type: pointer
  - id: guard_xfg_check_function_pointer
    type: pointer
  - id: guard_xfg_dispatch_function_pointer
    type: pointer
  - id: guard_xfg_table_dispatch_function_pointer
    type: pointer
  - id: cast_guard_os_determined_failure_mode
    type: pointer
  - id: guard_memcpy_function_pointer
    type: pointer
instances:
  process_affinity_mask:
    value: 'is_64 ? process_affinity_mask_64 : process_affinity_mask_32'
types:
  pointer:
    doc: A VA or a count as wide as the image's pointers.
    seq:
      - id: value
        type:
          switch-on: _root.is_64
          cases:
            true: u8
            false: u4
