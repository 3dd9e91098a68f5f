/* Data in a section the link line marks readable, writable AND executable (/SECTION:.wx,RWE). */
#include "mini.h"

#pragma data_seg(".wx")
int wx_scratch[4] = {1, 2, 3, 4};
#pragma data_seg()

DLLEXPORT int wx_get(int i) { return wx_scratch[i & 3]; }
