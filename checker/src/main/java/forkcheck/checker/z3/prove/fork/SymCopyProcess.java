package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;

/** {@code CopyProcess} on a symbolic state, method for method. */
final class SymCopyProcess {
    private final SymKernel k;

    SymCopyProcess(SymKernel k) {
        this.k = k;
    }

    /** {@code CopyProcess.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code CopyProcess.canFail}. */
    BoolExpr canFail(Exec x, int cur, ForkLabel l) {
        x.undefined();
        return x.ctx().mkFalse();
    }

    /** {@code CopyProcess.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        x.undefined();
    }
}
