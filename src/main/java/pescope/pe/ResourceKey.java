package pescope.pe;

/** A resource type, name or language as the tree stores it: an integer id or a string. */
public sealed interface ResourceKey {

    /** The RT_ names of the standard resource types, by id (winuser.h). */
    String[] STANDARD_TYPES = {
        null, "CURSOR", "BITMAP", "ICON", "MENU", "DIALOG", "STRING", "FONTDIR", "FONT", "ACCELERATOR",
        "RCDATA", "MESSAGETABLE", "GROUP_CURSOR", null, "GROUP_ICON", null, "VERSION", "DLGINCLUDE", null,
        "PLUGPLAY", "VXD", "ANICURSOR", "ANIICON", "HTML", "MANIFEST"};

    int VERSION = 16;
    int MANIFEST = 24;

    record Id(int id) implements ResourceKey {
        @Override
        public String toString() {
            return Integer.toString(id);
        }
    }

    record Name(String name) implements ResourceKey {
        @Override
        public String toString() {
            return name;
        }
    }

    default boolean isId(int id) {
        return this instanceof Id i && i.id() == id;
    }

    /** As a type: "VERSION" for a standard id, else the number or the string. */
    default String asType() {
        if (this instanceof Id i && i.id() < STANDARD_TYPES.length && STANDARD_TYPES[i.id()] != null) {
            return STANDARD_TYPES[i.id()];
        }
        return toString();
    }
}
