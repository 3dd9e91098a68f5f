/* The leaf of the graph: imports nothing. Also built for ARM64 as deps/wrongarch/libA.dll. */
#include "mini.h"

DLLEXPORT int a_value(void) { return 1; }
DLLEXPORT int a_twice(int x) { return 2 * x; }
