package pescope.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The device a module set is loaded on: its CE version, its ROM DLLs, what is already loaded, and
 * reservations already present in its processes.
 *
 * @param name               a label for reports
 * @param ceVersion          CE major version, 2..6 (see {@link CeVersion#of})
 * @param romDlls            ROM DLLs with their fixed addresses
 * @param romDir             a folder of ROM module files to lay out with {@link RomLayout}, or null
 * @param dllHighAddr        romimage DLLHIGHADDR: the top of the ROM DLL area in slot 0 ("dlllast")
 * @param romFlags           the ROMFLAGS config value; bit 0x40 honours RAM DLL ImageBases on CE 4.x/5.0
 * @param loaded             DLLs that other processes already hold in the global map
 * @param processAllocations reservations already present in named processes
 * @param machine            the CPU's COFF Machine value; 0 accepts any (error 193 on a mismatch)
 * @param pageSize           the CPU's page size: 4096, or 1024 on some old CPUs
 */
public record Device(
        String name,
        int ceVersion,
        List<RomDll> romDlls,
        Path romDir,
        long dllHighAddr,
        long romFlags,
        List<LoadedDll> loaded,
        List<ProcessAllocation> processAllocations,
        int machine,
        long pageSize) {

    /** romimage: DLLHIGHADDR default, the top of slot 0. */
    public static final long ROMIMAGE_DEFAULT_DLLHIGHADDR = 0x02000000L;
    /** ce-loader.md §4: ROMFLAGS bit KFLAG_HONOR_DLL_BASE. */
    public static final long KFLAG_HONOR_DLL_BASE = 0x40;
    /** ce-loader.md §1: the usual page size. */
    public static final long PAGE_4K = 0x1000;
    /** ce-loader.md §1: the page size of some old CPUs. */
    public static final long PAGE_1K = 0x400;

    public Device {
        Objects.requireNonNull(name, "name");
        CeVersion.of(ceVersion);
        romDlls = List.copyOf(romDlls);
        loaded = List.copyOf(loaded);
        processAllocations = List.copyOf(processAllocations);
        if (pageSize != PAGE_4K && pageSize != PAGE_1K) {
            throw new IllegalArgumentException("page size must be 4096 or 1024: " + pageSize);
        }
    }

    /** A device of this CE version with no ROM DLLs, nothing loaded and default romimage settings. */
    public static Device bare(String name, int ceVersion) {
        return new Device(name, ceVersion, List.of(), null, ROMIMAGE_DEFAULT_DLLHIGHADDR, 0,
                List.of(), List.of(), 0, PAGE_4K);
    }

    public CeVersion version() {
        return CeVersion.of(ceVersion);
    }

    /** ROMFLAGS 0x40 on CE 4.x/5.0 (ce-loader.md §4). */
    public boolean honoursDllBase() {
        return version() == CeVersion.CE5 && (romFlags & KFLAG_HONOR_DLL_BASE) != 0;
    }

    /**
     * The {@code --top ADDR} shortcut: a ROM area known only by its edge. On CE 5.0 and older ADDR is
     * the lowest ROM DLL and the area runs up to DLLHIGHADDR; on CE 6.0 ADDR is where the ROM DLLs end
     * and the area starts at the bottom of the shared DLL region.
     */
    public Device withRomTop(long address) {
        RomDll area = version().hasSlots()
                ? RomDll.whole("(ROM DLLs)", address, dllHighAddr - address)
                : RomDll.whole("(ROM DLLs)", SlotAllocator.CE6_DLL_REGION_BASE, address - SlotAllocator.CE6_DLL_REGION_BASE);
        return withRomDlls(List.of(area));
    }

    public Device withRomDlls(List<RomDll> dlls) {
        return new Device(name, ceVersion, dlls, romDir, dllHighAddr, romFlags, loaded, processAllocations, machine, pageSize);
    }

    public Device withRomFlags(long flags) {
        return new Device(name, ceVersion, romDlls, romDir, dllHighAddr, flags, loaded, processAllocations, machine, pageSize);
    }

    public Device withLoaded(List<LoadedDll> dlls) {
        return new Device(name, ceVersion, romDlls, romDir, dllHighAddr, romFlags, dlls, processAllocations, machine, pageSize);
    }

    public Device withProcessAllocations(List<ProcessAllocation> allocations) {
        return new Device(name, ceVersion, romDlls, romDir, dllHighAddr, romFlags, loaded, allocations, machine, pageSize);
    }

    public Device withPageSize(long size) {
        return new Device(name, ceVersion, romDlls, romDir, dllHighAddr, romFlags, loaded, processAllocations, machine, size);
    }

    /** IMAGE_FILE_MACHINE_ARM and _THUMB. */
    public static final int MACHINE_ARM = 0x01C0;
    public static final int MACHINE_THUMB = 0x01C2;

    /**
     * Whether this device's CPU loads code built for {@code imageMachine}: the same machine, or
     * Thumb code on an ARM device (the CE loader accepts IMAGE_FILE_MACHINE_THUMB on ARM CPUs
     * with Thumb support, which every Pocket PC ARM CPU has). 0 accepts anything.
     */
    public boolean runs(int imageMachine) {
        if (machine == 0 || imageMachine == machine) {
            return true;
        }
        boolean armFamily = machine == MACHINE_ARM || machine == MACHINE_THUMB;
        return armFamily && (imageMachine == MACHINE_ARM || imageMachine == MACHINE_THUMB);
    }

    public Device withCeVersion(int version) {
        return new Device(name, version, romDlls, romDir, dllHighAddr, romFlags, loaded, processAllocations, machine, pageSize);
    }

    public Device withMachine(int value) {
        return new Device(name, ceVersion, romDlls, romDir, dllHighAddr, romFlags, loaded, processAllocations, value, pageSize);
    }

    // ---- JSON ------------------------------------------------------------------------------

    /** Addresses and sizes in a profile are 32-bit. */
    private static final long U32_MAX = 0xFFFFFFFFL;

    /** Parses a device profile; addresses and sizes may be JSON numbers or "0x..." strings. */
    public static Device parse(String json) {
        return parse(json, null);
    }

    /**
     * Parses a device profile that the schema ({@link DeviceProfileSchema}) accepts; a relative
     * {@code romDir} is resolved against {@code folder} when one is given. Anything else, trailing
     * text after the object included, is an {@link IllegalArgumentException} saying what is wrong.
     */
    public static Device parse(String json, Path folder) {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a device profile is a JSON object, not " + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        DeviceProfileSchema.problem(root).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Path romDir = root.hasNonNull("romDir") ? Path.of(root.get("romDir").asText()) : null;
        if (romDir != null && folder != null && !romDir.isAbsolute()) {
            romDir = folder.resolve(romDir).normalize();
        }
        return new Device(
                root.path("name").asText("device"),
                ceVersionOf(root.get("ceVersion")),
                list(root.path("romDlls"), Device::romDllFrom),
                romDir,
                number(root, "dllHighAddr", ROMIMAGE_DEFAULT_DLLHIGHADDR),
                number(root, "romFlags", 0),
                list(root.path("loaded"), n -> new LoadedDll(text(n, "name"), number(n, "base", 0), number(n, "sizeOfImage", 0))),
                list(root.path("processAllocations"), n -> new ProcessAllocation(text(n, "process"),
                        number(n, "base", 0), positive(n, "size"), n.path("kind").asText("allocation"))),
                (int) number(root, "machine", 0),
                number(root, "pageSize", PAGE_4K));
    }

    /** One line of Jackson's message, without the source excerpt it appends. */
    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int source = line.indexOf(" at [Source");
        return source >= 0 ? line.substring(0, source) : line;
    }

    /** Trailing tokens and repeated keys are mistakes, not something to pass over. */
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** CE versions as people write them: 3, 5.0, "4.2", "2.12"; the major number picks the loader model. */
    private static int ceVersionOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return 3;
        }
        String text = value.asText().trim();
        int major = text.isEmpty() ? -1 : Character.digit(text.charAt(0), 10);
        if (text.length() > 1 && text.charAt(1) != '.' || major < 2 || major > 6) {
            throw new IllegalArgumentException("ceVersion must be a CE version from 2 to 6, not " + value);
        }
        return major;
    }

    private static long positive(JsonNode node, String field) {
        long value = number(node, field, 0);
        if (value <= 0) {
            throw new IllegalArgumentException("'" + field + "' must be more than 0 in " + node);
        }
        return value;
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("name", name);
        root.put("ceVersion", ceVersion);
        ArrayNode roms = root.putArray("romDlls");
        for (RomDll dll : romDlls) {
            ObjectNode n = roms.addObject();
            n.put("name", dll.name());
            n.put("base", hex(dll.base()));
            n.put("sizeOfImage", hex(dll.sizeOfImage()));
            if (dll.split()) {
                n.put("codeBase", hex(dll.codeBase()));
                n.put("codeSize", hex(dll.codeSize()));
            }
        }
        if (romDir != null) {
            root.put("romDir", romDir.toString());
        }
        root.put("dllHighAddr", hex(dllHighAddr));
        root.put("romFlags", hex(romFlags));
        ArrayNode loadedNode = root.putArray("loaded");
        for (LoadedDll dll : loaded) {
            loadedNode.addObject().put("name", dll.name()).put("base", hex(dll.base())).put("sizeOfImage", hex(dll.sizeOfImage()));
        }
        ArrayNode allocations = root.putArray("processAllocations");
        for (ProcessAllocation a : processAllocations) {
            allocations.addObject().put("process", a.process()).put("base", hex(a.base())).put("size", hex(a.size())).put("kind", a.kind());
        }
        root.put("machine", String.format("0x%04X", machine));
        root.put("pageSize", pageSize);
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RomDll romDllFrom(JsonNode n) {
        String name = text(n, "name");
        if (!n.hasNonNull("base")) {
            return RomDll.named(name);
        }
        long base = number(n, "base", 0);
        long size = number(n, "sizeOfImage", 0);
        if (n.hasNonNull("codeBase")) {
            return new RomDll(name, base, size, true, number(n, "codeBase", 0), number(n, "codeSize", 0));
        }
        return RomDll.whole(name, base, size);
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        List<T> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(element.apply(n)));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "' in " + node);
        }
        return value.asText();
    }

    /** A JSON number, or a string in decimal or "0x" hexadecimal. */
    static long number(JsonNode node, String field, long absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        long parsed;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.asLong();
        } else if (value.isTextual()) {
            String s = value.asText().trim().toLowerCase(Locale.ROOT).replace("_", "");
            try {
                parsed = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + field + "' is not a number: " + value.asText(), e);
            }
        } else {
            throw new IllegalArgumentException("'" + field + "' must be a number from 0 to 0xFFFFFFFF or a \"0x...\" string, not " + value);
        }
        // Addresses and sizes are 32-bit on CE: a larger value would wrap, so it is refused.
        if (parsed < 0 || parsed > U32_MAX) {
            throw new IllegalArgumentException("'" + field + "' must be from 0 to 0xFFFFFFFF, not " + value);
        }
        return parsed;
    }

    private static String hex(long value) {
        return String.format("0x%08X", value);
    }
}
