/* app.exe -> libB.dll -> libA.dll: the clean part of the graph. */
#include "mini.h"

DLLIMPORT int a_value(void);

DLLEXPORT int b_value(void) { return a_value() + 1; }
