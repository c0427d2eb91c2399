package forkcheck.spec.fork;

import static forkcheck.spec.fork.CloneFlags.CLONE_CHILD_CLEARTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_CHILD_SETTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_FILES;
import static forkcheck.spec.fork.CloneFlags.CLONE_FS;
import static forkcheck.spec.fork.CloneFlags.CLONE_NEWNS;
import static forkcheck.spec.fork.CloneFlags.CLONE_PARENT;
import static forkcheck.spec.fork.CloneFlags.CLONE_PARENT_SETTID;
import static forkcheck.spec.fork.CloneFlags.CLONE_SETTLS;
import static forkcheck.spec.fork.CloneFlags.CLONE_PTRACE;
import static forkcheck.spec.fork.CloneFlags.CLONE_SIGHAND;
import static forkcheck.spec.fork.CloneFlags.CLONE_SYSVSEM;
import static forkcheck.spec.fork.CloneFlags.CLONE_THREAD;
import static forkcheck.spec.fork.CloneFlags.CLONE_VM;
import static forkcheck.spec.fork.CloneFlags.CSIGNAL;
import static forkcheck.spec.fork.CloneFlags.has;
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

import forkcheck.model.Field;

/**
 * {@code copy_process} with {@code dup_task_struct} and the {@code copy_*} helpers it calls
 * (kernel/fork.c, 2.6.11), steps 1-28 of the seed and every {@code bad_fork_*} rung.
 *
 * <p>The parent is {@code cur} (current); the child, once {@code dup_task_struct} has it, is the
 * frame's {@code p}. A failure sets the frame's errno and jumps to the rung the kernel's
 * {@code goto} names; the ladder then runs down to {@code bad_fork_free}, and do_fork frees the pid.
 */
final class CopyProcess {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;
    private final Pools pools;

    /** The task_struct fields {@code *tsk = *orig} copies that the model keeps. */
    private final Field[][] copied;

    CopyProcess(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
        copied = new Field[][] {t.pid, t.tgid, t.state, t.exitState, t.flags, t.ptrace, t.parent, t.realParent,
                t.groupLeader, t.user, t.signal, t.sighand, t.mm, t.fs, t.files, t.semUndo, t.namespace, t.timeSlice, t.firstTimeSlice, t.array,
                t.exitSignal, t.cpu, t.sigkill, t.sigstop, t.tifSigpending, t.tifFork, t.vforkDone, t.regsAxZero,
                t.didExec, t.setChildTid, t.clearChildTid,
                t.ioBitmap, t.pgrp, t.session};
    }

    boolean enabled(long[] s, int cpu, int cur, ForkLabel l) {
        return switch (l) {
            case COPY_PROCESS_18 -> k.mutant == ForkMutant.NO_TASKLIST_LOCK || k.tasklistLock.canWrite(s);
            case BAD_FORK_CLEANUP_SIGNAL, BAD_FORK_CLEANUP_SIGHAND, FORK_IDLE_UNHASH -> k.tasklistLock.canWrite(s);
            default -> true;
        };
    }

    /** Whether the step can fail at all (it allocates, or takes a user pointer), so that a fault can make it. */
    boolean canFail(long[] s, int cur, ForkLabel l) {
        int flags = k.cloneFlags(s, cur);
        return switch (l) {
            case DUP_TASK_STRUCT_B, DUP_TASK_STRUCT_C, COPY_THREAD_IO_BITMAP, COPY_PROCESS_10, COPY_THREAD_SETTLS -> true;
            case COPY_SEMUNDO -> t.semUndo[cur].get(s) < 0;
            case COPY_FILES -> t.files[cur].get(s) >= 0 && !has(flags, CLONE_FILES);
            case COPY_FS -> !has(flags, CLONE_FS);
            case COPY_SIGHAND -> !has(flags, CLONE_SIGHAND | CLONE_THREAD);
            case COPY_SIGNAL -> !has(flags, CLONE_THREAD);
            case COPY_MM -> t.mm[cur].get(s) >= 0 && !has(flags, CLONE_VM);
            case COPY_NAMESPACE -> has(flags, CLONE_NEWNS) && t.namespace[cur].get(s) >= 0 && capable(s, cur);
            default -> false;
        };
    }

    void step(long[] s, int cpu, int cur, ForkLabel l, boolean fail) {
        int p = f.child[cur].get(s);
        int flags = k.cloneFlags(s, cur);
        switch (l) {
            case COPY_PROCESS_1 -> {
                if (has(flags, CLONE_NEWNS | CLONE_FS) && (flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
                        || has(flags, CLONE_THREAD) && !has(flags, CLONE_SIGHAND)
                        || has(flags, CLONE_SIGHAND) && !has(flags, CLONE_VM)) {
                    forkOut(s, cur, Errno.EINVAL);
                } else {
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_2);
                }
            }
            case COPY_PROCESS_2 -> f.setPc(s, cur, ForkLabel.DUP_TASK_STRUCT_A);
            case DUP_TASK_STRUCT_A -> f.setPc(s, cur, ForkLabel.DUP_TASK_STRUCT_B);
            case DUP_TASK_STRUCT_B -> allocTaskStruct(s, cur, fail);
            case DUP_TASK_STRUCT_C -> {
                if (fail) {
                    k.freeTask(s, p);
                    f.child[cur].set(s, -1);
                    forkOut(s, cur, Errno.ENOMEM);
                } else {
                    f.setPc(s, cur, ForkLabel.DUP_TASK_STRUCT_D);
                }
            }
            case DUP_TASK_STRUCT_D -> {
                dupTaskStruct(s, cur, p);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_4);
            }
            case COPY_PROCESS_4 -> {
                int u = t.user[p].get(s);
                boolean overLimit = pools.userProcesses[u].get(s) >= pools.rlimNproc[t.signal[p].get(s)].get(s);
                if (overLimit && u != 0) {
                    goTo(s, cur, Errno.EAGAIN, BAD_FORK_FREE);
                } else if (k.fixed(ForkFix.NPROC_ATOMIC)) {
                    pools.userCount[u].add(s, 1);
                    pools.userProcesses[u].add(s, 1);
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_6);
                } else {
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_5);
                }
            }
            case COPY_PROCESS_5 -> {
                pools.userCount[t.user[p].get(s)].add(s, 1);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_5_PROCESSES);
            }
            case COPY_PROCESS_5_PROCESSES -> {
                pools.userProcesses[t.user[p].get(s)].add(s, 1);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_6);
            }
            case COPY_PROCESS_6 -> {
                if (k.nrThreads.get(s) >= k.maxThreads) {
                    goTo(s, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_COUNT);
                } else {
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_7);
                }
            }
            case COPY_PROCESS_7 -> {
                copyFlags(s, cur, p, flags);
                f.setPc(s, cur, has(flags, CLONE_PARENT_SETTID) ? ForkLabel.COPY_PROCESS_10 : ForkLabel.COPY_PROCESS_11);
            }
            case COPY_PROCESS_10 -> {
                if (fail) {
                    goTo(s, cur, Errno.EFAULT, BAD_FORK_CLEANUP_COUNT);
                } else {
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_11);
                }
            }
            case COPY_PROCESS_11 -> {
                initListsAndTgid(s, cur, p, flags);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_12);
            }
            case COPY_PROCESS_12 -> {
                if (has(flags, CLONE_SYSVSEM)) {
                    f.setPc(s, cur, ForkLabel.COPY_SEMUNDO);
                } else {
                    t.semUndo[p].set(s, -1);
                    f.setPc(s, cur, ForkLabel.COPY_FILES);
                }
            }
            case COPY_SEMUNDO -> copySemundo(s, cur, p, fail);
            case COPY_FILES -> {
                copyFiles(s, cur, p, flags, fail);
                f.takeRef(s, cur, Frames.Ref.FILES, t.files[p].get(s) >= 0);
            }
            case COPY_FS -> {
                copyFs(s, cur, p, flags, fail);
                f.takeRef(s, cur, Frames.Ref.FS, t.fs[p].get(s) >= 0 && f.pc(s, cur) == ForkLabel.COPY_SIGHAND);
            }
            case COPY_SIGHAND -> {
                copySighand(s, cur, p, flags, fail);
                f.takeRef(s, cur, Frames.Ref.SIGHAND, f.pc(s, cur) == ForkLabel.COPY_SIGNAL);
            }
            case COPY_SIGNAL -> {
                copySignal(s, cur, p, flags, fail);
                f.takeRef(s, cur, Frames.Ref.SIGNAL, f.pc(s, cur) == ForkLabel.COPY_MM);
            }
            case COPY_MM -> {
                copyMm(s, cur, p, flags, fail);
                f.takeRef(s, cur, Frames.Ref.MM, t.mm[p].get(s) >= 0);
            }
            case COPY_NAMESPACE -> copyNamespace(s, cur, p, flags, fail);
            case COPY_THREAD_IO_BITMAP -> {
                t.ioBitmap[p].set(s, !fail);
                if (fail) {
                    goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_NAMESPACE);
                } else {
                    f.setPc(s, cur, has(flags, CLONE_SETTLS) ? ForkLabel.COPY_THREAD_SETTLS : ForkLabel.COPY_PROCESS_13);
                }
            }
            case COPY_THREAD_SETTLS -> {
                if (fail) {
                    t.ioBitmap[p].set(s, false);
                    goTo(s, cur, Errno.EINVAL, BAD_FORK_CLEANUP_NAMESPACE);
                } else {
                    f.setPc(s, cur, ForkLabel.COPY_PROCESS_13);
                }
            }
            case FORK_IDLE_INIT_IDLE -> {
                int target = ((ForkOp.ForkIdle) k.currentOp(s, cur)).cpu();
                t.array[p].set(s, false);
                t.setState(s, p, TaskState.TASK_RUNNING);
                t.cpu[p].set(s, target);
                k.rq.idle[target].set(s, p);
                k.rq.curr[target].set(s, p);
                f.setPc(s, cur, ForkLabel.FORK_IDLE_UNHASH);
            }
            case FORK_IDLE_UNHASH -> {
                k.nrThreads.add(s, -1);
                for (int type = 0; type < PidType.values().length; type++) {
                    t.attached[p][type].set(s, false);
                }
                t.removeLinks(s, p);
                f.ret(s, cur, Errno.NONE);
            }
            case COPY_PROCESS_13 -> {
                copyThread(s, p);
                t.setChildTid[p].set(s, has(flags, CLONE_CHILD_SETTID));
                t.clearChildTid[p].set(s, has(flags, CLONE_CHILD_CLEARTID));
                t.exitSignal[p].set(s, has(flags, CLONE_THREAD) ? -1 : flags & CSIGNAL);
                t.setExitState(s, p, ExitState.ALIVE);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_17);
            }
            case COPY_PROCESS_17 -> {
                f.sliceBefore[cur].set(s, t.timeSlice[cur].get(s));
                schedFork(s, cpu, cur, p);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_18);
            }
            case COPY_PROCESS_18 -> step18(s, cpu, cur, p);
            case COPY_PROCESS_19 -> step19(s, cpu, cur, p, flags);
            case COPY_PROCESS_21 -> {
                t.setLinks(s, p);
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_22);
            }
            case COPY_PROCESS_22 -> {
                if ((t.ptrace[p].get(s) & PtraceFlags.PTRACED) != 0) {
                    step22(s, cur, p);
                }
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_23);
            }
            case COPY_PROCESS_23 -> {
                attachPid(s, p, PidType.PIDTYPE_PID);
                attachPid(s, p, PidType.PIDTYPE_TGID);
                if (t.isLeader(s, p)) {
                    attachPid(s, p, PidType.PIDTYPE_PGID);
                    attachPid(s, p, PidType.PIDTYPE_SID);
                    if (t.pid[p].get(s) != 0) {
                        k.rq.processCounts[cpu].add(s, 1);
                    }
                }
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_26);
            }
            case COPY_PROCESS_26 -> {
                if (k.mutant != ForkMutant.NO_NR_THREADS_INC) {
                    k.nrThreads.add(s, 1);
                }
                k.totalForks.add(s, 1);
                writeUnlockIrq(s, cpu);
                f.setPc(s, cur, k.currentOp(s, cur) instanceof ForkOp.ForkIdle ? ForkLabel.FORK_IDLE_INIT_IDLE
                        : ForkLabel.DO_FORK_3);
            }
            case BAD_FORK_CLEANUP_NAMESPACE -> dropRef(s, cur, t.namespace[p], pools.namespaceCount, Frames.Ref.NAMESPACE,
                    BAD_FORK_CLEANUP_KEYS);
            case BAD_FORK_CLEANUP_KEYS -> f.setPc(s, cur, BAD_FORK_CLEANUP_MM);
            case BAD_FORK_CLEANUP_MM -> dropRef(s, cur, t.mm[p], pools.mmUsers, Frames.Ref.MM, BAD_FORK_CLEANUP_SIGNAL);
            case BAD_FORK_CLEANUP_SIGNAL -> {
                exitSignal(s, p);
                f.takeRef(s, cur, Frames.Ref.SIGNAL, false);
                f.setPc(s, cur, BAD_FORK_CLEANUP_SIGHAND);
            }
            case BAD_FORK_CLEANUP_SIGHAND -> dropRef(s, cur, t.sighand[p], pools.sighandCount, Frames.Ref.SIGHAND,
                    BAD_FORK_CLEANUP_FS);
            case BAD_FORK_CLEANUP_FS -> dropRef(s, cur, t.fs[p], pools.fsCount, Frames.Ref.FS, BAD_FORK_CLEANUP_FILES);
            case BAD_FORK_CLEANUP_FILES -> {
                if (k.mutant != ForkMutant.SKIP_EXIT_FILES) {
                    Pools.put(s, t.files[p], pools.filesCount);
                }
                f.takeRef(s, cur, Frames.Ref.FILES, false);
                f.setPc(s, cur, BAD_FORK_CLEANUP_SEMUNDO);
            }
            case BAD_FORK_CLEANUP_SEMUNDO -> dropRef(s, cur, t.semUndo[p], pools.semUndoRefcnt, Frames.Ref.SEMUNDO,
                    BAD_FORK_CLEANUP_COUNT);
            case BAD_FORK_CLEANUP_COUNT -> {
                int u = t.user[p].get(s);
                pools.userProcesses[u].add(s, -1);
                pools.userCount[u].add(s, -1);
                f.setPc(s, cur, BAD_FORK_FREE);
            }
            case BAD_FORK_FREE -> {
                k.freeTask(s, p);
                f.child[cur].set(s, -1);
                forkOut(s, cur, f.errno(s, cur));
            }
            default -> throw new IllegalStateException("task " + cur + " at " + l + " is not in copy_process");
        }
    }

    /** A rung's {@code exit_*(p)}/{@code put}: the reference its copy_* took goes, with the ghost that says so. */
    private void dropRef(long[] s, int cur, Field pointer, Field[] counts, Frames.Ref ref, ForkLabel next) {
        Pools.put(s, pointer, counts);
        f.takeRef(s, cur, ref, false);
        f.setPc(s, cur, next);
    }

    /** {@code tsk = alloc_task_struct()}: the first free slot, unless there is none or the allocation fails. */
    private void allocTaskStruct(long[] s, int cur, boolean fail) {
        int slot = -1;
        for (int i = 1; i < k.slots && slot < 0; i++) {
            if (!t.isUsed(s, i)) {
                slot = i;
            }
        }
        if (fail || slot < 0) {
            forkOut(s, cur, Errno.ENOMEM);
            return;
        }
        t.used[slot].set(s, true);
        f.child[cur].set(s, slot);
        f.setPc(s, cur, ForkLabel.DUP_TASK_STRUCT_C);
    }

    /**
     * {@code *ti = *orig->thread_info; *tsk = *orig;} then {@code usage = 2}: the child starts as
     * a copy of every field of the parent, list heads included (they still point into the
     * parent's lists until copy_process re-initialises them). The hash links are copied too but
     * link nothing: {@code attached} says what the hash holds.
     */
    private void dupTaskStruct(long[] s, int cur, int p) {
        for (Field[] field : copied) {
            field[p].set(s, field[cur].get(s));
        }
        t.tasks.copyNode(s, cur, p);
        t.family.copyNode(s, Tasks.children(cur), Tasks.children(p));
        t.family.copyNode(s, Tasks.sibling(cur), Tasks.sibling(p));
        t.ptraceLinks.copyNode(s, Tasks.ptraceChildren(cur), Tasks.ptraceChildren(p));
        t.ptraceLinks.copyNode(s, Tasks.ptraceList(cur), Tasks.ptraceList(p));
        k.rq.runList.copyNode(s, cur, p);
        t.usage[p].set(s, 2);
        t.prog[p].set(s, k.namedProgram(s, cur));
        t.op[p].set(s, 0);
    }

    /** Steps 7-9: did_exec, {@code copy_flags}, the pid. */
    private void copyFlags(long[] s, int cur, int p, int flags) {
        t.didExec[p].set(s, false);
        t.flags[p].set(s, (t.flags[p].get(s) | Tasks.PF_FORKNOEXEC) & ~Tasks.PF_EXITING);
        if (!has(flags, CLONE_PTRACE)) {
            t.ptrace[p].set(s, 0);
        }
        t.pid[p].set(s, f.pid[cur].get(s));
    }

    /** Step 11 and 24'/25': fresh family lists and signals, the tgid. */
    private void initListsAndTgid(long[] s, int cur, int p, int flags) {
        t.family.init(s, Tasks.children(p));
        t.family.init(s, Tasks.sibling(p));
        t.vforkDone[p].set(s, -1);
        t.tifSigpending[p].set(s, false);
        t.sigkill[p].set(s, false);
        t.sigstop[p].set(s, false);
        boolean thread = has(flags, k.mutant == ForkMutant.TGID_TESTS_CLONE_VM ? CLONE_VM : CLONE_THREAD);
        t.tgid[p].set(s, thread ? t.tgid[cur].get(s) : t.pid[p].get(s));
    }

    private void copyFiles(long[] s, int cur, int p, int flags, boolean fail) {
        int old = t.files[cur].get(s);
        if (old >= 0 && has(flags, CLONE_FILES)) {
            pools.filesCount[old].add(s, 1);
        } else if (old >= 0 && !allocate(s, p, t.files[p], pools.filesCount, fail)) {
            goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SEMUNDO);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_FS);
    }

    private void copyFs(long[] s, int cur, int p, int flags, boolean fail) {
        if (has(flags, CLONE_FS)) {
            pools.fsCount[t.fs[cur].get(s)].add(s, 1);
        } else if (!allocate(s, p, t.fs[p], pools.fsCount, fail)) {
            goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_FILES);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_SIGHAND);
    }

    private void copySighand(long[] s, int cur, int p, int flags, boolean fail) {
        if (has(flags, CLONE_SIGHAND | CLONE_THREAD)) {
            pools.sighandCount[t.sighand[cur].get(s)].add(s, 1);
        } else if (!allocate(s, p, t.sighand[p], pools.sighandCount, fail)) {
            goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_FS);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_SIGNAL);
    }

    private void copySignal(long[] s, int cur, int p, int flags, boolean fail) {
        int old = t.signal[cur].get(s);
        if (has(flags, CLONE_THREAD)) {
            pools.signalCount[old].add(s, 1);
            pools.signalLive[old].add(s, 1);
        } else if (allocate(s, p, t.signal[p], pools.signalCount, fail)) {
            int sig = t.signal[p].get(s);
            pools.signalLive[sig].set(s, 1);
            pools.signalGroupExit[sig].set(s, false);
            pools.groupStopCount[sig].set(s, 0);
            pools.rlimNproc[sig].set(s, pools.rlimNproc[old].get(s));
        } else {
            goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SIGHAND);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_MM);
    }

    private void copyMm(long[] s, int cur, int p, int flags, boolean fail) {
        int old = t.mm[cur].get(s);
        t.mm[p].set(s, -1);
        if (old >= 0 && has(flags, CLONE_VM)) {
            pools.mmUsers[old].add(s, 1);
            t.mm[p].set(s, old);
        } else if (old >= 0 && !allocate(s, p, t.mm[p], pools.mmUsers, fail)) {
            goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_SIGNAL);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_NAMESPACE);
    }

    /**
     * {@code get_undo_list} gives current an undo list first if it has none, and that kmalloc is
     * the one way copy_semundo fails; its rung, bad_fork_cleanup_audit, undoes nothing the model
     * keeps, so the ladder goes on at bad_fork_cleanup_count.
     */
    private void copySemundo(long[] s, int cur, int p, boolean fail) {
        int undo = t.semUndo[cur].get(s);
        if (undo < 0) {
            undo = fail ? -1 : Pools.firstFree(s, pools.semUndoRefcnt);
            if (undo < 0) {
                goTo(s, cur, Errno.ENOMEM, BAD_FORK_CLEANUP_COUNT);
                return;
            }
            pools.semUndoRefcnt[undo].set(s, 1);
            t.semUndo[cur].set(s, undo);
        }
        pools.semUndoRefcnt[undo].add(s, 1);
        t.semUndo[p].set(s, undo);
        f.takeRef(s, cur, Frames.Ref.SEMUNDO, true);
        f.setPc(s, cur, ForkLabel.COPY_FILES);
    }

    /**
     * The child takes a reference on the namespace dup_task_struct copied; with CLONE_NEWNS it
     * trades it, on success, for a fresh namespace of its own, and drops it on failure (the
     * pointer stays, uncounted, until free_task).
     */
    private void copyNamespace(long[] s, int cur, int p, int flags, boolean fail) {
        int ns = t.namespace[p].get(s);
        if (ns >= 0) {
            pools.namespaceCount[ns].add(s, 1);
            f.takeRef(s, cur, Frames.Ref.NAMESPACE, true);
            if (has(flags, CLONE_NEWNS)) {
                Errno e = !capable(s, cur) ? Errno.EPERM : fail ? Errno.ENOMEM : Errno.NONE;
                int fresh = e == Errno.NONE ? Pools.firstFree(s, pools.namespaceCount) : -1;
                if (fresh < 0) {
                    if (k.mutant != ForkMutant.NEWNS_EPERM_KEEPS_NAMESPACE || e != Errno.EPERM) {
                        pools.namespaceCount[ns].add(s, -1);
                        f.takeRef(s, cur, Frames.Ref.NAMESPACE, false);
                    }
                    goTo(s, cur, e == Errno.NONE ? Errno.ENOMEM : e, BAD_FORK_CLEANUP_KEYS);
                    return;
                }
                pools.namespaceCount[fresh].set(s, 1);
                t.namespace[p].set(s, fresh);
                pools.namespaceCount[ns].add(s, -1);
            }
        }
        f.setPc(s, cur, t.ioBitmap[cur].isSet(s) ? ForkLabel.COPY_THREAD_IO_BITMAP
                : has(flags, CLONE_SETTLS) ? ForkLabel.COPY_THREAD_SETTLS : ForkLabel.COPY_PROCESS_13);
    }

    /** {@code capable(CAP_SYS_ADMIN)}: the model's tasks of root_user have every capability, others none. */
    private boolean capable(long[] s, int task) {
        return t.user[task].get(s) == 0;
    }

    /**
     * {@code kmem_cache_alloc} of a private copy: the first free pool entry with count 1, or
     * NULL (the pointer) when the allocation fails or the pool is exhausted.
     */
    private boolean allocate(long[] s, int p, Field pointer, Field[] counts, boolean fail) {
        int e = fail ? -1 : Pools.firstFree(s, counts);
        pointer.set(s, e);
        if (e < 0) {
            return false;
        }
        counts[e].set(s, 1);
        return true;
    }

    /** {@code copy_thread}: the child's {@code eax} is 0, so fork returns 0 in it; {@code TIF_FORK}. */
    private void copyThread(long[] s, int p) {
        t.regsAxZero[p].set(s, true);
        t.tifFork[p].set(s, true);
    }

    /** {@code sched_fork(p)} (kernel/sched.c): the parent's time slice is split with the child. */
    private void schedFork(long[] s, int cpu, int cur, int p) {
        t.setState(s, p, TaskState.TASK_RUNNING);
        k.rq.runList.init(s, p);
        t.array[p].set(s, false);
        int slice = t.timeSlice[cur].get(s);
        t.timeSlice[p].set(s, (slice + 1) >> 1);
        t.firstTimeSlice[p].set(s, true);
        int left = k.mutant == ForkMutant.KEEP_PARENT_TIME_SLICE ? slice : slice >> 1;
        t.timeSlice[cur].set(s, left);
        if (left == 0) {
            t.timeSlice[cur].set(s, 1);
            schedulerTick(s, cpu, cur);
        }
    }

    /**
     * {@code scheduler_tick()} for a task with one tick left: the slice runs out and is refilled
     * with {@code task_timeslice(p)}, the first slice is over, and the task must reschedule. The
     * idle task has no slice to account.
     */
    private void schedulerTick(long[] s, int cpu, int cur) {
        if (cur == k.idle(s, cpu)) {
            return;
        }
        t.timeSlice[cur].set(s, ForkScenarioParser.DEFAULT_TIME_SLICE);
        t.firstTimeSlice[cur].set(s, false);
        k.rq.needResched[cpu].set(s, true);
        if (t.array[cur].isSet(s)) {
            k.rq.runList.del(s, cur);
            k.rq.runList.addTail(s, cur, k.rq.head(cpu));
        }
    }

    /** Step 18: {@code write_lock_irq(&tasklist_lock)}, the child on this CPU, and the SIGKILL check. */
    private void step18(long[] s, int cpu, int cur, int p) {
        t.groupLeader[p].set(s, p);
        t.ptraceLinks.init(s, Tasks.ptraceChildren(p));
        t.ptraceLinks.init(s, Tasks.ptraceList(p));
        if (k.mutant != ForkMutant.NO_TASKLIST_LOCK) {
            k.tasklistLock.writeLock(s, cpu);
        }
        if (k.mutant != ForkMutant.WRITE_LOCK_WITHOUT_IRQ) {
            k.rq.cpu[cpu].localIrqDisable(s);
        }
        t.cpu[p].set(s, cpu);
        if (t.sigkill[cur].isSet(s)) {
            writeUnlockIrq(s, cpu);
            goTo(s, cur, Errno.EINTR, BAD_FORK_CLEANUP_NAMESPACE);
            return;
        }
        f.setPc(s, cur, ForkLabel.COPY_PROCESS_19);
    }

    /** Step 19: the parents; a new thread joins its group unless the group is exiting. */
    private void step19(long[] s, int cpu, int cur, int p, int flags) {
        int realParent = has(flags, CLONE_PARENT | CLONE_THREAD) ? t.realParent[cur].get(s) : cur;
        t.realParent[p].set(s, realParent);
        t.parent[p].set(s, realParent);
        if (k.fixed(ForkFix.MAX_THREADS_UNDER_LOCK) && k.nrThreads.get(s) >= k.maxThreads) {
            writeUnlockIrq(s, cpu);
            goTo(s, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_NAMESPACE);
            return;
        }
        if (has(flags, CLONE_THREAD)) {
            int sig = t.signal[cur].get(s);
            if (pools.signalGroupExit[sig].isSet(s)) {
                writeUnlockIrq(s, cpu);
                goTo(s, cur, Errno.EAGAIN, BAD_FORK_CLEANUP_NAMESPACE);
                return;
            }
            t.groupLeader[p].set(s, t.groupLeader[cur].get(s));
            if (pools.groupStopCount[sig].get(s) > 0) {
                pools.groupStopCount[sig].add(s, 1);
                t.tifSigpending[p].set(s, true);
            }
        }
        f.setPc(s, cur, ForkLabel.COPY_PROCESS_21);
    }

    /**
     * Step 22, {@code __ptrace_link(p, current->parent)}: p's PT_PTRACED was copied from the
     * parent at dup_task_struct, but the parent's tracer may have gone since (its exit
     * __ptrace_unlink'ed the parent), and then current->parent is the parent's real parent,
     * which never asked to trace anyone. The fix {@code ptrace-link-checks-current} tests
     * current->ptrace here, under tasklist_lock, as ptrace_init_task does in later kernels.
     */
    private void step22(long[] s, int cur, int p) {
        boolean parentTraced = (t.ptrace[cur].get(s) & PtraceFlags.PTRACED) != 0;
        if (k.fixed(ForkFix.PTRACE_LINK_CHECKS_CURRENT) && !parentTraced) {
            t.ptrace[p].set(s, 0);
            return;
        }
        int newParent = t.parent[cur].get(s);
        boolean asked = parentTraced && newParent != t.realParent[cur].get(s);
        k.ptraceLink(s, p, newParent);
        t.tracedUnasked[p].set(s, !asked && t.parent[p].get(s) != t.realParent[p].get(s));
    }

    /** {@code attach_pid(p, type, nr)}: the nr is the one dup_task_struct and step 9 left in {@code p}. */
    private void attachPid(long[] s, int p, PidType type) {
        t.attached[p][type.ordinal()].set(s, true);
    }

    private void writeUnlockIrq(long[] s, int cpu) {
        if (k.tasklistLock.writeHeldBy(s, cpu)) {
            k.tasklistLock.writeUnlock(s, cpu);
        }
        k.rq.cpu[cpu].localIrqEnable(s);
    }

    /**
     * {@code exit_signal(p)}: under tasklist_lock, {@code __exit_signal} drops the reference on
     * the signal_struct (kernel/signal.c). It does not touch {@code live}, which copy_signal
     * raised for a new thread; the fix {@code signal-live} undoes that too.
     */
    private void exitSignal(long[] s, int p) {
        int sig = t.signal[p].get(s);
        if (k.fixed(ForkFix.SIGNAL_LIVE) && t.tgid[p].get(s) != t.pid[p].get(s)) {
            pools.signalLive[sig].add(s, -1);
        }
        k.exitSignal(s, p);
    }

    private void goTo(long[] s, int cur, Errno e, ForkLabel rung) {
        f.setErrno(s, cur, e);
        f.setPc(s, cur, rung);
    }

    /**
     * {@code fork_out}: copy_process returns {@code ERR_PTR(retval)}; do_fork frees the pid, and
     * do_boot_cpu panics ("failed fork for CPU %d") when fork_idle fails.
     */
    private void forkOut(long[] s, int cur, Errno e) {
        if (k.currentOp(s, cur) instanceof ForkOp.ForkIdle) {
            k.panicked.set(s, true);
            f.ret(s, cur, e);
            return;
        }
        f.setErrno(s, cur, e);
        f.setPc(s, cur, ForkLabel.DO_FORK_FREE_PIDMAP);
    }
}
