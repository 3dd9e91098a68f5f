package pescope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import pescope.deps.ApiSets;
import pescope.deps.ModuleLocator;
import pescope.deps.SearchPath;
import pescope.deps.SearchStep;
import pescope.pe.ApiSetSchemaReader;
import pescope.pe.NotAPeFileException;
import picocli.CommandLine;

/** The files that the NT presets read besides the modules: the KnownDLLs list and the API set schema. */
final class NtSources {

    /** A KnownDLLs file longer than this is not a list of names. */
    static final long MAX_KNOWN_DLLS_FILE = 1 << 20;
    static final String SCHEMA_FILE = "apisetschema.dll";

    private NtSources() {}

    /** The names --known-dlls gives: null when absent (the preset's default), empty for "none". */
    static List<String> knownDlls(CommandLine commandLine, String option) {
        if (option == null) {
            return null;
        }
        if (option.equalsIgnoreCase("none")) {
            return List.of();
        }
        Path file = Path.of(option);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(commandLine, "--known-dlls " + option + ": not a regular file");
        }
        if (Files.isRegularFile(file)) {
            try {
                if (Files.size(file) > MAX_KNOWN_DLLS_FILE) {
                    throw new CommandLine.ParameterException(commandLine, "--known-dlls " + option + ": larger than 1 MB, not a list of names");
                }
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "--known-dlls " + option + ": " + e.getMessage());
            }
        }
        if (option.contains("/") || option.contains(java.io.File.separator) && !option.contains(",")) {
            throw new CommandLine.ParameterException(commandLine, "--known-dlls " + option + ": no such file");
        }
        return Arrays.stream(option.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /**
     * The schema --apiset names ("none": no schema), else the first apisetschema.dll in the
     * search path's fixed folders; null when there is none. A schema named on the command line
     * that cannot be read is a usage error; one found on the way is reported and left out.
     */
    static ApiSets apiSets(CommandLine commandLine, String option, SearchPath searchPath) {
        if (option != null && option.equalsIgnoreCase("none")) {
            return null;
        }
        if (option != null) {
            Path file = Path.of(option);
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // Never open a FIFO or a device: reading one blocks or never ends.
                throw new CommandLine.ParameterException(commandLine, "--apiset " + option + ": not a regular file");
            }
            try {
                return withProblemsTold(commandLine, Path.of(option), ApiSetSchemaReader.read(Path.of(option)));
            } catch (IOException | NotAPeFileException | RuntimeException e) {
                throw new CommandLine.ParameterException(commandLine, "--apiset " + option + ": " + reason(e));
            }
        }
        Optional<Path> found = firstSchema(searchPath);
        if (found.isEmpty()) {
            return null;
        }
        try {
            return withProblemsTold(commandLine, found.get(), ApiSetSchemaReader.read(found.get()));
        } catch (IOException | NotAPeFileException | RuntimeException e) {
            commandLine.getErr().println("pescope: " + found.get() + ": " + reason(e) + "; API set names are searched as files");
            return null;
        }
    }

    /** More KnownDLLs than this is not a Windows install. */
    static final int MAX_KNOWN_DLLS = 4096;

    /**
     * The KnownDLLs as \\KnownDlls holds them: smss maps each listed DLL and, with it, every DLL
     * it imports from the system folder (API set names through the schema), so kernelbase.dll,
     * ucrtbase.dll and the like are known too, though the registry does not list them.
     */
    static List<String> knownDllClosure(List<String> listed, Path systemFolder, ApiSets apiSets, ModuleLocator locator) {
        java.util.LinkedHashMap<String, String> known = new java.util.LinkedHashMap<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(listed);
        while (!todo.isEmpty() && known.size() < MAX_KNOWN_DLLS) {
            String name = todo.remove();
            if (apiSets != null && apiSets.lookup(name, null) instanceof ApiSets.Hosted hosted) {
                name = hosted.host();
            }
            String key = ModuleLocator.foldCase(name);
            if (known.containsKey(key)) {
                continue;
            }
            known.put(key, name);
            Optional<Path> file = locator.find(systemFolder, name);
            if (file.isPresent() && locator.load(file.get()) instanceof ModuleLocator.Image image) {
                image.image().imports().forEach(imported -> todo.add(imported.dllName()));
            }
        }
        return List.copyOf(known.values());
    }

    /** A damaged schema is still used for what it holds; the user hears what was left out. */
    private static ApiSets withProblemsTold(CommandLine commandLine, Path file, pescope.pe.ApiSetSchema schema) {
        if (!schema.problems().isEmpty()) {
            commandLine.getErr().println("pescope: " + file + ": API set schema damaged (" + schema.problems().size()
                    + " problem" + (schema.problems().size() == 1 ? "" : "s") + "), first: " + visible(schema.problems().get(0)));
        }
        return new ApiSets(schema);
    }

    /** Contract names come from the file: control characters are shown as \\xNN, never sent raw. */
    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static Optional<Path> firstSchema(SearchPath searchPath) {
        List<Path> folders = new ArrayList<>();
        for (SearchStep step : searchPath.steps()) {
            if (step instanceof SearchStep.Folder folder && !step.name().equals("current")) {
                folders.add(folder.folder());
            }
        }
        for (Path folder : folders) {
            try (var entries = Files.list(folder)) {
                Optional<Path> schema = entries
                        .filter(p -> ModuleLocator.foldCase(p.getFileName().toString()).equals(ModuleLocator.foldCase(SCHEMA_FILE)))
                        .filter(Files::isRegularFile)
                        .findFirst();
                if (schema.isPresent()) {
                    return schema;
                }
            } catch (IOException | RuntimeException e) {
                // A folder that cannot be listed holds no schema, as it holds no module.
            }
        }
        return Optional.empty();
    }

    private static String reason(Exception e) {
        if (e instanceof NotAPeFileException) {
            return "not a PE file: " + e.getMessage();
        }
        if (e instanceof IOException io) {
            return pescope.pe.PeReader.describe(io);
        }
        return "internal error while reading (please report): " + e;
    }
}
