/* Delay-loaded by app.exe; statically imports libA.dll, which is loaded by then. */
#include "mini.h"

DLLIMPORT int a_value(void);

DLLEXPORT int c_value(void) { return a_value() + 2; }
