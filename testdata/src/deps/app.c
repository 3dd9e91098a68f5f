/*
 * The root of the dependency-graph set. Import order (link order in build.sh):
 * libB.dll, libA.dll, nothere.dll, cycA.dll, fwd1.dll, kernel32.dll; libC.dll is delay-loaded.
 */
#include "mini.h"

DLLIMPORT int b_value(void);         /* libB.dll, which imports libA.dll */
DLLIMPORT int a_twice(int x);        /* libA.dll: exists */
DLLIMPORT int notExported(void);     /* libA.dll: missing by name */
DLLIMPORT int missingOrdinal(void);  /* libA.dll #99: missing by ordinal */
DLLIMPORT int nothere_func(void);    /* nothere.dll: the module is missing */
DLLIMPORT int cyc_a(void);           /* cycA.dll <-> cycB.dll */
DLLIMPORT int X(void);               /* fwd1.dll: forwarder loop */
DLLIMPORT int Y(void);               /* fwd1.dll: forwarder chain ending in libA.dll */
DLLIMPORT int c_value(void);         /* libC.dll, delay-loaded */

int start(void)
{
    return b_value() + a_twice(1) + notExported() + missingOrdinal() + nothere_func() + cyc_a()
         + X() + Y() + c_value();
}
