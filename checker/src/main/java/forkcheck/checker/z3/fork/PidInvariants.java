package forkcheck.checker.z3.fork;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.fork.ForkScenario;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.List;

/** pid-unique, pidmap-matches-tasks, nr-free-exact: the pids tasks own against the pidmap. */
final class PidInvariants {
    private final ForkVars z;
    private final PidOwners owners;
    private final int pidMax;
    private final int bitsPerPage;
    private final int pages;
    private final List<BoolExpr> takenBits;

    PidInvariants(ForkVars z) {
        this.z = z;
        this.owners = new PidOwners(z);
        ForkScenario sc = z.spec.scenario();
        pidMax = sc.pidMax();
        bitsPerPage = sc.bitsPerPage();
        pages = sc.pidmapEntries();
        takenBits = takenBits();
    }

    /**
     * No two tasks own the same pid other than 0 (every idle task's): hashed tasks by their pid,
     * forks in flight by the pid alloc_pidmap gave them.
     */
    BoolExpr pidUnique() {
        List<PidOwners.Owner> o = new ArrayList<>();
        for (int p = 0; p < z.slots; p++) {
            o.add(owners.hashed(p, 0));
            o.add(owners.forkInFlight(p));
        }
        List<BoolExpr> all = new ArrayList<>();
        for (int a = 0; a < o.size(); a++) {
            for (int b = a + 1; b < o.size(); b++) {
                all.add(z.not(z.and(o.get(a).owns(), o.get(b).owns(), z.eq(o.get(a).pid(), o.get(b).pid()),
                        z.ctx.mkGt(o.get(a).pid(), z.i(0)))));
            }
        }
        return z.and(all);
    }

    /** {@code pid}'s bit is set in a present page; defined for 0 .. pid_max-1. */
    private BoolExpr taken(IntExpr pid) {
        return z.atBool("pidmap.taken", takenBits, pid);
    }

    /** For each pid of 0 .. pid_max-1, by pid: its bit is set in a present page. */
    private List<BoolExpr> takenBits() {
        List<BoolExpr> bits = new ArrayList<>();
        for (int m = 0; m < pages; m++) {
            BoolExpr present = z.isSet(z.v(page(m) + ".page"));
            BoolExpr[] b = z.bits(page(m) + ".bits");
            for (int j = 0; j < bitsPerPage && m * bitsPerPage + j < pidMax; j++) {
                bits.add(z.and(present, b[j]));
            }
        }
        return bits;
    }

    private static String page(int m) {
        return "pidmap_array[" + m + "]";
    }

    /**
     * Every pid a task owns or is hashed under is set in the pidmap, and every set bit is some
     * owner's pid. The second half bit by bit, not by counting distinct owners against set bits:
     * the same set, but the count makes the solver search: certification cost 1.5 to 4 times as
     * much, and on a state left free Z3 found no model in 20 s (README, "Z3").
     */
    BoolExpr pidmapMatchesTasks() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 0; p < z.slots; p++) {
            for (int type = 0; type < PidOwners.TYPES.length; type++) {
                PidOwners.Owner h = owners.hashed(p, type);
                all.add(z.implies(h.owns(), taken(h.pid())));
            }
            PidOwners.Owner f = owners.forkInFlight(p);
            all.add(z.implies(f.owns(), taken(f.pid())));
        }
        List<PidOwners.Owner> o = owners.all();
        for (int pid = 0; pid < takenBits.size(); pid++) {
            int nr = pid;
            BoolExpr owned = z.or(o.stream().map(a -> z.and(a.owns(), z.eq(a.pid(), nr))).toList());
            all.add(z.implies(takenBits.get(pid), owned));
        }
        return z.and(all);
    }

    /**
     * Each page's nr_free: every bit if the page is absent; else its clear bits, plus CPUs between
     * test_and_set_bit and atomic_dec on it, minus CPUs between clear_bit and atomic_inc on it.
     */
    BoolExpr nrFreeExact() {
        List<BoolExpr> all = new ArrayList<>();
        for (int m = 0; m < pages; m++) {
            IntExpr nrFree = z.v(page(m) + ".nr_free");
            List<ArithExpr<IntSort>> expected = new ArrayList<>();
            for (BoolExpr b : z.bits(page(m) + ".bits")) {
                expected.add(z.oneIf(z.not(b)));
            }
            for (int c = 0; c < z.cpus; c++) {
                BoolExpr here = onPage(z.v("cpu" + c + ".pid"), m);
                IntExpr pc = z.v("cpu" + c + ".pc");
                expected.add(z.oneIf(z.and(here, z.eq(pc, PidLabel.ATOMIC_DEC.ordinal()))));
                expected.add(z.ctx.mkUnaryMinus(z.oneIf(z.and(here, z.eq(pc, PidLabel.ATOMIC_INC.ordinal())))));
            }
            BoolExpr present = z.isSet(z.v(page(m) + ".page"));
            all.add(z.implies(present, z.eq(nrFree, z.sum(expected))));
            all.add(z.implies(z.not(present), z.eq(nrFree, bitsPerPage)));
        }
        return z.and(all);
    }

    /** {@code pid / BITS_PER_PAGE == m}, with C's division, which rounds toward zero. */
    private BoolExpr onPage(IntExpr pid, int m) {
        int lo = m == 0 ? -bitsPerPage + 1 : m * bitsPerPage;
        return z.and(z.ctx.mkGe(pid, z.i(lo)), z.ctx.mkLt(pid, z.i((m + 1) * bitsPerPage)));
    }
}
