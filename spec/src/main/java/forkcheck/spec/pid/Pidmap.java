package forkcheck.spec.pid;

import forkcheck.model.AtomicCounter;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.SpinLock;
import forkcheck.spec.scenario.Scenario;

/**
 * The pid allocator's shared data, kernel/pid.c: {@code last_pid}, {@code pidmap_array[]} and
 * {@code pidmap_lock}, with the scenario's {@code pid_max}, {@code BITS_PER_PAGE} and
 * {@code RESERVED_PIDS}.
 */
final class Pidmap {
    final int pidMax;
    final int bitsPerPage;
    final int reservedPids;
    /** {@code PIDMAP_ENTRIES} for this {@code pid_max}. */
    final int entries;

    final Field lastPid;
    final SpinLock pidmapLock;
    /** {@code pidmap_array[i].page != NULL}. */
    final Field[] page;
    final AtomicCounter[] nrFree;
    final Bitmap[] bits;

    Pidmap(Layout.Builder layout, Scenario sc, int slack) {
        this(layout, sc.pidMax(), sc.bitsPerPage(), sc.reservedPids(), sc.cpus().size(), slack);
    }

    /**
     * @param slack how far {@code nr_free} may run past its range while CPUs sit between a bit
     *     operation and its atomic counter update
     */
    Pidmap(Layout.Builder layout, int pidMax, int bitsPerPage, int reservedPids, int cpus, int slack) {
        this.pidMax = pidMax;
        this.bitsPerPage = bitsPerPage;
        this.reservedPids = reservedPids;
        entries = (pidMax + bitsPerPage - 1) / bitsPerPage;
        lastPid = layout.field("last_pid", 0, pidMax - 1);
        pidmapLock = new SpinLock(layout, "pidmap_lock", cpus);
        page = new Field[entries];
        nrFree = new AtomicCounter[entries];
        bits = new Bitmap[entries];
        for (int i = 0; i < entries; i++) {
            String m = "pidmap_array[" + i + "]";
            page[i] = layout.flag(m + ".page");
            nrFree[i] = new AtomicCounter(layout, m + ".nr_free", -slack, bitsPerPage + slack);
            bits[i] = layout.bitmap(m + ".bits", bitsPerPage);
        }
    }

    /**
     * pidmap_init() (kernel/pid.c:278): page 0 allocated and pid 0 reserved; then the pages and
     * pids the scenario starts with, as earlier allocations would have left them.
     */
    void init(long[] s, Scenario sc) {
        init(s, sc.lastPid(), sc.pages(), sc.taken());
    }

    void init(long[] s, int last, Iterable<Integer> pages, Iterable<Integer> taken) {
        lastPid.set(s, last);
        pidmapLock.init(s);
        for (int i = 0; i < entries; i++) {
            nrFree[i].set(s, bitsPerPage);
        }
        for (int i : pages) {
            page[i].set(s, true);
        }
        for (int pid : taken) {
            bits[pid / bitsPerPage].set(s, pid % bitsPerPage);
            nrFree[pid / bitsPerPage].dec(s);
        }
    }

    /** {@code mk_pid(map, off)}. */
    int mkPid(int map, int offset) {
        return map * bitsPerPage + offset;
    }

    boolean isFree(long[] s, int pid) {
        int map = pid / bitsPerPage;
        return !page[map].isSet(s) || !bits[map].test(s, pid % bitsPerPage);
    }
}
