package pescope.ce;

/** One thing that happens on the device, in order. Processes are named by their root file. */
public sealed interface Step {

    /** Start a process for this root: an EXE with its imports, or an empty process that LoadLibrary's a DLL. */
    record Start(String root) implements Step {}

    /** A later LoadLibrary call in a running process. */
    record LoadLibrary(String process, String dll) implements Step {}

    /** FreeLibrary of a DLL the process loaded with LoadLibrary (for a DLL root: the root itself). */
    record Unload(String process, String dll) implements Step {}

    /** VirtualAlloc(NULL, size, MEM_RESERVE [| MEM_TOP_DOWN]) in a process. */
    record VirtualAlloc(String process, long size, boolean topDown) implements Step {}

    /** The heap a process really uses, reserved bottom-up in its slot (KB326163 workaround 5 shrinks it). */
    record Heap(String process, long size) implements Step {}

    /** The process this step happens in (for a start: the process it starts). */
    default String processName() {
        if (this instanceof Start s) {
            return s.root();
        } else if (this instanceof LoadLibrary l) {
            return l.process();
        } else if (this instanceof Unload u) {
            return u.process();
        } else if (this instanceof VirtualAlloc v) {
            return v.process();
        }
        return ((Heap) this).process();
    }
}
