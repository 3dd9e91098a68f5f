/* SizeOfImage 0x18000: one and a half 64 KB blocks. */
#include "mini.h"
#include "pad.h"

DLLIMPORT int small3_value(void);

PAD_TOUCH(medium_touch)
DLLEXPORT int medium_value(void) { return small3_value() + 1; }
