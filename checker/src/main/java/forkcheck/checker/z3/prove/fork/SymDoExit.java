package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ExitState;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.PidType;

/** {@code DoExit} on a symbolic state, method for method. */
final class SymDoExit {
    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;
    private final SymPools pools;

    SymDoExit(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
    }

    /** {@code DoExit.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        return switch (l) {
            case GROUP_EXIT -> k.tasklistLock.canRead(x);
            case EXIT_NOTIFY -> k.tasklistLock.canWrite(x);
            default -> x.ctx().mkTrue();
        };
    }

    /** {@code DoExit.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        switch (l) {
            case GROUP_EXIT -> {
                Expr<IntSort> sig = x.get(t.signal[cur]);
                x.when(c.mkAnd(c.mkNot(x.isSet(pools.signalGroupExit, sig)), c.mkNot(k.threadGroupEmpty(x, cur))), () -> {
                    x.write(pools.signalGroupExit, sig, x.num(1));
                    x.write(pools.groupStopCount, sig, x.num(0));
                    zapOtherThreads(x, cur);
                });
                f.setPc(x, cur, ForkLabel.DO_EXIT);
            }
            case DO_EXIT -> {
                Expr<IntSort> pid = x.get(t.pid[cur]);
                x.when(c.mkOr(c.mkEq(pid, x.num(0)), c.mkEq(pid, x.num(1))), () -> x.set(k.panicked, 1));
                t.setFlag(x, cur, SymTasks.PF_EXITING);
                Expr<IntSort> sig = x.get(t.signal[cur]);
                SymPools.add(x, pools.signalLive, sig, -1);
                f.setPc(x, cur, ForkLabel.EXIT_MM);
            }
            case EXIT_MM -> {
                k.mmRelease(x, cur, false);
                x.when(c.mkGe(x.get(t.mm[cur]), x.num(0)), () -> f.setPc(x, cur, ForkLabel.EXIT_MMPUT),
                        () -> afterExitMm(x, cur));
            }
            case EXIT_MMPUT -> {
                mmput(x, cur);
                afterExitMm(x, cur);
            }
            case EXIT_SEM -> {
                // exit_sem leaves the pointer behind; nothing reads it again, and a NULL says the reference is gone.
                SymPools.put(x, t.semUndo[cur], pools.semUndoRefcnt);
                f.setPc(x, cur, ForkLabel.EXIT_FILES);
            }
            case EXIT_FILES -> {
                SymPools.put(x, t.files[cur], pools.filesCount);
                f.setPc(x, cur, ForkLabel.EXIT_FS);
            }
            case EXIT_FS -> {
                SymPools.put(x, t.fs[cur], pools.fsCount);
                x.when(c.mkGe(x.get(t.namespace[cur]), x.num(0)), () -> f.setPc(x, cur, ForkLabel.EXIT_NAMESPACE),
                        () -> f.setPc(x, cur, ForkLabel.EXIT_NOTIFY));
            }
            case EXIT_NAMESPACE -> {
                SymPools.put(x, t.namespace[cur], pools.namespaceCount);
                f.setPc(x, cur, ForkLabel.EXIT_NOTIFY);
            }
            case EXIT_NOTIFY -> {
                k.tasklistLock.writeLock(x, cpu);
                x.set(k.rq.irqsEnabled[cpu], 0);
                f.setPc(x, cur, ForkLabel.EXIT_NOTIFY_BODY);
            }
            case EXIT_NOTIFY_BODY -> exitNotify(x, cpu, cur);
            case EXIT_SCHEDULE -> {
                t.setFlag(x, cur, SymTasks.PF_DEAD);
                x.when(x.isSet(t.array[cur]), () -> k.rq.deactivate(x, t, cur, cpu));
                x.set(k.rq.needResched[cpu], 0);
                x.set(k.rq.curr[cpu], k.pickNext(x, cpu));
                f.clearAll(x, cur);
                k.putTaskStruct(x, cur);
            }
            case EXEC_MM_RELEASE -> {
                k.mmRelease(x, cur, true);
                f.setPc(x, cur, ForkLabel.EXEC_MMPUT);
            }
            case EXEC_MMPUT -> {
                Expr<IntSort> mm = SymPools.firstFree(x, pools.mmUsers);
                mmput(x, cur);
                x.when(c.mkGe(mm, x.num(0)), () -> x.write(pools.mmUsers, mm, x.num(1)));
                x.set(t.mm[cur], mm);
                x.set(t.flags[cur], SymTasks.clearBit(x, x.get(t.flags[cur]), SymTasks.PF_FORKNOEXEC, 7));
                x.set(t.didExec[cur], 1);
                f.ret(x, cur, Errno.NONE);
            }
            default -> x.undefined();
        }
    }

    /** {@code DoExit.exitNotify}. */
    @SuppressWarnings("unchecked")
    private void exitNotify(Exec x, int cpu, int cur) {
        Context c = x.ctx();
        k.forgetOriginalParent(x, cur);
        Expr<IntSort> exitSignal = x.get(t.exitSignal[cur]);
        BoolExpr signals = c.mkNot(c.mkEq(exitSignal, x.num(-1)));
        BoolExpr traced = c.mkNot(c.mkEq(x.get(t.ptrace[cur]), x.num(0)));
        x.when(c.mkOr(c.mkAnd(signals, k.threadGroupEmpty(x, cur)), traced), () -> k.doNotifyParent(x, cur));
        BoolExpr dead = (BoolExpr) c.mkAnd(c.mkNot(signals), c.mkEq(x.get(t.ptrace[cur]), x.num(0))).simplify();
        x.set(t.exitState[cur], (Expr<IntSort>) c.mkITE(dead, x.num(ExitState.EXIT_DEAD.ordinal()),
                x.num(ExitState.EXIT_ZOMBIE.ordinal())));
        k.tasklistLock.writeUnlock(x, cpu);
        x.set(k.rq.irqsEnabled[cpu], 1);
        x.when(dead, () -> {
            x.set(f.child[cur], cur);
            f.setPc(x, cur, ForkLabel.RELEASE_TASK);
        }, () -> f.setPc(x, cur, ForkLabel.EXIT_SCHEDULE));
    }

    /** {@code DoExit.zapOtherThreads}. */
    private void zapOtherThreads(Exec x, int p) {
        Context c = x.ctx();
        Expr<IntSort> leader = x.get(t.groupLeader[p]);
        for (int q = 0; q < k.slots; q++) {
            if (q == p) {
                continue;
            }
            int qq = q;
            BoolExpr other = c.mkAnd(t.isUsed(x, q), x.isSet(t.attached[q][PidType.PIDTYPE_TGID.ordinal()]),
                    c.mkEq(x.get(t.tgid[q]), x.get(t.tgid[p])));
            x.when(c.mkAnd(other, t.is(x, t.exitState[q], ExitState.ALIVE)), () -> {
                x.when(c.mkNot(c.mkEq(leader, x.num(qq))), () -> x.set(t.exitSignal[qq], -1));
                x.set(t.sigstop[qq], 0);
                k.sigkill(x, qq);
            });
        }
    }

    /** {@code DoExit.afterExitMm}, as the pc it sets. */
    private void afterExitMm(Exec x, int cur) {
        Context c = x.ctx();
        x.when(c.mkGe(x.get(t.semUndo[cur]), x.num(0)), () -> f.setPc(x, cur, ForkLabel.EXIT_SEM),
                () -> f.setPc(x, cur, ForkLabel.EXIT_FILES));
    }

    /** {@code DoExit.mmput}. */
    private void mmput(Exec x, int cur) {
        SymPools.put(x, t.mm[cur], pools.mmUsers);
    }
}
