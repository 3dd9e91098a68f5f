/* Delay-loaded by app.exe: in the delay-import directory, not the import directory. */
#include "mini.h"
#include "pad.h"

PAD_TOUCH(lazy_touch)
DLLEXPORT int lazy_value(void) { return 4; }
