/*
 * A small DLL without a CRT: named code exports, two data exports, one kernel32 import,
 * an initialised pointer in .data (so every build carries a base relocation) and an entry point.
 */
#include "mini.h"

DLLIMPORT DWORD WINAPI GetLastError(void);

DLLEXPORT int hello_counter = 0;

/* An absolute address in initialised data: the linker must emit a base relocation for it. */
DLLEXPORT const char *hello_message = "hello from pescope testdata";

DLLEXPORT int hello_add(int a, int b) { return a + b; }

DLLEXPORT const char *hello_greeting(void)
{
    hello_counter++;
    return hello_message;
}

DLLEXPORT DWORD hello_last_error(void) { return GetLastError(); }

BOOL WINAPI DllMainCRTStartup(HANDLE module, DWORD reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved;
    return TRUE;
}
