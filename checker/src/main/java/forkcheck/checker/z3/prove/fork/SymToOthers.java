package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ExitState;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.PidType;
import forkcheck.spec.fork.PtraceFlags;
import forkcheck.spec.fork.TaskState;

/** {@code ToOthers} on a symbolic state, method for method. */
final class SymToOthers {
    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;

    SymToOthers(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    /** {@code ToOthers.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        return l == ForkLabel.PTRACE_ATTACH_LINK || l == ForkLabel.PTRACE_DETACH ? k.tasklistLock.canWrite(x)
                : k.tasklistLock.canRead(x);
    }

    /** {@code ToOthers.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        if (l == ForkLabel.PTRACE_ATTACH_LINK) {
            attachLink(x, cur);
            return;
        }
        Expr<IntSort> found = k.hashedSlotOf(x, k.namedProgram(x, cur));
        x.when(c.mkLt(found, x.num(0)), () -> f.ret(x, cur, Errno.ESRCH), () -> {
            if (l == ForkLabel.PTRACE_ATTACH) {
                x.forIndex(found, k.slots, p -> attach(x, cur, p));
                return;
            }
            if (l == ForkLabel.PTRACE_CONT || l == ForkLabel.PTRACE_DETACH) {
                x.forIndex(found, k.slots, p -> resume(x, cur, p, l == ForkLabel.PTRACE_DETACH));
                return;
            }
            // the Java's casts of currentOp throw where the op is not the label's: no successor there
            k.withCurrentOp(x, cur, op -> {
                if (l == ForkLabel.KILL && op instanceof ForkOp.Kill kill && kill.group()) {
                    killProcessGroup(x, x.read(t.pgrp, found));
                } else if (l == ForkLabel.KILL && op instanceof ForkOp.Kill) {
                    groupKill(x, found);
                } else if (l == ForkLabel.SET_CPUS_ALLOWED && op instanceof ForkOp.SetAffinity affinity) {
                    x.forIndex(found, k.slots, p -> migrateTask(x, p, affinity.cpu()));
                } else {
                    x.undefined();
                }
            });
            f.ret(x, cur, Errno.NONE);
        });
    }

    /** {@code ToOthers.groupKill}; {@code p} a term, as only its signal_struct is read. */
    private void groupKill(Exec x, Expr<IntSort> p) {
        Context c = x.ctx();
        Expr<IntSort> sig = x.read(t.signal, p);
        x.when(c.mkGe(sig, x.num(0)), () -> {
            x.write(k.pools.signalGroupExit, sig, x.num(1));
            for (int q = 0; q < k.slots; q++) {
                int thread = q;
                x.when(c.mkAnd(t.isUsed(x, q), c.mkEq(x.get(t.signal[q]), sig),
                        x.isSet(t.attached[q][PidType.PIDTYPE_PID.ordinal()])), () -> k.sigkill(x, thread));
            }
        });
    }

    /** {@code ToOthers.killProcessGroup}. */
    private void killProcessGroup(Exec x, Expr<IntSort> pgrp) {
        Context c = x.ctx();
        for (int q = 0; q < k.slots; q++) {
            int member = q;
            x.when(c.mkAnd(t.isUsed(x, q), x.isSet(t.attached[q][PidType.PIDTYPE_PGID.ordinal()]),
                    c.mkEq(x.get(t.pgrp[q]), pgrp)), () -> groupKill(x, x.num(member)));
        }
    }

    /** {@code ToOthers.attach}. */
    private void attach(Exec x, int cur, int p) {
        Context c = x.ctx();
        Expr<IntSort> u = x.get(t.user[cur]);
        BoolExpr permitted = c.mkAnd(c.mkGt(x.get(t.pid[p]), x.num(1)), c.mkBool(p != cur),
                c.mkGe(x.get(t.mm[p]), x.num(0)), c.mkOr(c.mkEq(u, x.num(0)), c.mkEq(u, x.get(t.user[p]))),
                c.mkNot(SymTasks.hasBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL)));
        x.when(c.mkNot(permitted), () -> f.ret(x, cur, Errno.EPERM), () -> {
            x.set(t.ptrace[p], SymTasks.orBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL));
            x.set(f.child[cur], p);
            f.setPc(x, cur, ForkLabel.PTRACE_ATTACH_LINK);
        });
    }

    /** {@code ToOthers.resume}. */
    private void resume(Exec x, int cur, int p, boolean detach) {
        Context c = x.ctx();
        BoolExpr stopped = c.mkOr(t.is(x, t.state[p], TaskState.TASK_TRACED), t.is(x, t.state[p], TaskState.TASK_STOPPED));
        BoolExpr notOurs = c.mkOr(c.mkNot(SymTasks.hasBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL)),
                c.mkNot(c.mkEq(x.get(t.parent[p]), x.num(cur))), c.mkNot(stopped));
        x.when(notOurs, () -> f.ret(x, cur, Errno.ESRCH), () -> {
            x.set(t.stopToReport[p], 0);
            if (detach) {
                k.ptraceUnlink(x, p);
            }
            x.when(c.mkNot(t.is(x, t.exitState[p], ExitState.EXIT_ZOMBIE)), () -> {
                k.tryToWakeUp(x, p, TaskState.TASK_TRACED);
                k.tryToWakeUp(x, p, TaskState.TASK_STOPPED);
            });
            f.ret(x, cur, Errno.NONE);
        });
    }

    /** {@code ToOthers.attachLink}. */
    private void attachLink(Exec x, int cur) {
        Expr<IntSort> child = x.get(f.child[cur]);
        x.forIndex(child, k.slots, p -> x.when(x.isSet(t.attached[p][PidType.PIDTYPE_PID.ordinal()]), () -> {
            k.ptraceLink(x, p, x.num(cur));
            x.set(t.sigstop[p], 1);
            x.set(t.tifSigpending[p], 1);
        }));
        f.ret(x, cur, Errno.NONE);
    }

    /** {@code ToOthers.migrateTask}. */
    private void migrateTask(Exec x, int p, int dest) {
        Context c = x.ctx();
        Expr<IntSort> from = x.get(t.cpu[p]);
        // || short-circuits: rq.curr[from] is read only where from is not dest
        BoolExpr stays = x.chooseBool(c.mkEq(from, x.num(dest)), c::mkTrue,
                () -> c.mkEq(x.read(k.rq.curr, from), x.num(p)));
        x.when(c.mkNot(stays), () -> x.when(x.isSet(t.array[p]), () -> x.forIndex(from, k.cpus, fromCpu -> {
            k.rq.deactivate(x, t, p, fromCpu);
            x.set(t.cpu[p], dest);
            k.rq.activate(x, t, p, x.num(dest));
        }), () -> x.set(t.cpu[p], dest)));
    }
}
