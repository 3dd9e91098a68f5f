/* cycA.dll imports cycB.dll, which imports cycA.dll back: a two-DLL cycle. */
#include "mini.h"

DLLIMPORT int cyc_b(void);

DLLEXPORT int cyc_a(void) { return 1; }
DLLEXPORT int cyc_a_calls_b(void) { return cyc_b() + 1; }
