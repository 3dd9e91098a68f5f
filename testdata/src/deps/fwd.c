/* The only code in fwd1.dll and fwd2.dll; everything else they export is a forwarder. */
#include "mini.h"

DLLEXPORT int fwd_version(void) { return 1; }
