/* A DLL of exactly 64 KB (SizeOfImage 0x10000): one full block, no slack. Imports nothing. */
#include "mini.h"
#include "pad.h"

PAD_TOUCH(small3_touch)
DLLEXPORT int small3_value(void) { return 3; }
