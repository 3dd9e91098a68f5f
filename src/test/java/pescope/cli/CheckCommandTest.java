package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pescope check` as a CI job runs it: exit codes, rule selection, policies, formats. */
class CheckCommandTest {

    private static final String WEAK = "testdata/check/weak-x64.dll";
    private static final String SHARED = "testdata/bin/shared-lld-x86.dll";

    @TempDir
    Path dir;

    @Test
    void failingErrorRulesExitOneAndPrintOneLineEachWithTheFix() {
        InProcessCli.Run run = InProcessCli.run("check", "--rules", "aslr,nx,high-entropy-va", WEAK);

        assertEquals(1, run.exitCode());
        assertEquals(List.of(
                WEAK + ": error PS1001 aslr: DYNAMIC_BASE is not set, so the image always loads at its preferred base. Fix: "
                        + "Link with /DYNAMICBASE (mingw: -Wl,--dynamicbase) and keep the .reloc section (do not link with /FIXED"
                        + " or --disable-reloc-section).",
                WEAK + ": warning PS1002 high-entropy-va: HIGH_ENTROPY_VA is not set. Fix: Link with /HIGHENTROPYVA (mingw: -Wl,--high-entropy-va).",
                WEAK + ": error PS1003 nx: NX_COMPAT is not set. Fix: Link with /NXCOMPAT (mingw: -Wl,--nxcompat; it is the default in recent binutils)."),
                run.out().lines().toList());
        assertEquals("pescope check: 1 file(s), 1 failing the policy, 0 unreadable\n", run.err());
    }

    @Test
    void warningsFailTheBuildOnlyWhenAskedTo() {
        assertEquals(0, InProcessCli.run("check", "--rules", "high-entropy-va", WEAK).exitCode());
        assertEquals(1, InProcessCli.run("check", "--rules", "high-entropy-va", "--fail-on", "warning", WEAK).exitCode());
        assertEquals(0, InProcessCli.run("check", "--fail-on", "none", WEAK).exitCode());
    }

    @Test
    void skipRemovesARuleByIdOrName() {
        InProcessCli.Run run = InProcessCli.run("check", "--format", "json", "--skip", "PS1011,checksum", WEAK);
        List<String> rules = new ArrayList<>();
        json(run.out()).get("results").forEach(r -> rules.add(r.get("name").asText()));
        assertEquals(List.of("aslr", "high-entropy-va", "nx", "cfg", "safeseh", "gs", "cet", "wx-section",
                "shared-writable-section", "executable-imports"), rules);
    }

    @Test
    void jsonHasOneObjectPerFileWithEveryVerdictAndReason() {
        InProcessCli.Run run = InProcessCli.run("check", "--format", "json", "--rules", "safeseh,shared-writable-section", SHARED);
        JsonNode file = json(run.out());
        assertEquals(SHARED, file.get("file").asText());
        assertEquals("PS1005", file.get("results").get(0).get("rule").asText());
        // lld-link sets NO_SEH on an x86 image none of whose objects registers a handler.
        assertEquals("pass", file.get("results").get(0).get("verdict").asText());
        assertEquals("NO_SEH set: the image has no exception handlers", file.get("results").get(0).get("reason").asText());
        JsonNode shared = file.get("results").get(1);
        assertEquals("shared-writable-section", shared.get("name").asText());
        assertEquals("fail", shared.get("verdict").asText());
        assertEquals("error", shared.get("level").asText());
        assertTrue(shared.get("reason").asText().startsWith("shared and writable: .shared"));
    }

    @Test
    void aPolicyFileExceptsARuleForMatchingPathsAndSaysWhy() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "failOn: error\nexceptions:\n  - path: \"testdata/bin/**\"\n    rules: [shared-writable-section]\n"
                + "    reason: the shared-section sample is there on purpose\n");
        InProcessCli.Run run = InProcessCli.run("check", "--policy", policy.toString(), "--rules", "shared-writable-section", SHARED);

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith(SHARED + ": excepted PS1009 shared-writable-section: shared and writable: .shared"), run.out());
        assertTrue(run.out().contains("(policy: the shared-section sample is there on purpose)"), run.out());
    }

    @Test
    void aJsonPolicyWithAMisspeltKeyIsAUsageErrorNotIgnored() throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"failOn\": \"warning\", \"skp\": [\"PS1011\"]}");
        InProcessCli.Run run = InProcessCli.run("check", "--policy", policy.toString(), WEAK);

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unrecognized field \"skp\""), run.err());
    }

    @Test
    void unknownRulesAndLevelsAreUsageErrors() {
        InProcessCli.Run rule = InProcessCli.run("check", "--rules", "aslr,frobnicate", WEAK);
        InProcessCli.Run level = InProcessCli.run("check", "--fail-on", "sometimes", WEAK);
        InProcessCli.Run missing = InProcessCli.run("check", "--policy", dir.resolve("nope.json").toString(), WEAK);

        assertEquals(2, rule.exitCode());
        assertTrue(rule.err().startsWith("--rules: no rule 'frobnicate'"), rule.err());
        assertEquals(2, level.exitCode());
        assertTrue(level.err().startsWith("--fail-on takes error, warning, note or none"), level.err());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void anUnreadableFileExitsThreeAndTheOthersAreStillChecked() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.dll"), "not a PE file");
        InProcessCli.Run run = InProcessCli.run("check", "--rules", "nx", text.toString(), WEAK);

        assertEquals(3, run.exitCode());
        assertTrue(run.err().startsWith("pescope: " + text + ": not a PE file: "), run.err());
        assertTrue(run.out().startsWith(WEAK + ": error PS1003 nx"), run.out());
    }

    @Test
    void helpListsEveryRuleFromTheRegistry() {
        String help = InProcessCli.run("check", "--help").out();
        assertTrue(help.contains("  PS1009 shared-writable-section  error   BA2019\n"), help);
        assertFalse(help.contains("%s"));
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
