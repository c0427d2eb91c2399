package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code DoSignal} on a symbolic state, method for method. */
final class SymDoSignal {
    private final SymKernel k;

    SymDoSignal(SymKernel k) {
        this.k = k;
    }

    /** {@code DoSignal.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code DoSignal.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
