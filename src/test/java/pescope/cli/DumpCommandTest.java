package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {

    static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    static final Path X64_DLL = TESTDATA.resolve("bin/gcc-x64.dll");

    @TempDir
    Path temp;

    @Test
    void printsOnlyTheSummaryWhenNoBlockIsAsked() {
        InProcessCli.Run run = InProcessCli.run("dump", X64_DLL.toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Dump of file " + X64_DLL + "\n\nFile Type: DLL\n\n  Summary\n\n"), run.out());
        assertFalse(run.out().contains("FILE HEADER VALUES"));
    }

    @Test
    void emptyFileExitsThreeWithOneLine() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.dll"));
        InProcessCli.Run run = InProcessCli.run("dump", empty.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + empty + ": not a PE file: empty file\n", run.err());
    }

    @Test
    void textFileExitsThreeWithOneLine() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.txt"), "hello, this is not a PE image\n".repeat(4));
        InProcessCli.Run run = InProcessCli.run("dump", text.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + text + ": not a PE file: no MZ signature\n", run.err());
    }

    @Test
    void fileCutBeforeThePeSignatureExitsThree() throws IOException {
        byte[] whole = Files.readAllBytes(X64_DLL);
        Path cut = Files.write(temp.resolve("cut.dll"), Arrays.copyOf(whole, 0x60));
        InProcessCli.Run run = InProcessCli.run("dump", cut.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + cut + ": not a PE file: PE header offset 0x80 is past the end of the file (96 bytes)\n", run.err());
    }

    @Test
    void directoryExitsThreeWithOneLine() {
        InProcessCli.Run run = InProcessCli.run("dump", temp.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + temp + ": is a directory (use -r to process the PE files in it)\n", run.err());
    }

    @Test
    void goodFilesInABatchAreStillDumpedAfterABadOne() throws IOException {
        Path text = Files.writeString(temp.resolve("bad.dll"), "MZ but nothing else");
        InProcessCli.Run run = InProcessCli.run("dump", "--json", text.toString(), X64_DLL.toString());
        assertEquals(3, run.exitCode());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"file\":\"" + text + "\",\"error\":\"not a PE file: file too short"), lines[0]);
        assertTrue(lines[1].startsWith("{\"file\":\"" + X64_DLL + "\",\"format\":\"PE32+\",\"machine\":34404"), lines[1]);
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void formatJsonIsTheSameAsJson() {
        InProcessCli.Run json = InProcessCli.run("dump", "--json", X64_DLL.toString());
        InProcessCli.Run format = InProcessCli.run("dump", "--format", "json", X64_DLL.toString());
        assertEquals(0, format.exitCode());
        assertEquals(json.out(), format.out());
        assertTrue(format.out().startsWith("{\"file\":"), format.out());
    }

    @Test
    void eachTextBlockOfTheRegistryHasItsSwitch() {
        for (pescope.report.TextBlock block : pescope.report.TextBlock.values()) {
            InProcessCli.Run run = InProcessCli.run("dump", "--" + block.option(), X64_DLL.toString());
            assertEquals(0, run.exitCode(), block + ": " + run.err());
        }
        InProcessCli.Run headers = InProcessCli.run("dump", "--headers", X64_DLL.toString());
        assertTrue(headers.out().contains("FILE HEADER VALUES"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        InProcessCli.Run run = InProcessCli.run("dump", "--frobnicate", X64_DLL.toString());
        assertEquals(2, run.exitCode());
    }

    @Test
    void truncatedImageStillDumpsItsHeadersWithAnAnomaly() throws IOException {
        byte[] whole = Files.readAllBytes(X64_DLL);
        Path cut = Files.write(temp.resolve("half.dll"), Arrays.copyOf(whole, 0x300));
        InProcessCli.Run run = InProcessCli.run("dump", "--json", cut.toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("\"code\":\"SECTION_RAW_DATA_PAST_EOF\""), run.out());
        assertEquals("", run.err());
    }

    /**
     * A dump larger than what a thread holds per file (1 MB) is rendered again as it is written:
     * once, whole, and in input order among files dumped in parallel.
     */
    @Test
    void aDumpLargerThanTheBufferIsWrittenOnceWholeInInputOrder() throws IOException {
        Path large = Files.write(temp.resolve("large.dll"), pescope.testing.AmplifiedExports.manyNames(1, 60_000));
        String alone = InProcessCli.run("dump", "--exports", "--nologo", large.toString()).out();
        String small = InProcessCli.run("dump", "--exports", "--nologo", X64_DLL.toString()).out();
        assertTrue(alone.length() > 1 << 20, "the dump is not larger than the buffer: " + alone.length());
        // The same reader as the command's, rendered as one String.
        pescope.pe.PeImage image = read(large, new pescope.pe.PeReader(pescope.report.TextBlock.EXPORTS.directories()));
        assertEquals(new pescope.report.DumpText(java.util.Set.of(pescope.report.TextBlock.EXPORTS))
                .render(image, large.toString()), alone);
        InProcessCli.Run batch = InProcessCli.run("dump", "--exports", "--nologo", "-j", "2",
                X64_DLL.toString(), large.toString(), X64_DLL.toString(), large.toString());
        assertEquals(0, batch.exitCode(), batch.err());
        assertEquals(small + alone + small + alone, batch.out());
        String json = InProcessCli.run("dump", "--json", large.toString()).out();
        assertTrue(json.length() > 1 << 20, "the JSON is not larger than the buffer: " + json.length());
        pescope.pe.PeImage all = read(large, new pescope.pe.PeReader(pescope.pe.Directory.allRead(), pescope.pe.FileFact.cheap()));
        assertEquals(new pescope.report.DumpJson().render(all, large.toString()) + "\n", json);
    }

    private static pescope.pe.PeImage read(Path file, pescope.pe.PeReader reader) {
        return ((pescope.pe.ImageFile.Done<pescope.pe.PeImage>) pescope.pe.ImageFile.read(file, reader)).value();
    }
}
