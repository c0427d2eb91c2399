package forkcheck.spec.pid;

import static forkcheck.spec.pid.PidLabel.ATOMIC_INC;
import static forkcheck.spec.pid.PidLabel.CLEAR_BIT;
import static forkcheck.spec.pid.PidLabel.RET;

/**
 * {@code fastcall void free_pidmap(int pid)}, kernel/pid.c:68-75 (2.6.11): a {@code clear_bit}
 * and an {@code atomic_inc}, each atomic on its own and so each a step; between the two, the pid
 * is free but {@code nr_free} does not count it yet.
 */
final class FreePidmap {
    private final Pidmap pm;

    FreePidmap(Pidmap pm) {
        this.pm = pm;
    }

    void call(long[] s, CpuFrame f, int pid) {
        f.clearFrame(s);
        f.pid.set(s, pid);
        f.map.set(s, pid / pm.bitsPerPage);
        f.offset.set(s, pid & (pm.bitsPerPage - 1));
        f.setPc(s, CLEAR_BIT);
    }

    void step(long[] s, CpuFrame f) {
        switch (f.pc(s)) {
            case CLEAR_BIT -> {
                pm.bits[f.map.get(s)].clear(s, f.offset.get(s));
                f.setPc(s, ATOMIC_INC);
            }
            case ATOMIC_INC -> {
                pm.nrFree[f.map.get(s)].inc(s);
                f.clearDeadLocals(s);
                f.pid.set(s, 0);
                f.setPc(s, RET);
            }
            default -> throw new IllegalStateException("cpu" + f.cpu + " at " + f.pc(s) + " is not in free_pidmap");
        }
    }
}
