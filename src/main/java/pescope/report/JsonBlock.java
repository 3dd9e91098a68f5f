package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.Directory;
import pescope.pe.PeImage;

/**
 * The registry of the directory parts of dump's JSON object, in the order they are written:
 * the directory each shows (its {@link Directory#key()} is the JSON key) and its writer. The
 * writer writes the value only; {@link DumpJson} writes the key.
 */
enum JsonBlock {
    IMPORTS(Directory.IMPORT, (image, json) -> ImportJson.writeModules(json, image.imports())),
    DELAY_IMPORTS(Directory.DELAY_IMPORT, (image, json) -> ImportJson.writeModules(json, image.delayImports())),
    BOUND_IMPORTS(Directory.BOUND_IMPORT, BoundImportJson::write),
    EXPORTS(Directory.EXPORT, ExportJson::write);

    /** Writes one directory's JSON value. */
    @FunctionalInterface
    interface Writer {
        void write(PeImage image, JsonGenerator json) throws IOException;
    }

    private final Directory directory;
    private final Writer writer;

    JsonBlock(Directory directory, Writer writer) {
        this.directory = directory;
        this.writer = writer;
    }

    Directory directory() {
        return directory;
    }

    void writeField(PeImage image, JsonGenerator json) throws IOException {
        json.writeFieldName(directory.key());
        writer.write(image, json);
    }
}
