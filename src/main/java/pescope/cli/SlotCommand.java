package pescope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import pescope.ce.AllocatorOptions;
import pescope.ce.CeModule;
import pescope.ce.Device;
import pescope.ce.ImageModules;
import pescope.ce.ModuleCatalog;
import pescope.ce.RomDll;
import pescope.ce.RomImage;
import pescope.ce.RomLayout;
import pescope.ce.Scenario;
import pescope.ce.SlotAllocator;
import pescope.ce.SlotMap;
import pescope.ce.Step;
import pescope.ce.Workarounds;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.FileSystemLocator;
import pescope.deps.SearchPath;
import pescope.pe.NameDecoding;
import pescope.report.TerminalText;
import pescope.deps.SearchStep;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeReader;
import pescope.report.SlotMapJson;
import pescope.report.SlotMapSvg;
import pescope.report.SlotMapText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "slot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Estimate where the Windows CE loader puts each DLL, what it costs and which load fails.",
            "",
            "Models the CE 2.x-5.0 process slot (32 MB, 64 KB blocks, one global DLL map shared by every "
                    + "process, DLLs placed top-down below the ROM modules) and the CE 6.0 shared DLL region, "
                    + "following docs/ce-loader.md. Each ROOT is started as its own process, in order: an EXE "
                    + "with its imports, a DLL as if LoadLibrary'd by an empty process. Imports, --load and "
                    + "--pinvoke DLLs are found the CE way (see 'pescope deps --preset ce').",
            "",
            "Under \"What would help\" each of KB326163's workarounds that applies is tried by running the "
                    + "same allocator on the changed scenario: the run without MEM_TOP_DOWN, small DLLs merged, "
                    + "a process split in two, --load DLLs loaded at start-up, a smaller heap.",
            ""},
        footerHeading = "%n",
        footer = {
            "SIZE and ADDR are decimal or 0x hexadecimal; a SIZE may end in K or M.",
            "",
            "Errors: 14 no room in the slot (or the DLL's range is taken in the process); 126 module not found; "
                    + "127 an imported function is missing; 193 not loadable (relocations stripped, damaged, not a "
                    + "DLL, or built for another CPU).",
            "",
            "Exit codes: 0 every load succeeds; 1 a load fails; 2 usage error (a bad option, device profile "
                    + "or output file); 3 a ROOT could not be read."})
final class SlotCommand implements Callable<Integer> {

    enum Format { TEXT, JSON, SVG }

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device profile (JSON, schema: docs/ce-loader.md section 10): CE version, ROM DLLs or romDir, "
                    + "dllHighAddr, romFlags, DLLs already loaded, process allocations.")
    Path deviceFile;

    @Option(names = "--ce", paramLabel = "VERSION",
            description = "CE version to model: 2 to 6, e.g. 3, 4.2 or 5.0 (2 behaves as 3, 4 as 5). Default: the device's, else 3.")
    String ceVersion;

    @Option(names = "--top", paramLabel = "ADDR",
            description = "Lowest ROM DLL address: RAM DLLs go below it (e.g. 0x00AB0000). Shortcut for a device with that ROM area.")
    String top;

    @Option(names = "--rom", paramLabel = "DIR",
            description = "Folder of ROM DLL files, laid out the way romimage does and searched first (repeatable).")
    List<Path> rom = new ArrayList<>();

    @Option(names = "--search", paramLabel = "DIR",
            description = "A device root folder to search for modules (repeatable); the ROOT's own folder is always searched.")
    List<Path> search = new ArrayList<>();

    @Option(names = "--order", paramLabel = "pre|post", defaultValue = "pre",
            description = "Reserve an importer before its imports (pre, the CE loader's order, default) or after (post).")
    String order;

    @Option(names = "--no-rollback", negatable = false,
            description = "Keep what a failed load reserved, instead of releasing it.")
    boolean noRollback;

    @Option(names = "--heap", paramLabel = "[ROOT=]SIZE",
            description = "The heap a process really uses, reserved bottom-up when it has started: every process's, "
                    + "or ROOT's (repeatable).")
    List<String> heaps = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default): the memory map with totals, failures and what would help; json; svg: a picture of the slots.")
    Format format;

    @Option(names = "--compare", negatable = false,
            description = "Also print the scenario as given and each workaround side by side: DLL_LOW, free bytes per process, failures.")
    boolean compare;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the result to FILE instead of standard output.")
    Path output;

    @Parameters(paramLabel = "ROOT", arity = "1..*", description = "EXEs (or DLLs) to start, one process each, in order.")
    List<Path> roots;

    /** --load, --pinvoke, --unload and --alloc as typed, in order; checked once every option is known. */
    private record Later(String option, String value) {}

    private final List<Later> later = new ArrayList<>();

    @Option(names = "--load", paramLabel = "ROOT=DLL",
            description = "After the roots start, the process of ROOT calls LoadLibrary(DLL) (repeatable, kept in order "
                    + "with --pinvoke, --unload and --alloc).")
    void load(String value) {
        later.add(new Later("--load", value));
    }

    @Option(names = "--pinvoke", paramLabel = "ROOT=DLL",
            description = "The process of ROOT calls a P/Invoke function of DLL for the first time: the runtime loads it "
                    + "as --load does (repeatable, in order).")
    void pinvoke(String value) {
        later.add(new Later("--pinvoke", value));
    }

    @Option(names = "--unload", paramLabel = "ROOT=DLL",
            description = "The process of ROOT frees a DLL it loaded with --load; its blocks are released when no process "
                    + "uses it (repeatable, in order).")
    void unload(String value) {
        later.add(new Later("--unload", value));
    }

    @Option(names = "--alloc", paramLabel = "ROOT=SIZE[:top-down]",
            description = "The process of ROOT calls VirtualAlloc(SIZE), bottom-up, or with MEM_TOP_DOWN when :top-down is added (honoured on "
                    + "CE 3.0 and older, stripped on CE 4 and later; repeatable, in order).")
    void alloc(String value) {
        later.add(new Later("--alloc", value));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A mistake in what the user typed or gave: one line, exit 2. */
    private static final class UsageError extends Exception {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (UsageError e) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("pescope slot: " + TerminalText.escape(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        } catch (OutOfMemoryError e) {
            // One line, never a stack trace: the scenario did not fit in the heap the JVM was given.
            PrintWriter err = spec.commandLine().getErr();
            err.print("pescope slot: out of memory modelling " + roots.size() + " root(s); give the JVM more heap "
                    + "(PESCOPE_JAVA_OPTS=-Xmx...)\n");
            err.flush();
            return ExitCodes.UNREADABLE_INPUT;
        }
    }

    private Integer run() throws UsageError {
        PrintWriter err = spec.commandLine().getErr();
        AllocatorOptions.Order loadOrder = switch (order.toLowerCase(Locale.ROOT)) {
            case "pre" -> AllocatorOptions.Order.PRE_ORDER;
            case "post" -> AllocatorOptions.Order.POST_ORDER;
            default -> throw new UsageError("--order takes pre or post, not '" + order + "'");
        };
        checkOutputFolder();
        Device device = device();
        List<String> processNames = roots.stream().map(r -> fileName(r)).toList();
        List<Step> laterSteps = laterSteps(processNames);
        Map<String, Long> heapSizes = heapSizes(processNames);

        SearchPath searchPath = SearchPath.ce(rom, search);
        FileSystemLocator locator = new FileSystemLocator();
        DependencyResolver resolver = new DependencyResolver(searchPath, locator).followingDelayLoads(true);
        List<DependencyGraph> graphs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (Path root : roots) {
            DependencyGraph graph = resolver.resolve(root);
            if (!graph.root().isFound()) {
                err.print(ErrorLine.of(root, graph.root().problem()));
                return ExitCodes.UNREADABLE_INPUT;
            }
            graphs.add(graph);
            String name = fileName(root);
            steps.add(new Step.Start(name));
            Long heap = heapSizes.getOrDefault(ModuleCatalog.keyOf(name), heapSizes.get(""));
            if (heap != null) {
                steps.add(new Step.Heap(name, heap));
            }
        }
        for (Step step : laterSteps) {
            if (step instanceof Step.LoadLibrary l) {
                locateLaterDll(l.process(), l.dll(), searchPath, locator).map(resolver::resolve).ifPresent(graphs::add);
            }
        }
        steps.addAll(laterSteps);
        if (device.machine() == 0) {
            // The device's CPU is the first root's: a module for another CPU is then refused (193).
            device = device.withMachine(graphs.get(0).root().machine());
        }
        AllocatorOptions options = AllocatorOptions.defaults().withOrder(loadOrder).withRollback(!noRollback);
        SlotMap map;
        try {
            map = Workarounds.evaluate(new Scenario(device, ImageModules.catalogOf(graphs), options, steps));
        } catch (IllegalArgumentException e) {
            // The allocator refuses a device it cannot boot (a loaded DLL over the ROM area...).
            throw new UsageError((deviceFile == null ? "" : "--device " + deviceFile + ": ") + e.getMessage());
        }
        String rendered = switch (format) {
            case TEXT -> new SlotMapText().withComparison(compare).render(map);
            case JSON -> new SlotMapJson().render(map) + "\n";
            case SVG -> new SlotMapSvg().render(map);
        };
        write(rendered);
        return map.hasFailures() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private void write(String rendered) throws UsageError {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
            return;
        }
        try (OutputStream out = Files.newOutputStream(output)) {
            out.write(rendered.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UsageError("-o " + output + ": no such folder");
        } catch (IOException e) {
            throw new UsageError("-o " + output + ": cannot write: " + e.getMessage());
        }
    }

    /** Fails before any work when the output file's folder is missing. */
    private void checkOutputFolder() throws UsageError {
        if (output == null) {
            return;
        }
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UsageError("-o " + output + ": no such folder " + folder);
        }
        if (Files.isDirectory(output)) {
            throw new UsageError("-o " + output + ": is a folder");
        }
    }

    /** The device to model: the profile if given, with the command line's overrides on top. */
    private Device device() throws UsageError {
        Device device;
        if (deviceFile != null) {
            try {
                device = DeviceProfileFile.read(deviceFile);
            } catch (DeviceProfileFile.Problem e) {
                throw new UsageError("--device " + deviceFile + ": " + e.getMessage());
            }
        } else {
            device = Device.bare("command line", 3);
        }
        if (ceVersion != null) {
            device = device.withCeVersion(ceMajor(ceVersion));
        }
        if (top != null) {
            device = device.withRomTop(romTop(device));
        }
        List<RomFolder> romFolders = new ArrayList<>();
        rom.forEach(folder -> romFolders.add(new RomFolder("--rom " + folder, folder)));
        if (device.romDir() != null) {
            romFolders.add(new RomFolder("--device " + deviceFile + ": romDir " + device.romDir(), device.romDir()));
        }
        if (!romFolders.isEmpty()) {
            RomImage image;
            try {
                image = new RomLayout(device.dllHighAddr(), RomLayout.ROMIMAGE_DEFAULT_DLLHIGHCODEADDR,
                        RomLayout.ROMIMAGE_DEFAULT_DLLLOWADDR).layOut(romModules(romFolders), device.version());
            } catch (IllegalArgumentException e) {
                throw new UsageError("ROM layout: " + e.getMessage());
            }
            if (image.failure().isPresent()) {
                spec.commandLine().getErr().print(ErrorLine.of("ROM image", image.failure().get()));
            }
            List<RomDll> dlls = new ArrayList<>(device.romDlls());
            dlls.addAll(image.dlls());
            device = device.withRomDlls(dlls);
        }
        return device;
    }

    /** "3", "4.2", "5.0": the major version picks the loader model. */
    private static int ceMajor(String value) throws UsageError {
        String v = value.trim();
        if (!v.matches("[2-6](\\.[0-9]{1,2})?")) {
            throw new UsageError("--ce takes a CE version from 2 to 6 (e.g. 3, 4.2 or 5.0), not '" + value + "'");
        }
        return v.charAt(0) - '0';
    }

    /** --top must lie where ROM DLLs can: inside the slot below DLLHIGHADDR, or in CE 6.0's shared region. */
    private long romTop(Device device) throws UsageError {
        long address = parseNumber("--top", top);
        long low = device.version().hasSlots() ? SlotAllocator.BLOCK : SlotAllocator.CE6_DLL_REGION_BASE;
        long high = device.version().hasSlots() ? device.dllHighAddr() : SlotAllocator.CE6_DLL_REGION_END;
        if (address < low || address > high) {
            throw new UsageError(String.format("--top %s: the ROM DLL area must start between 0x%08X and 0x%08X on CE %s",
                    top, low, high, device.version().hasSlots() ? "5.0 and older" : "6.0"));
        }
        return address;
    }

    /** A folder of ROM modules and what to blame when it cannot be read. */
    private record RomFolder(String source, Path folder) {}

    /** Every PE DLL in the ROM folders, as romimage would take them. */
    private List<CeModule> romModules(List<RomFolder> folders) throws UsageError {
        List<CeModule> modules = new ArrayList<>();
        PeReader reader = PeReader.headersOnly();
        for (RomFolder rf : folders) {
            if (!Files.isDirectory(rf.folder())) {
                throw new UsageError(rf.source() + ": " + (Files.exists(rf.folder()) ? "not a folder" : "no such folder"));
            }
            try (var files = Files.list(rf.folder())) {
                for (Path file : files.filter(Files::isRegularFile).filter(PeReader::looksLikePe).sorted().toList()) {
                    try {
                        modules.add(ImageModules.fromImage(reader.read(file), file, List.of()));
                    } catch (IOException | NotAPeFileException e) {
                        spec.commandLine().getErr().print(ErrorLine.of(file, "skipped in the ROM: " + e.getMessage()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new UsageError(rf.source() + ": cannot list the folder");
            }
        }
        return modules;
    }

    /**
     * --load, --pinvoke, --unload and --alloc as steps, each naming a started ROOT; an --unload must
     * follow a --load (or --pinvoke) of the same DLL in the same process.
     */
    private List<Step> laterSteps(List<String> processNames) throws UsageError {
        List<Step> steps = new ArrayList<>();
        Map<String, Integer> loaded = new HashMap<>();
        // A DLL root is LoadLibrary'd by its otherwise empty process, so it may be unloaded.
        processNames.forEach(name -> loaded.put(loadKey(name, name), 1));
        for (Later l : later) {
            String[] parts = processAndValue(l.option(), l.value());
            String process = startedProcess(l, parts[0], processNames);
            switch (l.option()) {
                case "--load", "--pinvoke" -> {
                    steps.add(new Step.LoadLibrary(process, parts[1]));
                    loaded.merge(loadKey(process, parts[1]), 1, Integer::sum);
                }
                case "--unload" -> {
                    String key = loadKey(process, parts[1]);
                    if (loaded.getOrDefault(key, 0) == 0) {
                        throw new UsageError("--unload " + l.value() + ": " + process + " has not loaded " + parts[1]
                                + " with --load before this --unload");
                    }
                    loaded.computeIfPresent(key, (k, n) -> n - 1);
                    steps.add(new Step.Unload(process, parts[1]));
                }
                default -> steps.add(allocStep(l, process, parts[1]));
            }
        }
        return steps;
    }

    private static String loadKey(String process, String dll) {
        return ModuleCatalog.keyOf(process) + "\u0000" + ModuleCatalog.keyOf(dll);
    }

    private Step allocStep(Later l, String process, String spec) throws UsageError {
        String sizeText = spec;
        boolean topDown = false;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            String flag = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
            if (!flag.equals("top-down") && !flag.equals("mem_top_down")) {
                throw new UsageError(l.option() + " " + l.value() + ": the only flag is ':top-down', not ':" + spec.substring(colon + 1) + "'");
            }
            topDown = true;
            sizeText = spec.substring(0, colon);
        }
        return new Step.VirtualAlloc(process, parseSize(l.option() + " " + l.value(), sizeText), topDown);
    }

    /** --heap SIZE (every process) or --heap ROOT=SIZE; keyed by ROOT, "" for every process. */
    private Map<String, Long> heapSizes(List<String> processNames) throws UsageError {
        Map<String, Long> sizes = new HashMap<>();
        for (String heap : heaps) {
            int equals = heap.indexOf('=');
            if (equals < 0) {
                sizes.put("", parseSize("--heap " + heap, heap));
                continue;
            }
            String[] parts = processAndValue("--heap", heap);
            String process = startedProcess(new Later("--heap", heap), parts[0], processNames);
            sizes.put(ModuleCatalog.keyOf(process), parseSize("--heap " + heap, parts[1]));
        }
        return sizes;
    }

    private String startedProcess(Later l, String root, List<String> processNames) throws UsageError {
        for (String name : processNames) {
            if (name.equals(root) || ModuleCatalog.keyOf(name).equals(ModuleCatalog.keyOf(root))) {
                return name;
            }
        }
        throw new UsageError(l.option() + " " + l.value() + ": no ROOT named " + root + " is started (the ROOTs are "
                + String.join(", ", processNames) + ")");
    }

    /**
     * A DLL named by --load or --pinvoke: a file given by its path, else found along the same CE
     * search path as the roots' imports, as seen from the process's EXE.
     */
    private Optional<Path> locateLaterDll(String process, String dll, SearchPath searchPath, FileSystemLocator locator) {
        Path direct = Path.of(dll);
        if (direct.getParent() != null && Files.isRegularFile(direct)) {
            return Optional.of(direct);
        }
        Path exeFolder = roots.stream().filter(r -> fileName(r).equals(process)).findFirst()
                .map(r -> r.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        return searchPath.findAll(dll, new SearchStep.Lookup(exeFolder, exeFolder), locator).stream()
                .findFirst().map(SearchPath.Hit::file);
    }

    private static String[] processAndValue(String option, String value) throws UsageError {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            String example = option.equals("--alloc") ? "app.exe=0x100000:top-down"
                    : option.equals("--heap") ? "app.exe=1M" : "app.exe=lazy.dll";
            String form = option.equals("--alloc") ? "ROOT=SIZE[:top-down]" : option.equals("--heap") ? "ROOT=SIZE" : "ROOT=DLL";
            throw new UsageError(option + " takes " + form + ", e.g. " + example + ", not '" + value + "'");
        }
        return new String[] {fileName(Path.of(value.substring(0, equals))), value.substring(equals + 1)};
    }

    private static String fileName(Path path) {
        return NameDecoding.ofPath(path.getFileName() == null ? path : path.getFileName());
    }

    /** A size of 1 byte up to 4 GB - 1: decimal or 0x hex, with an optional K or M (KB, MB). */
    static long parseSize(String what, String text) throws UsageError {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("KB") || s.endsWith("MB")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.startsWith("0X") && (s.endsWith("K") || s.endsWith("M"))) {
            unit = s.endsWith("K") ? 1024 : 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        long value;
        try {
            value = s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UsageError(what + ": not a size: '" + text + "'");
        }
        if (value <= 0 || value > 0xFFFFFFFFL / unit) {
            throw new UsageError(what + ": a size must be from 1 byte to 4 GB - 1, not '" + text + "'");
        }
        return value * unit;
    }

    private static long parseNumber(String option, String value) throws UsageError {
        String digits = value.trim().toLowerCase(Locale.ROOT);
        try {
            long parsed = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            if (parsed < 0 || parsed > 0xFFFFFFFFL) {
                throw new UsageError(option + " " + value + ": must be from 0 to 0xFFFFFFFF");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageError(option + ": not a number: '" + value + "'");
        }
    }
}
