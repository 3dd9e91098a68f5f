/* A tiny DLL, shared by big.dll and large.dll; imports small2.dll. */
#include "mini.h"
#include "pad.h"

DLLIMPORT int small2_value(void);

PAD_TOUCH(small1_touch)
DLLEXPORT int small1_value(void) { return small2_value() + 1; }
