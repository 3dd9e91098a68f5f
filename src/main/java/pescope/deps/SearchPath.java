package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a loader looks for a module, in order, kept as data so that users can reorder it; how it
 * compares module names; and what it does with a file built for another machine.
 */
public record SearchPath(String preset, Matching matching, WrongMachine wrongMachine, List<SearchStep> steps) {

    /** More steps than this is a mistake on the command line, not a search path. */
    public static final int MAX_STEPS = 256;

    public SearchPath {
        steps = List.copyOf(steps);
        if (steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException(String.format("%d search steps; at most %d", steps.size(), MAX_STEPS));
        }
        List<String> names = new ArrayList<>();
        for (SearchStep step : steps) {
            if (names.contains(step.name())) {
                throw new IllegalArgumentException("two search steps named " + step.name());
            }
            names.add(step.name());
        }
    }

    /** How a module name meets a file name; case is always ignored. */
    public enum Matching {
        /** Windows NT: the imported name is the file name. */
        FILE_NAME,
        /** Windows CE: names compare without a ".dll" extension, so {@code x} ≡ {@code x.dll}. */
        BASE_NAME;

        static final String DLL = ".dll";

        /** The file names to try for an imported name, in order. */
        public List<String> candidates(String name) {
            if (this == FILE_NAME) {
                return List.of(name);
            }
            return hasDllExtension(name)
                    ? List.of(name, name.substring(0, name.length() - DLL.length()))
                    : List.of(name, name + DLL);
        }

        /**
         * The key under which a loaded module is known: its file name without folders (a module
         * loaded by path is known by its name), case folded, and on CE without ".dll".
         */
        public String key(String name) {
            int lastSeparator = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
            String fileName = name.substring(lastSeparator + 1);
            if (this == BASE_NAME && hasDllExtension(fileName)) {
                fileName = fileName.substring(0, fileName.length() - DLL.length());
            }
            return ModuleLocator.foldCase(fileName);
        }

        private static boolean hasDllExtension(String name) {
            return name.length() > DLL.length() && name.toLowerCase(Locale.ROOT).endsWith(DLL);
        }
    }

    /** What the loader does when the file it finds is for another machine. */
    public enum WrongMachine {
        /**
         * Fail there with STATUS_INVALID_IMAGE_FORMAT (error 193): Windows CE, and NT up to
         * Windows 7, where a 32-bit DLL early on PATH broke 64-bit programs (0xC000007B).
         */
        STOP,
        /**
         * Pass over it and keep looking; fail with STATUS_INVALID_IMAGE_FORMAT only when no file
         * of the right machine follows. The NT loader since Windows 8 (LdrpMapDllSearchPath
         * retries on STATUS_IMAGE_MACHINE_TYPE_MISMATCH), and Wine's.
         */
        SKIP;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A file the search found, and the step that found it. */
    public record Hit(String step, Path file) {}

    /**
     * The Windows NT order with no system folder and no KnownDLLs: the application folder
     * ({@code application}: the root EXE's folder, for every module), the given folders
     * ({@code search}, or {@code search1}, {@code search2}...), then PATH-like folders
     * ({@code path}, {@code path1}...). Wrong-machine files are passed over, as since Windows 8.
     */
    public static SearchPath nt(List<Path> searchFolders, List<Path> pathFolders) {
        return windows(Windows.NT, new NtFolders(null, null, null, searchFolders, pathFolders, null, true));
    }

    /** The Windows families whose loaders pescope models; each names its defaults. */
    public enum Windows {
        /** pescope's default: Windows 10's order and wrong-machine rule, KnownDLLs only when given. */
        NT(WrongMachine.SKIP, List.of()),
        /** Windows 7 (and Vista): a wrong-machine file stops the search; its default KnownDLLs. */
        WIN7(WrongMachine.STOP, List.of("advapi32.dll", "clbcatq.dll", "comdlg32.dll", "difxapi.dll", "gdi32.dll",
                "iertutil.dll", "imagehlp.dll", "imm32.dll", "kernel32.dll", "lpk.dll", "msctf.dll", "msvcrt.dll",
                "normaliz.dll", "nsi.dll", "ole32.dll", "oleaut32.dll", "psapi.dll", "rpcrt4.dll", "sechost.dll",
                "setupapi.dll", "shell32.dll", "shlwapi.dll", "urlmon.dll", "user32.dll", "usp10.dll", "wininet.dll",
                "wldap32.dll", "ws2_32.dll", "ntdll.dll")),
        /** Windows 10 and 11: wrong-machine files are passed over; its default KnownDLLs. */
        WIN10(WrongMachine.SKIP, List.of("advapi32.dll", "clbcatq.dll", "combase.dll", "comdlg32.dll", "coml2.dll",
                "difxapi.dll", "gdi32.dll", "gdiplus.dll", "imagehlp.dll", "imm32.dll", "kernel32.dll", "msctf.dll",
                "msvcrt.dll", "normaliz.dll", "nsi.dll", "ole32.dll", "oleaut32.dll", "psapi.dll", "rpcrt4.dll",
                "sechost.dll", "setupapi.dll", "shcore.dll", "shell32.dll", "shlwapi.dll", "user32.dll",
                "wldap32.dll", "wow64.dll", "wow64win.dll", "ws2_32.dll", "ntdll.dll"));

        private final WrongMachine wrongMachine;
        private final List<String> knownDlls;

        Windows(WrongMachine wrongMachine, List<String> knownDlls) {
            this.wrongMachine = wrongMachine;
            this.knownDlls = knownDlls;
        }

        /**
         * The KnownDLLs of a default install (HKLM\SYSTEM\CurrentControlSet\Control\Session
         * Manager\KnownDLLs, plus ntdll, which is always known); empty for {@code NT}.
         */
        public List<String> defaultKnownDlls() {
            return knownDlls;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The folders of an NT system as the user names them; any may be null or empty.
     *
     * @param system            the system folder (System32), also where KnownDLLs come from
     * @param windows           the Windows folder
     * @param current           the current folder
     * @param search            more folders, searched after the Windows folder
     * @param path              the PATH folders, last
     * @param knownDlls         the KnownDLL names; null for the preset's default list
     * @param safeDllSearchMode on (the default since XP SP2): the current folder comes after the
     *                          system and Windows folders; off: right after the application folder
     */
    public record NtFolders(Path system, Path windows, Path current, List<Path> search, List<Path> path,
            List<String> knownDlls, boolean safeDllSearchMode) {
        public NtFolders {
            search = List.copyOf(search);
            path = List.copyOf(path);
            knownDlls = knownDlls == null ? null : List.copyOf(knownDlls);
        }
    }

    /**
     * The order of LoadLibrary's standard search (LOAD_LIBRARY_SEARCH flags aside), after API
     * sets and side-by-side redirection, which the resolver applies first:
     * {@code knowndll} (the KnownDLLs, from the system folder, or when no system folder is given
     * from the first --search folder), {@code application} (the root EXE's folder, for every
     * module of the process), {@code system}, {@code windows}, the extra folders
     * ({@code search...}), {@code current}, then {@code path...}. Without SafeDllSearchMode the
     * current folder comes second.
     */
    public static SearchPath windows(Windows family, NtFolders folders) {
        List<SearchStep> steps = new ArrayList<>();
        List<String> known = folders.knownDlls() != null ? folders.knownDlls() : family.defaultKnownDlls();
        Path knownFolder = folders.system() != null ? folders.system()
                : folders.search().isEmpty() ? null : folders.search().get(0);
        if (!known.isEmpty() && knownFolder != null) {
            steps.add(new SearchStep.KnownDll("knowndll", new java.util.HashSet<>(known), knownFolder));
        }
        steps.add(new SearchStep.ExeFolder("application"));
        if (!folders.safeDllSearchMode() && folders.current() != null) {
            steps.add(new SearchStep.Folder("current", folders.current()));
        }
        if (folders.system() != null) {
            steps.add(new SearchStep.Folder("system", folders.system()));
        }
        if (folders.windows() != null) {
            steps.add(new SearchStep.Folder("windows", folders.windows()));
        }
        addFolders(steps, "search", folders.search());
        if (folders.safeDllSearchMode() && folders.current() != null) {
            steps.add(new SearchStep.Folder("current", folders.current()));
        }
        addFolders(steps, "path", folders.path());
        return new SearchPath(family.code(), Matching.FILE_NAME, family.wrongMachine, steps);
    }

    /**
     * The Windows CE order, with each device root standing for the device's file system: an
     * absolute path as given ({@code absolute}), the ROM modules ({@code rom}), the EXE's folder
     * ({@code exe}), {@code \windows} ({@code windows}), then the root folder ({@code root}).
     * Names compare by base name; a wrong-machine file stops the search (error 193).
     */
    public static SearchPath ce(List<Path> romFolders, List<Path> deviceRoots) {
        List<SearchStep> steps = new ArrayList<>();
        for (int i = 0; i < deviceRoots.size(); i++) {
            steps.add(new SearchStep.AbsolutePath(numbered("absolute", i, deviceRoots.size()), deviceRoots.get(i)));
        }
        addFolders(steps, "rom", romFolders);
        steps.add(new SearchStep.ExeFolder("exe"));
        for (int i = 0; i < deviceRoots.size(); i++) {
            steps.add(new SearchStep.DeviceFolder(numbered("windows", i, deviceRoots.size()), deviceRoots.get(i), "\\windows"));
        }
        for (int i = 0; i < deviceRoots.size(); i++) {
            steps.add(new SearchStep.DeviceFolder(numbered("root", i, deviceRoots.size()), deviceRoots.get(i), "\\"));
        }
        return new SearchPath("ce", Matching.BASE_NAME, WrongMachine.STOP, steps);
    }

    /**
     * The same steps with the named ones moved to the front in the given order; the others
     * follow in their present order.
     */
    public SearchPath reorder(List<String> firstStepNames) {
        Map<String, SearchStep> remaining = new LinkedHashMap<>();
        steps.forEach(step -> remaining.put(step.name(), step));
        List<SearchStep> reordered = new ArrayList<>();
        for (String name : firstStepNames) {
            SearchStep step = remaining.remove(name);
            if (step == null) {
                throw new IllegalArgumentException(stepNames().contains(name)
                        ? "search step '" + name + "' named twice"
                        : "no search step named '" + name + "'; the steps are " + String.join(", ", stepNames()));
            }
            reordered.add(step);
        }
        reordered.addAll(remaining.values());
        return new SearchPath(preset, matching, wrongMachine, reordered);
    }

    /** The same search with another treatment of wrong-machine files. */
    public SearchPath withWrongMachine(WrongMachine policy) {
        return new SearchPath(preset, matching, policy, steps);
    }

    public List<String> stepNames() {
        return steps.stream().map(SearchStep::name).toList();
    }

    /**
     * Every file the search path finds for a module name, first the one a loader takes; a file
     * reached by two steps is listed once, under the first.
     */
    public List<Hit> findAll(String moduleName, SearchStep.Lookup from, ModuleLocator locator) {
        List<Hit> hits = new ArrayList<>();
        for (SearchStep step : steps) {
            for (String candidate : matching.candidates(moduleName)) {
                step.find(candidate, from, locator)
                        .filter(file -> hits.stream().noneMatch(hit -> hit.file().equals(file)))
                        .ifPresent(file -> hits.add(new Hit(step.name(), file)));
            }
        }
        return hits;
    }

    private static void addFolders(List<SearchStep> steps, String name, List<Path> folders) {
        for (int i = 0; i < folders.size(); i++) {
            steps.add(new SearchStep.Folder(numbered(name, i, folders.size()), folders.get(i)));
        }
    }

    /** "search" when there is one such step; "search1", "search2"... when there are several. */
    private static String numbered(String name, int index, int count) {
        return count == 1 ? name : name + (index + 1);
    }
}
