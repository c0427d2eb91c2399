package forkcheck.spec.pid;

import static forkcheck.spec.pid.PidLabel.ATOMIC_DEC;
import static forkcheck.spec.pid.PidLabel.FIND_NEXT_OFFSET;
import static forkcheck.spec.pid.PidLabel.INSTALL_PAGE;
import static forkcheck.spec.pid.PidLabel.INSTALL_STORE;
import static forkcheck.spec.pid.PidLabel.LAST_PID_READ;
import static forkcheck.spec.pid.PidLabel.LAST_PID_WRITE;
import static forkcheck.spec.pid.PidLabel.NR_FREE_READ;
import static forkcheck.spec.pid.PidLabel.PAGE_CHECK;
import static forkcheck.spec.pid.PidLabel.PAGE_RECHECK;
import static forkcheck.spec.pid.PidLabel.RET;
import static forkcheck.spec.pid.PidLabel.SET_BIT;
import static forkcheck.spec.pid.PidLabel.SPIN_LOCK;
import static forkcheck.spec.pid.PidLabel.TEST_AND_SET_BIT;

/**
 * {@code int alloc_pidmap(void)}, kernel/pid.c:78-132 (2.6.11).
 *
 * <p>Lock-free: {@code last_pid} is read and written without a lock, bits are claimed with
 * {@code test_and_set_bit}, and only the install of a new pidmap page takes {@code pidmap_lock}.
 * So every access to {@code last_pid}, {@code map->page}, {@code map->nr_free} and the bitmap is a
 * step of its own; the loop control between them is local to the CPU and runs with the access
 * before it.
 */
final class AllocPidmap {
    /** {@code find_next_zero_bit} reads the bitmap one {@code unsigned long} at a time (i386). */
    static final int BITS_PER_LONG = 32;

    private final Pidmap pm;
    private final CpuFrame[] cpus;
    private final Mutant mutant;
    private final Ghosts ghosts;
    private final boolean mayFailPage;

    AllocPidmap(Pidmap pm, CpuFrame[] cpus, Mutant mutant, Ghosts ghosts, boolean mayFailPage) {
        this.pm = pm;
        this.cpus = cpus;
        this.mutant = mutant;
        this.ghosts = ghosts;
        this.mayFailPage = mayFailPage;
    }

    /** Whether the step {@code f} takes next calls {@code get_zeroed_page}, which may fail. */
    boolean mayFail(long[] s, CpuFrame f) {
        return mayFailPage && f.pc(s) == PAGE_CHECK && !pm.page[f.map.get(s)].isSet(s);
    }

    boolean enabled(long[] s, CpuFrame f) {
        return f.pc(s) != SPIN_LOCK || !pm.pidmapLock.isLocked(s);
    }

    void call(long[] s, CpuFrame f) {
        f.clearFrame(s);
        f.setPc(s, LAST_PID_READ);
    }

    /** One step of CPU {@code f}; {@code fail} takes the failing branch of {@code get_zeroed_page}. */
    void step(long[] s, CpuFrame f, boolean fail) {
        switch (f.pc(s)) {
            case LAST_PID_READ -> lastPidRead(s, f);
            case PAGE_CHECK -> pageCheck(s, f, fail);
            case SPIN_LOCK -> {
                pm.pidmapLock.lock(s, f.cpu);
                f.setPc(s, INSTALL_PAGE);
            }
            case INSTALL_PAGE -> installPage(s, f);
            case INSTALL_STORE -> {
                installFreshPage(s, f.map.get(s), f.page.isSet(s));
                f.setPc(s, PAGE_RECHECK);
            }
            case PAGE_RECHECK -> {
                if (!pm.page[f.map.get(s)].isSet(s)) {
                    ret(s, f, -1);
                } else {
                    f.setPc(s, NR_FREE_READ);
                }
            }
            case NR_FREE_READ -> {
                if (pm.nrFree[f.map.get(s)].read(s) != 0) {
                    f.setPc(s, TEST_AND_SET_BIT);
                } else {
                    nextMap(s, f);
                }
            }
            case TEST_AND_SET_BIT -> testAndSetBit(s, f);
            case SET_BIT -> {
                setBit(s, f.map.get(s), f.offset.get(s));
                f.setPc(s, ATOMIC_DEC);
            }
            case ATOMIC_DEC -> {
                pm.nrFree[f.map.get(s)].dec(s);
                f.setPc(s, LAST_PID_WRITE);
            }
            case LAST_PID_WRITE -> {
                pm.lastPid.set(s, f.pid.get(s));
                ret(s, f, f.pid.get(s));
            }
            case FIND_NEXT_OFFSET -> findNextOffset(s, f);
            default -> throw new IllegalStateException("cpu" + f.cpu + " at " + f.pc(s) + " is not in alloc_pidmap");
        }
    }

    /** {@code last = last_pid}, then the set-up before the loop. */
    private void lastPidRead(long[] s, CpuFrame f) {
        int last = pm.lastPid.get(s);
        f.last.set(s, last);
        if (ghosts.free()) {
            for (int p = 0; p < pm.pidMax; p++) {
                if ((p >= pm.reservedPids || p > last) && pm.isFree(s, p)) {
                    f.free.set(s, p);
                }
            }
        }
        int pid = last + 1;
        if (pid >= pm.pidMax) {
            pid = restart();
            f.wrapped.set(s, ghosts.wrapped());
        }
        int offset = pid & (pm.bitsPerPage - 1);
        f.pid.set(s, pid);
        f.offset.set(s, offset);
        f.map.set(s, pid / pm.bitsPerPage);
        int maxScan = (pm.pidMax + pm.bitsPerPage - 1) / pm.bitsPerPage - (offset == 0 ? 1 : 0);
        f.maxScan.set(s, mutant == Mutant.NO_RESCAN ? 0 : maxScan);
        f.i.set(s, 0);
        f.setPc(s, PAGE_CHECK);
    }

    private int restart() {
        return mutant == Mutant.WRAP_TO_ZERO ? 0 : pm.reservedPids;
    }

    /** {@code if (!map->page)}: a racy read; if absent, {@code page = get_zeroed_page(GFP_KERNEL)}. */
    private void pageCheck(long[] s, CpuFrame f, boolean fail) {
        if (pm.page[f.map.get(s)].isSet(s)) {
            f.setPc(s, NR_FREE_READ);
            return;
        }
        f.page.set(s, !fail);
        if (fail && ghosts.pageFault()) {
            f.pageFault.set(s, true);
        }
        f.setPc(s, mutant == Mutant.INSTALL_PAGE_WITHOUT_LOCK ? INSTALL_PAGE : SPIN_LOCK);
    }

    /** Under {@code pidmap_lock}: install our page unless someone raced us to it. */
    private void installPage(long[] s, CpuFrame f) {
        int map = f.map.get(s);
        if (pm.page[map].isSet(s)) {
            f.raced.set(s, ghosts.raced());
            f.setPc(s, PAGE_RECHECK);
        } else if (mutant == Mutant.INSTALL_PAGE_WITHOUT_LOCK) {
            f.setPc(s, INSTALL_STORE);
            return;
        } else {
            installFreshPage(s, map, f.page.isSet(s));
            f.setPc(s, PAGE_RECHECK);
        }
        if (mutant != Mutant.INSTALL_PAGE_WITHOUT_LOCK && mutant != Mutant.DROP_SPIN_UNLOCK) {
            pm.pidmapLock.unlock(s);
        }
    }

    /** {@code map->page = (void *)page}: a zeroed page, or NULL if get_zeroed_page failed. */
    private void installFreshPage(long[] s, int map, boolean page) {
        pm.page[map].set(s, page);
        pm.bits[map].clearAll(s);
    }

    /** {@code if (!test_and_set_bit(offset, map->page))}: one atomic read-modify-write. */
    private void testAndSetBit(long[] s, CpuFrame f) {
        int map = f.map.get(s);
        int offset = f.offset.get(s);
        boolean wasSet = pm.bits[map].test(s, offset);
        if (wasSet) {
            f.setPc(s, FIND_NEXT_OFFSET);
        } else if (mutant == Mutant.SPLIT_TEST_AND_SET_BIT) {
            f.setPc(s, SET_BIT);
        } else {
            setBit(s, map, offset);
            f.setPc(s, mutant == Mutant.DROP_ATOMIC_DEC ? LAST_PID_WRITE : ATOMIC_DEC);
        }
    }

    /** Sets a bit; the pid it stands for is no longer free for any call in progress. */
    private void setBit(long[] s, int map, int offset) {
        pm.bits[map].set(s, offset);
        int pid = pm.mkPid(map, offset);
        if (ghosts.free() && pid < pm.pidMax) {
            for (CpuFrame other : cpus) {
                if (other.allocating(s)) {
                    other.free.clear(s, pid);
                }
            }
        }
    }

    /**
     * {@code offset = find_next_offset(map, offset)}: one word of the bitmap per step, as
     * find_next_zero_bit loads it; then the do-while condition.
     */
    private void findNextOffset(long[] s, CpuFrame f) {
        int map = f.map.get(s);
        int offset = f.offset.get(s);
        int wordEnd = Math.min((offset / BITS_PER_LONG + 1) * BITS_PER_LONG, pm.bitsPerPage);
        int found = pm.bits[map].nextClear(s, offset, wordEnd);
        if (found == wordEnd && wordEnd < pm.bitsPerPage) {
            f.offset.set(s, wordEnd);
            return;
        }
        offset = found;
        int pid = pm.mkPid(map, offset);
        f.offset.set(s, offset);
        f.pid.set(s, pid);
        int last = f.last.get(s);
        if (offset < pm.bitsPerPage && pid < pm.pidMax
                && (f.i.get(s) != f.maxScan.get(s) || pid < last || ((last + 1) & (pm.bitsPerPage - 1)) == 0)) {
            f.setPc(s, TEST_AND_SET_BIT);
        } else {
            nextMap(s, f);
        }
    }

    /** The end of the for body: on to the next page, or wrap to page 0 at RESERVED_PIDS; then {@code ++i}. */
    private void nextMap(long[] s, CpuFrame f) {
        int map = f.map.get(s);
        int offset;
        if (map < (pm.pidMax - 1) / pm.bitsPerPage) {
            map++;
            offset = 0;
        } else {
            map = 0;
            offset = restart();
            f.wrapped.set(s, ghosts.wrapped());
            if (f.last.get(s) == offset) {
                ret(s, f, -1);
                return;
            }
        }
        f.map.set(s, map);
        f.offset.set(s, offset);
        f.pid.set(s, pm.mkPid(map, offset));
        int i = f.i.get(s) + 1;
        f.i.set(s, i);
        if (i <= f.maxScan.get(s)) {
            f.setPc(s, PAGE_CHECK);
        } else {
            ret(s, f, -1);
        }
    }

    /** {@code return pid;} the locals die with the frame, but the result stays for the properties to read. */
    private void ret(long[] s, CpuFrame f, int pid) {
        f.pid.set(s, pid);
        f.recordResult(s, pid);
        f.clearDeadLocals(s);
        if (!ghosts.lastAfterReturn()) {
            f.last.set(s, 0);
        }
        f.setPc(s, RET);
    }
}
