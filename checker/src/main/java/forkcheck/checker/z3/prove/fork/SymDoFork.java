package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code DoFork} on a symbolic state, method for method. */
final class SymDoFork {
    private final SymKernel k;

    SymDoFork(SymKernel k) {
        this.k = k;
    }

    void begin(Exec x, int cpu, int cur) {
        x.undefined();
    }

    void allocReturned(Exec x, int cpu, int cur) {
        x.undefined();
    }

    void freeReturned(Exec x, int cpu, int cur) {
        x.undefined();
    }

    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        return x.ctx().mkTrue();
    }

    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
