package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code Reap} on a symbolic state, method for method. */
final class SymReap {
    private final SymKernel k;

    SymReap(SymKernel k) {
        this.k = k;
    }

    /** {@code Reap.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code Reap.freeReturned}. */
    void freeReturned(Exec x, int cpu, int cur) {
        x.undefined();
    }

    /** {@code Reap.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
