/* A DLL with a writable section shared between processes, declared the MSVC way:
 * #pragma data_seg here, and /SECTION:.shared,RWS on the lld-link command line. */
#include "mini.h"

#pragma data_seg(".shared")
int shared_counter = 0;
#pragma data_seg()

DLLEXPORT int shared_bump(void) { return ++shared_counter; }
