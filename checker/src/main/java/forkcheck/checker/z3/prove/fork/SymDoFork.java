package forkcheck.checker.z3.prove.fork;

import static forkcheck.spec.fork.CloneFlags.CLONE_STOPPED;
import static forkcheck.spec.fork.CloneFlags.CLONE_UNTRACED;
import static forkcheck.spec.fork.CloneFlags.CLONE_VFORK;
import static forkcheck.spec.fork.CloneFlags.CLONE_VM;
import static forkcheck.spec.fork.CloneFlags.CSIGNAL;
import static forkcheck.spec.fork.CloneFlags.SIGCHLD;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.PtraceFlags;
import forkcheck.spec.fork.TaskState;

/** {@code DoFork} on a symbolic state, method for method. */
final class SymDoFork {
    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;

    SymDoFork(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    void begin(Exec x, int cpu, int cur) {
        f.setPc(x, cur, ForkLabel.DO_FORK_1);
        k.pids.callAlloc(x, cpu);
    }

    void allocReturned(Exec x, int cpu, int cur) {
        Expr<IntSort> pid = k.pids.result(x, cpu);
        k.pids.release(x, cpu);
        x.when(x.ctx().mkLt(pid, x.num(0)), () -> f.ret(x, cur, Errno.EAGAIN), () -> {
            x.set(f.pid[cur], pid);
            f.setPc(x, cur, ForkLabel.DO_FORK_2);
        });
    }

    void freeReturned(Exec x, int cpu, int cur) {
        k.pids.release(x, cpu);
        f.retKeepingErrno(x, cur);
    }

    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        return x.ctx().mkTrue();
    }

    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> child = x.get(f.child[cur]);
        switch (l) {
            case DO_FORK_2 -> {
                x.when(c.mkNot(c.mkEq(x.get(t.ptrace[cur]), x.num(0))), () -> k.withCurrentOp(x, cur, op -> {
                    if (op instanceof ForkOp.Fork fork) {
                        x.set(f.trace[cur], forkTraceflag(x, cur, fork.flags()));
                    } else {
                        x.undefined();
                    }
                }));
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_1);
            }
            case DO_FORK_3 -> x.forIndex(child, k.slots, p -> {
                Expr<IntSort> flags = k.cloneFlags(x, cur);
                x.when(k.has(x, flags, CLONE_VFORK), () -> {
                    x.set(t.vforkDone[p], cur);
                    x.set(f.vforkCompleted[cur], 0);
                    x.set(k.vforkReleases[cur], 0);
                });
                BoolExpr traced = SymTasks.hasBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL);
                x.when(c.mkOr(traced, k.has(x, flags, CLONE_STOPPED)), () -> {
                    x.set(t.sigstop[p], 1);
                    x.set(t.tifSigpending[p], 1);
                });
                x.when(k.has(x, flags, CLONE_STOPPED), () -> f.setPc(x, cur, ForkLabel.DO_FORK_6),
                        () -> f.setPc(x, cur, ForkLabel.DO_FORK_5));
            });
            case DO_FORK_5 -> x.forIndex(child, k.slots, p -> wakeUpNewTask(x, cpu, cur, p));
            case WAKE_UP_NEW_TASK_THIS_RQ -> afterWakeUp(x, cur);
            case DO_FORK_6 -> x.forIndex(child, k.slots, p -> {
                t.setTo(x, t.state[p], TaskState.TASK_STOPPED);
                afterWakeUp(x, cur);
            });
            case DO_FORK_7, DO_FORK_8_VFORK_DONE -> {
                BoolExpr stopped = k.ptraceStop(x, cur, ForkLabel.PTRACE_STOP_RESUMED);
                x.when(c.mkNot(stopped), () -> afterTraceEvent(x, cur));
            }
            case PTRACE_STOP_RESUMED -> afterTraceEvent(x, cur);
            case DO_FORK_8 -> waitForCompletion(x, cur);
            case DO_FORK_FREE_PIDMAP -> {
                if (k.mutant == ForkMutant.NO_FREE_PIDMAP_ON_ERROR) {
                    f.retKeepingErrno(x, cur);
                } else {
                    k.pids.callFree(x, cpu, x.get(f.pid[cur]));
                }
            }
            default -> x.undefined();
        }
    }

    private void afterTraceEvent(Exec x, int cur) {
        Context c = x.ctx();
        x.when(c.mkAnd(k.has(x, k.cloneFlags(x, cur), CLONE_VFORK), c.mkNot(x.isSet(f.vforkCompleted[cur]))),
                () -> f.setPc(x, cur, ForkLabel.DO_FORK_8), () -> doForkReturns(x, cur));
    }

    /** {@code fork_traceflag(clone_flags)}, the flags the fork op's. */
    @SuppressWarnings("unchecked")
    private Expr<IntSort> forkTraceflag(Exec x, int cur, int flags) {
        Expr<IntSort> ptrace = x.get(t.ptrace[cur]);
        int option;
        int event;
        if ((flags & CLONE_UNTRACED) != 0) {
            return x.num(0);
        } else if ((flags & CLONE_VFORK) != 0) {
            option = PtraceFlags.TRACE_VFORK;
            event = PtraceFlags.EVENT_VFORK;
        } else if ((flags & CSIGNAL) != SIGCHLD) {
            option = PtraceFlags.TRACE_CLONE;
            event = PtraceFlags.EVENT_CLONE;
        } else {
            option = PtraceFlags.TRACE_FORK;
            event = PtraceFlags.EVENT_FORK;
        }
        return (Expr<IntSort>) x.ctx().mkITE(SymTasks.hasBit(x, ptrace, option, PtraceFlags.ALL), x.num(event), x.num(0));
    }

    /** Step 5, {@code wake_up_new_task(p, clone_flags)}. */
    private void wakeUpNewTask(Exec x, int cpu, int cur, int p) {
        Context c = x.ctx();
        Expr<IntSort> target = x.get(t.cpu[p]);
        x.when(c.mkEq(target, x.num(cpu)), () -> {
            x.when(c.mkNot(k.has(x, k.cloneFlags(x, cur), CLONE_VM)), () -> {
                x.when(c.mkNot(x.isSet(t.array[cur])), () -> k.rq.activate(x, t, p, x.num(cpu)), () -> {
                    k.rq.runList.addTail(x, p, cur);
                    x.set(t.array[p], 1);
                    x.add(k.rq.nrRunning[cpu], 1);
                });
                x.set(k.rq.needResched[cpu], k.mutant != ForkMutant.NO_CHILD_FIRST);
            }, () -> k.rq.activate(x, t, p, x.num(cpu)));
            if (k.mutant == ForkMutant.DOUBLE_ENQUEUE) {
                x.add(k.rq.nrRunning[cpu], 1);
            }
            afterWakeUp(x, cur);
        }, () -> {
            k.rq.activate(x, t, p, target);
            x.forIndex(target, k.cpus, tc -> x.when(k.preemptsCurr(x, tc), () -> x.set(k.rq.needResched[tc], 1)));
            f.setPc(x, cur, ForkLabel.WAKE_UP_NEW_TASK_THIS_RQ);
        });
    }

    /** Steps 7 and 8. */
    private void afterWakeUp(Exec x, int cur) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(x.get(f.trace[cur]), x.num(0))), () -> f.setPc(x, cur, ForkLabel.DO_FORK_7),
                () -> x.when(k.has(x, k.cloneFlags(x, cur), CLONE_VFORK), () -> f.setPc(x, cur, ForkLabel.DO_FORK_8),
                        () -> doForkReturns(x, cur)));
    }

    /** {@code wait_for_completion(&vfork)}. */
    private void waitForCompletion(Exec x, int cur) {
        x.when(x.ctx().mkNot(x.isSet(f.vforkCompleted[cur])), () -> t.setTo(x, t.state[cur], TaskState.TASK_UNINTERRUPTIBLE),
                () -> x.when(SymTasks.hasBit(x, x.get(t.ptrace[cur]), PtraceFlags.TRACE_VFORK_DONE, PtraceFlags.ALL),
                        () -> f.setPc(x, cur, ForkLabel.DO_FORK_8_VFORK_DONE), () -> doForkReturns(x, cur)));
    }

    /** Step 9: {@code return pid;} */
    private void doForkReturns(Exec x, int cur) {
        f.ret(x, cur, Errno.NONE);
    }
}
