package pescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import pescope.ce.AllocatorOptions;
import pescope.ce.CeModule;
import pescope.ce.Device;
import pescope.ce.ImageModules;
import pescope.ce.RomImage;
import pescope.ce.RomLayout;
import pescope.ce.SlotAllocator;
import pescope.ce.SlotMap;
import pescope.ce.Step;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.FileSystemLocator;
import pescope.deps.SearchPath;
import pescope.pe.ImageFile;
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
        description = {
            "Estimate where the Windows CE loader puts each DLL, what it costs and which load fails.",
            "",
            "Models the CE 2.x-5.0 process slot (32 MB, 64 KB blocks, one global DLL map shared",
            "by every process, DLLs placed top-down below the ROM modules) and the CE 6.0 shared",
            "DLL region, following shared/specs/ce-loader.md. Each ROOT is started as its own",
            "process, in order: an EXE with its imports, a DLL as if LoadLibrary'd by an empty",
            "process. Imports are resolved the CE way (see 'pescope deps --preset ce').",
            ""},
        footerHeading = "%n",
        footer = {
            "Errors: 14 no room in the slot (or the DLL's range is taken in the process);",
            "126 module not found; 127 an imported function is missing; 193 not loadable",
            "(relocations stripped, not a DLL, or built for another CPU).",
            "",
            "Exit codes: 0 every load succeeds; 1 a load fails; 2 usage error;",
            "3 a ROOT or the device file could not be read."})
final class SlotCommand implements Callable<Integer> {

    enum Format { TEXT, JSON, SVG }

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device profile (JSON): CE version, ROM DLLs or romDir, dllHighAddr, romFlags, DLLs already loaded, process allocations.")
    Path deviceFile;

    @Option(names = "--ce", paramLabel = "VERSION",
            description = "CE version to model: 3 (2 behaves as 3), 5 (4 as 5) or 6. Default: the device's, else 3.")
    Integer ceVersion;

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

    @Option(names = "--heap", description = "Give each process one heap segment (384 KB on CE 3, 192 KB on CE 5).")
    boolean heap;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default): the memory map with totals, failures and advice; json; svg: a picture of the slots.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the result to FILE instead of standard output.")
    Path output;

    @Parameters(paramLabel = "ROOT", arity = "1..*", description = "EXEs (or DLLs) to start, one process each, in order.")
    List<Path> roots;

    private final List<Step> laterSteps = new ArrayList<>();

    @Option(names = "--load", paramLabel = "ROOT=DLL",
            description = "After the roots start, the process of ROOT calls LoadLibrary(DLL) (repeatable, kept in order with --unload).")
    void load(String spec) {
        String[] parts = processAndDll("--load", spec);
        laterSteps.add(new Step.LoadLibrary(parts[0], parts[1]));
        laterDlls.add(parts[1]);
    }

    @Option(names = "--unload", paramLabel = "ROOT=DLL",
            description = "The process of ROOT frees DLL; its blocks are released when no process uses it (repeatable).")
    void unload(String spec) {
        String[] parts = processAndDll("--unload", spec);
        laterSteps.add(new Step.Unload(parts[0], parts[1]));
    }

    private final List<String> laterDlls = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Device device = device();
        if (device == null) {
            return ExitCodes.UNREADABLE_INPUT;
        }
        DependencyResolver resolver = new DependencyResolver(SearchPath.ce(rom, search), new FileSystemLocator())
                .followingDelayLoads(true);
        List<DependencyGraph> graphs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (Path root : roots) {
            DependencyGraph graph = resolver.resolve(root);
            if (!graph.root().isFound()) {
                err.println("pescope: " + root + ": " + graph.root().problem());
                return ExitCodes.UNREADABLE_INPUT;
            }
            graphs.add(graph);
            steps.add(new Step.Start(root.getFileName().toString()));
        }
        for (String dll : laterDlls) {
            locateLaterDll(dll).map(resolver::resolve).ifPresent(graphs::add);
        }
        steps.addAll(laterSteps);
        if (device.machine() == 0) {
            // The device's CPU is the first root's: a module for another CPU is then refused (193).
            device = device.withMachine(graphs.get(0).root().machine());
        }
        AllocatorOptions options = AllocatorOptions.defaults()
                .withOrder(order.equalsIgnoreCase("post") ? AllocatorOptions.Order.POST_ORDER : AllocatorOptions.Order.PRE_ORDER)
                .withRollback(!noRollback)
                .withHeapSegment(heap);
        SlotMap map = new SlotAllocator(device, ImageModules.catalogOf(graphs), options).run(steps);
        String rendered = switch (format) {
            case TEXT -> new SlotMapText().render(map);
            case JSON -> new SlotMapJson().render(map) + "\n";
            case SVG -> new SlotMapSvg().render(map);
        };
        if (output != null) {
            Files.writeString(output, rendered);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
        }
        boolean failed = map.processes().stream().anyMatch(p -> !p.failures().isEmpty());
        return failed ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** The device to model: the profile if given, with the command line's overrides on top. */
    private Device device() {
        PrintWriter err = spec.commandLine().getErr();
        Device device;
        if (deviceFile != null) {
            try {
                // A FIFO or device would block or never end; only a regular file is read.
                ImageFile.openRegularFile(deviceFile).close();
                device = Device.read(deviceFile);
            } catch (IOException | RuntimeException e) {
                err.println("pescope: " + deviceFile + ": not a device profile: " + e.getMessage());
                return null;
            }
        } else {
            device = Device.bare("command line", 3);
        }
        if (ceVersion != null) {
            if (ceVersion < 2 || ceVersion > 6) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--ce takes 2, 3, 4, 5 or 6");
            }
            device = device.withCeVersion(ceVersion);
        }
        if (top != null) {
            device = device.withRomTop(parseAddress("--top", top));
        }
        List<Path> romFolders = new ArrayList<>(rom);
        if (device.romDir() != null) {
            romFolders.add(device.romDir());
        }
        if (!romFolders.isEmpty()) {
            RomImage image = new RomLayout(device.dllHighAddr(), RomLayout.ROMIMAGE_DEFAULT_DLLHIGHCODEADDR,
                    RomLayout.ROMIMAGE_DEFAULT_DLLLOWADDR).layOut(romModules(romFolders), device.version());
            if (image.failure().isPresent()) {
                err.println("pescope: ROM image: " + image.failure().get());
            }
            List<pescope.ce.RomDll> dlls = new ArrayList<>(device.romDlls());
            dlls.addAll(image.dlls());
            device = device.withRomDlls(dlls);
        }
        return device;
    }

    /** Every PE DLL in the ROM folders, as romimage would take them. */
    private List<CeModule> romModules(List<Path> folders) {
        List<CeModule> modules = new ArrayList<>();
        PeReader reader = PeReader.headersOnly();
        for (Path folder : folders) {
            try (var files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> ImageFile.sniff(f).looksLikePe()).sorted().toList()) {
                    ImageFile.Outcome<CeModule> read = ImageFile.read(file, reader, image -> ImageModules.fromImage(image, file, List.of()));
                    if (read instanceof ImageFile.Done<CeModule> done) {
                        modules.add(done.value());
                    } else {
                        spec.commandLine().getErr().println("pescope: " + file + ": skipped in the ROM: " + ((ImageFile.Failed<CeModule>) read).problem());
                    }
                }
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rom " + folder + ": cannot list the folder");
            }
        }
        return modules;
    }

    /** A DLL named by --load: a path, or a name found next to a root or in a --search folder. */
    private java.util.Optional<Path> locateLaterDll(String dll) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(dll));
        for (Path root : roots) {
            Path folder = root.toAbsolutePath().getParent();
            candidates.add(folder.resolve(dll));
            candidates.add(folder.resolve(dll + ".dll"));
        }
        for (Path folder : search) {
            candidates.add(folder.resolve(dll));
            candidates.add(folder.resolve("windows").resolve(dll));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    private String[] processAndDll(String option, String value) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " takes ROOT=DLL, e.g. app.exe=lazy.dll");
        }
        return new String[] {Path.of(value.substring(0, equals)).getFileName().toString(), value.substring(equals + 1)};
    }

    private long parseAddress(String option, String value) {
        try {
            String digits = value.toLowerCase(Locale.ROOT);
            return digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.decode(digits);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": not an address: " + value);
        }
    }
}
