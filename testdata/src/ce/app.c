/*
 * The CE application: imports big.dll, large.dll, fixed.dll, then COREDLL.dll (Sleep, and
 * LoadLibraryW/GetProcAddressA for the delay-load helper); delay-loads lazy.dll.
 */
#include "mini.h"

DLLIMPORT int big_value(void);
DLLIMPORT int large_value(void);
DLLIMPORT int fixed_value(int x);
DLLIMPORT void WINAPI Sleep(DWORD milliseconds);
DLLIMPORT int lazy_value(void);

int WinMainCRTStartup(void)
{
    Sleep(0);
    return big_value() + large_value() + fixed_value(1) + lazy_value();
}
