/*
 * Imports from exporter.dll by name, by ordinal (OrdinalOnly is NONAME, so the import library
 * turns it into #5), a data export, and a forwarded export; delay-loads delayed.dll by name and
 * by ordinal. kernel32.dll is imported for ExitProcess and for the delay-load helper.
 */
#include "mini.h"

DLLIMPORT int ByName(void);
DLLIMPORT int ByNameAndOrdinal(void);
DLLIMPORT int OrdinalOnly(void);
DLLIMPORT extern int DataExport;
DLLIMPORT void FwdHeap(void);        /* kernel32.HeapAlloc via exporter.dll; address only */
DLLIMPORT int DelayedByName(void);
DLLIMPORT int DelayedSeven(void);
DLLIMPORT void WINAPI ExitProcess(unsigned code);

void (*volatile heap_alloc)(void);

void start(void)
{
    heap_alloc = FwdHeap;
    ExitProcess((unsigned)(ByName() + ByNameAndOrdinal() + OrdinalOnly() + DataExport
                           + DelayedByName() + DelayedSeven()));
}
