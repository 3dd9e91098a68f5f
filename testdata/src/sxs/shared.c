/* Imports shareddep.dll, which only the shared assembly Pescope.Shared (in a WinSxS folder) holds. */
#include "mini.h"

DLLIMPORT int shared_value(void);

int start(void)
{
    return shared_value();
}
