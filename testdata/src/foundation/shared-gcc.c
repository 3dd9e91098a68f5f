/* A DLL with a writable section shared between processes, declared the GCC way. */
#include "mini.h"

__attribute__((section(".shared"), shared)) int shared_counter = 0;

DLLEXPORT int shared_bump(void) { return ++shared_counter; }

BOOL WINAPI DllMainCRTStartup(HANDLE module, DWORD reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved;
    return TRUE;
}
