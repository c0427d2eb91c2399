package forkcheck.spec.fork;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A machine running the fork path: the bounds, the tasks alive at the start, what each task
 * does, and which CPU runs which task first. Built by {@link ForkScenarioParser}, which checks
 * every field, so a {@code ForkScenario} is always valid.
 *
 * @param slots task slots, the swapper's (slot 0) included: {@code alloc_task_struct} fails when none is free
 * @param tasks the tasks alive at the start, the swapper first
 * @param programs what each named task does, by name (a task without one does nothing)
 * @param running the task each CPU runs at the start, by CPU, or null for its idle task
 * @param faults the allocation sites that may fail
 * @param fixes the {@link ForkFix}es applied, by id
 * @param properties the properties to check by name, or empty for all of them
 */
public record ForkScenario(
        String name,
        String source,
        String text,
        int cpus,
        int slots,
        int pidMax,
        int bitsPerPage,
        int reservedPids,
        int lastPid,
        int maxThreads,
        List<InitialTask> tasks,
        Map<String, List<ForkOp>> programs,
        List<String> running,
        Set<String> faults,
        Set<String> fixes,
        List<String> properties,
        int propertiesLine) {

    /**
     * A task alive at the start.
     *
     * @param user 0 for {@code root_user}, otherwise a non-root user
     * @param nproc {@code signal->rlim[RLIMIT_NPROC].rlim_cur}
     * @param tracer the name of the task tracing it, or null
     * @param ptraceOptions {@code PT_TRACE_*} bits it is traced with
     * @param kernel a kernel thread: no {@code mm}
     * @param ioperm it has an I/O permission bitmap ({@code ioperm}), which copy_thread copies
     * @param groupExit its group is exiting: SIGNAL_GROUP_EXIT set and, as zap_other_threads
     *     leaves every thread, SIGKILL pending
     */
    public record InitialTask(String name, int pid, String parent, int cpu, int user, int nproc, int timeSlice,
            String tracer, int ptraceOptions, boolean kernel, boolean sigkill, boolean groupExit, boolean ioperm) {}

    public static final String FAULT_ALLOC_TASK_STRUCT = "alloc_task_struct";
    public static final String FAULT_ALLOC_THREAD_INFO = "alloc_thread_info";
    public static final String FAULT_GET_ZEROED_PAGE = "get_zeroed_page";
    /** get_undo_list's kmalloc, for a CLONE_SYSVSEM parent that has no undo list yet. */
    public static final String FAULT_COPY_SEMUNDO = "copy_semundo";
    public static final String FAULT_COPY_FILES = "copy_files";
    public static final String FAULT_COPY_FS = "copy_fs";
    public static final String FAULT_COPY_SIGHAND = "copy_sighand";
    public static final String FAULT_COPY_SIGNAL = "copy_signal";
    public static final String FAULT_COPY_MM = "copy_mm";
    /** CLONE_NEWNS: copy_namespace's kmalloc of the new namespace or its copy_tree. */
    public static final String FAULT_COPY_NAMESPACE = "copy_namespace";
    /** copy_thread's kmalloc of the child's I/O permission bitmap, for a parent that has one. */
    public static final String FAULT_IO_BITMAP = "io_bitmap";
    /** CLONE_PARENT_SETTID's {@code put_user(p->pid, parent_tidptr)}: a bad user pointer. */
    public static final String FAULT_PUT_USER = "put_user";
    /** CLONE_SETTLS's {@code do_arch_prctl}/{@code ia32_child_tls}: a bad TLS descriptor. */
    public static final String FAULT_SETTLS = "settls";
    public static final List<String> FAULTS = List.of(FAULT_ALLOC_TASK_STRUCT, FAULT_ALLOC_THREAD_INFO,
            FAULT_GET_ZEROED_PAGE, FAULT_COPY_SEMUNDO, FAULT_COPY_FILES, FAULT_COPY_FS, FAULT_COPY_SIGHAND, FAULT_COPY_SIGNAL,
            FAULT_COPY_MM, FAULT_COPY_NAMESPACE, FAULT_IO_BITMAP, FAULT_PUT_USER, FAULT_SETTLS);

    public boolean mayFail(String site) {
        return faults.contains(site);
    }

    public int pidmapEntries() {
        return (pidMax + bitsPerPage - 1) / bitsPerPage;
    }

    /** The number of {@code do_fork} calls in all programs: bounds {@code total_forks}. */
    public int forkCalls() {
        return programs.values().stream().mapToInt(p -> (int) p.stream()
                .filter(o -> o instanceof ForkOp.Fork || o instanceof ForkOp.ForkIdle).count()).sum();
    }

    /** The number of distinct non-root users, which are numbered 1.. . */
    public int users() {
        return 1 + tasks.stream().mapToInt(InitialTask::user).max().orElse(0);
    }
}
