/* Every kind of export a .def file can describe; see exporter.def for how each is exported. */
int ByName(void) { return 1; }
int ByNameAndOrdinal(void) { return 3; }
int OrdinalOnly(void) { return 5; }
int HiddenNoName(void) { return 9; }
int DataExport = 42;
