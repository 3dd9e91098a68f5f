package pescope.ce;

/**
 * The three loader models of ce-loader.md: CE 2.x/3.0 (§3), CE 4.x/5.0 (§4) and CE 6.0 (§5).
 * CE 2.x behaves as 3.0 and CE 4.x as 5.0.
 */
public enum CeVersion {
    CE3(3), CE5(5), CE6(6);

    private final int model;

    CeVersion(int model) {
        this.model = model;
    }

    /** The version number of the model used: 3, 5 or 6. */
    public int model() {
        return model;
    }

    /** Maps a device's CE major version (2..6) to its loader model. */
    public static CeVersion of(int major) {
        return switch (major) {
            case 2, 3 -> CE3;
            case 4, 5 -> CE5;
            case 6 -> CE6;
            default -> throw new IllegalArgumentException("unsupported Windows CE version: " + major);
        };
    }

    /** ce-loader.md §3 step 16 and §4: VirtualAlloc's MEM_TOP_DOWN is honoured on CE 2.x/3.0, stripped later. */
    public boolean topDownHonoured() {
        return this == CE3;
    }

    /** True when DLLs share the 32 MB process slot with heaps and stacks (CE 5.0 and older). */
    public boolean hasSlots() {
        return this != CE6;
    }
}
