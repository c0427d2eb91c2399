package forkcheck.spec.fork;

/**
 * {@code do_exit} (kernel/exit.c, 2.6.11) as far as the fork path needs it: the references the
 * task drops, {@code mm_release} releasing a vfork parent, {@code exit_notify} handing the
 * children to the reaper and turning the task into a zombie (or releasing it at once), and the
 * final {@code schedule()}. Also {@code exec}'s {@code exec_mmap}, the other caller of mm_release.
 */
final class DoExit {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;
    private final Pools pools;

    DoExit(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
    }

    boolean enabled(long[] s, int cpu, int cur, ForkLabel l) {
        return switch (l) {
            case GROUP_EXIT -> k.tasklistLock.canRead(s);
            case EXIT_NOTIFY -> k.tasklistLock.canWrite(s);
            default -> true;
        };
    }

    void step(long[] s, int cpu, int cur, ForkLabel l) {
        switch (l) {
            case GROUP_EXIT -> {
                int sig = t.signal[cur].get(s);
                if (!pools.signalGroupExit[sig].isSet(s) && !k.threadGroupEmpty(s, cur)) {
                    pools.signalGroupExit[sig].set(s, true);
                    pools.groupStopCount[sig].set(s, 0);
                    zapOtherThreads(s, cur);
                }
                f.setPc(s, cur, ForkLabel.DO_EXIT);
            }
            case DO_EXIT -> {
                int pid = t.pid[cur].get(s);
                if (pid == 0 || pid == 1) {
                    k.panicked.set(s, true);
                }
                t.setFlag(s, cur, Tasks.PF_EXITING);
                int sig = t.signal[cur].get(s);
                pools.signalLive[sig].add(s, -1);
                f.setPc(s, cur, ForkLabel.EXIT_MM);
            }
            case EXIT_MM -> {
                k.mmRelease(s, cur, false);
                f.setPc(s, cur, t.mm[cur].get(s) >= 0 ? ForkLabel.EXIT_MMPUT : afterExitMm(s, cur));
            }
            case EXIT_MMPUT -> {
                mmput(s, cur);
                f.setPc(s, cur, afterExitMm(s, cur));
            }
            case EXIT_SEM -> {
                // exit_sem leaves the pointer behind; nothing reads it again, and a NULL says the reference is gone.
                Pools.put(s, t.semUndo[cur], pools.semUndoRefcnt);
                f.setPc(s, cur, ForkLabel.EXIT_FILES);
            }
            case EXIT_FILES -> {
                Pools.put(s, t.files[cur], pools.filesCount);
                f.setPc(s, cur, ForkLabel.EXIT_FS);
            }
            case EXIT_FS -> {
                Pools.put(s, t.fs[cur], pools.fsCount);
                f.setPc(s, cur, t.namespace[cur].get(s) >= 0 ? ForkLabel.EXIT_NAMESPACE : ForkLabel.EXIT_NOTIFY);
            }
            case EXIT_NAMESPACE -> {
                Pools.put(s, t.namespace[cur], pools.namespaceCount);
                f.setPc(s, cur, ForkLabel.EXIT_NOTIFY);
            }
            case EXIT_NOTIFY -> {
                k.tasklistLock.writeLock(s, cpu);
                k.rq.cpu[cpu].localIrqDisable(s);
                f.setPc(s, cur, ForkLabel.EXIT_NOTIFY_BODY);
            }
            case EXIT_NOTIFY_BODY -> exitNotify(s, cpu, cur);
            case EXIT_SCHEDULE -> {
                t.setFlag(s, cur, Tasks.PF_DEAD);
                if (t.array[cur].isSet(s)) {
                    k.rq.deactivate(s, t, cur, cpu);
                }
                k.rq.needResched[cpu].set(s, false);
                k.rq.curr[cpu].set(s, k.pickNext(s, cpu));
                f.clearAll(s, cur);
                k.putTaskStruct(s, cur);
            }
            case EXEC_MM_RELEASE -> {
                k.mmRelease(s, cur, true);
                f.setPc(s, cur, ForkLabel.EXEC_MMPUT);
            }
            case EXEC_MMPUT -> {
                int mm = Pools.firstFree(s, pools.mmUsers);
                mmput(s, cur);
                if (mm >= 0) {
                    pools.mmUsers[mm].set(s, 1);
                }
                t.mm[cur].set(s, mm);
                t.flags[cur].set(s, t.flags[cur].get(s) & ~Tasks.PF_FORKNOEXEC);
                t.didExec[cur].set(s, true);
                f.ret(s, cur, Errno.NONE);
            }
            default -> throw new IllegalStateException("task " + cur + " at " + l + " is not in do_exit");
        }
    }

    /**
     * The body of {@code exit_notify} under tasklist_lock: reparent the children, tell the parent,
     * become a zombie, or dead if nobody will wait ({@code exit_signal == -1} and untraced); a dead
     * task releases itself after the unlock.
     */
    private void exitNotify(long[] s, int cpu, int cur) {
        k.forgetOriginalParent(s, cur);
        int exitSignal = t.exitSignal[cur].get(s);
        if (exitSignal != -1 && k.threadGroupEmpty(s, cur) || t.ptrace[cur].get(s) != 0) {
            k.doNotifyParent(s, cur);
        }
        boolean dead = exitSignal == -1 && t.ptrace[cur].get(s) == 0;
        t.setExitState(s, cur, dead ? ExitState.EXIT_DEAD : ExitState.EXIT_ZOMBIE);
        k.tasklistLock.writeUnlock(s, cpu);
        k.rq.cpu[cpu].localIrqEnable(s);
        if (dead) {
            f.child[cur].set(s, cur);
            f.setPc(s, cur, ForkLabel.RELEASE_TASK);
        } else {
            f.setPc(s, cur, ForkLabel.EXIT_SCHEDULE);
        }
    }

    /** {@code zap_other_threads(p)} (kernel/signal.c): the group's other threads, by the tgid hash. */
    private void zapOtherThreads(long[] s, int p) {
        int leader = t.groupLeader[p].get(s);
        for (int q = 0; q < k.slots; q++) {
            boolean other = q != p && t.isUsed(s, q) && t.attached[q][PidType.PIDTYPE_TGID.ordinal()].isSet(s)
                    && t.tgid[q].get(s) == t.tgid[p].get(s);
            if (!other || t.exitState(s, q) != ExitState.ALIVE) {
                continue;
            }
            if (q != leader) {
                t.exitSignal[q].set(s, -1);
            }
            t.sigstop[q].set(s, false);
            k.sigkill(s, q);
        }
    }

    /** {@code exit_sem(tsk)} returns at once for a task without an undo list: no step. */
    private ForkLabel afterExitMm(long[] s, int cur) {
        return t.semUndo[cur].get(s) >= 0 ? ForkLabel.EXIT_SEM : ForkLabel.EXIT_FILES;
    }

    /** {@code mmput(mm)}: the task lets go of its address space. */
    private void mmput(long[] s, int cur) {
        Pools.put(s, t.mm[cur], pools.mmUsers);
    }
}
