# An x86 exception handler registered as safe (.safeseh): with /SAFESEH, lld-link lists it in
# the image's SafeSEH table and leaves NO_SEH clear, as a CRT-linked x86 DLL would be.
        # @feat.00 bit 0: this object is SafeSEH-compatible (what MSVC's compiler marks on its own).
        .def    @feat.00; .scl 3; .type 0; .endef
        .globl  @feat.00
        .set    @feat.00, 1
        .text
        .def    _pescope_seh_handler; .scl 2; .type 32; .endef
        .globl  _pescope_seh_handler
_pescope_seh_handler:
        movl    $1, %eax
        retl
        .safeseh _pescope_seh_handler
