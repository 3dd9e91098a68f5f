meta:
  id: vc_feature
  title: VC_FEATURE debug data (object-file counts of the MSVC toolset)
  endian: le
doc: |
  Five counts the MSVC linker writes: how many object files came from a
  compiler older than VC++ 11, from C/C++, were built with /GS, with /sdl, and
  with guard (Spectre/CFG) instrumentation. dumpbin prints them as "Counts:".
seq:
  - id: pre_vc11
    type: u4
  - id: c_and_cpp
    type: u4
  - id: gs
    type: u4
  - id: sdl
    type: u4
  - id: guard_n
    type: u4
