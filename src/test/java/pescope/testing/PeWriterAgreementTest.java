package pescope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;

/**
 * Proves {@link PeWriter} against tools that share no code with it: generated layouts are
 * written to {@code target/writer-check/} and read back by pefile and by llvm-readobj, which
 * must accept every file and report the headers, sections, imports, delay imports, exports and
 * relocations the layout describes.
 *
 * <p>A jqwik container (not Jupiter) because generators must run on a jqwik thread.
 * {@code -Dpescope.writerCheck.count=N} and {@code -Dpescope.writerCheck.seed=S} change the
 * sample; {@code tools/check_writer.sh} runs it.
 */
class PeWriterAgreementTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PEFILE_REPORT = Path.of("tools/pefile_report.py");
    private static final String LLVM_READOBJ = "llvm-readobj";
    /** llvm-readobj 14 maps RVAs through section headers only, so it cannot read a directory in the headers. */
    private static final String LLVM_RVA_IN_HEADERS = "Invalid data was encountered while parsing the file";

    /**
     * pefile 2023.2.7 crashes on a section named PAGE that is writable and executable: it then
     * asks is_driver(), which parses the imports before the section list is complete.
     */
    private static final String PEFILE_PAGE_SECTION_CRASH = "parse_sections > is_driver";

    private record Sample(int index, PeLayout layout, Path file, long entryPoint) {}

    private static final List<Sample> samples = new ArrayList<>();
    private static long seed;

    /** Writes the sample once per run, on first use. */
    private static synchronized void writeSamples() throws IOException {
        if (!samples.isEmpty()) return;
        int count = Integer.getInteger("pescope.writerCheck.count", 300);
        seed = Long.getLong("pescope.writerCheck.seed", 20240601L);
        Path folder = Path.of("target", "writer-check");
        deleteRecursively(folder);
        Files.createDirectories(folder);
        RandomGenerator<PeLayout> generator = PeLayouts.layouts().generator(1000);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            PeLayout layout = generator.next(random).value();
            byte[] image = PeWriter.write(layout);
            Path file = folder.resolve(String.format("%04d.bin", i));
            Files.write(file, image);
            Files.writeString(folder.resolve(String.format("%04d.layout.txt", i)), layout.toString());
            samples.add(new Sample(i, layout, file, entryPointOf(image)));
        }
        printCoverage();
    }

    /** How often the sample hits each edge the generators aim at, so a thin sample shows. */
    private static void printCoverage() {
        Map<String, Long> counts = new TreeMap<>();
        for (Sample sample : samples) {
            PeLayout l = sample.layout();
            count(counts, "PE32+", l.pe32Plus());
            count(counts, "SectionAlignment < 0x1000", l.lowAlignment());
            count(counts, "FileAlignment 1", l.fileAlignment() == 1);
            count(counts, "e_lfanew 4", l.eLfanew() == 4);
            count(counts, "SizeOfOptionalHeader 0", l.effectiveSizeOfOptionalHeader() == 0);
            count(counts, "section table inside the optional header", l.effectiveSizeOfOptionalHeader() < l.naturalSizeOfOptionalHeader() && l.numberOfSections() > 0);
            count(counts, "no sections", l.numberOfSections() == 0);
            count(counts, "over 48 sections", l.numberOfSections() > 48);
            count(counts, "96 sections", l.numberOfSections() == PeLayouts.MAX_SECTIONS);
            count(counts, "NumberOfRvaAndSizes < 16", l.numberOfRvaAndSizes() < 16);
            count(counts, "virtual-only section", l.sections().stream().anyMatch(PeLayout.Section::virtualOnly));
            count(counts, "imports in headers", l.importsInHeaders() && !l.imports().isEmpty());
            count(counts, "imports", !l.imports().isEmpty());
            count(counts, "delay imports", !l.delayImports().isEmpty());
            count(counts, "exports", l.exports().isPresent());
            count(counts, "export ordinal base 0", l.exports().filter(e -> e.ordinalBase() == 0).isPresent());
            count(counts, "export forwarder", l.exports().filter(e -> e.slots().stream().anyMatch(x -> x instanceof PeLayout.ExportSlot.Forwarder)).isPresent());
            count(counts, "export gap", l.exports().filter(e -> e.slots().stream().anyMatch(x -> x instanceof PeLayout.ExportSlot.Gap)).isPresent());
            count(counts, "base relocations", l.baseRelocations());
            count(counts, "explicit SizeOfImage", l.sizeOfImage().isPresent());
        }
        System.out.println("writer check sample: " + samples.size() + " layouts; " + counts);
    }

    private static void count(Map<String, Long> counts, String feature, boolean present) {
        counts.merge(feature, present ? 1L : 0L, Long::sum);
    }

    @Example
    void pefileReadsEveryGeneratedImageAsTheLayoutDescribesIt() throws Exception {
        Oracles.require(pefileIsInstalled(), "needs /usr/bin/python3 with pefile (Debian python3-pefile)");
        writeSamples();
        Process process = new ProcessBuilder(PYTHON.toString(), PEFILE_REPORT.toString(), "target/writer-check")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        process.waitFor(10, TimeUnit.MINUTES);
        assertEquals(samples.size(), lines.size(), "one pefile report per image");

        ObjectMapper json = new ObjectMapper();
        Map<Integer, List<String>> failures = new TreeMap<>();
        int rejected = 0;
        int crashes = 0;
        int directoriesUnparsed = 0;
        for (Sample sample : samples) {
            JsonNode facts = json.readTree(lines.get(sample.index()));
            if (!facts.get("ok").asBoolean()) {
                String error = facts.get("error").asText();
                if (error.contains(PEFILE_PAGE_SECTION_CRASH) && hasWritableExecutablePageSection(sample.layout())) {
                    crashes++;
                    continue;
                }
                rejected++;
                failures.put(sample.index(), List.of("pefile rejects it: " + error));
                continue;
            }
            if (!ToolReport.pefileParsedDirectories(sample.layout().numberOfRvaAndSizes()).containsAll(presentDirectories(sample.layout()))) {
                directoriesUnparsed++;
            }
            List<String> mismatches = LayoutAgreement.mismatches(sample.layout(), ToolReport.fromPefile(facts), sample.entryPoint());
            if (!mismatches.isEmpty()) failures.put(sample.index(), mismatches);
        }
        System.out.printf("writer check (pefile): %d files not read because of pefile's crash on a W+X PAGE section, "
                + "%d with a directory pefile skips (its fixed parse order stops at NumberOfRvaAndSizes)%n", crashes, directoriesUnparsed);
        report("pefile", samples.size() - crashes, rejected, crashes, failures);
    }

    private static boolean hasWritableExecutablePageSection(PeLayout layout) {
        long writableExecutable = PeLayout.Section.MEM_WRITE | PeLayout.Section.MEM_EXECUTE;
        return layout.sections().stream().anyMatch(s -> s.name().equals("PAGE")
                && (s.characteristics() & writableExecutable) == writableExecutable);
    }

    private static List<Integer> presentDirectories(PeLayout layout) {
        var present = new ArrayList<Integer>();
        if (layout.exports().isPresent()) present.add(PeLayout.DIR_EXPORT);
        if (!layout.imports().isEmpty()) present.add(PeLayout.DIR_IMPORT);
        if (layout.baseRelocations()) present.add(PeLayout.DIR_BASERELOC);
        if (!layout.delayImports().isEmpty()) present.add(PeLayout.DIR_DELAY_IMPORT);
        return present;
    }

    @Example
    void llvmReadobjReadsEveryGeneratedImageAsTheLayoutDescribesIt() throws Exception {
        Oracles.require(llvmReadobjIsInstalled(), "needs llvm-readobj on the PATH (Debian llvm)");
        writeSamples();
        Map<Integer, List<String>> failures = new TreeMap<>();
        int rejected = 0;
        int unreadable = 0;
        for (Sample sample : samples) {
            Process process = new ProcessBuilder(LLVM_READOBJ, "--file-headers", "--sections", "--coff-imports",
                    "--coff-exports", "--coff-basereloc", sample.file().toString()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (importDirectoryInHeaders(sample.layout())) {
                unreadable++;
                if (exit == 0 || !errors.contains(LLVM_RVA_IN_HEADERS)) {
                    failures.put(sample.index(), List.of("expected llvm-readobj's known refusal of RVAs in the headers, got exit "
                            + exit + ": " + errors.strip()));
                }
                continue;
            }
            if (exit != 0) {
                rejected++;
                failures.put(sample.index(), List.of("llvm-readobj rejects it (exit " + exit + "): " + errors.strip()));
                continue;
            }
            List<String> mismatches = LayoutAgreement.mismatches(sample.layout(), ToolReport.fromReadobj(output, errors), sample.entryPoint());
            if (!mismatches.isEmpty()) failures.put(sample.index(), mismatches);
        }
        System.out.printf("writer check (llvm-readobj): %d files with the import directory in the headers, "
                + "which llvm-readobj 14 cannot map (it maps RVAs through sections only)%n", unreadable);
        report("llvm-readobj", samples.size() - unreadable, rejected, unreadable, failures);
    }

    private static boolean importDirectoryInHeaders(PeLayout layout) {
        return layout.importsInHeaders() && !layout.imports().isEmpty();
    }

    private static void report(String tool, int checked, int rejected, int excluded, Map<Integer, List<String>> failures) {
        System.out.printf("writer check (%s): seed %d, %d files checked, %d rejected, %d with mismatches%s%n",
                tool, seed, checked, rejected, failures.size(),
                excluded > 0 ? ", " + excluded + " excluded as a known tool defect" : "");
        var message = new StringBuilder();
        failures.entrySet().stream().limit(20).forEach(failure -> message.append(String.format(
                "%n  target/writer-check/%04d.bin: %s", failure.getKey(), String.join("; ", failure.getValue()))));
        assertEquals(0, failures.size(), tool + " disagrees with the writer on " + failures.size() + " files:" + message);
    }

    private static long entryPointOf(byte[] image) {
        int at = readU4(image, 0x3C) + 24 + 16;
        return at + 4 <= image.length ? readU4(image, at) & 0xFFFFFFFFL : 0;
    }

    private static int readU4(byte[] image, int offset) {
        return (image[offset] & 0xFF) | (image[offset + 1] & 0xFF) << 8 | (image[offset + 2] & 0xFF) << 16 | (image[offset + 3] & 0xFF) << 24;
    }

    private static boolean pefileIsInstalled() {
        return succeeds(PYTHON.toString(), "-c", "import pefile");
    }

    private static boolean llvmReadobjIsInstalled() {
        return succeeds(LLVM_READOBJ, "--version");
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
