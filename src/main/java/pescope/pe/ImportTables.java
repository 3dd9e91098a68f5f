package pescope.pe;

/**
 * Where a descriptor says its tables are. Plain imports use the address table, name table,
 * time stamp and forwarder chain; delay-load descriptors add the attributes, the module-handle
 * slot and the bound and unload tables. All addresses are RVAs (a VA-form delay descriptor is
 * converted on reading).
 */
public record ImportTables(
        long attributes,
        long moduleHandleRva,
        long importAddressTableRva,
        long importNameTableRva,
        long boundImportAddressTableRva,
        long unloadInformationTableRva,
        long timeDateStamp,
        long forwarderChain) {

    public static ImportTables plain(long iat, long nameTable, long timeDateStamp, long forwarderChain) {
        return new ImportTables(0, 0, iat, nameTable, 0, 0, timeDateStamp, forwarderChain);
    }
}
