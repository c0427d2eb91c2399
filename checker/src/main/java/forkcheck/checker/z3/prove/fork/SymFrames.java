package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkSpec;

/** {@code Frames} on a symbolic state: each task's pc and the locals of its system call. */
final class SymFrames {
    /** {@code Frames.Ref}'s bits of {@code ghost.refs_taken}. */
    static final int SEMUNDO = ForkSpec.constant("refs_taken.SEMUNDO");
    static final int FILES = ForkSpec.constant("refs_taken.FILES");
    static final int FS = ForkSpec.constant("refs_taken.FS");
    static final int SIGHAND = ForkSpec.constant("refs_taken.SIGHAND");
    static final int SIGNAL = ForkSpec.constant("refs_taken.SIGNAL");
    static final int MM = ForkSpec.constant("refs_taken.MM");
    static final int NAMESPACE = ForkSpec.constant("refs_taken.NAMESPACE");
    private static final int REFS_MAX = 2 * NAMESPACE - 1;

    final String[] pc;
    final String[] pid;
    final String[] child;
    final String[] trace;
    final String[] errno;
    final String[] vforkCompleted;
    final String[] toFree;
    final String[] refsTaken;
    final String[] sliceBefore;

    SymFrames(int slots) {
        pc = SymTasks.names(slots, "pc");
        pid = SymTasks.names(slots, "frame.pid");
        child = SymTasks.names(slots, "frame.p");
        trace = SymTasks.names(slots, "frame.trace");
        errno = SymTasks.names(slots, "frame.errno");
        vforkCompleted = SymTasks.names(slots, "frame.vfork.done");
        toFree = SymTasks.names(slots, "frame.to_free");
        refsTaken = SymTasks.names(slots, "ghost.refs_taken");
        sliceBefore = SymTasks.names(slots, "ghost.slice_before");
    }

    Expr<IntSort> pc(Exec x, int t) {
        return x.get(pc[t]);
    }

    BoolExpr pcIs(Exec x, int t, ForkLabel l) {
        return x.ctx().mkEq(x.get(pc[t]), x.num(l.ordinal()));
    }

    void setPc(Exec x, int t, ForkLabel l) {
        x.set(pc[t], l.ordinal());
    }

    void begin(Exec x, int t, ForkLabel first) {
        clear(x, t);
        x.set(errno[t], Errno.NONE.ordinal());
        setPc(x, t, first);
    }

    void ret(Exec x, int t, Errno e) {
        clear(x, t);
        x.set(errno[t], e.ordinal());
        setPc(x, t, ForkLabel.IDLE);
    }

    /** {@code ret(s, t, errno(s, t))}: the call returns the errno its frame holds. */
    void retKeepingErrno(Exec x, int t) {
        Expr<IntSort> e = x.get(errno[t]);
        clear(x, t);
        x.set(errno[t], e);
        setPc(x, t, ForkLabel.IDLE);
    }

    void setErrno(Exec x, int t, Errno e) {
        x.set(errno[t], e.ordinal());
    }

    private void clear(Exec x, int t) {
        x.set(pid[t], -1);
        x.set(child[t], -1);
        x.set(trace[t], 0);
        x.set(vforkCompleted[t], 0);
        x.set(toFree[t], 0);
        x.set(refsTaken[t], 0);
        x.set(sliceBefore[t], 0);
    }

    BoolExpr refTaken(Exec x, int t, int ref) {
        return SymTasks.hasBit(x, x.get(refsTaken[t]), ref, REFS_MAX);
    }

    /** {@code Frames.takeRef}: the ref's bit set where {@code taken}, cleared elsewhere. */
    @SuppressWarnings("unchecked")
    void takeRef(Exec x, int t, int ref, BoolExpr taken) {
        Expr<IntSort> bits = x.get(refsTaken[t]);
        x.set(refsTaken[t], (Expr<IntSort>) x.ctx().mkITE(taken, SymTasks.orBit(x, bits, ref, REFS_MAX),
                SymTasks.clearBit(x, bits, ref, REFS_MAX)));
    }

    void clearAll(Exec x, int t) {
        clear(x, t);
        x.set(errno[t], 0);
        setPc(x, t, ForkLabel.IDLE);
    }
}
