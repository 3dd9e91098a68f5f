/* Imports three functions from exporter.dll and nothing else, so tools/bind.py can bind every
 * import against the committed exporter.dll, as BindImageEx would. */
#include "mini.h"

DLLIMPORT int ByName(void);
DLLIMPORT int ByNameAndOrdinal(void);
DLLIMPORT int OrdinalOnly(void);

int start(void) { return ByName() + ByNameAndOrdinal() + OrdinalOnly(); }
