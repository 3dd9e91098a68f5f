package pescope.report;

/** Names of VS_FIXEDFILEINFO's flag, OS and type values (verrsrc.h), shown after the number. */
final class VersionNames {

    private VersionNames() {}

    static String fileFlags(long flags) {
        StringBuilder names = new StringBuilder();
        String[] known = {"DEBUG", "PRERELEASE", "PATCHED", "PRIVATEBUILD", "INFOINFERRED", "SPECIALBUILD"};
        for (int bit = 0; bit < known.length; bit++) {
            if ((flags & (1L << bit)) != 0) {
                names.append(names.length() == 0 ? "" : " ").append(known[bit]);
            }
        }
        return names.length() == 0 ? "" : " (" + names + ")";
    }

    static String fileOs(long os) {
        String name = switch ((int) os) {
            case 0x00000004 -> "WINDOWS32";
            case 0x00040000 -> "NT";
            case 0x00040004 -> "NT_WINDOWS32";
            case 0x00010001 -> "DOS_WINDOWS16";
            case 0x00010004 -> "DOS_WINDOWS32";
            case 0x00000001 -> "WINDOWS16";
            case 0x00010000 -> "DOS";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }

    static String fileType(long type) {
        String name = switch ((int) type) {
            case 1 -> "APP";
            case 2 -> "DLL";
            case 3 -> "DRV";
            case 4 -> "FONT";
            case 5 -> "VXD";
            case 7 -> "STATIC_LIB";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }
}
