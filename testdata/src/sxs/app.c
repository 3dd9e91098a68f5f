/*
 * The root of the side-by-side set: imports redirected.dll (which its manifest's private
 * assembly Pescope.Private supplies, although a decoy of that name sits in the application
 * folder) and plain.dll (no assembly names it: found in the application folder).
 * Built as app.exe (manifest embedded as RT_MANIFEST #1) and app-external.exe (manifest beside it).
 */
#include "mini.h"

DLLIMPORT int which_redirected(void);
DLLIMPORT int plain_value(void);

int start(void)
{
    return which_redirected() + plain_value();
}
