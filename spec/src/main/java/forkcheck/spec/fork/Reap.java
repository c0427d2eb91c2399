package forkcheck.spec.fork;

import static forkcheck.spec.fork.ForkLabel.DETACH_PID;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_LOCK;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_PUT;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_UNHASH;
import static forkcheck.spec.fork.ForkLabel.RELEASE_TASK_UNLOCK;

/**
 * {@code wait4} reaping a zombie child, and {@code release_task} (kernel/exit.c, 2.6.11), which
 * also runs for a task that dies with nobody to wait for it: the references go, the task leaves
 * the pid hash and the lists, and {@code detach_pid} hands back every id nobody else uses
 * (kernel/pid.c), each through {@code free_pidmap}'s own steps.
 *
 * <p>{@code wait} is {@code wait4(-1, &status, __WALL, NULL)}: it reaps any child that is a
 * zombie, whatever its exit signal; with none it sleeps until {@code do_notify_parent} wakes it.
 * A tracer reaping a tracee that is not its own child does not release it: it hands the zombie
 * back to the real parent. A tracee's ptrace stop is reported to the tracer once
 * ({@code wait_task_stopped}); a task whose children are all traced by others waits for them.
 * A zombie leader whose threads live is not reaped yet ({@code delay_group_leader}): the last of
 * its threads to be released tells its parent ({@code release_task}'s leader notice).
 */
final class Reap {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;
    private final Pools pools;

    Reap(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
    }

    boolean enabled(long[] s, int cpu, int cur, ForkLabel l) {
        return switch (l) {
            case WAIT -> k.tasklistLock.canRead(s);
            case WAIT_PTRACE_UNLINK -> k.tasklistLock.canWrite(s);
            case RELEASE_TASK_LOCK -> k.tasklistLock.canWrite(s);
            default -> true;
        };
    }

    void step(long[] s, int cpu, int cur, ForkLabel l) {
        int p = f.child[cur].get(s);
        switch (l) {
            case WAIT -> doWait(s, cur);
            case WAIT_PTRACE_UNLINK -> {
                k.ptraceUnlink(s, p);
                t.setExitState(s, p, ExitState.EXIT_ZOMBIE);
                if (t.exitSignal[p].get(s) != -1) {
                    k.doNotifyParent(s, p);
                    f.ret(s, cur, Errno.NONE);
                } else {
                    f.setPc(s, cur, ForkLabel.RELEASE_TASK);
                }
            }
            case RELEASE_TASK -> {
                int u = t.user[p].get(s);
                pools.userProcesses[u].add(s, -1);
                f.setPc(s, cur, RELEASE_TASK_LOCK);
            }
            case RELEASE_TASK_LOCK -> {
                k.tasklistLock.writeLock(s, cpu);
                k.rq.cpu[cpu].localIrqDisable(s);
                f.setPc(s, cur, RELEASE_TASK_UNHASH);
            }
            case RELEASE_TASK_UNHASH -> unhash(s, cpu, cur, p);
            case DETACH_PID -> {
                int types = f.toFree[cur].get(s);
                int type = Integer.numberOfTrailingZeros(types);
                f.toFree[cur].set(s, types & (types - 1));
                k.pids.callFree(s, cpu, k.nr(s, p, type));
            }
            case RELEASE_TASK_UNLOCK -> {
                schedExit(s, p);
                k.tasklistLock.writeUnlock(s, cpu);
                k.rq.cpu[cpu].localIrqEnable(s);
                f.setPc(s, cur, RELEASE_TASK_PUT);
            }
            case RELEASE_TASK_PUT -> {
                k.putTaskStruct(s, p);
                if (p == cur) {
                    f.child[cur].set(s, -1);
                    f.setPc(s, cur, ForkLabel.EXIT_SCHEDULE);
                } else {
                    f.ret(s, cur, Errno.NONE);
                }
            }
            default -> throw new IllegalStateException("task " + cur + " at " + l + " is not in release_task");
        }
    }

    /** free_pidmap returned: the next id, or on with release_task. */
    void freeReturned(long[] s, int cpu, int cur) {
        k.pids.release(s, cpu);
        f.setPc(s, cur, f.toFree[cur].get(s) != 0 ? DETACH_PID : RELEASE_TASK_UNLOCK);
    }

    /** Under {@code read_lock(&tasklist_lock)}: a zombie child to reap, sleep, or -ECHILD. */
    private void doWait(long[] s, int cur) {
        int head = Tasks.children(cur);
        boolean any = false;
        for (int node = t.family.next(s, head); node != head; node = t.family.next(s, node)) {
            int p = Tasks.ofSibling(node);
            if (t.exitSignal[p].get(s) == -1 && t.ptrace[p].get(s) == 0) {
                continue;
            }
            any = true;
            TaskState st = t.state(s, p);
            if ((st == TaskState.TASK_TRACED || st == TaskState.TASK_STOPPED) && t.stopToReport[p].isSet(s)
                    && (t.ptrace[p].get(s) & PtraceFlags.PTRACED) != 0 && t.exitState(s, p) == ExitState.ALIVE) {
                t.stopToReport[p].set(s, false);
                f.pid[cur].set(s, t.pid[p].get(s));
                f.ret(s, cur, Errno.NONE);
                return;
            }
            boolean delayGroupLeader = k.mutant != ForkMutant.REAP_LEADER_EARLY && t.isLeader(s, p)
                    && !k.threadGroupEmpty(s, p);
            if (t.exitState(s, p) == ExitState.EXIT_ZOMBIE && !delayGroupLeader) {
                t.setExitState(s, p, ExitState.EXIT_DEAD);
                f.child[cur].set(s, p);
                f.pid[cur].set(s, t.pid[p].get(s));
                boolean traced = t.realParent[p].get(s) != t.parent[p].get(s);
                f.setPc(s, cur, traced ? ForkLabel.WAIT_PTRACE_UNLINK : ForkLabel.RELEASE_TASK);
                return;
            }
        }
        any |= !t.ptraceLinks.isEmpty(s, Tasks.ptraceChildren(cur));
        if (!any) {
            f.ret(s, cur, Errno.ECHILD);
        } else if (t.sigkill[cur].isSet(s)) {
            f.ret(s, cur, Errno.EINTR);
        } else {
            // schedule(); goto repeat: woken, the task runs do_wait again
            t.setState(s, cur, TaskState.TASK_INTERRUPTIBLE);
            f.setPc(s, cur, ForkLabel.WAIT);
        }
    }

    /**
     * {@code __ptrace_unlink}, {@code __exit_signal}, {@code __exit_sighand} and
     * {@code __unhash_process}: the ids whose last user this was go to {@link Frames#toFree}.
     */
    private void unhash(long[] s, int cpu, int cur, int p) {
        if (t.ptrace[p].get(s) != 0) {
            k.ptraceUnlink(s, p);
        }
        k.exitSignal(s, p);
        k.exitSighand(s, p);
        k.nrThreads.add(s, -1);
        boolean leader = t.isLeader(s, p);
        int last = leader ? PidType.values().length : 2;
        for (int type = 0; type < last; type++) {
            t.attached[p][type].set(s, false);
        }
        int toFree = 0;
        for (int type = 0; type < last; type++) {
            int nr = k.nr(s, p, type);
            if (!hashedAnyType(s, nr) && !freesSameNr(s, p, toFree, nr)) {
                toFree |= 1 << type;
            }
        }
        if (leader && t.pid[p].get(s) != 0) {
            k.rq.processCounts[cpu].add(s, -1);
        }
        t.removeLinks(s, p);
        int groupLeader = t.groupLeader[p].get(s);
        if (groupLeader != p && groupLeader >= 0 && k.threadGroupEmpty(s, groupLeader)
                && t.exitState(s, groupLeader) == ExitState.EXIT_ZOMBIE) {
            k.doNotifyParent(s, groupLeader);
        }
        f.toFree[cur].set(s, toFree);
        f.setPc(s, cur, toFree != 0 ? DETACH_PID : RELEASE_TASK_UNLOCK);
    }

    private boolean hashedAnyType(long[] s, int nr) {
        for (PidType type : PidType.values()) {
            if (t.hashed(s, type, nr)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an earlier type of the same task already frees {@code nr} (detach_pid frees an id once). */
    private boolean freesSameNr(long[] s, int p, int toFree, int nr) {
        for (int type = 0; type < PidType.values().length; type++) {
            if ((toFree & (1 << type)) != 0 && k.nr(s, p, type) == nr) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sched_exit(p)} (kernel/sched.c): a child that dies in its first time slice gives
     * what is left back to its parent, at most {@code task_timeslice}.
     */
    private void schedExit(long[] s, int p) {
        int parent = t.parent[p].get(s);
        if (t.firstTimeSlice[p].isSet(s) && parent >= 0) {
            int slice = t.timeSlice[parent].get(s) + t.timeSlice[p].get(s);
            t.timeSlice[parent].set(s, Math.min(slice, ForkScenarioParser.DEFAULT_TIME_SLICE));
        }
    }
}
