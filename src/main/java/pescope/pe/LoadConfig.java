package pescope.pe;

import java.util.List;
import java.util.Optional;

/**
 * The load configuration directory: exactly the fields its Size covers, in structure order.
 * The structure grew with Windows releases, so which fields exist depends on the image.
 *
 * @param size       the Size field, as the image states it
 * @param is64       PE32+ layout (pointer-sized fields are 8 bytes)
 * @param fields     the fields Size covers, Size itself first
 * @param unknownTail bytes that Size covers beyond the last field pescope knows
 */
public record LoadConfig(long size, boolean is64, List<Field> fields, long unknownTail) {

    public LoadConfig {
        fields = List.copyOf(fields);
    }

    /** How wide a field is; POINTER is 4 bytes in PE32 and 8 in PE32+. */
    public enum Width { WORD, DWORD, POINTER }

    /** One field: its winnt.h name in lower camel case (the JSON key), width, offset in the structure and value. */
    public record Field(String name, Width width, int offset, long value) {}

    public Optional<Long> value(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).findFirst();
    }

    public static final int GUARD_CF_INSTRUMENTED = 0x100;
}
