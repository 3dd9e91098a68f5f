package pescope.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import pescope.check.Checker;
import pescope.check.Level;
import pescope.check.Policy;
import pescope.check.Rule;
import pescope.check.RuleResult;
import pescope.check.Rules;
import pescope.check.SecurityFacts;
import pescope.pe.NameDecoding;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.ImageFile;
import pescope.pe.PeReader;
import pescope.pe.authenticode.Authenticode;
import pescope.pe.authenticode.TrustStore;
import pescope.report.CheckJson;
import pescope.report.CheckText;
import pescope.report.Sarif;
import picocli.CommandLine;

/**
 * {@code pescope check}. Its model is built through picocli's API ({@link #model()}), not read from
 * annotations: the common path then creates no annotation proxy classes, which the CDS archive
 * cannot hold (issue 16).
 */
final class CheckCommand implements Callable<Integer> {

    enum Format { TEXT, JSON, SARIF }

    /** --rules. */
    List<String> only = new ArrayList<>();

    List<String> skip = new ArrayList<>();

    /** --policy. */
    Path policyFile;

    String failOn;

    Format format = Format.TEXT;

    /** --trust-store. */
    Path trustStoreFile;

    Path output;

    boolean verbose;

    BatchOptions batch = new BatchOptions();

    /** The FILE parameters. */
    List<Path> files;

    CommandLine.Model.CommandSpec spec;

    /** A new check command and its model, in the order --help lists the options, with the rule table. */
    static CommandLine.Model.CommandSpec model() {
        CheckCommand check = new CheckCommand();
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(check, LazyFactory.INSTANCE).name("check");
        check.spec = spec;
        spec.usageMessage()
                .sortOptions(false)
                .description(
                    "Security verdicts for build gates: ASLR, high-entropy VA, NX, CFG, SafeSEH, /GS, CET, "
                        + "writable+executable and shared+writable sections, executable imports, the Authenticode "
                        + "signature and the checksum, from the file alone (no PDB needed).",
                    "Each rule says pass, fail or not-applicable, with why; a failing rule prints the fix. "
                        + "A signature is checked against the file; whether its signer is trusted only with --trust-store.")
                .footerHeading("%n")
                .footer(
                    "Rules (id, name, level; equivalent BinSkim / winchecksec checks): see below.",
                    "",
                    "Policy file (--policy, JSON, or YAML when named .yaml/.yml):",
                    "  {\"failOn\": \"warning\", \"skip\": [\"PS1011\"], \"only\": [],",
                    "   \"exceptions\": [{\"path\": \"vendor/**\", \"rules\": [\"cfg\"], \"reason\": \"...\"}]}",
                    "Command-line --rules/--skip add to the file's lists; --fail-on overrides its failOn.",
                    "",
                    "Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error;",
                    "3 some input could not be read or is not a PE image.");
        spec.addOption(FieldBinding.bind(FieldBinding.option("--rules", "RULE", "Run only these rules (ids or names, comma-separated).")
                .type(List.class).auxiliaryTypes(String.class).splitRegex(","), () -> check.only, value -> check.only = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--skip", "RULE", "Do not run these rules.")
                .type(List.class).auxiliaryTypes(String.class).splitRegex(","), () -> check.skip, value -> check.skip = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--policy", "FILE", "A policy file (JSON or YAML): rules, exceptions by path, fail level.")
                .type(Path.class), () -> check.policyFile, value -> check.policyFile = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--fail-on", "LEVEL",
                "The least severe failed rule that makes the exit code 1: error (default), warning, note, or none.")
                .type(String.class), () -> check.failOn, value -> check.failOn = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--format", "FORMAT", "text (default), json (JSON Lines, one object per file) or sarif (SARIF 2.1.0).")
                .type(Format.class), () -> check.format, value -> check.format = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("--trust-store", "FILE",
                "Certificates to trust (PEM bundle or DER, e.g. /etc/ssl/certs/ca-certificates.crt): a signature"
                    + " then also fails when its signer does not chain to one. Without it, trust is not evaluated.")
                .type(Path.class), () -> check.trustStoreFile, value -> check.trustStoreFile = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.option("-o", "FILE", "Write the report to FILE instead of standard output.")
                .names("-o", "--output").type(Path.class), () -> check.output, value -> check.output = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("-v", "--verbose").type(boolean.class)
                .description("Text: also list the rules that pass or do not apply."), () -> check.verbose, value -> check.verbose = value).build());
        BatchOptions.addTo(spec, check.batch);
        Main.addStandardHelpOptions(spec);
        BatchOptions.addFiles(spec, "PE images, or folders with -r.", () -> check.files, value -> check.files = value);
        addRuleTable(spec.usageMessage());
        return spec;
    }


    /** One file's outcome: its results, or the one-line reason it could not be read. */
    private record Outcome(String name, Path path, List<RuleResult> results, String problem) {}

    /** The policy file's shape; unknown keys are an error, so a misspelt key is never ignored. */
    record PolicyFile(List<String> only, List<String> skip, String failOn, List<Policy.Exception> exceptions) {

        /**
         * Reads JSON, or YAML when the name ends in .yaml or .yml. Jackson is named only here, in a
         * class of its own, so that verifying CheckCommand does not load it: a run without --policy
         * never does.
         */
        static PolicyFile read(Path file) throws IOException {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            ObjectMapper mapper = (name.endsWith(".yaml") || name.endsWith(".yml") ? YAMLMapper.builder() : JsonMapper.builder())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
            return mapper.readValue(file.toFile(), PolicyFile.class);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (batch.jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        Policy policy = policy();
        Optional<TrustStore> trustStore = trustStore();
        Checker checker = new Checker(policy);
        StringWriter buffered = new StringWriter();
        PrintWriter out = output != null ? new PrintWriter(buffered) : spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckText text = new CheckText(verbose);
        // Jackson costs time to start; the text and SARIF reports do without it.
        CheckJson json = format == Format.JSON ? new CheckJson() : null;
        List<Sarif.Result> sarifResults = new ArrayList<>();
        List<InputFiles.Input> inputs = InputFiles.expand(files, batch.recursive).inputs();
        Progress progress = new Progress(err, inputs.size(), batch.showProgress());
        int[] counts = new int[3]; // files, files with findings that fail the build, unreadable
        Batch.run(inputs, batch.jobs, input -> checkOne(input, checker, trustStore), outcome -> {
            counts[0]++;
            if (outcome.problem() != null) {
                counts[2]++;
                progress.clear();
                err.print(ErrorLine.of(outcome.name(), outcome.problem()));
                err.flush();
                progress.fileDone(true);
                return;
            }
            if (checker.failsBuild(outcome.results())) {
                counts[1]++;
            }
            switch (format) {
                case TEXT -> out.print(text.render(outcome.name(), outcome.results()));
                case JSON -> out.print(json.render(outcome.name(), outcome.results()));
                case SARIF -> outcome.results().stream().filter(r -> r.verdict().failed()).forEach(r -> sarifResults.add(
                        new Sarif.Result(r.rule().id(), r.rule().level().sarifName(), r.verdict().reason(), outcome.name(),
                                r.excepted().map(Policy.Exception::reason))));
            }
            // No flush per file: standard error writes what waits for standard output first (StandardOutput).
            progress.fileDone(false);
        });
        progress.finish();
        if (format == Format.SARIF) {
            Sarif.write(out, Main.VERSION, sarifRules(), sarifResults);
        }
        if (format == Format.TEXT) {
            err.printf("pescope check: %d file(s), %d failing the policy, %d unreadable%n", counts[0], counts[1], counts[2]);
        }
        if (output != null) {
            out.flush();
            Files.writeString(output, buffered.toString());
        }
        return counts[2] > 0 ? ExitCodes.UNREADABLE_INPUT : counts[1] > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private static final PeReader READER = new PeReader(SecurityFacts.DIRECTORIES, SecurityFacts.FACTS);

    private Outcome checkOne(InputFiles.Input input, Checker checker, Optional<TrustStore> trustStore) {
        String name = NameDecoding.ofPath(input.path());
        if (input.problem() != null) {
            return new Outcome(name, input.path(), List.of(), input.problem());
        }
        ImageFile.Outcome<Outcome> read = ImageFile.read(input.path(), READER,
                (image, bytes) -> {
                    SecurityFacts facts = SecurityFacts.of(image,
                            Authenticode.read(bytes, Authenticode.hashLayout(image), Authenticode.entries(image), trustStore));
                    return new Outcome(name, input.path(), checker.check(input.path(), facts), null);
                });
        if (read instanceof ImageFile.Done<Outcome> done) {
            return done.value();
        }
        return new Outcome(name, input.path(), List.of(), ((ImageFile.Failed<Outcome>) read).problem());
    }

    private Policy policy() {
        List<String> onlyRules = new ArrayList<>(only);
        List<String> skipRules = new ArrayList<>(skip);
        List<Policy.Exception> exceptions = new ArrayList<>();
        String level = failOn;
        if (policyFile != null) {
            PolicyFile file = readPolicy(policyFile);
            onlyRules.addAll(file.only() == null ? List.of() : file.only());
            skipRules.addAll(file.skip() == null ? List.of() : file.skip());
            exceptions.addAll(file.exceptions() == null ? List.of() : file.exceptions());
            level = level != null ? level : file.failOn();
        }
        for (String rule : onlyRules) {
            requireRule(rule, "--rules");
        }
        for (String rule : skipRules) {
            requireRule(rule, "--skip");
        }
        for (Policy.Exception exception : exceptions) {
            if (exception.path() == null || exception.rules() == null || exception.rules().isEmpty()) {
                throw usage("policy exception needs a path and rules: " + exception);
            }
            exception.rules().forEach(r -> requireRule(r, "policy exception"));
        }
        return new Policy(Set.copyOf(onlyRules), Set.copyOf(skipRules), exceptions, failLevel(level));
    }

    private Optional<TrustStore> trustStore() {
        if (trustStoreFile == null) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(trustStoreFile)) {
                throw usage("--trust-store " + trustStoreFile + ": " + (Files.exists(trustStoreFile) ? "not a regular file" : "no such file"));
            }
            if (Files.size(trustStoreFile) > TrustStore.MAX_BYTES) {
                throw usage("--trust-store " + trustStoreFile + ": larger than 16 MB; not a certificate bundle");
            }
            return Optional.of(TrustStore.parse(Files.readAllBytes(trustStoreFile)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw usage("--trust-store " + trustStoreFile + ": not a certificate bundle: " + e.getMessage());
        }
    }

    private Optional<Level> failLevel(String level) {
        if (level == null) {
            return Optional.of(Level.ERROR);
        }
        if (level.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        for (Level l : Level.values()) {
            if (l.name().equalsIgnoreCase(level)) {
                return Optional.of(l);
            }
        }
        throw usage("--fail-on takes error, warning, note or none, not '" + level + "'");
    }

    private PolicyFile readPolicy(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw usage("--policy " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            if (Files.size(file) > 1 << 20) {
                throw usage("--policy " + file + ": larger than 1 MB; not a policy file");
            }
            return PolicyFile.read(file);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw usage("--policy " + file + ": " + message);
        }
    }

    private void requireRule(String rule, String where) {
        if (Rules.find(rule).isEmpty()) {
            throw usage(where + ": no rule '" + rule + "' (rules: "
                    + String.join(", ", Rules.ALL.stream().map(r -> r.id() + "/" + r.name()).toList()) + ")");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static List<Sarif.Rule> sarifRules() {
        List<Sarif.Rule> rules = new ArrayList<>();
        for (Rule rule : Rules.ALL) {
            Map<String, String> properties = new LinkedHashMap<>();
            if (!rule.binskim().isEmpty()) {
                properties.put("binskim", rule.binskim());
            }
            if (!rule.winchecksec().isEmpty()) {
                properties.put("winchecksec", rule.winchecksec());
            }
            rules.add(new Sarif.Rule(rule.id(), rule.name(), rule.title(), rule.why(), rule.fix(),
                    rule.level().sarifName(), properties));
        }
        return rules;
    }

    /** --help's footer with the rule table, which comes from the registry, not from a copy in an annotation. */
    static void addRuleTable(CommandLine.Model.UsageMessageSpec usage) {
        List<String> footer = new ArrayList<>(List.of(usage.footer()));
        footer.set(0, "Rules (id, name, level; equivalent BinSkim / winchecksec checks):");
        footer.addAll(1, ruleTable().lines().toList());
        usage.footer(footer.toArray(String[]::new));
    }

    private static String ruleTable() {
        StringBuilder table = new StringBuilder();
        for (Rule rule : Rules.ALL) {
            // BinSkim's id only ("BA2009"): its long rule names would wrap the table.
            String equivalents = String.join(" / ", java.util.stream.Stream.of(rule.binskim().split(" ")[0], rule.winchecksec())
                    .filter(s -> !s.isEmpty()).toList());
            table.append(String.format("  %s %-24s %-7s %s%n", rule.id(), rule.name(), rule.level().sarifName(), equivalents));
        }
        return table.toString().stripTrailing();
    }
}
