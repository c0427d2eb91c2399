package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.TaskState;

/** {@code DoSignal} on a symbolic state, method for method; the Java has no {@code enabled} for it. */
final class SymDoSignal {
    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;

    SymDoSignal(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    /** {@code DoSignal.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        switch (l) {
            case GET_SIGNAL_STOP -> {
                x.set(t.sigstop[cur], k.mutant == ForkMutant.SIGSTOP_STAYS_PENDING);
                x.set(t.tifSigpending[cur], x.isSet(t.sigkill[cur]));
                BoolExpr stopped = k.ptraceStop(x, cur, ForkLabel.GET_SIGNAL_STOP_RESUMED);
                x.when(c.mkNot(stopped), () -> doSignalStop(x, cur));
            }
            case GET_SIGNAL_STOP_RESUMED -> {
                // signr = current->exit_code: 0 if the tracer's wait4 took it or PTRACE_CONT/DETACH cancelled it
                BoolExpr redeliver = c.mkAnd(x.isSet(t.stopToReport[cur]), c.mkNot(x.isSet(t.sigkill[cur])));
                x.when(redeliver, () -> doSignalStop(x, cur), () -> {
                    x.set(t.stopToReport[cur], 0);
                    f.setPc(x, cur, ForkLabel.IDLE);
                });
            }
            default -> x.undefined();
        }
    }

    /** {@code DoSignal.doSignalStop}. */
    private void doSignalStop(Exec x, int cur) {
        x.set(t.stopToReport[cur], 1);
        t.setTo(x, t.state[cur], TaskState.TASK_STOPPED);
        f.setPc(x, cur, ForkLabel.GET_SIGNAL_STOP_RESUMED);
    }
}
