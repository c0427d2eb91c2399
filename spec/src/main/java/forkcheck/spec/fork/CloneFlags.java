package forkcheck.spec.fork;

import java.util.LinkedHashMap;
import java.util.Map;

/** The clone flags of include/linux/sched.h (2.6.11) and the entry points' fixed sets. */
public final class CloneFlags {
    public static final int CSIGNAL = 0x000000ff;
    public static final int SIGCHLD = 17;
    public static final int CLONE_VM = 0x00000100;
    public static final int CLONE_FS = 0x00000200;
    public static final int CLONE_FILES = 0x00000400;
    public static final int CLONE_SIGHAND = 0x00000800;
    public static final int CLONE_PTRACE = 0x00002000;
    public static final int CLONE_VFORK = 0x00004000;
    public static final int CLONE_PARENT = 0x00008000;
    public static final int CLONE_THREAD = 0x00010000;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_SYSVSEM = 0x00040000;
    public static final int CLONE_SETTLS = 0x00080000;
    public static final int CLONE_PARENT_SETTID = 0x00100000;
    public static final int CLONE_CHILD_CLEARTID = 0x00200000;
    public static final int CLONE_DETACHED = 0x00400000;
    public static final int CLONE_UNTRACED = 0x00800000;
    public static final int CLONE_CHILD_SETTID = 0x01000000;
    public static final int CLONE_STOPPED = 0x02000000;

    /** {@code sys_fork}: {@code do_fork(SIGCHLD, ...)} (arch/i386/kernel/process.c:629). */
    public static final int FORK = SIGCHLD;
    /** {@code sys_vfork}: {@code do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, ...)} (process.c:655). */
    public static final int VFORK = CLONE_VFORK | CLONE_VM | SIGCHLD;
    /** {@code kernel_thread} adds these to the caller's flags (process.c:278). */
    public static final int KERNEL_THREAD = CLONE_VM | CLONE_UNTRACED;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("VM", CLONE_VM);
        BY_NAME.put("FS", CLONE_FS);
        BY_NAME.put("FILES", CLONE_FILES);
        BY_NAME.put("SIGHAND", CLONE_SIGHAND);
        BY_NAME.put("PTRACE", CLONE_PTRACE);
        BY_NAME.put("VFORK", CLONE_VFORK);
        BY_NAME.put("PARENT", CLONE_PARENT);
        BY_NAME.put("THREAD", CLONE_THREAD);
        BY_NAME.put("NEWNS", CLONE_NEWNS);
        BY_NAME.put("SYSVSEM", CLONE_SYSVSEM);
        BY_NAME.put("SETTLS", CLONE_SETTLS);
        BY_NAME.put("PARENT_SETTID", CLONE_PARENT_SETTID);
        BY_NAME.put("CHILD_CLEARTID", CLONE_CHILD_CLEARTID);
        BY_NAME.put("DETACHED", CLONE_DETACHED);
        BY_NAME.put("UNTRACED", CLONE_UNTRACED);
        BY_NAME.put("CHILD_SETTID", CLONE_CHILD_SETTID);
        BY_NAME.put("STOPPED", CLONE_STOPPED);
        BY_NAME.put("SIGCHLD", SIGCHLD);
    }

    private CloneFlags() {}

    /** The flag a scenario names ({@code VM} or {@code CLONE_VM}, {@code SIGCHLD}), or null. */
    public static Integer byName(String name) {
        return BY_NAME.get(name.startsWith("CLONE_") ? name.substring(6) : name);
    }

    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }

    /** {@code CLONE_VM|CLONE_FS|SIGCHLD}, as a person writes them. */
    public static String show(int flags) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            int bit = e.getValue();
            boolean present = bit == SIGCHLD ? (flags & CSIGNAL) == SIGCHLD : (flags & bit) != 0;
            if (present) {
                b.append(b.length() == 0 ? "" : "|").append(bit == SIGCHLD ? "SIGCHLD" : "CLONE_" + e.getKey());
            }
        }
        int signal = flags & CSIGNAL;
        if (signal != 0 && signal != SIGCHLD) {
            b.append(b.length() == 0 ? "" : "|").append(signal);
        }
        return b.length() == 0 ? "0" : b.toString();
    }

    static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }
}
