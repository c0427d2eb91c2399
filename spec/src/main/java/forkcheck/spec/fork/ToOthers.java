package forkcheck.spec.fork;

/**
 * System calls one task makes on another, which reach a fork in flight: {@code kill(pid, SIGKILL)}
 * (kernel/signal.c), {@code ptrace(PTRACE_ATTACH)} (kernel/ptrace.c) and {@code sched_setaffinity}
 * (kernel/sched.c). Each finds its target by pid
 * under {@code read_lock(&tasklist_lock)}, so it sees a child from the moment copy_process hashes
 * it, before do_fork has woken it.
 */
final class ToOthers {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;

    ToOthers(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    boolean enabled(long[] s, int cpu, int cur, ForkLabel l) {
        return l == ForkLabel.PTRACE_ATTACH_LINK || l == ForkLabel.PTRACE_DETACH ? k.tasklistLock.canWrite(s)
                : k.tasklistLock.canRead(s);
    }

    void step(long[] s, int cpu, int cur, ForkLabel l) {
        if (l == ForkLabel.PTRACE_ATTACH_LINK) {
            attachLink(s, cur);
            return;
        }
        ForkOp op = k.currentOp(s, cur);
        int p = k.hashedSlotOf(s, k.namedProgram(s, cur));
        if (p < 0) {
            f.ret(s, cur, Errno.ESRCH);
            return;
        }
        if (l == ForkLabel.PTRACE_ATTACH) {
            attach(s, cur, p);
            return;
        }
        if (l == ForkLabel.PTRACE_CONT || l == ForkLabel.PTRACE_DETACH) {
            resume(s, cur, p, l == ForkLabel.PTRACE_DETACH);
            return;
        }
        if (l == ForkLabel.KILL && ((ForkOp.Kill) op).group()) {
            killProcessGroup(s, t.pgrp[p].get(s));
        } else if (l == ForkLabel.KILL) {
            groupKill(s, p);
        } else {
            migrateTask(s, p, ((ForkOp.SetAffinity) op).cpu());
        }
        f.ret(s, cur, Errno.NONE);
    }

    /**
     * {@code __group_complete_signal} for a fatal signal: the whole thread group is to exit, so
     * SIGNAL_GROUP_EXIT is set and every thread gets SIGKILL and is woken from any sleep it can
     * be woken from ({@code signal_wake_up(t, 1)}: interruptible, stopped or traced).
     */
    private void groupKill(long[] s, int p) {
        int sig = t.signal[p].get(s);
        if (sig < 0) {
            return;
        }
        k.pools.signalGroupExit[sig].set(s, true);
        for (int q = 0; q < k.slots; q++) {
            if (t.isUsed(s, q) && t.signal[q].get(s) == sig && t.attached[q][PidType.PIDTYPE_PID.ordinal()].isSet(s)) {
                k.sigkill(s, q);
            }
        }
    }

    /** {@code __kill_pg_info(SIGKILL, pgrp)}: every task hashed in the process group gets the fatal signal. */
    private void killProcessGroup(long[] s, int pgrp) {
        for (int q = 0; q < k.slots; q++) {
            if (t.isUsed(s, q) && t.attached[q][PidType.PIDTYPE_PGID.ordinal()].isSet(s) && t.pgrp[q].get(s) == pgrp) {
                groupKill(s, q);
            }
        }
    }

    /**
     * {@code ptrace_attach}'s checks and {@code task->ptrace |= PT_PTRACED}, under task_lock only:
     * the task is marked traced before the tracer takes tasklist_lock to link it.
     */
    private void attach(long[] s, int cur, int p) {
        int u = t.user[cur].get(s);
        boolean permitted = t.pid[p].get(s) > 1 && p != cur && t.mm[p].get(s) >= 0
                && (u == 0 || u == t.user[p].get(s)) && (t.ptrace[p].get(s) & PtraceFlags.PTRACED) == 0;
        if (!permitted) {
            f.ret(s, cur, Errno.EPERM);
            return;
        }
        t.ptrace[p].set(s, t.ptrace[p].get(s) | PtraceFlags.PTRACED);
        f.child[cur].set(s, p);
        f.setPc(s, cur, ForkLabel.PTRACE_ATTACH_LINK);
    }

    /**
     * {@code PTRACE_CONT} / {@code PTRACE_DETACH}: only a tracee this task traces and that is
     * stopped ({@code ptrace_check_attach}); detach unlinks it under the write lock first.
     */
    private void resume(long[] s, int cur, int p, boolean detach) {
        boolean stopped = t.state(s, p) == TaskState.TASK_TRACED || t.state(s, p) == TaskState.TASK_STOPPED;
        if ((t.ptrace[p].get(s) & PtraceFlags.PTRACED) == 0 || t.parent[p].get(s) != cur || !stopped) {
            f.ret(s, cur, Errno.ESRCH);
            return;
        }
        t.stopToReport[p].set(s, false);
        if (detach) {
            k.ptraceUnlink(s, p);
        }
        if (t.exitState(s, p) != ExitState.EXIT_ZOMBIE) {
            k.tryToWakeUp(s, p, TaskState.TASK_TRACED);
            k.tryToWakeUp(s, p, TaskState.TASK_STOPPED);
        }
        f.ret(s, cur, Errno.NONE);
    }

    /** Under the write lock: {@code __ptrace_link(task, current)}, then SIGSTOP for the tracee. */
    private void attachLink(long[] s, int cur) {
        int p = f.child[cur].get(s);
        if (t.attached[p][PidType.PIDTYPE_PID.ordinal()].isSet(s)) {
            k.ptraceLink(s, p, cur);
            t.sigstop[p].set(s, true);
            t.tifSigpending[p].set(s, true);
        }
        f.ret(s, cur, Errno.NONE);
    }

    /**
     * {@code migrate_task(p, cpu)}: a task on no runqueue and not running moves at once; a queued
     * one is moved by the migration thread, here in the same step; a running one is left alone.
     */
    private void migrateTask(long[] s, int p, int dest) {
        int from = t.cpu[p].get(s);
        if (from == dest || k.rq.curr[from].get(s) == p) {
            return;
        }
        if (t.array[p].isSet(s)) {
            k.rq.deactivate(s, t, p, from);
            t.cpu[p].set(s, dest);
            k.rq.activate(s, t, p, dest);
        } else {
            t.cpu[p].set(s, dest);
        }
    }
}
