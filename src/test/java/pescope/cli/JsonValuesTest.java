package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.testing.Oracles;

/** Numbers and names in JSON: u8 values unsigned, names in UTF-8. */
class JsonValuesTest {

    @TempDir
    Path temp;

    @Test
    void imageBaseWithTheTopBitSetIsAnUnsignedNumberAsPefileReadsIt() throws Exception {
        byte[] bytes = Files.readAllBytes(DumpCommandTest.X64_DLL);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int optionalHeader = le.getInt(0x3C) + 24;
        assertEquals(0x20B, le.getShort(optionalHeader), "PE32+");
        le.putLong(optionalHeader + 24, 0xFFFFF80123450000L);
        // The stack reserve too: every u8 of the header goes through the same unsigned writer.
        le.putLong(optionalHeader + 72, 0x8000000000000001L);
        Path kernel = Files.write(temp.resolve("kernel-base.dll"), bytes);

        InProcessCli.Run run = InProcessCli.run("dump", "--json", kernel.toString());
        assertEquals(0, run.exitCode(), run.err());
        String pefile = pefile(kernel, "pe.OPTIONAL_HEADER.ImageBase, pe.OPTIONAL_HEADER.SizeOfStackReserve");
        String[] expected = pefile.strip().split(" ");
        assertEquals("18446735282503221248", expected[0]);
        assertTrue(run.out().contains("\"imageBase\":" + expected[0] + ","), run.out());
        assertTrue(run.out().contains("\"sizeOfStackReserve\":" + expected[1] + ","), run.out());
    }

    @Test
    void aUtf8ExportNameIsUtf8InJsonAndText() throws IOException {
        byte[] bytes = Files.readAllBytes(DumpCommandTest.TESTDATA.resolve("bin/impexp/x64/exporter.dll"));
        byte[] name = "ByName\0".getBytes(StandardCharsets.US_ASCII);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("ByName\0");
        assertTrue(at > 0);
        System.arraycopy("cafés\0".getBytes(StandardCharsets.UTF_8), 0, bytes, at, name.length);
        Path dll = Files.write(temp.resolve("utf8.dll"), bytes);

        assertTrue(InProcessCli.run("dump", "--json", dll.toString()).out().contains("{\"ordinal\":10,\"name\":\"cafés\","));
        assertTrue(InProcessCli.run("dump", "--exports", dll.toString()).out().contains("\n         10    0 00001000 cafés\n"));
    }

    private static String pefile(Path file, String expression) throws IOException, InterruptedException {
        boolean present = new ProcessBuilder("/usr/bin/python3", "-c", "import pefile").start().waitFor() == 0;
        Oracles.require(present, "python3-pefile (Debian package python3-pefile)");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, pefile; pe = pefile.PE(sys.argv[1]); print(" + expression + ")", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), out);
        return out;
    }
}
