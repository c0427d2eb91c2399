package forkcheck.spec.pid;

/**
 * The program counter of a CPU in the pid allocator: the step it takes next.
 *
 * <p>Each label is one access to shared data, with the local computation that follows it up to
 * the next such access, so every unprotected shared access is a step of its own. The code is the
 * kernel line (kernel/pid.c, 2.6.11) that the step executes.
 */
public enum PidLabel {
    /** Between calls: not yet started, or the previous call returned. */
    IDLE("", "", "", ""),
    /** The call returned; its result is in the frame until the next call begins. */
    RET("", "", "", "return"),

    LAST_PID_READ("alloc_pidmap", "pid.c:80", "last_pid", "int ... last = last_pid; pid = last + 1; ..."),
    PAGE_CHECK("alloc_pidmap", "pid.c:92", "pidmap_array[].page", "if (unlikely(!map->page)) page = get_zeroed_page(GFP_KERNEL);"),
    SPIN_LOCK("alloc_pidmap", "pid.c:98", "pidmap_lock", "spin_lock(&pidmap_lock);"),
    INSTALL_PAGE("alloc_pidmap", "pid.c:99", "pidmap_array[].page, pidmap_lock", "if (map->page) free_page(page); else map->page = (void *)page;"
            + " spin_unlock(&pidmap_lock);"),
    PAGE_RECHECK("alloc_pidmap", "pid.c:104", "pidmap_array[].page", "if (unlikely(!map->page)) break;"),
    NR_FREE_READ("alloc_pidmap", "pid.c:107", "pidmap_array[].nr_free", "if (likely(atomic_read(&map->nr_free)))"),
    TEST_AND_SET_BIT("alloc_pidmap", "pid.c:109", "pidmap_array[].bits", "if (!test_and_set_bit(offset, map->page))"),
    ATOMIC_DEC("alloc_pidmap", "pid.c:110", "pidmap_array[].nr_free", "atomic_dec(&map->nr_free);"),
    LAST_PID_WRITE("alloc_pidmap", "pid.c:111", "", "last_pid = pid; return pid;"),
    FIND_NEXT_OFFSET("alloc_pidmap", "pid.c:114", "pidmap_array[].bits", "offset = find_next_offset(map, offset); pid = mk_pid(map, offset);"),

    CLEAR_BIT("free_pidmap", "pid.c:73", "pidmap_array[].bits", "clear_bit(offset, map->page);"),
    ATOMIC_INC("free_pidmap", "pid.c:74", "pidmap_array[].nr_free", "atomic_inc(&map->nr_free);"),

    /** Mutant {@code split-test-and-set-bit}: the set half of a test_and_set_bit cut in two. */
    SET_BIT("alloc_pidmap", "mutant", "pidmap_array[].bits", "set_bit(offset, map->page);"),
    /** Mutant {@code install-page-without-lock}: the store of an install that checked without the lock. */
    INSTALL_STORE("alloc_pidmap", "mutant", "", "map->page = (void *)page;");

    private final String function;
    private final String line;
    private final String reads;
    private final String code;
    private final boolean inAllocPidmap;

    PidLabel(String function, String line, String reads, String code) {
        this.function = function;
        this.line = line;
        this.reads = reads;
        this.code = code;
        this.inAllocPidmap = function.equals("alloc_pidmap");
    }

    private static final PidLabel[] ALL = values();

    public static PidLabel of(int ordinal) {
        return ALL[ordinal];
    }

    public String function() {
        return function;
    }

    /** Where the kernel has it, {@code pid.c:109}. */
    public String line() {
        return line;
    }

    /**
     * The shared variable the step's kernel code reads, stated from the code (a read changes
     * nothing, so a run cannot observe it); an atomic read-modify-write reads what it writes.
     */
    public String reads() {
        return reads;
    }

    public String code() {
        return code;
    }

    public boolean inAllocPidmap() {
        return inAllocPidmap;
    }
}
