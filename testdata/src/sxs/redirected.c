/*
 * Built twice: WHICH=1 is the decoy in the application folder, WHICH=2 the copy in the private
 * assembly Pescope.Private/, which the loader takes.
 */
#include "mini.h"

DLLEXPORT int which_redirected(void) { return WHICH; }
