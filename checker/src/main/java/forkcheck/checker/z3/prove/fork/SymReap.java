package forkcheck.checker.z3.prove.fork;

import static forkcheck.spec.fork.ForkLabel.DETACH_PID;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_LOCK;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_PUT;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_UNHASH;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_UNLOCK;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ExitState;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkScenarioParser;
import forkcheck.spec.fork.PidType;
import forkcheck.spec.fork.PtraceFlags;
import forkcheck.spec.fork.TaskState;

/** {@code Reap} on a symbolic state, method for method. */
final class SymReap {
    private static final int PID_TYPES = PidType.values().length;

    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;
    private final SymPools pools;

    SymReap(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
    }

    /** {@code Reap.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        return switch (l) {
            case WAIT -> k.tasklistLock.canRead(x);
            case WAIT_PTRACE_UNLINK -> k.tasklistLock.canWrite(x);
            case RELEASE_TASK_LOCK -> k.tasklistLock.canWrite(x);
            default -> x.ctx().mkTrue();
        };
    }

    /** {@code Reap.step}: {@code fail} is false here, no Reap label having a fault. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> child = x.get(f.child[cur]);
        switch (l) {
            case WAIT -> doWait(x, cur);
            case WAIT_PTRACE_UNLINK -> x.forIndex(child, k.slots, p -> {
                k.ptraceUnlink(x, p);
                t.setTo(x, t.exitState[p], ExitState.EXIT_ZOMBIE);
                x.when(c.mkNot(c.mkEq(x.get(t.exitSignal[p]), x.num(-1))), () -> {
                    k.doNotifyParent(x, p);
                    f.ret(x, cur, Errno.NONE);
                }, () -> f.setPc(x, cur, ForkLabel.RELEASE_TASK));
            });
            case RELEASE_TASK -> x.forIndex(child, k.slots, p -> {
                SymPools.add(x, pools.userProcesses, x.get(t.user[p]), -1);
                f.setPc(x, cur, RELEASE_TASK_LOCK);
            });
            case RELEASE_TASK_LOCK -> {
                k.tasklistLock.writeLock(x, cpu);
                x.set(k.rq.irqsEnabled[cpu], 0);
                f.setPc(x, cur, RELEASE_TASK_UNHASH);
            }
            case RELEASE_TASK_UNHASH -> x.forIndex(child, k.slots, p -> unhash(x, cpu, cur, p));
            case DETACH_PID -> x.forIndex(child, k.slots, p -> x.forIndex(x.get(f.toFree[cur]), 1 << PID_TYPES,
                    types -> {
                        if (types == 0) {
                            // numberOfTrailingZeros(0) is 32: PidType.values()[32] throws
                            x.undefined();
                            return;
                        }
                        int type = Integer.numberOfTrailingZeros(types);
                        x.set(f.toFree[cur], types & (types - 1));
                        k.pids.callFree(x, cpu, k.nr(x, p, type));
                    }));
            case RELEASE_TASK_UNLOCK -> x.forIndex(child, k.slots, p -> {
                schedExit(x, p);
                k.tasklistLock.writeUnlock(x, cpu);
                x.set(k.rq.irqsEnabled[cpu], 1);
                f.setPc(x, cur, RELEASE_TASK_PUT);
            });
            case RELEASE_TASK_PUT -> x.forIndex(child, k.slots, p -> {
                k.putTaskStruct(x, p);
                if (p == cur) {
                    x.set(f.child[cur], -1);
                    f.setPc(x, cur, ForkLabel.EXIT_SCHEDULE);
                } else {
                    f.ret(x, cur, Errno.NONE);
                }
            });
            default -> x.undefined();
        }
    }

    /** {@code Reap.freeReturned}. */
    void freeReturned(Exec x, int cpu, int cur) {
        Context c = x.ctx();
        k.pids.release(x, cpu);
        x.when(c.mkNot(c.mkEq(x.get(f.toFree[cur]), x.num(0))), () -> f.setPc(x, cur, DETACH_PID),
                () -> f.setPc(x, cur, RELEASE_TASK_UNLOCK));
    }

    /**
     * {@code Reap.doWait}: the walk over the children unrolled to the list's size, one turn per
     * call; whether a child was seen ({@code any}) is a term, so each turn goes on down one path
     * only, not one per outcome.
     */
    private void doWait(Exec x, int cur) {
        int head = SymTasks.children(cur);
        waitFrom(x, cur, head, t.family.next(x, head), x.ctx().mkFalse(), t.family.size());
    }

    private void waitFrom(Exec x, int cur, int head, Expr<IntSort> node, BoolExpr any, int left) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(node, x.num(head))), () -> {
            if (left == 0) {
                x.undefined();
                return;
            }
            Expr<IntSort> p = ofSibling(x, node);
            BoolExpr skipped = x.selectBool(p, k.slots, q -> c.mkAnd(c.mkEq(x.get(t.exitSignal[q]), x.num(-1)),
                    c.mkEq(x.get(t.ptrace[q]), x.num(0))));
            BoolExpr reported = c.mkAnd(c.mkNot(skipped), x.selectBool(p, k.slots, q -> stopToReport(x, q)));
            BoolExpr reaped = c.mkAnd(c.mkNot(skipped), c.mkNot(reported), x.selectBool(p, k.slots, q -> reapable(x, q)));
            x.when(reported, () -> x.forIndex(p, k.slots, q -> {
                x.set(t.stopToReport[q], 0);
                x.set(f.pid[cur], x.get(t.pid[q]));
                f.ret(x, cur, Errno.NONE);
            }), () -> x.when(reaped, () -> x.forIndex(p, k.slots, q -> {
                t.setTo(x, t.exitState[q], ExitState.EXIT_DEAD);
                x.set(f.child[cur], q);
                x.set(f.pid[cur], x.get(t.pid[q]));
                BoolExpr traced = c.mkNot(c.mkEq(x.get(t.realParent[q]), x.get(t.parent[q])));
                x.when(traced, () -> f.setPc(x, cur, ForkLabel.WAIT_PTRACE_UNLINK),
                        () -> f.setPc(x, cur, ForkLabel.RELEASE_TASK));
            }), () -> waitFrom(x, cur, head, t.family.next(x, node), c.mkOr(any, c.mkNot(skipped)), left - 1)));
        }, () -> {
            BoolExpr anyChild = c.mkOr(any, c.mkNot(t.ptraceLinks.isEmpty(x, SymTasks.ptraceChildren(cur))));
            x.when(c.mkNot(anyChild), () -> f.ret(x, cur, Errno.ECHILD), () -> x.when(x.isSet(t.sigkill[cur]),
                    () -> f.ret(x, cur, Errno.EINTR), () -> {
                        t.setTo(x, t.state[cur], TaskState.TASK_INTERRUPTIBLE);
                        f.setPc(x, cur, ForkLabel.WAIT);
                    }));
        });
    }

    /** {@code Tasks.ofSibling}: Java's {@code node / 2}, which rounds toward zero. */
    @SuppressWarnings("unchecked")
    private static Expr<IntSort> ofSibling(Exec x, Expr<IntSort> node) {
        Context c = x.ctx();
        Expr<IntSort> two = x.num(2);
        return ((Expr<IntSort>) c.mkITE(c.mkGe(node, x.num(0)), c.mkDiv(node, two),
                c.mkUnaryMinus(c.mkDiv(c.mkUnaryMinus(node), two)))).simplify();
    }

    /** A ptrace stop {@code wait_task_stopped} has still to report. */
    private BoolExpr stopToReport(Exec x, int p) {
        Context c = x.ctx();
        BoolExpr stopped = c.mkOr(t.is(x, t.state[p], TaskState.TASK_TRACED), t.is(x, t.state[p], TaskState.TASK_STOPPED));
        return c.mkAnd(stopped, x.isSet(t.stopToReport[p]),
                SymTasks.hasBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL),
                t.is(x, t.exitState[p], ExitState.ALIVE));
    }

    /** A zombie {@code delay_group_leader} does not hold back. */
    private BoolExpr reapable(Exec x, int p) {
        Context c = x.ctx();
        BoolExpr delayGroupLeader = k.mutant != ForkMutant.REAP_LEADER_EARLY
                ? c.mkAnd(t.isLeader(x, p), c.mkNot(k.threadGroupEmpty(x, p))) : c.mkFalse();
        return c.mkAnd(t.is(x, t.exitState[p], ExitState.EXIT_ZOMBIE), c.mkNot(delayGroupLeader));
    }

    /** {@code Reap.unhash}: the ids to free as one bit per type, an earlier type's bit read by the later. */
    @SuppressWarnings("unchecked")
    private void unhash(Exec x, int cpu, int cur, int p) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(x.get(t.ptrace[p]), x.num(0))), () -> k.ptraceUnlink(x, p));
        k.exitSignal(x, p);
        k.exitSighand(x, p);
        x.add(k.nrThreads, -1);
        BoolExpr leader = t.isLeader(x, p);
        for (int type = 0; type < PID_TYPES; type++) {
            String attached = t.attached[p][type];
            x.when(detaches(x, leader, type), () -> x.set(attached, 0));
        }
        BoolExpr[] toFree = new BoolExpr[PID_TYPES];
        for (int type = 0; type < PID_TYPES; type++) {
            Expr<IntSort> nr = k.nr(x, p, type);
            toFree[type] = (BoolExpr) c.mkAnd(detaches(x, leader, type), c.mkNot(hashedAnyType(x, nr)),
                    c.mkNot(freesSameNr(x, p, toFree, type, nr))).simplify();
        }
        x.when(c.mkAnd(leader, c.mkNot(c.mkEq(x.get(t.pid[p]), x.num(0)))), () -> x.add(k.rq.processCounts[cpu], -1));
        t.removeLinks(x, p);
        Expr<IntSort> groupLeader = x.get(t.groupLeader[p]);
        x.when(c.mkAnd(c.mkNot(c.mkEq(groupLeader, x.num(p))), c.mkGe(groupLeader, x.num(0))),
                () -> x.forIndex(groupLeader, k.slots, g -> x.when(c.mkAnd(k.threadGroupEmpty(x, g),
                        t.is(x, t.exitState[g], ExitState.EXIT_ZOMBIE)), () -> k.doNotifyParent(x, g))));
        Expr<IntSort> bits = x.num(0);
        for (int type = 0; type < PID_TYPES; type++) {
            bits = (Expr<IntSort>) c.mkAdd(bits, c.mkITE(toFree[type], x.num(1 << type), x.num(0)));
        }
        x.set(f.toFree[cur], bits);
        x.when(c.mkNot(c.mkEq(x.get(f.toFree[cur]), x.num(0))), () -> f.setPc(x, cur, DETACH_PID),
                () -> f.setPc(x, cur, RELEASE_TASK_UNLOCK));
    }

    /** {@code type < last}: PID and TGID always, PGID and SID only for a leader. */
    private static BoolExpr detaches(Exec x, BoolExpr leader, int type) {
        return type < 2 ? x.ctx().mkTrue() : leader;
    }

    private BoolExpr hashedAnyType(Exec x, Expr<IntSort> nr) {
        Context c = x.ctx();
        BoolExpr any = c.mkFalse();
        for (PidType type : PidType.values()) {
            any = c.mkOr(any, t.hashed(x, type, nr));
        }
        return any;
    }

    /** {@code Reap.freesSameNr}: only the types before {@code upTo} can be in {@code toFree} yet. */
    private BoolExpr freesSameNr(Exec x, int p, BoolExpr[] toFree, int upTo, Expr<IntSort> nr) {
        Context c = x.ctx();
        BoolExpr same = c.mkFalse();
        for (int type = 0; type < upTo; type++) {
            same = c.mkOr(same, c.mkAnd(toFree[type], c.mkEq(k.nr(x, p, type), nr)));
        }
        return same;
    }

    /** {@code Reap.schedExit}. */
    @SuppressWarnings("unchecked")
    private void schedExit(Exec x, int p) {
        Context c = x.ctx();
        Expr<IntSort> parent = x.get(t.parent[p]);
        x.when(c.mkAnd(x.isSet(t.firstTimeSlice[p]), c.mkGe(parent, x.num(0))), () -> {
            Expr<IntSort> slice = (Expr<IntSort>) c.mkAdd(x.read(t.timeSlice, parent), x.get(t.timeSlice[p]));
            Expr<IntSort> max = x.num(ForkScenarioParser.DEFAULT_TIME_SLICE);
            x.write(t.timeSlice, parent, (Expr<IntSort>) c.mkITE(c.mkLe(slice, max), slice, max));
        });
    }
}
