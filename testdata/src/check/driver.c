/* A kernel-mode driver shape (subsystem native): the loader verifies the checksum of these. */
typedef long NTSTATUS;
NTSTATUS DriverEntry(void *driver, void *registry) { (void)driver; (void)registry; return 0; }
