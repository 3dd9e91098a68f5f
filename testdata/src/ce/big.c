/* SizeOfImage 0x21000: one page more than 128 KB, so it needs three 64 KB blocks. */
#include "mini.h"
#include "pad.h"

DLLIMPORT int small1_value(void);
DLLIMPORT DWORD WINAPI GetLastError(void);

PAD_TOUCH(big_touch)
DLLEXPORT int big_value(void) { return small1_value() + (int)GetLastError(); }
