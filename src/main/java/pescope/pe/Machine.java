package pescope.pe;

/** IMAGE_FILE_MACHINE values, with the short names dumpbin prints beside them. */
public enum Machine {
    UNKNOWN(0x0000, "Unknown"),
    TARGET_HOST(0x0001, "Target host"),
    I386(0x014C, "x86"),
    R3000_BE(0x0160, "R3000 big-endian"),
    R3000(0x0162, "R3000"),
    R4000(0x0166, "R4000"),
    R10000(0x0168, "R10000"),
    WCEMIPSV2(0x0169, "WCEMIPSV2"),
    ALPHA(0x0184, "Alpha"),
    SH3(0x01A2, "SH3"),
    SH3DSP(0x01A3, "SH3DSP"),
    SH3E(0x01A4, "SH3E"),
    SH4(0x01A6, "SH4"),
    SH5(0x01A8, "SH5"),
    ARM(0x01C0, "ARM"),
    THUMB(0x01C2, "Thumb"),
    ARMNT(0x01C4, "ARMNT"),
    AM33(0x01D3, "AM33"),
    POWERPC(0x01F0, "PowerPC"),
    POWERPCFP(0x01F1, "PowerPCFP"),
    POWERPCBE(0x01F2, "PowerPC big-endian"),
    IA64(0x0200, "IA64"),
    MIPS16(0x0266, "MIPS16"),
    ALPHA64(0x0284, "Alpha64"),
    MIPSFPU(0x0366, "MIPSFPU"),
    MIPSFPU16(0x0466, "MIPSFPU16"),
    TRICORE(0x0520, "TriCore"),
    CHPE_X86(0x3A64, "CHPE x86"),
    CEF(0x0CEF, "CEF"),
    EBC(0x0EBC, "EFI byte code"),
    RISCV32(0x5032, "RISC-V 32"),
    RISCV64(0x5064, "RISC-V 64"),
    RISCV128(0x5128, "RISC-V 128"),
    LOONGARCH32(0x6232, "LoongArch32"),
    LOONGARCH64(0x6264, "LoongArch64"),
    AMD64(0x8664, "x64"),
    M32R(0x9041, "M32R"),
    ARM64EC(0xA641, "ARM64EC"),
    ARM64X(0xA64E, "ARM64X"),
    ARM64(0xAA64, "ARM64"),
    CEE(0xC0EE, "CEE");

    private final int code;
    private final String displayName;

    Machine(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    public int code() {
        return code;
    }

    public String displayName() {
        return displayName;
    }

    /** The display name of any machine value, known or not. */
    public static String describe(int code) {
        for (Machine machine : values()) {
            if (machine.code == code) {
                return machine.displayName;
            }
        }
        return String.format("unknown machine 0x%X", code);
    }
}
