/* cycB.dll imports cycA.dll, which imports cycB.dll back: a two-DLL cycle. */
#include "mini.h"

DLLIMPORT int cyc_a(void);

DLLEXPORT int cyc_b(void) { return cyc_a() + 1; }
