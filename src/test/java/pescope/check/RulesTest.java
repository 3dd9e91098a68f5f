package pescope.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import pescope.check.Verdict.Outcome;
import pescope.pe.DataDirectory;
import pescope.pe.Section;

/** Each rule on facts stated directly: the edge each rule's definition turns on. */
class RulesTest {

    private static final int X86 = 0x14C;
    private static final int X64 = 0x8664;
    private static final int ARM64 = 0xAA64;
    private static final long TEXT = Section.CODE | Section.MEM_EXECUTE | Section.MEM_READ;
    private static final long DATA = Section.INITIALIZED_DATA | Section.MEM_READ | Section.MEM_WRITE;
    private static final LoadConfigFacts FULL_CONFIG = new LoadConfigFacts(0x94, 0x180003018L, 0, 0, 0x180003008L,
            0x1800020F0L, 5, 0x500);

    /** A 64-bit DLL with every mitigation on and nothing wrong, to be varied one fact at a time. */
    private static Facts good() {
        return new Facts(X64, true, SecurityFacts.DYNAMIC_BASE | SecurityFacts.HIGH_ENTROPY_VA | SecurityFacts.NX_COMPAT
                | SecurityFacts.GUARD_CF, 2, 0x1000, false, true,
                List.of(section(".text", 0x1000, TEXT), section(".rdata", 0x2000, Section.MEM_READ), section(".data", 0x3000, DATA)),
                false, Optional.of(FULL_CONFIG), Optional.of(true));
    }

    record Facts(int machine, boolean pe32Plus, int dllCharacteristics, int subsystem, long entryPoint,
            boolean relocationsStripped, boolean relocationsPresent, List<Section> sections, boolean ilOnly,
            Optional<LoadConfigFacts> loadConfig, Optional<Boolean> cet) {

        SecurityFacts facts() {
            return new SecurityFacts(machine, pe32Plus, dllCharacteristics, subsystem, true, entryPoint, relocationsStripped,
                    relocationsPresent, sections, Optional.of(new DataDirectory(1, 0x2000, 0x28)),
                    Optional.of(new DataDirectory(12, 0x2100, 0x10)), ilOnly, loadConfig, cet, 0, OptionalLong.of(0x1234),
                    List.of());
        }

        Facts machine(int m, boolean plus) { return new Facts(m, plus, dllCharacteristics, subsystem, entryPoint, relocationsStripped, relocationsPresent, sections, ilOnly, loadConfig, cet); }
        Facts flags(int f) { return new Facts(machine, pe32Plus, f, subsystem, entryPoint, relocationsStripped, relocationsPresent, sections, ilOnly, loadConfig, cet); }
        Facts without(int f) { return flags(dllCharacteristics & ~f); }
        Facts with(int f) { return flags(dllCharacteristics | f); }
        Facts subsystem(int s) { return new Facts(machine, pe32Plus, dllCharacteristics, s, entryPoint, relocationsStripped, relocationsPresent, sections, ilOnly, loadConfig, cet); }
        Facts stripped() { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, entryPoint, true, false, sections, ilOnly, loadConfig, cet); }
        Facts sections(List<Section> s) { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, entryPoint, relocationsStripped, relocationsPresent, s, ilOnly, loadConfig, cet); }
        Facts managed() { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, entryPoint, relocationsStripped, relocationsPresent, sections, true, loadConfig, cet); }
        Facts noCode() { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, 0, relocationsStripped, relocationsPresent, List.of(section(".rsrc", 0x1000, Section.MEM_READ)), ilOnly, loadConfig, cet); }
        Facts config(Optional<LoadConfigFacts> c) { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, entryPoint, relocationsStripped, relocationsPresent, sections, ilOnly, c, cet); }
        Facts cet(Optional<Boolean> c) { return new Facts(machine, pe32Plus, dllCharacteristics, subsystem, entryPoint, relocationsStripped, relocationsPresent, sections, ilOnly, loadConfig, c); }
    }

    private static Section section(String name, long rva, long characteristics) {
        return new Section(1, name, name, 0x1000, rva, 0x200, 0x400, 0, 0, 0, 0, characteristics);
    }

    private static Outcome verdict(String rule, Facts facts) {
        return Rules.find(rule).orElseThrow().evaluate(facts.facts()).outcome();
    }

    @Test
    void aHardenedImagePassesEveryRuleButTheSignature() {
        for (Rule rule : Rules.ALL) {
            Outcome expected = rule.name().equals("signature") ? Outcome.FAIL
                    : rule.name().equals("safeseh") ? Outcome.NOT_APPLICABLE
                    : rule.name().equals("checksum") ? Outcome.NOT_APPLICABLE : Outcome.PASS;
            assertEquals(expected, rule.evaluate(good().facts()).outcome(), rule.name());
        }
    }

    @Test
    void aslrNeedsTheFlagAndRelocationsThatAreNotStripped() {
        assertEquals(Outcome.FAIL, verdict("aslr", good().without(SecurityFacts.DYNAMIC_BASE)));
        assertEquals(Outcome.FAIL, verdict("aslr", good().stripped()));
        assertEquals(Outcome.PASS, verdict("PS1001", good()));
    }

    @Test
    void aUefiImageIsRelocatedByTheFirmwareWhateverItsDynamicBaseFlag() {
        assertEquals(Outcome.PASS, verdict("aslr", good().subsystem(10).without(SecurityFacts.DYNAMIC_BASE)));
        assertEquals(Outcome.FAIL, verdict("aslr", good().subsystem(10).stripped()));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("high-entropy-va", good().subsystem(10)));
    }

    @Test
    void highEntropyVaAppliesTo64BitImagesOnly() {
        assertEquals(Outcome.FAIL, verdict("high-entropy-va", good().without(SecurityFacts.HIGH_ENTROPY_VA)));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("high-entropy-va", good().machine(X86, false)));
    }

    @Test
    void nxFollowsItsFlag() {
        assertEquals(Outcome.FAIL, verdict("nx", good().without(SecurityFacts.NX_COMPAT)));
    }

    @Test
    void cfgNeedsTheFlagAndAnInstrumentedGuardTable() {
        assertEquals(Outcome.FAIL, verdict("cfg", good().without(SecurityFacts.GUARD_CF)));
        assertEquals(Outcome.FAIL, verdict("cfg", good().config(Optional.empty())));
        assertEquals(Outcome.FAIL, verdict("cfg", good().config(Optional.of(new LoadConfigFacts(0x94, 1, 0, 0, 0x180003008L, 0, 0, 0)))));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("cfg", good().without(SecurityFacts.GUARD_CF).managed()));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("cfg", good().without(SecurityFacts.GUARD_CF).noCode()));
    }

    @Test
    void safeSehIsAnX86RuleMetByATableOrNoSeh() {
        Facts x86 = good().machine(X86, false);
        assertEquals(Outcome.PASS, verdict("safeseh", x86.config(Optional.of(new LoadConfigFacts(0x5C, 1, 0x100020B4L, 1, 0, 0, 0, 0)))));
        assertEquals(Outcome.FAIL, verdict("safeseh", x86));
        assertEquals(Outcome.FAIL, verdict("safeseh", x86.config(Optional.empty())));
        assertEquals(Outcome.PASS, verdict("safeseh", x86.config(Optional.empty()).with(SecurityFacts.NO_SEH)));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("safeseh", x86.managed()));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("safeseh", good()));
    }

    @Test
    void gsNeedsASecurityCookie() {
        assertEquals(Outcome.FAIL, verdict("gs", good().config(Optional.of(new LoadConfigFacts(0x94, 0, 0, 0, 0, 0, 0, 0)))));
        assertEquals(Outcome.FAIL, verdict("gs", good().config(Optional.empty())));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("gs", good().noCode()));
    }

    @Test
    void cetIsAnIntelRuleReadFromTheDebugDirectory() {
        assertEquals(Outcome.FAIL, verdict("cet", good().cet(Optional.empty())));
        assertEquals(Outcome.FAIL, verdict("cet", good().cet(Optional.of(false))));
        assertEquals(Outcome.NOT_APPLICABLE, verdict("cet", good().machine(ARM64, true)));
    }

    @Test
    void writableExecutableAndSharedWritableSectionsFail() {
        Section rwx = section(".wx", 0x4000, DATA | Section.MEM_EXECUTE);
        Section shared = section(".shared", 0x4000, DATA | Section.MEM_SHARED);
        Section sharedReadOnly = section(".shr", 0x4000, Section.MEM_READ | Section.MEM_SHARED);
        assertEquals(Outcome.FAIL, verdict("wx-section", good().sections(List.of(rwx))));
        assertEquals(Outcome.FAIL, verdict("shared-writable-section", good().sections(List.of(shared))));
        assertEquals(Outcome.PASS, verdict("shared-writable-section", good().sections(List.of(sharedReadOnly))));
    }

    @Test
    void importsInAnExecutableSectionFail() {
        Facts merged = good().sections(List.of(section(".text", 0x1000, TEXT), section(".text2", 0x2000, TEXT)));
        assertEquals(Outcome.FAIL, verdict("executable-imports", merged));
    }

    @Test
    void aWrongChecksumFailsAndAMissingOneMattersOnlyForDrivers() {
        SecurityFacts base = good().facts();
        SecurityFacts wrong = withChecksum(base, 0x99, base.subsystem());
        SecurityFacts missingDriver = withChecksum(base, 0, SecurityFacts.SUBSYSTEM_NATIVE);
        SecurityFacts right = withChecksum(base, 0x1234, base.subsystem());
        assertEquals(Outcome.FAIL, Rules.find("checksum").orElseThrow().evaluate(wrong).outcome());
        assertEquals(Outcome.FAIL, Rules.find("checksum").orElseThrow().evaluate(missingDriver).outcome());
        assertEquals(Outcome.PASS, Rules.find("checksum").orElseThrow().evaluate(right).outcome());
    }

    private static SecurityFacts withChecksum(SecurityFacts f, long stored, int subsystem) {
        return new SecurityFacts(f.machine(), f.pe32Plus(), f.dllCharacteristics(), subsystem, f.isDll(), f.entryPoint(),
                f.relocationsStripped(), f.relocationsPresent(), f.sections(), f.importDirectory(), f.importAddressTable(),
                f.managedIlOnly(), f.loadConfig(), f.cetCompatible(), stored, f.computedChecksum(), f.signatures());
    }

    @Test
    void everyRuleHasAStableIdAUniqueNameAndAFix() {
        assertEquals(Rules.ALL.size(), Rules.ALL.stream().map(Rule::id).distinct().count());
        assertEquals(Rules.ALL.size(), Rules.ALL.stream().map(Rule::name).distinct().count());
        assertEquals(List.of("aslr", "high-entropy-va", "nx", "cfg", "safeseh", "gs", "cet", "wx-section",
                "shared-writable-section", "executable-imports", "signature", "checksum"), Rules.ALL.stream().map(Rule::name).toList());
        Rules.ALL.forEach(r -> assertEquals(true, r.fix().length() > 10 && r.why().length() > 20, r.id()));
    }
}
