package forkcheck.spec.fork;

/**
 * Minimal fixes for what the faithful spec finds: each is the smallest change to the 2.6.11
 * code that makes the property it names hold, named in a scenario's {@code fixes} line, so that a
 * finding comes with the evidence that it is the kernel's code, and this code, that causes it.
 */
public enum ForkFix {
    /**
     * {@code bad_fork_cleanup_signal} also undoes the {@code atomic_inc(&current->signal->live)}
     * of copy_signal for a new thread ({@code __exit_signal} only drops {@code count}).
     */
    SIGNAL_LIVE("signal-live", "refcounts-exact"),
    /** copy_process tests {@code nr_threads >= max_threads} again under tasklist_lock. */
    MAX_THREADS_UNDER_LOCK("max-threads-under-lock", "nr-threads-bounded"),
    /** copy_process tests {@code RLIMIT_NPROC} with the increment, as one atomic step. */
    NPROC_ATOMIC("nproc-atomic", "user-processes-bounded"),
    /** copy_process step 22 links a child to a tracer only if current is still traced. */
    PTRACE_LINK_CHECKS_CURRENT("ptrace-link-checks-current", "ptrace-by-consent");

    private final String id;
    private final String makesHold;

    ForkFix(String id, String makesHold) {
        this.id = id;
        this.makesHold = makesHold;
    }

    public String id() {
        return id;
    }

    /** The property the fix makes hold. */
    public String makesHold() {
        return makesHold;
    }

    public static ForkFix byId(String id) {
        for (ForkFix f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        return null;
    }
}
