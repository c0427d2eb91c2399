package forkcheck.spec.fork;

/**
 * {@code task->ptrace}, include/linux/ptrace.h (2.6.11), packed into five bits: the model keeps
 * the flags the fork path tests and numbers them densely so the field stays small.
 */
public final class PtraceFlags {
    /** {@code PT_PTRACED}. */
    public static final int PTRACED = 1;
    /** {@code PT_TRACE_FORK}. */
    public static final int TRACE_FORK = 2;
    /** {@code PT_TRACE_VFORK}. */
    public static final int TRACE_VFORK = 4;
    /** {@code PT_TRACE_CLONE}. */
    public static final int TRACE_CLONE = 8;
    /** {@code PT_TRACE_VFORK_DONE}. */
    public static final int TRACE_VFORK_DONE = 16;
    public static final int ALL = 31;

    /** {@code PTRACE_EVENT_FORK}, {@code _VFORK}, {@code _CLONE}, {@code _VFORK_DONE}. */
    public static final int EVENT_FORK = 1;
    public static final int EVENT_VFORK = 2;
    public static final int EVENT_CLONE = 3;
    public static final int EVENT_VFORK_DONE = 5;

    private PtraceFlags() {}

    static Integer option(String name) {
        return switch (name) {
            case "fork" -> TRACE_FORK;
            case "vfork" -> TRACE_VFORK;
            case "clone" -> TRACE_CLONE;
            case "vfork_done" -> TRACE_VFORK_DONE;
            default -> null;
        };
    }
}
