package pescope.report;

import java.util.List;
import pescope.pe.PeImage;
import pescope.pe.Signatures;
import pescope.pe.authenticode.EmbeddedCertificate;
import pescope.pe.authenticode.Signature;
import pescope.pe.authenticode.SignerIdentity;

/** The --signature block: each Authenticode signature and whether the file still matches it (dumpbin has no such block). */
final class SignatureText {

    private SignatureText() {}

    static void append(PeImage image, TextOut text) {
        StringBuilder out = new StringBuilder("  Signatures\n\n");
        List<Signature> signatures = image.directory(Signatures.class).map(Signatures::all).orElse(List.of());
        if (signatures.isEmpty()) {
            out.append("    none (no Authenticode signature in the certificate table)\n\n");
        }
        for (Signature s : signatures) {
            out.append("    ").append(s.nestingLevel() == 0 ? "Signature" : "Nested signature")
                    .append(" in certificate table entry ").append(s.certificateIndex()).append('\n');
            line(out, "digest algorithm", s.digestAlgorithm());
            line(out, "signed digest", s.signedDigest());
            line(out, "file digest", s.computedDigest() + (s.signedDigest().isEmpty() ? ""
                    : s.digestMatches() ? " (matches)" : " (DIFFERS: the file changed after signing)"));
            line(out, "signer's signature", s.signatureValid() ? "valid" : "INVALID");
            s.signer().ifPresent(signer -> identity(out, "signer", signer));
            s.timestamp().ifPresentOrElse(t -> {
                line(out, "time stamp", t.time() + " (" + t.kind() + ")");
                identity(out, "time-stamp authority", t.authority());
            }, () -> line(out, "time stamp", "none"));
            line(out, "certificates", s.certificates().size() + " embedded");
            for (EmbeddedCertificate c : s.certificates()) {
                out.append("        ").append(TerminalText.escape(c.subject())).append(" (valid ").append(c.notBefore())
                        .append(" to ").append(c.notAfter()).append(")\n");
            }
            line(out, "trust", s.trust().map(t -> (t.trusted() ? "trusted: " : "NOT trusted: ") + t.reason())
                    .orElse("not evaluated (pescope check --trust-store FILE)"));
            for (String problem : s.problems()) {
                line(out, "problem", problem);
            }
            out.append('\n');
        }
        text.append(out);
    }

    private static void identity(StringBuilder out, String label, SignerIdentity who) {
        line(out, label, who.subject().isEmpty() ? "(certificate not embedded)" : who.subject());
        line(out, "  issued by", who.issuer());
        line(out, "  serial", who.serial());
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("      ").append(label).append(" ".repeat(Math.max(1, 22 - label.length())))
                .append(TerminalText.escape(value)).append('\n');
    }
}
