/* The entry point every DLL of ours links when it has one; it does nothing but succeed. */
#include "mini.h"

BOOL WINAPI DllMainCRTStartup(HANDLE module, DWORD reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved;
    return TRUE;
}
