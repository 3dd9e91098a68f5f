package pescope.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import pescope.pe.DataDirectory;
import pescope.pe.Section;
import pescope.pe.authenticode.Signature;

/** Every rule pescope checks, in the order they are reported. Adding a rule is one entry here. */
public final class Rules {

    private Rules() {}

    public static final List<Rule> ALL = List.of(
            new Rule("PS1001", "aslr", "Address space layout randomization", Level.ERROR,
                    "Without DYNAMIC_BASE, or without base relocations to apply, the loader maps the image at its"
                            + " preferred address every time, which gives an attacker fixed addresses to aim at.",
                    "Link with /DYNAMICBASE (mingw: -Wl,--dynamicbase) and keep the .reloc section (do not link with /FIXED"
                            + " or --disable-reloc-section).",
                    "BA2009 EnableAddressSpaceLayoutRandomization", "aslr", Rules::aslr),
            new Rule("PS1002", "high-entropy-va", "64-bit high-entropy ASLR", Level.WARNING,
                    "A 64-bit image without HIGH_ENTROPY_VA is randomized within the low 4 GB only.",
                    "Link with /HIGHENTROPYVA (mingw: -Wl,--high-entropy-va).",
                    "BA2015 EnableHighEntropyVirtualAddresses", "highEntropyVA", Rules::highEntropyVa),
            new Rule("PS1003", "nx", "Data execution prevention", Level.ERROR,
                    "Without NX_COMPAT, data pages of this image may be executed, so injected data can run as code.",
                    "Link with /NXCOMPAT (mingw: -Wl,--nxcompat; it is the default in recent binutils).",
                    "BA2016 MarkImageAsNXCompatible", "nx", Rules::nx),
            new Rule("PS1004", "cfg", "Control Flow Guard", Level.WARNING,
                    "Control Flow Guard checks indirect calls against the table of valid targets; an image without it"
                            + " lets a corrupted function pointer jump anywhere.",
                    "Compile with /guard:cf (clang: -cfguard) and link with /GUARD:CF.",
                    "BA2008 EnableControlFlowGuard", "cfg", Rules::cfg),
            new Rule("PS1005", "safeseh", "Safe structured exception handlers (x86)", Level.ERROR,
                    "On x86 the exception handler chain lives on the stack; without a table of valid handlers (SafeSEH)"
                            + " an overflow can install its own handler.",
                    "Link with /SAFESEH (every object must be SafeSEH-compatible), or with /SAFESEH:NO only when the"
                            + " image sets NO_SEH because it never handles exceptions.",
                    "BA2018 EnableSafeSEH", "safeSEH", Rules::safeSeh),
            new Rule("PS1006", "gs", "Stack buffer overrun detection (/GS)", Level.WARNING,
                    "The load configuration's security cookie is the value /GS-protected functions check before"
                            + " returning; without it stack overruns go undetected.",
                    "Compile with /GS (the default in MSVC; clang-cl: /GS, gcc: -fstack-protector-strong) and link the"
                            + " CRT's load configuration.",
                    "BA2011 EnableStackProtection", "gs", Rules::gs),
            new Rule("PS1007", "cet", "CET shadow stack compatibility", Level.NOTE,
                    "Images marked CET compatible run with hardware-enforced shadow stacks where the process asks for"
                            + " them; return addresses overwritten on the stack are then caught.",
                    "Link with /CETCOMPAT.",
                    "BA2025 EnableShadowStack", "cetCompat", Rules::cet),
            new Rule("PS1008", "wx-section", "No section both writable and executable", Level.ERROR,
                    "A section that is writable and executable lets code be written and then run, defeating DEP.",
                    "Keep code and data in separate sections; remove RWE from /SECTION options and #pragma section.",
                    "BA2021 DoNotMarkWritableSectionsAsExecutable", "", Rules::writableExecutable),
            new Rule("PS1009", "shared-writable-section", "No writable section shared between processes", Level.ERROR,
                    "A section marked shared and writable (#pragma data_seg with /SECTION:name,RWS) is one copy in every"
                            + " process that loads the DLL, whatever user or integrity level runs it: any of them can change"
                            + " what the others read, a classic privilege-escalation path.",
                    "Share data through a named file mapping (CreateFileMapping with a security descriptor that admits"
                            + " only the intended users, then MapViewOfFile), not through a shared section.",
                    "BA2019 DoNotMarkWritableSectionsAsShared", "", Rules::sharedWritable),
            new Rule("PS1010", "executable-imports", "Imports not in an executable section", Level.ERROR,
                    "An import directory or import address table inside an executable section makes the IAT writable"
                            + " code, or code writable at load time.",
                    "Do not merge .idata or .rdata into .text (/MERGE).",
                    "BA2010 DoNotMarkImportsSectionAsExecutable", "", Rules::executableImports),
            new Rule("PS1011", "signature", "Authenticode signature present and intact", Level.WARNING,
                    "A signature says who built the file and that it has not changed since; a digest that no longer"
                            + " matches means the file was modified after signing. Trust in the signer needs a trust store"
                            + " and is not evaluated here.",
                    "Sign the file (signtool sign /fd SHA256 /tr <timestamp server>); re-sign after any change.",
                    "BA2022 SignSecurely", "authenticode", Rules::signature),
            new Rule("PS1012", "checksum", "PE checksum valid", Level.NOTE,
                    "The loader verifies the optional header's CheckSum for drivers and for DLLs loaded at boot; for"
                            + " other images a wrong non-zero checksum is a sign of modification after linking.",
                    "Link with /RELEASE (mingw: no switch; set it with a post-link tool), and re-sign after changes.",
                    "", "", Rules::checksum));

    /** The rule with this id or name, case-insensitively. */
    public static Optional<Rule> find(String idOrName) {
        return ALL.stream().filter(r -> r.id().equalsIgnoreCase(idOrName) || r.name().equalsIgnoreCase(idOrName)).findFirst();
    }

    private static Verdict aslr(SecurityFacts f) {
        if (f.isEfi()) {
            // UEFI firmware places every image where it has room and applies its relocations.
            return !f.relocationsStripped() ? Verdict.pass("UEFI image that can be relocated: the firmware chooses its address")
                    : Verdict.fail("UEFI image with its relocations stripped: it loads only at its preferred base");
        }
        if (!f.has(SecurityFacts.DYNAMIC_BASE)) {
            return Verdict.fail("DYNAMIC_BASE is not set, so the image always loads at its preferred base");
        }
        if (f.relocationsStripped()) {
            return Verdict.fail("DYNAMIC_BASE is set but the relocations are stripped (RELOCS_STRIPPED), so the loader cannot move it");
        }
        return Verdict.pass((f.relocationsPresent() ? "DYNAMIC_BASE set and base relocations present"
                        : "DYNAMIC_BASE set; no base relocations, and none needed (RELOCS_STRIPPED is clear)")
                + (f.has(SecurityFacts.FORCE_INTEGRITY) ? "; FORCE_INTEGRITY set (the loader requires a valid signature)" : ""));
    }

    private static Verdict highEntropyVa(SecurityFacts f) {
        if (!f.pe32Plus()) {
            return Verdict.notApplicable("32-bit image: high-entropy ASLR needs a 64-bit address space");
        }
        if (f.isEfi()) {
            return Verdict.notApplicable("UEFI image: the firmware, not Windows' ASLR, chooses where it loads");
        }
        return f.has(SecurityFacts.HIGH_ENTROPY_VA) ? Verdict.pass("HIGH_ENTROPY_VA set")
                : Verdict.fail("HIGH_ENTROPY_VA is not set");
    }

    private static Verdict nx(SecurityFacts f) {
        return f.has(SecurityFacts.NX_COMPAT) ? Verdict.pass("NX_COMPAT set") : Verdict.fail("NX_COMPAT is not set");
    }

    private static Verdict cfg(SecurityFacts f) {
        Optional<Verdict> exempt = managedOrResourceOnly(f);
        if (exempt.isPresent()) {
            return exempt.get();
        }
        if (!f.has(SecurityFacts.GUARD_CF)) {
            return Verdict.fail("GUARD_CF is not set in the DLL characteristics");
        }
        LoadConfigFacts config = f.loadConfig().orElse(null);
        if (config == null) {
            return Verdict.fail("GUARD_CF is set but the image has no load configuration, so there is no guard table");
        }
        if (config.guardCFCheckFunctionPointer() == 0 || (config.guardFlags() & LoadConfigFacts.GUARD_CF_INSTRUMENTED) == 0) {
            return Verdict.fail(String.format("GUARD_CF is set but the load configuration has no CF check function pointer"
                    + " or lacks CF_INSTRUMENTED (GuardFlags 0x%X)", config.guardFlags()));
        }
        return Verdict.pass(String.format("GUARD_CF set; %d guarded function(s) in the table", config.guardCFFunctionCount()));
    }

    private static Verdict safeSeh(SecurityFacts f) {
        if (!f.isX86()) {
            return Verdict.notApplicable("only x86 images use stack-based SEH; other machines use table-based unwinding");
        }
        if (f.managedIlOnly()) {
            return Verdict.notApplicable("IL-only .NET image: no native exception handlers");
        }
        if (f.has(SecurityFacts.NO_SEH)) {
            return Verdict.pass("NO_SEH set: the image has no exception handlers");
        }
        LoadConfigFacts config = f.loadConfig().orElse(null);
        if (config == null || config.seHandlerTable() == 0) {
            return Verdict.fail("neither NO_SEH nor a SafeSEH handler table in the load configuration");
        }
        return Verdict.pass(String.format("SafeSEH table with %d handler(s)", config.seHandlerCount()));
    }

    private static Verdict gs(SecurityFacts f) {
        Optional<Verdict> exempt = managedOrResourceOnly(f);
        if (exempt.isPresent()) {
            return exempt.get();
        }
        LoadConfigFacts config = f.loadConfig().orElse(null);
        if (config == null || config.securityCookie() == 0) {
            return Verdict.fail("no security cookie in the load configuration: /GS is not initialized");
        }
        return Verdict.pass(String.format("security cookie at VA 0x%X", config.securityCookie()));
    }

    private static Verdict cet(SecurityFacts f) {
        if (!f.isIntel()) {
            return Verdict.notApplicable("CET shadow stacks exist on x86 and x64 only");
        }
        Optional<Verdict> exempt = managedOrResourceOnly(f);
        if (exempt.isPresent()) {
            return exempt.get();
        }
        return f.cetCompatible().orElse(false) ? Verdict.pass("CET_COMPAT set in the debug directory's extended DLL characteristics")
                : Verdict.fail("not marked CET compatible (no EX_DLLCHARACTERISTICS debug entry with CET_COMPAT)");
    }

    private static Verdict writableExecutable(SecurityFacts f) {
        List<String> bad = names(f, s -> s.has(Section.MEM_WRITE) && s.has(Section.MEM_EXECUTE));
        return bad.isEmpty() ? Verdict.pass("no section is both writable and executable")
                : Verdict.fail("writable and executable: " + String.join(", ", bad));
    }

    private static Verdict sharedWritable(SecurityFacts f) {
        List<String> bad = names(f, s -> s.has(Section.MEM_SHARED) && s.has(Section.MEM_WRITE));
        return bad.isEmpty() ? Verdict.pass("no writable section is shared")
                : Verdict.fail("shared and writable: " + String.join(", ", bad)
                        + "; every process that loads this DLL can write into every other's copy");
    }

    private static Verdict executableImports(SecurityFacts f) {
        List<String> bad = new ArrayList<>();
        for (Optional<DataDirectory> directory : List.of(f.importDirectory(), f.importAddressTable())) {
            directory.flatMap(d -> f.sectionAt(d.rva()).filter(s -> s.has(Section.MEM_EXECUTE))
                    .map(s -> d.name() + " Directory in executable section " + s.name())).ifPresent(bad::add);
        }
        if (f.importDirectory().isEmpty() && f.importAddressTable().isEmpty()) {
            return Verdict.notApplicable("the image imports nothing");
        }
        return bad.isEmpty() ? Verdict.pass("imports and the IAT are in non-executable sections")
                : Verdict.fail(String.join("; ", bad));
    }

    private static Verdict signature(SecurityFacts f) {
        if (f.signatures().isEmpty()) {
            return Verdict.fail("not signed");
        }
        for (Signature s : f.signatures()) {
            String which = s.nestingLevel() == 0 ? "signature " + s.certificateIndex() : "nested signature";
            if (!s.problems().isEmpty() && s.signedDigest().isEmpty()) {
                return Verdict.fail(which + " unreadable: " + s.problems().get(0));
            }
            if (!s.digestMatches()) {
                return Verdict.fail(which + ": the file's " + s.digestAlgorithm() + " digest " + s.computedDigest()
                        + " differs from the signed " + s.signedDigest() + " (modified after signing)");
            }
            if (!s.signatureValid()) {
                return Verdict.fail(which + ": " + (s.problems().isEmpty() ? "the signer's signature does not verify" : s.problems().get(0)));
            }
            if (s.trust().isPresent() && !s.trust().get().trusted()) {
                return Verdict.fail(which + ": signer " + s.signer().map(x -> x.subject()).orElse("?") + " is not trusted: "
                        + s.trust().get().reason());
            }
        }
        Signature primary = f.signatures().get(0);
        return Verdict.pass(String.format(Locale.ROOT, "%d signature(s), digests match; signed by %s%s; %s",
                f.signatures().size(), primary.signer().map(s -> s.subject()).orElse("?"),
                primary.timestamp().map(t -> ", time-stamped " + t.time()).orElse(""),
                primary.trust().map(t -> "trusted: " + t.reason()).orElse("trust not evaluated (no --trust-store)")));
    }

    private static Verdict checksum(SecurityFacts f) {
        if (f.computedChecksum().isEmpty()) {
            return Verdict.notApplicable("checksum not computed");
        }
        long computed = f.computedChecksum().getAsLong();
        if (f.storedChecksum() == computed) {
            return Verdict.pass(String.format("stored checksum 0x%X matches", computed));
        }
        if (f.storedChecksum() == 0 && !f.isDriver()) {
            return Verdict.notApplicable(String.format(
                    "no checksum stored (0); the loader checks it only for drivers (computed 0x%X)", computed));
        }
        return Verdict.fail(String.format("stored checksum 0x%X, computed 0x%X%s", f.storedChecksum(), computed,
                f.isDriver() ? "; Windows refuses to load a driver whose checksum is wrong" : ""));
    }

    /** CFG, /GS and CET protect native code: IL-only assemblies and resource-only DLLs have none. */
    private static Optional<Verdict> managedOrResourceOnly(SecurityFacts f) {
        if (f.managedIlOnly()) {
            return Optional.of(Verdict.notApplicable("IL-only .NET image: the runtime's JIT applies native mitigations"));
        }
        if (!f.hasNativeCode()) {
            return Optional.of(Verdict.notApplicable("no code: no entry point and no executable section (resource-only)"));
        }
        return Optional.empty();
    }

    private static List<String> names(SecurityFacts f, java.util.function.Predicate<Section> test) {
        return f.sections().stream().filter(test).map(Section::name).toList();
    }
}
