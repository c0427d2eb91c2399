package forkcheck.spec.pid;

import static forkcheck.spec.pid.PidLabel.ATOMIC_DEC;
import static forkcheck.spec.pid.PidLabel.ATOMIC_INC;
import static forkcheck.spec.pid.PidLabel.LAST_PID_READ;
import static forkcheck.spec.pid.PidLabel.RET;

import forkcheck.spec.Property;
import forkcheck.spec.scenario.Op;
import forkcheck.spec.scenario.Scenario;
import java.util.Arrays;
import java.util.List;

/**
 * What the pid allocator claims, as state predicates over the pidmap and the CPUs' frames.
 *
 * <p>A pid is <em>held</em> from the step at which {@code alloc_pidmap} returns it (or from the
 * start, for the scenario's taken pids) until its holder calls {@code free_pidmap} on it.
 */
final class PidProperties {
    static final String PID_UNIQUE = "pid-unique";
    static final String NR_FREE_EXACT = "nr-free-exact";
    static final String PID_IN_RANGE = "pid-in-range";
    static final String FAILS_ONLY_WHEN_FULL = "alloc-fails-only-when-full";
    static final String PAGE_INSTALL_RACE = "page-install-race";
    static final String ALLOC_WRAPS = "alloc-wraps";
    static final String ALLOC_RETURNS_MINUS_ONE = "alloc-returns-minus-one";
    static final String SAME_LAST_PID_READ = "same-last-pid-read";

    private final Pidmap pm;
    private final CpuFrame[] cpus;
    private final boolean[] takenAtStart;
    /** For a pid taken at the start: the CPU whose program frees it, or -1. */
    private final int[] literalFreeCpu;
    /** ... and the index of that free in its program. */
    private final int[] literalFreeOp;
    /** For each CPU and alloc ordinal: the index of the op that frees its result, or the program size. */
    private final int[][] freedAt;

    PidProperties(Pidmap pm, CpuFrame[] cpus, Scenario sc) {
        this.pm = pm;
        this.cpus = cpus;
        takenAtStart = new boolean[pm.pidMax];
        sc.taken().forEach(p -> takenAtStart[p] = true);
        literalFreeCpu = new int[pm.pidMax];
        literalFreeOp = new int[pm.pidMax];
        Arrays.fill(literalFreeCpu, -1);
        freedAt = new int[cpus.length][];
        for (CpuFrame f : cpus) {
            freedAt[f.cpu] = new int[f.results.length];
            Arrays.fill(freedAt[f.cpu], f.program.size());
            for (int k = 0; k < f.program.size(); k++) {
                Op op = f.program.get(k);
                if (op instanceof Op.FreePid fp) {
                    literalFreeCpu[fp.pid()] = f.cpu;
                    literalFreeOp[fp.pid()] = k;
                } else if (op instanceof Op.FreeResult fr) {
                    freedAt[f.cpu][fr.alloc()] = k;
                }
            }
        }
    }

    List<Property> all() {
        return List.of(
                Property.always(PID_UNIQUE, "no pid is held twice: alloc_pidmap never returns a pid that is taken"
                        + " and not yet freed", this::pidUnique).reading("cpu.rK", "cpu.op"),
                Property.always(NR_FREE_EXACT, "each page's nr_free equals its clear bits, plus CPUs between"
                        + " test_and_set_bit and atomic_dec, minus CPUs between clear_bit and atomic_inc",
                        this::nrFreeExact).reading("pidmap_array[].nr_free", "pidmap_array[].bits", "cpu.pc", "cpu.map"),
                Property.always(PID_IN_RANGE, "alloc_pidmap returns -1 or a pid in [1, pid_max), and one >="
                        + " RESERVED_PIDS once its search has wrapped", this::pidInRange).reading("cpu.pc", "cpu.op", "cpu.pid", "cpu.wrapped"),
                Property.always(FAILS_ONLY_WHEN_FULL, "alloc_pidmap returns -1 only if no pid in its search range"
                        + " stayed free for the whole call (or get_zeroed_page failed)", this::failsOnlyWhenFull).reading("cpu.pc", "cpu.op", "cpu.pid", "cpu.page_fault", "cpu.free"),
                Property.sometimes(PAGE_INSTALL_RACE, "two CPUs race to install the same pidmap page",
                        this::pageInstallRace).reading("cpu.raced"),
                Property.sometimes(ALLOC_WRAPS, "an allocation wraps around pid_max", this::allocWraps).reading("cpu.wrapped"),
                Property.sometimes(ALLOC_RETURNS_MINUS_ONE, "alloc_pidmap returns -1", this::allocFails).reading("cpu.pc", "cpu.op", "cpu.pid"),
                Property.sometimes(SAME_LAST_PID_READ, "two CPUs read the same last_pid", this::sameLastPid).reading("cpu.pc", "cpu.op", "cpu.last"));
    }

    private boolean returnedFromAlloc(long[] s, CpuFrame f) {
        return f.pc(s) == RET && f.inAlloc(s);
    }

    private boolean holds(long[] s, CpuFrame f, int alloc) {
        return f.results[alloc].get(s) != -1 && f.op.get(s) <= freedAt[f.cpu][alloc];
    }

    private boolean heldSinceStart(long[] s, int pid) {
        int cpu = literalFreeCpu[pid];
        return takenAtStart[pid] && (cpu < 0 || cpus[cpu].op.get(s) <= literalFreeOp[pid]);
    }

    /**
     * Held pids are few (the scenario's taken pids and one per alloc), so a 64-bit mask of
     * {@code pid & 63} finds the states with no two alike in one pass; only a collision in the
     * mask needs the exact comparison.
     */
    boolean pidUnique(long[] s) {
        long seen = 0;
        boolean maybeTwice = false;
        for (CpuFrame f : cpus) {
            for (int a = 0; a < f.results.length; a++) {
                if (holds(s, f, a)) {
                    int pid = f.results[a].get(s);
                    long bit = 1L << (pid & 63);
                    maybeTwice |= (seen & bit) != 0 || heldSinceStart(s, pid);
                    seen |= bit;
                }
            }
        }
        return !maybeTwice || pidUniqueExact(s);
    }

    private boolean pidUniqueExact(long[] s) {
        for (CpuFrame f : cpus) {
            for (int a = 0; a < f.results.length; a++) {
                if (!holds(s, f, a)) {
                    continue;
                }
                int pid = f.results[a].get(s);
                if (heldSinceStart(s, pid)) {
                    return false;
                }
                for (CpuFrame g : cpus) {
                    for (int b = g.cpu == f.cpu ? a + 1 : 0; g.cpu >= f.cpu && b < g.results.length; b++) {
                        if (holds(s, g, b) && g.results[b].get(s) == pid) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    boolean nrFreeExact(long[] s) {
        for (int m = 0; m < pm.entries; m++) {
            int expected = pm.bits[m].countClear(s);
            for (CpuFrame f : cpus) {
                if (f.map.get(s) == m) {
                    PidLabel pc = f.pc(s);
                    expected += pc == ATOMIC_DEC ? 1 : pc == ATOMIC_INC ? -1 : 0;
                }
            }
            if (pm.nrFree[m].read(s) != expected) {
                return false;
            }
        }
        return true;
    }

    boolean pidInRange(long[] s) {
        for (CpuFrame f : cpus) {
            if (returnedFromAlloc(s, f)) {
                int pid = f.pid.get(s);
                if (pid != -1 && (pid < 1 || pid >= pm.pidMax || f.wrapped.isSet(s) && pid < pm.reservedPids)) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean failsOnlyWhenFull(long[] s) {
        for (CpuFrame f : cpus) {
            if (returnedFromAlloc(s, f) && f.pid.get(s) == -1 && !f.pageFault.isSet(s) && !f.free.isEmpty(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean pageInstallRace(long[] s) {
        for (CpuFrame f : cpus) {
            if (f.raced.isSet(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean allocWraps(long[] s) {
        for (CpuFrame f : cpus) {
            if (f.wrapped.isSet(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean allocFails(long[] s) {
        for (CpuFrame f : cpus) {
            if (returnedFromAlloc(s, f) && f.pid.get(s) == -1) {
                return true;
            }
        }
        return false;
    }

    private boolean hasReadLastPid(long[] s, CpuFrame f) {
        return f.allocating(s) && f.pc(s) != LAST_PID_READ || returnedFromAlloc(s, f);
    }

    private boolean sameLastPid(long[] s) {
        for (CpuFrame f : cpus) {
            if (hasReadLastPid(s, f)) {
                for (CpuFrame g : cpus) {
                    if (g.cpu > f.cpu && hasReadLastPid(s, g) && g.last.get(s) == f.last.get(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
