/* A tiny DLL at the end of the chain app -> big -> small1 -> small2; imports COREDLL.dll. */
#include "mini.h"
#include "pad.h"

DLLIMPORT DWORD WINAPI GetLastError(void);

PAD_TOUCH(small2_touch)
DLLEXPORT int small2_value(void) { return (int)GetLastError(); }
