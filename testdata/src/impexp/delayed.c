/* The DLL that importer.exe delay-loads; exporter.dll also forwards FwdOrdinal to its #7. */
int DelayedByName(void) { return 11; }
int DelayedSeven(void) { return 7; }
