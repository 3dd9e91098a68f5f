package pescope.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import pescope.deps.ActivationContext;
import pescope.deps.AssemblyRefChecker;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.Edge;
import pescope.deps.MissingExport;
import pescope.deps.ModuleNode;
import pescope.deps.PInvokeCheck;
import pescope.pe.NameDecoding;

/**
 * The problems {@code deps} finds as SARIF results, one rule per kind of problem. Ids are
 * {@code PD} and four digits, fixed here and never reused; the name is the code deps' JSON uses
 * for the same problem ({@code status}, {@code reason}). A problem that stops the root from
 * loading is an error; one that strikes later (a delay load, a .NET reference or P/Invoke, at
 * the first call) or that the loader survives is a warning; a cycle, and a delay-loaded API set
 * with no host, which programs are meant to check for, are notes. A result is located at the
 * file that imports the module concerned: code scanning shows it on the file that was scanned.
 * Collect the problems graph by graph, then write them with the rules they use.
 */
public final class DepsSarif {

    /** The registry of deps' problems: id, name, default level, and what people read about each. */
    public enum Problem {
        MISSING_MODULE("PD1001", "missing", "error", "Imported DLL not found",
                "No folder of the search path holds a DLL of the imported name: the loader fails with STATUS_DLL_NOT_FOUND"
                        + " (error 126) when the importer loads, or at the first call for a delay load.",
                "Ship the DLL beside the program or in a folder of the search path, or drop the import."),
        WRONG_MACHINE("PD1002", "wrong-machine", "error", "Imported DLL is for another machine",
                "The file the search path gives for the imported name is built for another processor architecture:"
                        + " STATUS_INVALID_IMAGE_FORMAT (error 193).",
                "Ship the DLL built for the importer's machine, ahead of the other one on the search path."),
        UNREADABLE_MODULE("PD1003", "unreadable", "error", "Imported DLL unreadable",
                "The first file of the imported name on the search path cannot be read or is not a PE image; the loader stops there.",
                "Replace the file with an intact copy of the DLL."),
        DAMAGED_MODULE("PD1004", "damaged", "error", "Imported DLL damaged",
                "The file is a PE image for the right machine, but its sections run past the end of the file or its import or"
                        + " export data is damaged: the loader cannot map it or bind through it.",
                "Replace the file with an intact copy; pescope dump --format sarif FILE shows what is damaged."),
        ABSENT_API_SET("PD1005", "absent", "error", "API set contract with no host",
                "The API set schema lists the imported contract with no host DLL (STATUS_APISET_NOT_HOSTED): a static import of"
                        + " it fails the load; a delay import of it is an optional feature the program must check for before calling.",
                "Delay-load the contract and check IsApiSetImplemented before calling, or target a Windows version that hosts it."),
        WRONG_MACHINE_SKIPPED("PD1006", "wrong-machine-skipped", "warning", "Wrong-machine DLL passed over",
                "The search path holds a file of the imported name for another machine ahead of the right one. Windows 8 and"
                        + " later pass over it; Windows 7 and earlier stop there with error 193.",
                "Remove the wrong-machine file from the search path, or put the right one ahead of it."),
        NOT_EXPORTED("PD1010", "not-exported", "error", "Imported symbol not exported",
                "The DLL found has no export of the imported name or ordinal: STATUS_ENTRYPOINT_NOT_FOUND (error 127) when"
                        + " the importer loads, or at the first call for a delay load.",
                "Ship the version of the DLL that exports it, or rebuild the importer against the DLL you ship."),
        FORWARD_NOT_EXPORTED("PD1011", "forward-not-exported", "error", "Forwarded export not found",
                "The import binds to a forwarder whose target module does not export the symbol it names.",
                "Ship versions of the DLLs on the forwarder chain that match each other."),
        FORWARD_TARGET_NOT_LOADED("PD1012", "forward-target-not-loaded", "error", "Forwarder target does not load",
                "The import binds to a forwarder whose target module is missing, for another machine, or unreadable.",
                "Ship the module the forwarder names, for the importer's machine."),
        FORWARDER_LOOP("PD1013", "forwarder-loop", "error", "Forwarder loop",
                "Forwarders lead back to an export already on the chain, so the import never resolves.",
                "Ship versions of the DLLs on the forwarder chain that match each other."),
        FORWARDER_CHAIN_TOO_LONG("PD1014", "forwarder-chain-too-long", "error", "Forwarder chain too long",
                "More than " + DependencyResolver.MAX_FORWARDER_CHAIN + " forwarders in a row; pescope stops following them.",
                "Ship versions of the DLLs on the forwarder chain that match each other."),
        FORWARDER_MALFORMED("PD1015", "forwarder-malformed", "error", "Malformed forwarder",
                "The import binds to a forwarder whose string is neither \"DLL.name\" nor \"DLL.#n\".",
                "Replace the exporting DLL with an intact copy."),
        MISSING_SIDE_BY_SIDE_ASSEMBLY("PD1020", "missing-assembly", "error", "Side-by-side assembly not found",
                "The application's manifest names a side-by-side assembly that is neither beside it nor in WinSxS: the process"
                        + " does not start (the side-by-side configuration is incorrect).",
                "Install the assembly (its redistributable) or ship it as a private assembly beside the program."),
        CYCLE("PD1030", "cycle", "note", "Import cycle",
                "Modules import each other. They load, but the order in which their initialisers run depends on where the"
                        + " cycle is entered.",
                "Break the cycle if one module's initialiser relies on another of the cycle."),
        TRUNCATED("PD1031", "truncated", "warning", "Dependency graph incomplete",
                "The graph stopped at the most modules pescope resolves; problems further down are not reported.",
                "Resolve the modules the graph stopped at on their own."),
        ASSEMBLY_REFERENCE_MISSING("PD1040", "assembly-missing", "warning", "Referenced .NET assembly not found",
                "No file of the referenced assembly's name is on the search path or in the GAC folders given: the runtime"
                        + " throws FileNotFoundException when code that needs it first runs.",
                "Ship the assembly beside the program, or give the GAC folder it is installed in (--gac)."),
        ASSEMBLY_VERSION_DIFFERS("PD1041", "version-differs", "warning", "Referenced .NET assembly has another version",
                "The file found for the reference carries another version: strong-named binding fails unless a binding"
                        + " redirect allows it.",
                "Ship the referenced version, or add a binding redirect to the application's configuration."),
        NOT_AN_ASSEMBLY("PD1042", "not-an-assembly", "warning", "Referenced .NET assembly is not an assembly",
                "The file found under the referenced name has no .NET Assembly row: the runtime cannot load it as the reference.",
                "Ship the managed assembly under that name, not a native DLL."),
        PINVOKE_MODULE_NOT_FOUND("PD1050", "module-not-found", "warning", "P/Invoke module not found",
                "A DllImport names a native module that is not on the search path: DllNotFoundException at the first call."
                        + " Assemblies often carry P/Invokes for other platforms that are never called.",
                "Ship the native module, or make sure the code that calls it never runs on this platform."),
        PINVOKE_ENTRY_POINT_NOT_FOUND("PD1051", "entry-point-not-found", "warning", "P/Invoke entry point not found",
                "The native module found exports no such entry point, neither as named nor with the A/W suffix, the x86"
                        + " stdcall decoration or the ordinal: EntryPointNotFoundException at the first call.",
                "Ship the version of the native module the assembly was written for.");

        private final String id;
        private final String code;
        private final String level;
        private final String title;
        private final String description;
        private final String help;

        Problem(String id, String code, String level, String title, String description, String help) {
            this.id = id;
            this.code = code;
            this.level = level;
            this.title = title;
            this.description = description;
            this.help = help;
        }

        public String id() {
            return id;
        }

        Sarif.Rule rule() {
            return new Sarif.Rule(id, code, title, description, help, level, Map.of());
        }
    }

    private final List<Sarif.Result> results = new ArrayList<>();
    private final List<Sarif.Notification> notifications = new ArrayList<>();

    /** Adds one root's results, as {@link #results} made them. */
    public void add(List<Sarif.Result> rootResults) {
        results.addAll(rootResults);
    }

    /** A FILE that could not be read at all: a notification of the run. */
    public void addUnreadable(String file, String problem) {
        notifications.add(new Sarif.Notification("error", problem, file));
    }

    public void write(Writer out, String toolVersion) throws IOException {
        Set<String> used = new TreeSet<>();
        results.forEach(r -> used.add(r.ruleId()));
        List<Sarif.Rule> rules = new ArrayList<>();
        for (Problem problem : Problem.values()) {
            if (used.contains(problem.id)) {
                rules.add(problem.rule());
            }
        }
        Sarif.write(out, toolVersion, rules, results, Optional.of(new Sarif.Invocation(notifications.isEmpty(), notifications)));
    }

    /**
     * The problems of one root's graph, and of its managed side when it is a .NET assembly
     * ({@code assemblyRefs} empty and {@code pinvokes} null otherwise), in the order deps' text
     * report lists them.
     */
    public static List<Sarif.Result> results(DependencyGraph graph, List<AssemblyRefChecker.Result> assemblyRefs,
            PInvokeCheck pinvokes) {
        List<Sarif.Result> out = new ArrayList<>();
        ModuleNode root = graph.root();
        graph.activationContext().ifPresent(context -> {
            for (ActivationContext.Assembly assembly : context.assemblies()) {
                if (!assembly.isFound()) {
                    out.add(result(Problem.MISSING_SIDE_BY_SIDE_ASSEMBLY, "error", ProblemText.describe(assembly), root));
                }
            }
        });
        for (ModuleNode module : graph.modules()) {
            if (module.isClean()) {
                continue;
            }
            boolean atLoad = graph.loadsImplicitly(module) || module.id() == 0;
            Problem problem = switch (module.status()) {
                case MISSING -> Problem.MISSING_MODULE;
                case WRONG_MACHINE -> Problem.WRONG_MACHINE;
                case UNREADABLE -> Problem.UNREADABLE_MODULE;
                case DAMAGED -> Problem.DAMAGED_MODULE;
                case ABSENT -> Problem.ABSENT_API_SET;
                case FOUND -> Problem.WRONG_MACHINE_SKIPPED;
            };
            String level = problem == Problem.WRONG_MACHINE_SKIPPED ? "warning"
                    : problem == Problem.ABSENT_API_SET && !atLoad ? "note"
                    : atLoad ? "error" : "warning";
            String message = ProblemText.describe(graph, module);
            for (ModuleNode importer : importers(graph, module)) {
                out.add(result(problem, level, message, importer));
            }
        }
        for (MissingExport missing : graph.missingExports()) {
            out.add(result(problem(missing.reason()), missing.delayLoad() ? "warning" : "error", ProblemText.describe(missing),
                    missing.importer()));
        }
        for (List<ModuleNode> cycle : graph.cycles()) {
            out.add(result(Problem.CYCLE, "note",
                    "cycle: " + String.join(", ", cycle.stream().map(ModuleNode::name).toList()), cycle.get(0)));
        }
        if (graph.truncated()) {
            out.add(result(Problem.TRUNCATED, "warning",
                    "stopped after " + graph.modules().size() + " modules: the graph is incomplete", root));
        }
        for (AssemblyRefChecker.Result ref : assemblyRefs) {
            String name = root.name() + " references " + ref.reference().displayName();
            switch (ref.status()) {
                case FOUND -> { }
                case MISSING -> out.add(result(Problem.ASSEMBLY_REFERENCE_MISSING, "warning", name + ": not found", root));
                case VERSION_DIFFERS -> out.add(result(Problem.ASSEMBLY_VERSION_DIFFERS, "warning",
                        name + ": " + NameDecoding.ofPath(ref.file()) + " has version " + ref.foundVersion(), root));
                case NOT_AN_ASSEMBLY -> out.add(result(Problem.NOT_AN_ASSEMBLY, "warning",
                        name + ": " + NameDecoding.ofPath(ref.file()) + " is not a .NET assembly", root));
            }
        }
        if (pinvokes != null) {
            for (PInvokeCheck.Binding binding : pinvokes.problems()) {
                boolean noModule = binding.reason() == PInvokeCheck.Reason.MODULE_NOT_FOUND;
                out.add(result(noModule ? Problem.PINVOKE_MODULE_NOT_FOUND : Problem.PINVOKE_ENTRY_POINT_NOT_FOUND, "warning",
                        pinvokes.assembly() + " → " + binding.pinvoke().module() + "!" + binding.pinvoke().entryPoint()
                                + ": " + (noModule ? "module not found" : "entry point not found") + " (tried "
                                + String.join(", ", noModule ? binding.target().tried() : binding.tried()) + ")"
                                + (binding.target().nonWindows() ? " [not a Windows module]" : ""),
                        root));
            }
        }
        return out;
    }

    private static Problem problem(MissingExport.Reason reason) {
        return switch (reason) {
            case NOT_EXPORTED -> Problem.NOT_EXPORTED;
            case FORWARD_NOT_EXPORTED -> Problem.FORWARD_NOT_EXPORTED;
            case FORWARD_TARGET_NOT_LOADED -> Problem.FORWARD_TARGET_NOT_LOADED;
            case FORWARDER_LOOP -> Problem.FORWARDER_LOOP;
            case FORWARDER_CHAIN_TOO_LONG -> Problem.FORWARDER_CHAIN_TOO_LONG;
            case FORWARDER_MALFORMED -> Problem.FORWARDER_MALFORMED;
        };
    }

    /**
     * The modules whose imports (or forwarders) lead to {@code module}, in graph order; the root
     * itself when nothing does (a damaged root).
     */
    private static List<ModuleNode> importers(DependencyGraph graph, ModuleNode module) {
        List<ModuleNode> importers = graph.edgesTo(module).stream().map(Edge::from).filter(m -> m.path() != null).distinct().toList();
        return importers.isEmpty() ? List.of(module.path() != null ? module : graph.root()) : importers;
    }

    /** A result located at {@code where}'s file. */
    private static Sarif.Result result(Problem problem, String level, String message, ModuleNode where) {
        Path file = where.path();
        return new Sarif.Result(problem.id, level, message, file == null ? where.name() : NameDecoding.ofPath(file), Optional.empty());
    }
}
