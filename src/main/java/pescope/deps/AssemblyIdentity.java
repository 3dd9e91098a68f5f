package pescope.deps;

/**
 * The identity of a side-by-side assembly, as a manifest's {@code <assemblyIdentity>} gives it.
 * Absent attributes are empty strings.
 */
public record AssemblyIdentity(String name, String version, String processorArchitecture, String publicKeyToken,
        String language) {

    /** "Microsoft.Windows.Common-Controls 6.0.0.0 amd64 6595b64144ccf1df". */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        for (String part : new String[] {version, processorArchitecture, publicKeyToken, language}) {
            if (!part.isEmpty() && !part.equals("*")) {
                text.append(' ').append(part);
            }
        }
        return text.toString();
    }
}
