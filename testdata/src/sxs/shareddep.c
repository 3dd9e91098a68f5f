/* The DLL of the shared assembly Pescope.Shared 2.0.0.0. */
#include "mini.h"

DLLEXPORT int shared_value(void) { return 2; }
