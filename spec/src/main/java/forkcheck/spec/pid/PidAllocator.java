package forkcheck.spec.pid;

import forkcheck.model.Layout;
import java.util.List;

/**
 * The pid allocator as another spec calls it: {@code alloc_pidmap} and {@code free_pidmap},
 * step by step exactly as the pid slice checks them, on one pidmap with one frame per CPU.
 *
 * <p>The caller starts a call with {@link #callAlloc} or {@link #callFree}, takes
 * {@link #step}s while {@link #busy}, reads {@link #result}, and {@link #release}s the frame so
 * that its dead locals never tell two states apart.
 */
public final class PidAllocator {
    private final Pidmap pm;
    private final CpuFrame[] cpus;
    private final AllocPidmap alloc;
    private final FreePidmap free;
    private final boolean mayFailPage;

    /**
     * @param callers the most calls that can be in flight at once (for {@code nr_free}'s slack)
     */
    public PidAllocator(Layout.Builder layout, int pidMax, int bitsPerPage, int reservedPids, int ncpus,
            int callers, boolean mayFailPage) {
        pm = new Pidmap(layout, pidMax, bitsPerPage, reservedPids, ncpus, callers);
        cpus = new CpuFrame[ncpus];
        for (int c = 0; c < ncpus; c++) {
            cpus[c] = new CpuFrame(layout, c, List.of(), pm, false);
        }
        this.mayFailPage = mayFailPage;
        alloc = new AllocPidmap(pm, cpus, Mutant.NONE, new Ghosts(false, false, false, false, false), mayFailPage);
        free = new FreePidmap(pm);
    }

    /** {@code pidmap_init()} and what earlier allocations left: {@code last_pid}, present pages, set bits. */
    public void init(long[] s, int lastPid, List<Integer> pages, List<Integer> taken) {
        pm.init(s, lastPid, pages, taken);
        for (CpuFrame f : cpus) {
            f.clearFrame(s);
            f.setPc(s, PidLabel.IDLE);
        }
    }

    public void callAlloc(long[] s, int cpu) {
        alloc.call(s, cpus[cpu]);
    }

    public void callFree(long[] s, int cpu, int pid) {
        free.call(s, cpus[cpu], pid);
    }

    /** Whether CPU {@code cpu} is inside alloc_pidmap or free_pidmap. */
    public boolean busy(long[] s, int cpu) {
        return !cpus[cpu].betweenCalls(s);
    }

    public boolean enabled(long[] s, int cpu) {
        CpuFrame f = cpus[cpu];
        return !f.allocating(s) || alloc.enabled(s, f);
    }

    /** Whether the next step calls {@code get_zeroed_page} and the scenario lets it fail. */
    public boolean mayFail(long[] s, int cpu) {
        CpuFrame f = cpus[cpu];
        return mayFailPage && f.allocating(s) && alloc.mayFail(s, f);
    }

    public void step(long[] s, int cpu, boolean fail) {
        CpuFrame f = cpus[cpu];
        if (f.allocating(s)) {
            alloc.step(s, f, fail);
        } else {
            free.step(s, f);
        }
    }

    /** What the call that just returned returned: a pid or -1. */
    public int result(long[] s, int cpu) {
        return cpus[cpu].pid.get(s);
    }

    /** The caller has read the result: the frame is dead. */
    public void release(long[] s, int cpu) {
        cpus[cpu].clearFrame(s);
        cpus[cpu].setPc(s, PidLabel.IDLE);
    }

    /** The label CPU {@code cpu} takes next inside the allocator. */
    public PidLabel label(long[] s, int cpu) {
        return cpus[cpu].pc(s);
    }

    /** The pid a CPU in free_pidmap is freeing, or that alloc_pidmap is trying. */
    public int pidInFlight(long[] s, int cpu) {
        return cpus[cpu].pid.get(s);
    }

    public boolean bitSet(long[] s, int pid) {
        return !pm.isFree(s, pid);
    }

    /** The first pid from {@code from} whose bit is set, or {@code pidMax()} if none. */
    public int nextSetPid(long[] s, int from) {
        for (int pid = from; pid < pm.pidMax; ) {
            int map = pid / pm.bitsPerPage;
            int end = Math.min((map + 1) * pm.bitsPerPage, pm.pidMax);
            if (pm.page[map].isSet(s)) {
                int bit = pm.bits[map].nextSet(s, pid - map * pm.bitsPerPage, end - map * pm.bitsPerPage);
                if (bit + map * pm.bitsPerPage < end) {
                    return bit + map * pm.bitsPerPage;
                }
            }
            pid = end;
        }
        return pm.pidMax;
    }

    public int pidMax() {
        return pm.pidMax;
    }

    public int pages() {
        return pm.entries;
    }

    public int bitsPerPage() {
        return pm.bitsPerPage;
    }

    public boolean pagePresent(long[] s, int page) {
        return pm.page[page].isSet(s);
    }

    public int nrFree(long[] s, int page) {
        return pm.nrFree[page].read(s);
    }

    public int clearBits(long[] s, int page) {
        return pm.bits[page].countClear(s);
    }

    public boolean pidmapLockHeldBy(long[] s, int cpu) {
        return pm.pidmapLock.owner(s) == cpu;
    }
}
