/* SizeOfImage 0x20000: exactly two 64 KB blocks, no slack. */
#include "mini.h"
#include "pad.h"

DLLIMPORT int medium_value(void);
DLLIMPORT int small1_value(void);
DLLIMPORT void WINAPI Sleep(DWORD milliseconds);

PAD_TOUCH(large_touch)
DLLEXPORT int large_value(void) { Sleep(0); return medium_value() + small1_value(); }
