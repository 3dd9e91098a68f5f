package pescope.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import pescope.deps.AssemblyRefChecker;
import pescope.deps.PInvokeCheck;
import pescope.deps.PInvokeChecker;
import pescope.pe.ImageFile;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.clr.ClrImage;
import pescope.report.AssemblyRefRenderers;
import pescope.report.PInvokeRenderers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import pescope.deps.ApiSets;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.FileSystemLocator;
import pescope.deps.ModuleNode;
import pescope.deps.SearchPath;
import pescope.pe.NameDecoding;
import pescope.report.DepsDot;
import pescope.report.DepsJson;
import pescope.report.DepsList;
import pescope.report.DepsSarif;
import pescope.report.DepsTree;
import pescope.report.JsonEscapes;
import picocli.CommandLine;

final class DepsCommand implements Callable<Integer> {

    enum Format { TREE, LIST, JSON, DOT, SARIF }

    /** What --help prints before the options. */
    private static final String[] DESCRIPTION = {
        "Show what a module needs to load, what is missing, and why it will not load.",
        "",
        "Each imported DLL is looked up along a search path, ignoring case, and every",
        "imported name or ordinal is checked against the exports of the DLL it resolves",
        "to, following forwarders. Reported: missing DLLs, missing exports",
        "(app.exe → libA.dll!foo, app.exe → libA.dll!#7), DLLs for the wrong machine,",
        "unreadable files, cycles, and the order in which the loader would run the",
        "modules' initialisers.",
        ""
    };

    /** What --help prints after the options: the resolution rules, presets, SARIF rules and exit codes. */
    private static final String[] FOOTER = {
        "Before any search, as the NT loader does: an api-ms-*/ext-ms-* name is mapped",
        "to its host DLL through the API set schema (--apiset FILE, else the first",
        "apisetschema.dll in the --system, --windows, --search or --path folders),",
        "matching the name without its last -N version part, ignoring case; the host",
        "for that importer wins over the default. A contract the schema lists with no",
        "host is 'absent': a static import of it fails the load; a delay import of it",
        "is an optional feature the program must check for (not a failure). Then the",
        "side-by-side assemblies of the EXE's manifest (RT_MANIFEST #1, else",
        "FILE.manifest; private assemblies in the application folder, or --winsxs",
        "DIR) redirect the DLLs their <file> entries name.",
        "",
        "Search path presets, with step names for --order:",
        "  nt     (default) as win10, but KnownDLLs only when --known-dlls is given.",
        "  win10  Windows 10 and 11: the KnownDLLs, from the system folder (knowndll);",
        "         the application folder, that of the root EXE, for every module",
        "         (application); --system (system); --windows (windows); the --search",
        "         folders (search, or search1, search2...); --current (current);",
        "         the --path folders (path, path1...). Wrong-machine files are skipped.",
        "  win7   the same order and Windows 7's KnownDLLs; a wrong-machine file stops",
        "         the search.",
        "  ce     Windows CE: an absolute name such as \\windows\\x.dll (absolute); the",
        "         ROM modules (rom); the EXE's folder (exe); \\windows (windows); the",
        "         root (root). Each --search DIR stands for a device's root folder, so",
        "         \\windows is DIR/windows. Names match by base name: x is x.dll.",
        "KnownDLLs come from --system, else the first --search folder, and include",
        "what the listed ones import from there, as \\KnownDlls does (kernelbase.dll,",
        "ucrtbase.dll...). Without SafeDllSearchMode (--no-safe-dll-search) the current",
        "folder comes right after the application folder.",
        "",
        "The first file found is the one the loader takes, unless it is for another",
        "machine: the ce preset then stops with an error (193), as did NT up to",
        "Windows 7; the nt preset passes over it, as Windows 8 and later do, and fails",
        "(STATUS_INVALID_IMAGE_FORMAT) only if no right file follows. Either way the",
        "wrong file is reported. A name resolved once binds every later import of it,",
        "as the loader finds loaded modules by name. Cycles load, so they are reported",
        "but are not problems.",
        "",
        "Each module says how it was found (foundBy): root, apiset, sxs, knowndll,",
        "application, system, windows, search, current, path; ce: absolute, rom, exe,",
        "windows, root. A module whose sections run past the end of the file or whose",
        "import or export data is damaged is 'damaged': it does not load.",
        "",
        "--format sarif writes one SARIF 2.1.0 log for all the FILEs, for code",
        "scanning. Each problem is a result located at the file that imports the",
        "module concerned, under a rule per kind of problem: PD1001 missing, PD1002",
        "wrong-machine, PD1003 unreadable, PD1004 damaged, PD1005 absent (API set),",
        "PD1006 wrong-machine-skipped, PD1010-PD1015 missing exports by reason",
        "(not-exported, forward-not-exported, forward-target-not-loaded,",
        "forwarder-loop, forwarder-chain-too-long, forwarder-malformed), PD1020",
        "missing side-by-side assembly, PD1030 cycle, PD1031 truncated graph,",
        "PD1040-PD1042 .NET references (assembly-missing, version-differs,",
        "not-an-assembly), PD1050-PD1051 P/Invokes (module-not-found,",
        "entry-point-not-found). The level is error when the problem stops the FILE",
        "from loading, warning when it strikes later (a delay load, a first call) or",
        "the loader survives it, note for cycles and for a delay-loaded API set with",
        "no host. A FILE that cannot be read is a tool execution notification.",
        "",
        "Exit codes: 0 everything resolves; 1 something is missing, damaged or wrong;",
        "2 usage error; 3 a FILE could not be read or is not a PE image."
    };

    enum Preset { NT, WIN10, WIN7, CE }

    List<Path> search = new ArrayList<>();

    Path system;

    Path windows;

    Path current;

    boolean safeDllSearch = true;

    String knownDlls;

    String apiset;

    Path winsxs;

    List<Path> path = new ArrayList<>();

    List<Path> rom = new ArrayList<>();

    Preset preset;

    List<String> order = new ArrayList<>();

    SearchPath.WrongMachine wrongMachine;

    Format format;

    boolean missing;

    boolean delay;

    List<Path> gac = new ArrayList<>();

    boolean pinvokeStrict;

    Integer depth;

    boolean recursive;

    int jobs = Runtime.getRuntime().availableProcessors();

    Boolean progress;

    List<Path> files;

    CommandLine.Model.CommandSpec spec;

    /** A new deps command and its model, in the order --help lists the options (picocli's API, no annotations: issue 16). */
    static CommandLine.Model.CommandSpec model() {
        DepsCommand deps = new DepsCommand();
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(deps, LazyFactory.INSTANCE).name("deps");
        deps.spec = spec;
        spec.usageMessage().sortOptions(false).description(DESCRIPTION).footerHeading("%n").footer(FOOTER);
        spec.addOption(FieldBinding.bind(FieldBinding.option("--search", "DIR", "A folder to look in, in the order given (repeatable). NT presets:"
                + " after the system and Windows folders; ce: a device's root.").type(List.class).auxiliaryTypes(Path.class),
                () -> deps.search, value -> deps.search = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--system", "DIR", "NT: the system folder (System32); KnownDLLs come from it.")
                .type(Path.class), () -> deps.system, value -> deps.system = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--windows", "DIR", "NT: the Windows folder.").type(Path.class),
                () -> deps.windows, value -> deps.windows = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--current", "DIR", "NT: the current folder of the process.").type(Path.class),
                () -> deps.current, value -> deps.current = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("--safe-dll-search").type(boolean.class)
                .negatable(true).defaultValue("true").fallbackValue("true")
                .description("NT: SafeDllSearchMode (default on): the current folder after the system folders."),
                () -> deps.safeDllSearch, value -> deps.safeDllSearch = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--known-dlls", "FILE|NAMES", "NT: the KnownDLLs, a file with one name a line or"
                + " names separated by ','; 'none' for none. Default: the preset's (win7, win10), none for nt.").type(String.class),
                () -> deps.knownDlls, value -> deps.knownDlls = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--apiset", "FILE", "NT: the apisetschema.dll whose schema maps api-ms-*/ext-ms-*"
                + " names to hosts; 'none' for none.").type(String.class), () -> deps.apiset, value -> deps.apiset = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--winsxs", "DIR", "NT: a WinSxS-shaped folder (DIR/arch_name_token_version_lang_hash/"
                + " or DIR/Manifests/*.manifest) for shared assemblies.").type(Path.class),
                () -> deps.winsxs, value -> deps.winsxs = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--path", "DIRS", "NT presets: folders searched last, like PATH (repeatable, or"
                + " separated by '${sys:path.separator}').").type(List.class).auxiliaryTypes(Path.class)
                .splitRegex("${sys:path.separator}").splitRegexSynopsisLabel("${sys:path.separator}"),
                () -> deps.path, value -> deps.path = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--rom", "DIR", "ce: a folder holding the ROM modules (repeatable).")
                .type(List.class).auxiliaryTypes(Path.class), () -> deps.rom, value -> deps.rom = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--preset", "nt|win10|win7|ce", "Search order and name matching: nt (default),"
                + " win10, win7 or ce; see below.").type(Preset.class).defaultValue("nt"),
                () -> deps.preset, value -> deps.preset = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--order", "STEP", "Move these search steps to the front, in this order"
                + " (e.g. --order exe,rom).").type(List.class).auxiliaryTypes(String.class).splitRegex(","),
                () -> deps.order, value -> deps.order = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--wrong-machine", "stop|skip", "When the file found is for another machine: stop"
                + " there with an error (ce's default, and NT up to Windows 7) or skip it and keep looking (nt's default,"
                + " Windows 8 and later).").type(SearchPath.WrongMachine.class),
                () -> deps.wrongMachine, value -> deps.wrongMachine = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--format", "FORMAT", "tree (default): each module once, indented, then problems"
                + " and initialisation order; list: one module a line with its file; json: one object per FILE, one per line;"
                + " dot: Graphviz; sarif: the problems of all FILEs as one SARIF 2.1.0 log (see below).")
                .type(Format.class).defaultValue("tree"), () -> deps.format, value -> deps.format = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--missing", "Print only the names of DLLs not found, one per line, for scripts"
                + " (list format)."), () -> deps.missing, value -> deps.missing = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--delay", "Follow delay-load imports too; their problems are reported apart."),
                () -> deps.delay, value -> deps.delay = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--gac", "DIR", ".NET: a global assembly cache folder to look in for referenced"
                + " assemblies after the search path (repeatable; Mono's gac/ or .NET's GAC_MSIL layout). None by default.")
                .type(List.class).auxiliaryTypes(Path.class), () -> deps.gac, value -> deps.gac = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--pinvoke-strict", ".NET: count P/Invokes whose module or entry point is missing"
                + " towards exit code 1. By default they are reported but do not count: they fail only at their first call,"
                + " and assemblies routinely carry P/Invokes for other platforms that are never called."),
                () -> deps.pinvokeStrict, value -> deps.pinvokeStrict = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--depth", "N", "Resolve imports only N levels down (1: the FILE's own imports)."
                + " Default: all the way.").type(Integer.class), () -> deps.depth, value -> deps.depth = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("-r", "--recursive").type(boolean.class)
                .description("FILE may be a folder: resolve every PE image in it and its subfolders, found by content."),
                () -> deps.recursive, value -> deps.recursive = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("-j", "--jobs").type(int.class).paramLabel("N")
                .description("FILEs resolved in parallel (default: the number of cores, ${DEFAULT-VALUE})."),
                () -> deps.jobs, value -> deps.jobs = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("--progress").type(Boolean.class).negatable(true)
                .description("Progress bar on stderr for many FILEs (default: only when stderr is a terminal)."),
                () -> deps.progress, value -> deps.progress = value).build());
        Main.addStandardHelpOptions(spec);
        BatchOptions.addFiles(spec, "EXEs or DLLs whose dependencies to resolve (folders with -r).",
                () -> deps.files, value -> deps.files = value);
        return spec;
    }



    /** More threads than this is a mistake on the command line. */
    static final int MAX_JOBS = 256;

    /** What one FILE gave: a rendered graph, the names it misses, or why it could not be read. */
    private record Outcome(Path file, String problem, String rendered, List<String> missingNames, boolean resolves,
            boolean rootDamaged, boolean pinvokesFail, List<pescope.report.Sarif.Result> sarif) {

        Outcome(Path file, String problem, String rendered, List<String> missingNames, boolean resolves,
                boolean rootDamaged, boolean pinvokesFail) {
            this(file, problem, rendered, missingNames, resolves, rootDamaged, pinvokesFail, List.of());
        }
    }

    @Override
    public Integer call() throws java.io.IOException {
        DependencyResolver base = resolver();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Only JSON writes through Jackson, which costs time to start; the other formats do without it.
        ObjectMapper mapper = format == Format.JSON ? JsonEscapes.mapper() : null;
        Set<String> missingNames = new LinkedHashSet<>();
        int[] exitCode = {ExitCodes.OK};
        boolean[] first = {true};
        DepsSarif sarif = format == Format.SARIF ? new DepsSarif() : null;
        List<InputFiles.Input> inputs = InputFiles.expand(files, recursive).inputs();
        Progress bar = new Progress(err, inputs.size(), progress != null ? progress : Progress.stderrIsTerminal());
        // One locator for every thread: it caches folder listings and parsed modules, which the roots share.
        Batch.run(inputs, jobs, input -> resolveOne(input, base, mapper), outcome -> {
            if (outcome.problem() != null) {
                exitCode[0] = ExitCodes.UNREADABLE_INPUT;
                bar.clear();
                err.print(ErrorLine.of(outcome.file(), outcome.problem()));
                err.flush();
                if (sarif != null) {
                    sarif.addUnreadable(NameDecoding.ofPath(outcome.file()), outcome.problem());
                }
                if (format == Format.JSON && !missing) {
                    out.print(json(mapper, mapper.createObjectNode().put("file", NameDecoding.ofPath(outcome.file()))
                            .put("error", outcome.problem())));
                }
                bar.fileDone(true);
                return;
            }
            bar.fileDone(outcome.rootDamaged());
            if ((!outcome.resolves() || pinvokeStrict && outcome.pinvokesFail()) && exitCode[0] == ExitCodes.OK) {
                exitCode[0] = ExitCodes.FINDINGS;
            }
            if (missing) {
                missingNames.addAll(outcome.missingNames());
                return;
            }
            if (sarif != null) {
                sarif.add(outcome.sarif());
                return;
            }
            if (!first[0] && (format == Format.TREE || format == Format.LIST)) {
                out.print("\n");
            }
            first[0] = false;
            out.print(outcome.rendered());
            out.flush();
        });
        bar.finish();
        if (sarif != null) {
            sarif.write(out, Main.VERSION);
        }
        missingNames.forEach(name -> out.print(name + "\n"));
        out.flush();
        return exitCode[0];
    }

    private Outcome resolveOne(InputFiles.Input input, DependencyResolver resolver, ObjectMapper mapper) {
        Path file = input.path();
        if (input.problem() != null) {
            return new Outcome(file, input.problem(), null, List.of(), false, false, false);
        }
        DependencyGraph graph = resolver.resolve(file);
        ModuleNode root = graph.root();
        boolean damaged = root.status() == ModuleNode.Status.DAMAGED;
        if (!root.isFound() && !damaged) {
            return new Outcome(file, root.problem(), null, List.of(), false, false, false);
        }
        Managed managed = checkManaged(graph);
        boolean pinvokesFail = managed != null && managed.pinvokes() != null && !managed.pinvokes().problems().isEmpty();
        if (missing) {
            return new Outcome(file, null, null, new DepsList().missing(graph).lines().toList(), graph.resolvesCompletely(),
                    damaged, pinvokesFail);
        }
        if (format == Format.SARIF) {
            return new Outcome(file, null, null, List.of(), graph.resolvesCompletely(), damaged, pinvokesFail,
                    DepsSarif.results(graph, managed == null ? List.of() : managed.assemblyRefs(), managed == null ? null : managed.pinvokes()));
        }
        return new Outcome(file, null, forTerminal(render(graph, managed, mapper)), List.of(), graph.resolvesCompletely(),
                damaged, pinvokesFail);
    }

    private DependencyResolver resolver() {
        CommandLine commandLine = spec.commandLine();
        boolean ce = preset == Preset.CE;
        if (!ce && !rom.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "--rom applies to --preset ce");
        }
        if (ce && !path.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "--path applies to the NT presets (nt, win10, win7)");
        }
        if (ce && (system != null || windows != null || current != null || knownDlls != null || apiset != null || winsxs != null)) {
            throw new CommandLine.ParameterException(commandLine,
                    "--system, --windows, --current, --known-dlls, --apiset and --winsxs apply to the NT presets (nt, win10, win7)");
        }
        if (missing && commandLine.getParseResult().hasMatchedOption("--format") && format != Format.LIST) {
            throw new CommandLine.ParameterException(commandLine, "--missing prints a list; it cannot be combined with --format " + format.name().toLowerCase());
        }
        if (depth != null && depth < 0) {
            throw new CommandLine.ParameterException(commandLine, "--depth must be 0 or more");
        }
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new CommandLine.ParameterException(commandLine, "--jobs must be between 1 and " + MAX_JOBS);
        }
        ApiSets apiSets = null;
        SearchPath searchPath;
        if (ce) {
            searchPath = SearchPath.ce(rom, search);
        } else {
            SearchPath.Windows family = SearchPath.Windows.valueOf(preset.name());
            List<String> listed = NtSources.knownDlls(commandLine, knownDlls);
            SearchPath.NtFolders folders = new SearchPath.NtFolders(system, windows, current, search, path, listed, safeDllSearch);
            searchPath = SearchPath.windows(family, folders);
            apiSets = NtSources.apiSets(commandLine, apiset, searchPath);
            List<String> known = listed != null ? listed : family.defaultKnownDlls();
            Path knownFolder = system != null ? system : search.isEmpty() ? null : search.get(0);
            if (!known.isEmpty() && knownFolder != null) {
                List<String> closure = NtSources.knownDllClosure(known, knownFolder, apiSets, new FileSystemLocator());
                searchPath = SearchPath.windows(family,
                        new SearchPath.NtFolders(system, windows, current, search, path, closure, safeDllSearch));
            }
        }
        if (wrongMachine != null) {
            searchPath = searchPath.withWrongMachine(wrongMachine);
        }
        try {
            searchPath = searchPath.reorder(order);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--order: " + e.getMessage());
        }
        DependencyResolver resolver = new DependencyResolver(searchPath, new FileSystemLocator()).followingDelayLoads(delay);
        if (!ce) {
            resolver = resolver.withApiSets(apiSets);
            resolver = resolver.withActivationContexts(new SideBySideFiles(winsxs)::contextOf);
        }
        return depth == null ? resolver : resolver.withMaxDepth(depth);
    }

    private String render(DependencyGraph graph, Managed managed, ObjectMapper mapper) {
        if (managed == null) {
            return switch (format) {
                case TREE -> new DepsTree().render(graph);
                case LIST -> new DepsList().render(graph);
                case JSON -> json(mapper, new DepsJson(mapper).render(graph));
                case DOT -> new DepsDot().render(graph);
                case SARIF -> throw new IllegalStateException("SARIF is written once for all FILEs");
            };
        }
        PInvokeCheck pinvokes = managed.pinvokes();
        String root = graph.root().name();
        return switch (format) {
            case TREE, LIST -> (format == Format.TREE ? new DepsTree().render(graph) : new DepsList().render(graph))
                    + AssemblyRefRenderers.text(managed.assemblyRefs())
                    + (pinvokes == null ? "" : PInvokeRenderers.text(pinvokes));
            case JSON -> {
                ObjectNode json = new DepsJson(mapper).render(graph);
                AssemblyRefRenderers.json(json, root, managed.assemblyRefs());
                if (pinvokes != null) {
                    PInvokeRenderers.json(json, pinvokes);
                }
                yield json(mapper, json);
            }
            case DOT -> {
                String dot = new DepsDot().render(graph);
                int close = dot.lastIndexOf('}');
                yield dot.substring(0, close) + AssemblyRefRenderers.dot(root, managed.assemblyRefs())
                        + (pinvokes == null ? "" : PInvokeRenderers.dot(pinvokes)) + dot.substring(close);
            }
            case SARIF -> throw new IllegalStateException("SARIF is written once for all FILEs");
        };
    }

    /** The managed side of a .NET root: its assembly references, and its P/Invokes (null when it has none). */
    private record Managed(List<AssemblyRefChecker.Result> assemblyRefs, PInvokeCheck pinvokes) {}

    /** The root's references and P/Invokes checked along the same search path; null when the root is not a .NET image. */
    private Managed checkManaged(DependencyGraph graph) {
        ModuleNode root = graph.root();
        Optional<PeImage> image = graph.image(root);
        // Native roots (no COM descriptor) are not read again.
        if (image.isEmpty() || root.path() == null
                || image.get().directory(pescope.pe.Directory.COM_DESCRIPTOR.index()).filter(d -> d.isPresent()).isEmpty()) {
            return null;
        }
        Optional<ClrImage> clr = readClr(root.path());
        if (clr.isEmpty()) {
            return null;
        }
        FileSystemLocator locator = new FileSystemLocator();
        List<AssemblyRefChecker.Result> refs = new AssemblyRefChecker(graph.searchPath(), locator, gac,
                DepsCommand::assemblyIdentity).check(root.path(), clr.get().assemblyRefs());
        PInvokeCheck pinvokes = clr.get().pinvokes().isEmpty() ? null
                : new PInvokeChecker(graph.searchPath(), locator).check(root.path(), clr.get().pinvokes());
        return new Managed(refs, pinvokes);
    }

    /**
     * The CLR metadata of {@code file}, read through the same guarded read as every other image
     * (special files refused, a file cut while mapped reported) by the registry's CLR reader.
     */
    private static Optional<ClrImage> readClr(Path file) {
        return ImageFile.read(file, CLR_READER, image -> image.directory(ClrImage.class))
                instanceof ImageFile.Done<Optional<ClrImage>> done ? done.value() : Optional.empty();
    }

    private static final PeReader CLR_READER = new PeReader(java.util.EnumSet.of(pescope.pe.Directory.COM_DESCRIPTOR));

    /** The Assembly row of a file, when it is a .NET assembly that can be read. */
    private static Optional<pescope.pe.clr.AssemblyIdentity> assemblyIdentity(Path file) {
        return readClr(file).flatMap(ClrImage::assembly);
    }

    /** One JSON line, written through the mapper so that its escapes apply (JsonNode.toString ignores them). */
    private static String json(ObjectMapper mapper, com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return mapper.writeValueAsString(node) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Arrows as "->" where the terminal's character set has no "→". */
    private static String forTerminal(String text) {
        return Charset.defaultCharset().newEncoder().canEncode('→') ? text : text.replace("→", "->");
    }
}
