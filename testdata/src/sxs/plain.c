/* A DLL no assembly names, found by the ordinary search. */
#include "mini.h"

DLLEXPORT int plain_value(void) { return 7; }
