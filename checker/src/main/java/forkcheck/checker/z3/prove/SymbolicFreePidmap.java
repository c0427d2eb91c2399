package forkcheck.checker.z3.prove;

import static forkcheck.spec.pid.PidLabel.ATOMIC_INC;
import static forkcheck.spec.pid.PidLabel.CLEAR_BIT;
import static forkcheck.spec.pid.PidLabel.RET;

import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;

/** {@code FreePidmap}'s steps on a symbolic state. */
final class SymbolicFreePidmap {
    private final SymPidmap pm;

    SymbolicFreePidmap(SymPidmap pm) {
        this.pm = pm;
    }

    void call(Exec x, SymCpu f, Expr<IntSort> pid) {
        f.clearFrame(x);
        x.set(f.pid, pid);
        x.set(f.map, pm.pageOf(x, pid));
        x.set(f.offset, pm.pageOffset(x, pid));
        f.setPc(x, CLEAR_BIT);
    }

    void step(Exec x, SymCpu f) {
        switch (f.label(x)) {
            case CLEAR_BIT -> {
                x.forIndex(x.get(f.map), pm.entries, m -> x.forIndex(x.get(f.offset), pm.bitsPerPage,
                        o -> x.setBit(SymPidmap.bits(m), o, x.ctx().mkFalse())));
                f.setPc(x, ATOMIC_INC);
            }
            case ATOMIC_INC -> {
                x.forIndex(x.get(f.map), pm.entries, m ->
                        x.set(SymPidmap.nrFree(m), x.ctx().mkAdd(x.get(SymPidmap.nrFree(m)), x.num(1))));
                f.clearDeadLocals(x);
                x.set(f.pid, 0);
                f.setPc(x, RET);
            }
            default -> x.undefined();
        }
    }
}
