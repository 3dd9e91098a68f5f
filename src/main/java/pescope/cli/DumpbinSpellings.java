package pescope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * dumpbin's own spellings of dump's options, as its users type them: {@code /HEADERS},
 * {@code -headers}, {@code /exports}, in any case. Those dump has become its long options
 * ({@code --headers}); the others are refused with a hint. Without this, {@code -headers} would
 * be read as the cluster {@code -h -e...} and print the help.
 */
final class DumpbinSpellings {

    /** Every option dumpbin documents, so that a dumpbin user's switch is never taken for a file. */
    static final Set<String> DUMPBIN_OPTIONS = Set.of(
            "ALL", "ARCHIVEMEMBERS", "CLRHEADER", "DEPENDENTS", "DIRECTIVES", "DISASM", "ERRORREPORT", "EXPORTS",
            "FPO", "HEADERS", "IMPORTS", "LINENUMBERS", "LINKERMEMBER", "LOADCONFIG", "NOLOGO", "OUT", "PDATA",
            "PDBPATH", "RANGE", "RAWDATA", "RELOCATIONS", "SECTION", "SUMMARY", "SYMBOLS", "TLS", "UNWINDINFO");

    private DumpbinSpellings() {}

    /** A dumpbin switch pescope cannot honour, with what to do instead. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * The arguments with dumpbin's switches after {@code dump} turned into dump's own options.
     * Arguments after {@code --} are files, whatever they look like.
     */
    static String[] translate(String[] args, Supplier<CommandSpec> dump) throws Unsupported {
        List<String> translated = new ArrayList<>(args.length);
        boolean inDump = false;
        boolean endOfOptions = false;
        for (String arg : args) {
            if (!inDump || endOfOptions) {
                inDump |= arg.equals("dump");
                translated.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                endOfOptions = true;
                translated.add(arg);
                continue;
            }
            translated.add(translateOne(arg, dump).orElse(arg));
        }
        return translated.toArray(String[]::new);
    }

    /** dump's model is asked for only once a dumpbin switch is seen: the tree of another command has none to give. */
    private static Optional<String> translateOne(String arg, Supplier<CommandSpec> dumpSpec) throws Unsupported {
        boolean dumpbinLike = (arg.startsWith("/") || arg.startsWith("-")) && !arg.startsWith("--") && arg.length() > 2;
        if (!dumpbinLike) {
            return Optional.empty();
        }
        String body = arg.substring(1);
        int colon = body.indexOf(':');
        String name = (colon < 0 ? body : body.substring(0, colon)).toUpperCase(Locale.ROOT);
        if (!DUMPBIN_OPTIONS.contains(name)) {
            // "-hello" is not -h followed by "ello": dump's short options do not take such clusters.
            if (arg.startsWith("-") && (arg.charAt(1) == 'h' || arg.charAt(1) == 'V')) {
                throw new Unsupported("unknown option '" + arg + "'; see 'pescope dump --help'");
            }
            return Optional.empty();
        }
        String option = "--" + name.toLowerCase(Locale.ROOT);
        CommandSpec dump = dumpSpec.get();
        if (dump.findOption(option) == null || colon >= 0 && dump.findOption(option).arity().max() == 0) {
            throw new Unsupported("dumpbin's /" + name + " is not supported by pescope dump; see 'pescope dump --help'");
        }
        return Optional.of(colon < 0 ? option : option + "=" + body.substring(colon + 1));
    }
}
