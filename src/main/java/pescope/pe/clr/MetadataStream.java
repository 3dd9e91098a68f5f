package pescope.pe.clr;

/** One stream header of the metadata root: a name and where the stream lies in the metadata block. */
public record MetadataStream(String name, long offset, long size) {}
