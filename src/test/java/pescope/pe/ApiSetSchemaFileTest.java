package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.testing.ApiSetSchemaBuilder;
import pescope.testing.Oracles;
import pescope.testing.PeLayout;
import pescope.testing.PeWriter;

/** apisetschema.dll files of each layout, written by our PE writer, read through their .apiset section. */
class ApiSetSchemaFileTest {

    @TempDir
    Path temp;

    private static final ApiSetSchemaBuilder SCHEMA = new ApiSetSchemaBuilder()
            .entry("api-ms-win-core-synch-l1-2-1", "kernelbase.dll")
            .entry("api-ms-win-crt-heap-l1-1-0", "ucrtbase.dll")
            .entry("ext-ms-win-absent-l1-1-0", "");

    /** A 64-bit DLL whose one section, .apiset, holds the schema. */
    private Path dllWith(String sectionName, byte[] schema) throws IOException, NotAPeFileException {
        long rawSize = (schema.length + 0x1FF) & ~0x1FFL;
        PeLayout layout = PeLayout.dll64().withBaseRelocations(false).withSections(
                new PeLayout.Section(sectionName, schema.length, rawSize,
                        PeLayout.Section.CNT_INITIALIZED_DATA | PeLayout.Section.MEM_READ));
        byte[] file = PeWriter.write(layout);
        long at = PeReader.headersOnly().read("schema", ByteBuffer.wrap(file)).sections().get(0).pointerToRawData();
        System.arraycopy(schema, 0, file, (int) at, schema.length);
        return Files.write(temp.resolve(sectionName.substring(1) + ".dll"), file);
    }

    @Test
    void readsEachLayoutFromTheApisetSectionOfADll() throws Exception {
        for (byte[] schema : List.of(SCHEMA.v2(), SCHEMA.v4(), SCHEMA.v6())) {
            ApiSetSchema read = ApiSetSchemaReader.read(dllWith(".apiset", schema));

            assertEquals(List.of(), read.problems());
            assertEquals(List.of("kernelbase.dll", "ucrtbase.dll", ""),
                    read.contracts().stream().map(c -> c.values().get(0).host()).toList());
        }
    }

    @Test
    void aDllWithoutAnApisetSectionIsNotASchema() throws Exception {
        IOException e = assertThrows(IOException.class, () -> ApiSetSchemaReader.read(dllWith(".rdata", SCHEMA.v6())));

        assertEquals("no .apiset section: not an API set schema", e.getMessage());
    }

    @Test
    void namesAVersionItDoesNotRead() throws Exception {
        byte[] schema = SCHEMA.v6();
        schema[0] = 5;

        IOException e = assertThrows(IOException.class, () -> ApiSetSchemaReader.read(dllWith(".apiset", schema)));

        assertEquals("API set schema version 5 is not one pescope reads (2, 4 or 6)", e.getMessage());
    }

    @Test
    void theIndependentScriptReadsEachWrittenLayoutAsPescopeDoes() throws Exception {
        Oracles.require(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 with pefile (Debian python3-pefile)");
        ApiSetSchemaBuilder schema = new ApiSetSchemaBuilder()
                .entry("api-ms-win-core-appinit-l1-1-0", "kernel32.dll", "kernel32.dll", "kernelbase.dll")
                .entry("ext-ms-win-absent-l1-1-0", "");
        for (byte[] bytes : List.of(schema.v2(), schema.v4(), schema.v6())) {
            Path dll = dllWith(".apiset", bytes);
            Process process = new ProcessBuilder("/usr/bin/python3", "tools/apiset_map.py", dll.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> script = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, process.waitFor());

            List<String> ours = new java.util.ArrayList<>();
            for (ApiSetSchema.Contract contract : ApiSetSchemaReader.read(dll).contracts()) {
                for (int i = 0; i < contract.values().size(); i++) {
                    ApiSetSchema.HostValue value = contract.values().get(i);
                    ours.add(contract.name() + "\t" + (i == 0 ? "*" : value.importer()) + "\t" + value.host());
                }
            }

            assertEquals(script, ours);
            assertEquals(3, ours.size());
        }
    }
}
