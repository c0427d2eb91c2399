package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code ToOthers} on a symbolic state, method for method. */
final class SymToOthers {
    private final SymKernel k;

    SymToOthers(SymKernel k) {
        this.k = k;
    }

    /** {@code ToOthers.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code ToOthers.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
