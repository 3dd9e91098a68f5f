package pescope.deps;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One place a loader looks for a module, with a name users can refer to when reordering the
 * search path. Steps that depend on who imports (the importer's folder, the EXE's folder) learn it
 * from a {@link Lookup}.
 */
public sealed interface SearchStep {

    String name();

    /** Where this step finds a module of that file name, if it does. */
    Optional<Path> find(String fileName, Lookup from, ModuleLocator locator);

    /** What the step stands for, for people. */
    String describe();

    /** Who is asking: the folder of the importing module and that of the graph's root. */
    record Lookup(Path importerFolder, Path exeFolder) {}

    /** A fixed folder on this machine. */
    record Folder(String name, Path folder) implements SearchStep {
        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            return locator.find(folder, fileName);
        }

        @Override
        public String describe() {
            return folder.toString();
        }
    }

    /**
     * The KnownDLLs: a name on the list is always taken from the system folder, whatever the
     * application folder holds (the loader maps it from the \\KnownDlls section objects that
     * smss created at boot). A name not on the list, or a name with a path, goes on.
     *
     * @param names        the list, case folded
     * @param systemFolder where the known DLLs are
     */
    record KnownDll(String name, java.util.Set<String> names, Path systemFolder) implements SearchStep {
        public KnownDll {
            names = names.stream().map(ModuleLocator::foldCase).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            if (!names.contains(ModuleLocator.foldCase(fileName))) {
                return Optional.empty();
            }
            return locator.find(systemFolder, fileName);
        }

        @Override
        public String describe() {
            return names.size() + " KnownDLLs from " + systemFolder;
        }
    }

    /** The folder of the module whose import is being resolved. */
    record ImporterFolder(String name) implements SearchStep {
        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            return locator.find(from.importerFolder(), fileName);
        }

        @Override
        public String describe() {
            return "the importing module's folder";
        }
    }

    /**
     * The folder of the root EXE, whoever imports: NT's application folder (the folder of the
     * process's EXE, for every module it loads) and Windows CE's ".exe launch directory".
     */
    record ExeFolder(String name) implements SearchStep {
        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            return locator.find(from.exeFolder(), fileName);
        }

        @Override
        public String describe() {
            return "the EXE's folder";
        }
    }

    /**
     * A folder of a device (such as {@code \windows}) under a local folder that stands for the
     * device's root; each path component is matched ignoring case, as on the device.
     */
    record DeviceFolder(String name, Path deviceRoot, String devicePath) implements SearchStep {
        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            return walk(deviceRoot, devicePath, locator).flatMap(folder -> locator.find(folder, fileName));
        }

        @Override
        public String describe() {
            return devicePath + " = " + walkDescription(deviceRoot, devicePath);
        }
    }

    /** A module named by an absolute device path ({@code \windows\x.dll}), looked up under a device root. */
    record AbsolutePath(String name, Path deviceRoot) implements SearchStep {
        @Override
        public Optional<Path> find(String fileName, Lookup from, ModuleLocator locator) {
            if (!isAbsolute(fileName)) {
                return Optional.empty();
            }
            int lastSeparator = Math.max(fileName.lastIndexOf('\\'), fileName.lastIndexOf('/'));
            return walk(deviceRoot, fileName.substring(0, lastSeparator + 1), locator)
                    .flatMap(folder -> locator.find(folder, fileName.substring(lastSeparator + 1)));
        }

        @Override
        public String describe() {
            return "absolute device paths under " + deviceRoot;
        }
    }

    static boolean isAbsolute(String fileName) {
        return fileName.startsWith("\\") || fileName.startsWith("/");
    }

    /** Follows a device path ("\windows", "\") down from a local folder, one component at a time. */
    private static Optional<Path> walk(Path root, String devicePath, ModuleLocator locator) {
        Optional<Path> folder = Optional.of(root);
        for (String component : devicePath.split("[\\\\/]")) {
            if (!component.isEmpty()) {
                folder = folder.flatMap(f -> locator.find(f, component));
            }
        }
        return folder;
    }

    private static String walkDescription(Path root, String devicePath) {
        Path folder = root;
        for (String component : devicePath.split("[\\\\/]")) {
            if (!component.isEmpty()) {
                folder = folder.resolve(component);
            }
        }
        return folder.toString();
    }
}
