package forkcheck.checker.z3.prove.fork;

import static forkcheck.spec.fork.CloneFlags.CLONE_CHILD_CLEARTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_CHILD_SETTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_FILES;
import static forkcheck.spec.fork.CloneFlags.CLONE_FS;
import static forkcheck.spec.fork.CloneFlags.CLONE_NEWNS;
import static forkcheck.spec.fork.CloneFlags.CLONE_PARENT;
import static forkcheck.spec.fork.CloneFlags.CLONE_PARENT_SETTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_PTRACE;
import static forkcheck.spec.fork.CloneFlags.CLONE_SETTLS;
import static forkcheck.spec.fork.CloneFlags.CLONE_SIGHAND;
import static forkcheck.spec.fork.CloneFlags.CLONE_SYSVSEM;
import static forkcheck.spec.fork.CloneFlags.CLONE_THREAD;
import static forkcheck.spec.fork.CloneFlags.CLONE_VM;
import static forkcheck.spec.fork.CloneFlags.CSIGNAL;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_COUNT;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_FILES;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_FS;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_KEYS;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_MM;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_NAMESPACE;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_SEMUNDO;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_SIGHAND;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_CLEANUP_SIGNAL;
import static forkcheck.spec.fork.ForkLabel.BAD_FORK_FREE;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.Errno;
import forkcheck.spec.fork.ExitState;
import forkcheck.spec.fork.ForkFix;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.ForkScenarioParser;
import forkcheck.spec.fork.PidType;
import forkcheck.spec.fork.PtraceFlags;
import forkcheck.spec.fork.TaskState;
import java.util.function.IntConsumer;

/**
 * {@code CopyProcess} on a symbolic state, method for method. The child {@code p} is a term
 * (the frame's {@code frame.p}); a step makes it a numeral ({@link #withChild}) where the Java
 * first indexes by it, so that the code under it reads as the Java does, and a path on which the
 * Java never indexes by it has a successor whatever it holds.
 */
final class SymCopyProcess {
    private final SymKernel k;
    private final SymTasks t;
    private final SymFrames f;
    private final SymPools pools;

    /** {@code CopyProcess.copied}. */
    private final String[][] copied;

    SymCopyProcess(SymKernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
        copied = new String[][] {t.pid, t.tgid, t.state, t.exitState, t.flags, t.ptrace, t.parent, t.realParent,
                t.groupLeader, t.user, t.signal, t.sighand, t.mm, t.fs, t.files, t.semUndo, t.namespace, t.timeSlice, t.firstTimeSlice, t.array,
                t.exitSignal, t.cpu, t.sigkill, t.sigstop, t.tifSigpending, t.tifFork, t.vforkDone, t.regsAxZero,
                t.didExec, t.setChildTid, t.clearChildTid,
                t.ioBitmap, t.pgrp, t.session};
    }

    /** {@code CopyProcess.enabled}. */
    BoolExpr enabled(Exec x, int cpu, int cur, ForkLabel l) {
        Context c = x.ctx();
        return switch (l) {
            case COPY_PROCESS_18 -> k.mutant == ForkMutant.NO_TASKLIST_LOCK ? c.mkTrue() : k.tasklistLock.canWrite(x);
            case BAD_FORK_CLEANUP_SIGNAL, BAD_FORK_CLEANUP_SIGHAND, FORK_IDLE_UNHASH -> k.tasklistLock.canWrite(x);
            default -> c.mkTrue();
        };
    }

    /** {@code CopyProcess.canFail}. */
    BoolExpr canFail(Exec x, int cur, ForkLabel l) {
        Context c = x.ctx();
        Expr<IntSort> flags = k.cloneFlags(x, cur);
        return switch (l) {
            case DUP_TASK_STRUCT_B, DUP_TASK_STRUCT_C, COPY_THREAD_IO_BITMAP, COPY_PROCESS_10, COPY_THREAD_SETTLS -> c.mkTrue();
            case COPY_SEMUNDO -> c.mkLt(x.get(t.semUndo[cur]), x.num(0));
            case COPY_FILES -> c.mkAnd(c.mkGe(x.get(t.files[cur]), x.num(0)), c.mkNot(has(x, flags, CLONE_FILES)));
            case COPY_FS -> c.mkNot(has(x, flags, CLONE_FS));
            case COPY_SIGHAND -> c.mkNot(has(x, flags, CLONE_SIGHAND | CLONE_THREAD));
            case COPY_SIGNAL -> c.mkNot(has(x, flags, CLONE_THREAD));
            case COPY_MM -> c.mkAnd(c.mkGe(x.get(t.mm[cur]), x.num(0)), c.mkNot(has(x, flags, CLONE_VM)));
            case COPY_NAMESPACE -> c.mkAnd(has(x, flags, CLONE_NEWNS), c.mkGe(x.get(t.namespace[cur]), x.num(0)),
                    capable(x, cur));
            default -> c.mkFalse();
        };
    }

    /** {@code CopyProcess.step}. */
    void step(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> child = x.get(f.child[cur]);
        Expr<IntSort> flags = k.cloneFlags(x, cur);
        switch (l) {
            case COPY_PROCESS_1 -> x.when(c.mkOr(
                    c.mkAnd(has(x, flags, CLONE_NEWNS | CLONE_FS), has(x, flags, CLONE_NEWNS), has(x, flags, CLONE_FS)),
                    c.mkAnd(has(x, flags, CLONE_THREAD), c.mkNot(has(x, flags, CLONE_SIGHAND))),
                    c.mkAnd(has(x, flags, CLONE_SIGHAND), c.mkNot(has(x, flags, CLONE_VM)))),
                    () -> forkOut(x, cur, Errno.EINVAL),
                    () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_2));
            case COPY_PROCESS_2 -> f.setPc(x, cur, ForkLabel.DUP_TASK_STRUCT_A);
            case DUP_TASK_STRUCT_A -> f.setPc(x, cur, ForkLabel.DUP_TASK_STRUCT_B);
            case DUP_TASK_STRUCT_B -> allocTaskStruct(x, cur, fail);
            case DUP_TASK_STRUCT_C -> x.when(fail, () -> {
                withChild(x, child, p -> k.freeTask(x, p));
                x.set(f.child[cur], -1);
                forkOut(x, cur, Errno.ENOMEM);
            }, () -> f.setPc(x, cur, ForkLabel.DUP_TASK_STRUCT_D));
            case DUP_TASK_STRUCT_D -> withChild(x, child, p -> {
                dupTaskStruct(x, cur, p);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_4);
            });
            case COPY_PROCESS_4 -> withChild(x, child, p -> {
                Expr<IntSort> u = x.get(t.user[p]);
                BoolExpr overLimit = c.mkGe(x.read(pools.userProcesses, u), x.read(pools.rlimNproc, x.get(t.signal[p])));
                x.when(c.mkAnd(overLimit, c.mkNot(c.mkEq(u, x.num(0)))), () -> goTo(x, cur, Errno.EAGAIN, BAD_FORK_FREE), () -> {
                    if (k.fixed(ForkFix.NPROC_ATOMIC)) {
                        SymPools.add(x, pools.userCount, u, 1);
                        SymPools.add(x, pools.userProcesses, u, 1);
                        f.setPc(x, cur, ForkLabel.COPY_PROCESS_6);
                    } else {
                        f.setPc(x, cur, ForkLabel.COPY_PROCESS_5);
                    }
                });
            });
            case COPY_PROCESS_5 -> withChild(x, child, p -> {
                SymPools.add(x, pools.userCount, x.get(t.user[p]), 1);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_5_PROCESSES);
            });
            case COPY_PROCESS_5_PROCESSES -> withChild(x, child, p -> {
                SymPools.add(x, pools.userProcesses, x.get(t.user[p]), 1);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_6);
            });
            case COPY_PROCESS_6 -> x.when(c.mkGe(x.get(k.nrThreads), x.num(k.maxThreads)),
                    () -> goTo(x, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_COUNT),
                    () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_7));
            case COPY_PROCESS_7 -> withChild(x, child, p -> {
                copyFlags(x, cur, p, flags);
                setPcIf(x, cur, has(x, flags, CLONE_PARENT_SETTID), ForkLabel.COPY_PROCESS_10, ForkLabel.COPY_PROCESS_11);
            });
            case COPY_PROCESS_10 -> x.when(fail, () -> goTo(x, cur, Errno.EFAULT, BAD_FORK_CLEANUP_COUNT),
                    () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_11));
            case COPY_PROCESS_11 -> withChild(x, child, p -> {
                initListsAndTgid(x, cur, p, flags);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_12);
            });
            case COPY_PROCESS_12 -> x.when(has(x, flags, CLONE_SYSVSEM), () -> f.setPc(x, cur, ForkLabel.COPY_SEMUNDO),
                    () -> withChild(x, child, p -> {
                        x.set(t.semUndo[p], -1);
                        f.setPc(x, cur, ForkLabel.COPY_FILES);
                    }));
            case COPY_SEMUNDO -> copySemundo(x, cur, child, fail);
            case COPY_FILES -> withChild(x, child, p -> {
                copyFiles(x, cur, p, flags, fail);
                f.takeRef(x, cur, SymFrames.FILES, c.mkGe(x.get(t.files[p]), x.num(0)));
            });
            case COPY_FS -> withChild(x, child, p -> {
                copyFs(x, cur, p, flags, fail);
                f.takeRef(x, cur, SymFrames.FS, c.mkAnd(c.mkGe(x.get(t.fs[p]), x.num(0)),
                        f.pcIs(x, cur, ForkLabel.COPY_SIGHAND)));
            });
            case COPY_SIGHAND -> {
                copySighand(x, cur, child, flags, fail);
                f.takeRef(x, cur, SymFrames.SIGHAND, f.pcIs(x, cur, ForkLabel.COPY_SIGNAL));
            }
            case COPY_SIGNAL -> {
                copySignal(x, cur, child, flags, fail);
                f.takeRef(x, cur, SymFrames.SIGNAL, f.pcIs(x, cur, ForkLabel.COPY_MM));
            }
            case COPY_MM -> withChild(x, child, p -> {
                copyMm(x, cur, p, flags, fail);
                f.takeRef(x, cur, SymFrames.MM, c.mkGe(x.get(t.mm[p]), x.num(0)));
            });
            case COPY_NAMESPACE -> withChild(x, child, p -> copyNamespace(x, cur, p, flags, fail));
            case COPY_THREAD_IO_BITMAP -> withChild(x, child, p -> {
                x.set(t.ioBitmap[p], c.mkNot(fail));
                x.when(fail, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_NAMESPACE),
                        () -> setPcIf(x, cur, has(x, flags, CLONE_SETTLS), ForkLabel.COPY_THREAD_SETTLS,
                                ForkLabel.COPY_PROCESS_13));
            });
            case COPY_THREAD_SETTLS -> x.when(fail, () -> withChild(x, child, p -> {
                x.set(t.ioBitmap[p], false);
                goTo(x, cur, Errno.EINVAL, BAD_FORK_CLEANUP_NAMESPACE);
            }), () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_13));
            case FORK_IDLE_INIT_IDLE -> k.withCurrentOp(x, cur, op -> {
                if (!(op instanceof ForkOp.ForkIdle idle) || idle.cpu() >= k.cpus) {
                    x.undefined();
                    return;
                }
                int target = idle.cpu();
                withChild(x, child, p -> {
                    x.set(t.array[p], false);
                    t.setTo(x, t.state[p], TaskState.TASK_RUNNING);
                    x.set(t.cpu[p], target);
                    x.set(k.rq.idle[target], p);
                    x.set(k.rq.curr[target], p);
                    f.setPc(x, cur, ForkLabel.FORK_IDLE_UNHASH);
                });
            });
            case FORK_IDLE_UNHASH -> withChild(x, child, p -> {
                x.add(k.nrThreads, -1);
                for (int type = 0; type < PidType.values().length; type++) {
                    x.set(t.attached[p][type], false);
                }
                t.removeLinks(x, p);
                f.ret(x, cur, Errno.NONE);
            });
            case COPY_PROCESS_13 -> withChild(x, child, p -> {
                copyThread(x, p);
                x.set(t.setChildTid[p], has(x, flags, CLONE_CHILD_SETTID));
                x.set(t.clearChildTid[p], has(x, flags, CLONE_CHILD_CLEARTID));
                x.set(t.exitSignal[p], x.<IntSort>choose(has(x, flags, CLONE_THREAD), () -> x.num(-1),
                        () -> signalOf(x, flags)));
                t.setTo(x, t.exitState[p], ExitState.ALIVE);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_17);
            });
            case COPY_PROCESS_17 -> withChild(x, child, p -> {
                x.set(f.sliceBefore[cur], x.get(t.timeSlice[cur]));
                schedFork(x, cpu, cur, p);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_18);
            });
            case COPY_PROCESS_18 -> withChild(x, child, p -> step18(x, cpu, cur, p));
            case COPY_PROCESS_19 -> withChild(x, child, p -> step19(x, cpu, cur, p, flags));
            case COPY_PROCESS_21 -> withChild(x, child, p -> {
                t.setLinks(x, p);
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_22);
            });
            case COPY_PROCESS_22 -> withChild(x, child, p -> {
                x.when(SymTasks.hasBit(x, x.get(t.ptrace[p]), PtraceFlags.PTRACED, PtraceFlags.ALL), () -> step22(x, cur, p));
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_23);
            });
            case COPY_PROCESS_23 -> withChild(x, child, p -> {
                attachPid(x, p, PidType.PIDTYPE_PID);
                attachPid(x, p, PidType.PIDTYPE_TGID);
                x.when(t.isLeader(x, p), () -> {
                    attachPid(x, p, PidType.PIDTYPE_PGID);
                    attachPid(x, p, PidType.PIDTYPE_SID);
                    x.when(c.mkNot(c.mkEq(x.get(t.pid[p]), x.num(0))), () -> x.add(k.rq.processCounts[cpu], 1));
                });
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_26);
            });
            case COPY_PROCESS_26 -> {
                if (k.mutant != ForkMutant.NO_NR_THREADS_INC) {
                    x.add(k.nrThreads, 1);
                }
                x.add(k.totalForks, 1);
                writeUnlockIrq(x, cpu);
                setPcIf(x, cur, forkIdle(x, cur), ForkLabel.FORK_IDLE_INIT_IDLE, ForkLabel.DO_FORK_3);
            }
            case BAD_FORK_CLEANUP_NAMESPACE -> withChild(x, child, p -> dropRef(x, cur, t.namespace[p], pools.namespaceCount,
                    SymFrames.NAMESPACE, BAD_FORK_CLEANUP_KEYS));
            case BAD_FORK_CLEANUP_KEYS -> f.setPc(x, cur, BAD_FORK_CLEANUP_MM);
            case BAD_FORK_CLEANUP_MM -> withChild(x, child, p -> dropRef(x, cur, t.mm[p], pools.mmUsers, SymFrames.MM,
                    BAD_FORK_CLEANUP_SIGNAL));
            case BAD_FORK_CLEANUP_SIGNAL -> withChild(x, child, p -> {
                exitSignal(x, p);
                f.takeRef(x, cur, SymFrames.SIGNAL, c.mkFalse());
                f.setPc(x, cur, BAD_FORK_CLEANUP_SIGHAND);
            });
            case BAD_FORK_CLEANUP_SIGHAND -> withChild(x, child, p -> dropRef(x, cur, t.sighand[p], pools.sighandCount,
                    SymFrames.SIGHAND, BAD_FORK_CLEANUP_FS));
            case BAD_FORK_CLEANUP_FS -> withChild(x, child, p -> dropRef(x, cur, t.fs[p], pools.fsCount, SymFrames.FS,
                    BAD_FORK_CLEANUP_FILES));
            case BAD_FORK_CLEANUP_FILES -> {
                if (k.mutant != ForkMutant.SKIP_EXIT_FILES) {
                    withChild(x, child, p -> SymPools.put(x, t.files[p], pools.filesCount));
                }
                f.takeRef(x, cur, SymFrames.FILES, c.mkFalse());
                f.setPc(x, cur, BAD_FORK_CLEANUP_SEMUNDO);
            }
            case BAD_FORK_CLEANUP_SEMUNDO -> withChild(x, child, p -> dropRef(x, cur, t.semUndo[p], pools.semUndoRefcnt,
                    SymFrames.SEMUNDO, BAD_FORK_CLEANUP_COUNT));
            case BAD_FORK_CLEANUP_COUNT -> withChild(x, child, p -> {
                Expr<IntSort> u = x.get(t.user[p]);
                SymPools.add(x, pools.userProcesses, u, -1);
                SymPools.add(x, pools.userCount, u, -1);
                f.setPc(x, cur, BAD_FORK_FREE);
            });
            case BAD_FORK_FREE -> withChild(x, child, p -> {
                k.freeTask(x, p);
                x.set(f.child[cur], -1);
                forkOut(x, cur, x.get(f.errno[cur]));
            });
            default -> x.undefined();
        }
    }

    /** {@code int p = f.child[cur].get(s)} used as a slot: outside the slots the Java indexes out of bounds. */
    private void withChild(Exec x, Expr<IntSort> child, IntConsumer body) {
        x.forIndex(child, k.slots, body);
    }

    /** {@code f.setPc(s, cur, cond ? then : otherwise)}. */
    private void setPcIf(Exec x, int cur, BoolExpr cond, ForkLabel then, ForkLabel otherwise) {
        x.when(cond, () -> f.setPc(x, cur, then), () -> f.setPc(x, cur, otherwise));
    }

    /** {@code CloneFlags.has}. */
    private BoolExpr has(Exec x, Expr<IntSort> flags, int mask) {
        return k.has(x, flags, mask);
    }

    /** {@code flags & CSIGNAL}: clone flags are never negative, so the low byte is the remainder. */
    @SuppressWarnings("unchecked")
    private Expr<IntSort> signalOf(Exec x, Expr<IntSort> flags) {
        return ((Expr<IntSort>) x.ctx().mkMod(flags, x.num(CSIGNAL + 1))).simplify();
    }

    /** {@code k.currentOp(s, cur) instanceof ForkOp.ForkIdle}. */
    private BoolExpr forkIdle(Exec x, int cur) {
        return x.ctx().mkEq(k.opValue(x, cur, op -> op instanceof ForkOp.ForkIdle ? 1 : 0, false), x.num(1));
    }

    /** {@code CopyProcess.dropRef}. */
    private void dropRef(Exec x, int cur, String pointer, String[] counts, int ref, ForkLabel next) {
        SymPools.put(x, pointer, counts);
        f.takeRef(x, cur, ref, x.ctx().mkFalse());
        f.setPc(x, cur, next);
    }

    /** {@code CopyProcess.allocTaskStruct}. */
    @SuppressWarnings("unchecked")
    private void allocTaskStruct(Exec x, int cur, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> slot = x.num(-1);
        for (int i = k.slots - 1; i >= 1; i--) {
            slot = (Expr<IntSort>) c.mkITE(c.mkNot(t.isUsed(x, i)), x.num(i), slot);
        }
        Expr<IntSort> free = slot.simplify();
        x.when(c.mkOr(fail, c.mkLt(free, x.num(0))), () -> forkOut(x, cur, Errno.ENOMEM), () -> {
            x.write(t.used, free, x.num(1));
            x.set(f.child[cur], free);
            f.setPc(x, cur, ForkLabel.DUP_TASK_STRUCT_C);
        });
    }

    /** {@code CopyProcess.dupTaskStruct}. */
    private void dupTaskStruct(Exec x, int cur, int p) {
        for (String[] field : copied) {
            x.set(field[p], x.get(field[cur]));
        }
        t.tasks.copyNode(x, cur, p);
        t.family.copyNode(x, SymTasks.children(cur), SymTasks.children(p));
        t.family.copyNode(x, SymTasks.sibling(cur), SymTasks.sibling(p));
        t.ptraceLinks.copyNode(x, SymTasks.ptraceChildren(cur), SymTasks.ptraceChildren(p));
        t.ptraceLinks.copyNode(x, SymTasks.ptraceList(cur), SymTasks.ptraceList(p));
        k.rq.runList.copyNode(x, cur, p);
        x.set(t.usage[p], 2);
        x.set(t.prog[p], k.namedProgram(x, cur));
        x.set(t.op[p], 0);
    }

    /** {@code CopyProcess.copyFlags}. */
    private void copyFlags(Exec x, int cur, int p, Expr<IntSort> flags) {
        x.set(t.didExec[p], false);
        x.set(t.flags[p], SymTasks.mapBits(x, x.get(t.flags[p]), 7,
                v -> (v | SymTasks.PF_FORKNOEXEC) & ~SymTasks.PF_EXITING));
        x.when(x.ctx().mkNot(has(x, flags, CLONE_PTRACE)), () -> x.set(t.ptrace[p], 0));
        x.set(t.pid[p], x.get(f.pid[cur]));
    }

    /** {@code CopyProcess.initListsAndTgid}. */
    private void initListsAndTgid(Exec x, int cur, int p, Expr<IntSort> flags) {
        t.family.init(x, SymTasks.children(p));
        t.family.init(x, SymTasks.sibling(p));
        x.set(t.vforkDone[p], -1);
        x.set(t.tifSigpending[p], false);
        x.set(t.sigkill[p], false);
        x.set(t.sigstop[p], false);
        BoolExpr thread = has(x, flags, k.mutant == ForkMutant.TGID_TESTS_CLONE_VM ? CLONE_VM : CLONE_THREAD);
        x.set(t.tgid[p], x.<IntSort>choose(thread, () -> x.get(t.tgid[cur]), () -> x.get(t.pid[p])));
    }

    /** {@code CopyProcess.copyFiles}. */
    private void copyFiles(Exec x, int cur, int p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> old = x.get(t.files[cur]);
        BoolExpr failed = x.chooseBool(c.mkAnd(c.mkGe(old, x.num(0)), has(x, flags, CLONE_FILES)), () -> {
            SymPools.add(x, pools.filesCount, old, 1);
            return c.mkFalse();
        }, () -> x.chooseBool(c.mkGe(old, x.num(0)), () -> c.mkNot(allocate(x, t.files[p], pools.filesCount, fail)),
                c::mkFalse));
        x.when(failed, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SEMUNDO),
                () -> f.setPc(x, cur, ForkLabel.COPY_FS));
    }

    /** {@code CopyProcess.copyFs}. */
    private void copyFs(Exec x, int cur, int p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        BoolExpr failed = x.chooseBool(has(x, flags, CLONE_FS), () -> {
            SymPools.add(x, pools.fsCount, x.get(t.fs[cur]), 1);
            return c.mkFalse();
        }, () -> c.mkNot(allocate(x, t.fs[p], pools.fsCount, fail)));
        x.when(failed, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_FILES),
                () -> f.setPc(x, cur, ForkLabel.COPY_SIGHAND));
    }

    /** {@code CopyProcess.copySighand}; {@code p} a term, as only the allocation indexes by it. */
    private void copySighand(Exec x, int cur, Expr<IntSort> p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        BoolExpr failed = x.chooseBool(has(x, flags, CLONE_SIGHAND | CLONE_THREAD), () -> {
            SymPools.add(x, pools.sighandCount, x.get(t.sighand[cur]), 1);
            return c.mkFalse();
        }, () -> x.selectBool(p, k.slots, q -> c.mkNot(allocate(x, t.sighand[q], pools.sighandCount, fail))));
        x.when(failed, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_FS),
                () -> f.setPc(x, cur, ForkLabel.COPY_SIGNAL));
    }

    /** {@code CopyProcess.copySignal}; {@code p} a term, as only the allocation indexes by it. */
    private void copySignal(Exec x, int cur, Expr<IntSort> p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> old = x.get(t.signal[cur]);
        BoolExpr failed = x.chooseBool(has(x, flags, CLONE_THREAD), () -> {
            SymPools.add(x, pools.signalCount, old, 1);
            SymPools.add(x, pools.signalLive, old, 1);
            return c.mkFalse();
        }, () -> x.selectBool(p, k.slots, q -> {
            BoolExpr allocated = allocate(x, t.signal[q], pools.signalCount, fail);
            x.when(allocated, () -> {
                Expr<IntSort> sig = x.get(t.signal[q]);
                x.write(pools.signalLive, sig, x.num(1));
                x.write(pools.signalGroupExit, sig, x.num(0));
                x.write(pools.groupStopCount, sig, x.num(0));
                x.write(pools.rlimNproc, sig, x.read(pools.rlimNproc, old));
            });
            return c.mkNot(allocated);
        }));
        x.when(failed, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SIGHAND),
                () -> f.setPc(x, cur, ForkLabel.COPY_MM));
    }

    /** {@code CopyProcess.copyMm}. */
    private void copyMm(Exec x, int cur, int p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> old = x.get(t.mm[cur]);
        x.set(t.mm[p], -1);
        BoolExpr failed = x.chooseBool(c.mkAnd(c.mkGe(old, x.num(0)), has(x, flags, CLONE_VM)), () -> {
            SymPools.add(x, pools.mmUsers, old, 1);
            x.set(t.mm[p], old);
            return c.mkFalse();
        }, () -> x.chooseBool(c.mkGe(old, x.num(0)), () -> c.mkNot(allocate(x, t.mm[p], pools.mmUsers, fail)),
                c::mkFalse));
        x.when(failed, () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SIGNAL),
                () -> f.setPc(x, cur, ForkLabel.COPY_NAMESPACE));
    }

    /** {@code CopyProcess.copySemundo}; {@code p} a term, as a failed get_undo_list returns before indexing by it. */
    @SuppressWarnings("unchecked")
    private void copySemundo(Exec x, int cur, Expr<IntSort> p, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> undo = x.get(t.semUndo[cur]);
        x.when(c.mkLt(undo, x.num(0)), () -> {
            Expr<IntSort> fresh = ((Expr<IntSort>) c.mkITE(fail, x.num(-1), SymPools.firstFree(x, pools.semUndoRefcnt)))
                    .simplify();
            x.when(c.mkLt(fresh, x.num(0)), () -> goTo(x, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_COUNT), () -> {
                x.write(pools.semUndoRefcnt, fresh, x.num(1));
                x.set(t.semUndo[cur], fresh);
                shareSemundo(x, cur, p, fresh);
            });
        }, () -> shareSemundo(x, cur, p, undo));
    }

    /** The end of {@code copySemundo}, once {@code undo} is current's list. */
    private void shareSemundo(Exec x, int cur, Expr<IntSort> p, Expr<IntSort> undo) {
        SymPools.add(x, pools.semUndoRefcnt, undo, 1);
        withChild(x, p, q -> x.set(t.semUndo[q], undo));
        f.takeRef(x, cur, SymFrames.SEMUNDO, x.ctx().mkTrue());
        f.setPc(x, cur, ForkLabel.COPY_FILES);
    }

    /** {@code CopyProcess.copyNamespace}. */
    @SuppressWarnings("unchecked")
    private void copyNamespace(Exec x, int cur, int p, Expr<IntSort> flags, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> ns = x.get(t.namespace[p]);
        BoolExpr failed = x.chooseBool(c.mkGe(ns, x.num(0)), () -> {
            SymPools.add(x, pools.namespaceCount, ns, 1);
            f.takeRef(x, cur, SymFrames.NAMESPACE, c.mkTrue());
            return x.chooseBool(has(x, flags, CLONE_NEWNS), () -> {
                BoolExpr eperm = c.mkNot(capable(x, cur));
                Expr<IntSort> e = (Expr<IntSort>) c.mkITE(eperm, errno(x, Errno.EPERM),
                        c.mkITE(fail, errno(x, Errno.ENOMEM), errno(x, Errno.NONE)));
                BoolExpr none = c.mkEq(e, errno(x, Errno.NONE));
                Expr<IntSort> fresh = ((Expr<IntSort>) c.mkITE(none, SymPools.firstFree(x, pools.namespaceCount),
                        x.num(-1))).simplify();
                BoolExpr noFresh = c.mkLt(fresh, x.num(0));
                x.when(noFresh, () -> {
                    BoolExpr drop = k.mutant != ForkMutant.NEWNS_EPERM_KEEPS_NAMESPACE ? c.mkTrue() : c.mkNot(eperm);
                    x.when(drop, () -> {
                        SymPools.add(x, pools.namespaceCount, ns, -1);
                        f.takeRef(x, cur, SymFrames.NAMESPACE, c.mkFalse());
                    });
                    goTo(x, cur, (Expr<IntSort>) c.mkITE(none, errno(x, Errno.ENOMEM), e), BAD_FORK_CLEANUP_KEYS);
                }, () -> {
                    x.write(pools.namespaceCount, fresh, x.num(1));
                    x.set(t.namespace[p], fresh);
                    SymPools.add(x, pools.namespaceCount, ns, -1);
                });
                return noFresh;
            }, c::mkFalse);
        }, c::mkFalse);
        x.when(c.mkNot(failed), () -> x.when(x.isSet(t.ioBitmap[cur]), () -> f.setPc(x, cur, ForkLabel.COPY_THREAD_IO_BITMAP),
                () -> setPcIf(x, cur, has(x, flags, CLONE_SETTLS), ForkLabel.COPY_THREAD_SETTLS, ForkLabel.COPY_PROCESS_13)));
    }

    /** {@code CopyProcess.capable}. */
    private BoolExpr capable(Exec x, int task) {
        return x.ctx().mkEq(x.get(t.user[task]), x.num(0));
    }

    /** {@code CopyProcess.allocate}: whether it allocated; its writes as the Java's. */
    @SuppressWarnings("unchecked")
    private BoolExpr allocate(Exec x, String pointer, String[] counts, BoolExpr fail) {
        Context c = x.ctx();
        Expr<IntSort> e = ((Expr<IntSort>) c.mkITE(fail, x.num(-1), SymPools.firstFree(x, counts))).simplify();
        x.set(pointer, e);
        BoolExpr ok = (BoolExpr) c.mkGe(e, x.num(0)).simplify();
        x.when(ok, () -> x.write(counts, e, x.num(1)));
        return ok;
    }

    /** {@code CopyProcess.copyThread}. */
    private void copyThread(Exec x, int p) {
        x.set(t.regsAxZero[p], true);
        x.set(t.tifFork[p], true);
    }

    /** {@code CopyProcess.schedFork}. */
    @SuppressWarnings("unchecked")
    private void schedFork(Exec x, int cpu, int cur, int p) {
        Context c = x.ctx();
        t.setTo(x, t.state[p], TaskState.TASK_RUNNING);
        k.rq.runList.init(x, p);
        x.set(t.array[p], false);
        Expr<IntSort> slice = x.get(t.timeSlice[cur]);
        x.set(t.timeSlice[p], (Expr<IntSort>) c.mkDiv(c.mkAdd(slice, x.num(1)), x.num(2)));
        x.set(t.firstTimeSlice[p], true);
        Expr<IntSort> left = k.mutant == ForkMutant.KEEP_PARENT_TIME_SLICE ? slice : (Expr<IntSort>) c.mkDiv(slice, x.num(2));
        x.set(t.timeSlice[cur], left);
        x.when(c.mkEq(left, x.num(0)), () -> {
            x.set(t.timeSlice[cur], 1);
            schedulerTick(x, cpu, cur);
        });
    }

    /** {@code CopyProcess.schedulerTick}. */
    private void schedulerTick(Exec x, int cpu, int cur) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(x.num(cur), k.idle(x, cpu))), () -> {
            x.set(t.timeSlice[cur], ForkScenarioParser.DEFAULT_TIME_SLICE);
            x.set(t.firstTimeSlice[cur], false);
            x.set(k.rq.needResched[cpu], true);
            x.when(x.isSet(t.array[cur]), () -> {
                k.rq.runList.del(x, cur);
                k.rq.runList.addTail(x, cur, k.rq.head(cpu));
            });
        });
    }

    /** {@code CopyProcess.step18}. */
    private void step18(Exec x, int cpu, int cur, int p) {
        x.set(t.groupLeader[p], p);
        t.ptraceLinks.init(x, SymTasks.ptraceChildren(p));
        t.ptraceLinks.init(x, SymTasks.ptraceList(p));
        if (k.mutant != ForkMutant.NO_TASKLIST_LOCK) {
            k.tasklistLock.writeLock(x, cpu);
        }
        if (k.mutant != ForkMutant.WRITE_LOCK_WITHOUT_IRQ) {
            x.set(k.rq.irqsEnabled[cpu], false);
        }
        x.set(t.cpu[p], cpu);
        x.when(x.isSet(t.sigkill[cur]), () -> {
            writeUnlockIrq(x, cpu);
            goTo(x, cur, Errno.EINTR, BAD_FORK_CLEANUP_NAMESPACE);
        }, () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_19));
    }

    /** {@code CopyProcess.step19}. */
    @SuppressWarnings("unchecked")
    private void step19(Exec x, int cpu, int cur, int p, Expr<IntSort> flags) {
        Context c = x.ctx();
        Expr<IntSort> realParent = (Expr<IntSort>) c.mkITE(has(x, flags, CLONE_PARENT | CLONE_THREAD),
                x.get(t.realParent[cur]), x.num(cur));
        x.set(t.realParent[p], realParent);
        x.set(t.parent[p], realParent);
        BoolExpr tooMany = k.fixed(ForkFix.MAX_THREADS_UNDER_LOCK)
                ? c.mkGe(x.get(k.nrThreads), x.num(k.maxThreads)) : c.mkFalse();
        x.when(tooMany, () -> {
            writeUnlockIrq(x, cpu);
            goTo(x, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_NAMESPACE);
        }, () -> x.when(has(x, flags, CLONE_THREAD), () -> {
            Expr<IntSort> sig = x.get(t.signal[cur]);
            x.when(x.isSet(pools.signalGroupExit, sig), () -> {
                writeUnlockIrq(x, cpu);
                goTo(x, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_NAMESPACE);
            }, () -> {
                x.set(t.groupLeader[p], x.get(t.groupLeader[cur]));
                x.when(c.mkGt(x.read(pools.groupStopCount, sig), x.num(0)), () -> {
                    SymPools.add(x, pools.groupStopCount, sig, 1);
                    x.set(t.tifSigpending[p], true);
                });
                f.setPc(x, cur, ForkLabel.COPY_PROCESS_21);
            });
        }, () -> f.setPc(x, cur, ForkLabel.COPY_PROCESS_21)));
    }

    /** {@code CopyProcess.step22}. */
    private void step22(Exec x, int cur, int p) {
        Context c = x.ctx();
        BoolExpr parentTraced = SymTasks.hasBit(x, x.get(t.ptrace[cur]), PtraceFlags.PTRACED, PtraceFlags.ALL);
        BoolExpr untraced = k.fixed(ForkFix.PTRACE_LINK_CHECKS_CURRENT) ? c.mkNot(parentTraced) : c.mkFalse();
        x.when(untraced, () -> x.set(t.ptrace[p], 0), () -> {
            Expr<IntSort> newParent = x.get(t.parent[cur]);
            BoolExpr asked = c.mkAnd(parentTraced, c.mkNot(c.mkEq(newParent, x.get(t.realParent[cur]))));
            k.ptraceLink(x, p, newParent);
            x.set(t.tracedUnasked[p], c.mkAnd(c.mkNot(asked),
                    c.mkNot(c.mkEq(x.get(t.parent[p]), x.get(t.realParent[p])))));
        });
    }

    /** {@code CopyProcess.attachPid}. */
    private void attachPid(Exec x, int p, PidType type) {
        x.set(t.attached[p][type.ordinal()], true);
    }

    /** {@code CopyProcess.writeUnlockIrq}. */
    private void writeUnlockIrq(Exec x, int cpu) {
        x.when(k.tasklistLock.writeHeldBy(x, cpu), () -> k.tasklistLock.writeUnlock(x, cpu));
        x.set(k.rq.irqsEnabled[cpu], true);
    }

    /** {@code CopyProcess.exitSignal}. */
    private void exitSignal(Exec x, int p) {
        Context c = x.ctx();
        Expr<IntSort> sig = x.get(t.signal[p]);
        if (k.fixed(ForkFix.SIGNAL_LIVE)) {
            x.when(c.mkNot(c.mkEq(x.get(t.tgid[p]), x.get(t.pid[p]))), () -> SymPools.add(x, pools.signalLive, sig, -1));
        }
        k.exitSignal(x, p);
    }

    private Expr<IntSort> errno(Exec x, Errno e) {
        return x.num(e.ordinal());
    }

    /** {@code CopyProcess.goTo}. */
    private void goTo(Exec x, int cur, Errno e, ForkLabel rung) {
        goTo(x, cur, errno(x, e), rung);
    }

    private void goTo(Exec x, int cur, Expr<IntSort> e, ForkLabel rung) {
        x.set(f.errno[cur], e);
        f.setPc(x, cur, rung);
    }

    /** {@code CopyProcess.forkOut}. */
    private void forkOut(Exec x, int cur, Errno e) {
        x.when(forkIdle(x, cur), () -> {
            x.set(k.panicked, true);
            f.ret(x, cur, e);
        }, () -> {
            f.setErrno(x, cur, e);
            f.setPc(x, cur, ForkLabel.DO_FORK_FREE_PIDMAP);
        });
    }

    /** {@code forkOut} of the errno the frame holds. */
    private void forkOut(Exec x, int cur, Expr<IntSort> e) {
        x.forIndex(e, Errno.values().length, i -> forkOut(x, cur, Errno.values()[i]));
    }
}
