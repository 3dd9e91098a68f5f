/*
 * An EXE that imports the way MSVC-built code does: through API set contracts, never the host
 * DLLs. api-ms-win-core-synch-l1-2-0 is hosted by kernelbase.dll, api-ms-win-crt-* by
 * ucrtbase.dll in Windows' and Wine's schemas; the loader maps them, no such file exists.
 */
#include "mini.h"

DLLIMPORT void WINAPI Sleep(DWORD milliseconds);
DLLIMPORT int __cdecl _initterm_e(void *first, void *last);
DLLIMPORT int __cdecl puts(const char *text);

int start(void)
{
    Sleep(0);
    puts("pescope");
    return _initterm_e(0, 0);
}
