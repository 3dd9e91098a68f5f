/*
 * The DLL that cannot be relocated. No code here needs a base relocation (no global data, no
 * imports), so lld-link emits no .reloc; tools/cepatch.py --fixed then sets
 * IMAGE_FILE_RELOCS_STRIPPED as /FIXED would (lld-link refuses /FIXED for ARM).
 */
#include "mini.h"

DLLEXPORT int fixed_value(int x) { return x * 3; }

BOOL WINAPI DllMainCRTStartup(HANDLE module, DWORD reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved;
    return TRUE;
}
