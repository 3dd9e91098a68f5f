/* No manifest: imports plain.dll, which dotlocal.exe.local/ redirects (DotLocal). */
#include "mini.h"

DLLIMPORT int plain_value(void);

int start(void)
{
    return plain_value();
}
