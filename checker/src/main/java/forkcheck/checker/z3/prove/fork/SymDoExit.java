package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code DoExit} on a symbolic state, method for method. */
final class SymDoExit {
    private final SymKernel k;

    SymDoExit(SymKernel k) {
        this.k = k;
    }

    /** {@code DoExit.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code DoExit.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
