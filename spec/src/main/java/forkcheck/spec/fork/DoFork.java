package forkcheck.spec.fork;

import static forkcheck.spec.fork.CloneFlags.CLONE_STOPPED;
import static forkcheck.spec.fork.CloneFlags.CLONE_UNTRACED;
import static forkcheck.spec.fork.CloneFlags.CLONE_VFORK;
import static forkcheck.spec.fork.CloneFlags.CLONE_VM;
import static forkcheck.spec.fork.CloneFlags.CSIGNAL;
import static forkcheck.spec.fork.CloneFlags.SIGCHLD;
import static forkcheck.spec.fork.CloneFlags.has;

/**
 * {@code do_fork} (kernel/fork.c, 2.6.11), the seed's steps 1-9, with {@code fork_traceflag},
 * {@code wake_up_new_task} (kernel/sched.c) and the vfork wait; {@code alloc_pidmap} and
 * {@code free_pidmap} run in the pid allocator's own steps, which {@link ForkSpec} interleaves.
 */
final class DoFork {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;

    DoFork(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    /** The call of {@code alloc_pidmap()} that begins do_fork. */
    void begin(long[] s, int cpu, int cur) {
        f.setPc(s, cur, ForkLabel.DO_FORK_1);
        k.pids.callAlloc(s, cpu);
    }

    /** alloc_pidmap returned: {@code if (pid < 0) return -EAGAIN;} */
    void allocReturned(long[] s, int cpu, int cur) {
        int pid = k.pids.result(s, cpu);
        k.pids.release(s, cpu);
        if (pid < 0) {
            f.ret(s, cur, Errno.EAGAIN);
            return;
        }
        f.pid[cur].set(s, pid);
        f.setPc(s, cur, ForkLabel.DO_FORK_2);
    }

    /** free_pidmap returned on the error path: {@code return PTR_ERR(p);} */
    void freeReturned(long[] s, int cpu, int cur) {
        k.pids.release(s, cpu);
        f.ret(s, cur, f.errno(s, cur));
    }

    boolean enabled(long[] s, int cpu, int cur, ForkLabel l) {
        return true;
    }

    void step(long[] s, int cpu, int cur, ForkLabel l) {
        int p = f.child[cur].get(s);
        switch (l) {
            case DO_FORK_2 -> {
                if (t.ptrace[cur].get(s) != 0) {
                    f.trace[cur].set(s, forkTraceflag(s, cur));
                }
                f.setPc(s, cur, ForkLabel.COPY_PROCESS_1);
            }
            case DO_FORK_3 -> {
                int flags = k.cloneFlags(s, cur);
                if (has(flags, CLONE_VFORK)) {
                    t.vforkDone[p].set(s, cur);
                    f.vforkCompleted[cur].set(s, false);
                    k.vforkReleases[cur].set(s, 0);
                }
                if ((t.ptrace[p].get(s) & PtraceFlags.PTRACED) != 0 || has(flags, CLONE_STOPPED)) {
                    t.sigstop[p].set(s, true);
                    t.tifSigpending[p].set(s, true);
                }
                f.setPc(s, cur, has(flags, CLONE_STOPPED) ? ForkLabel.DO_FORK_6 : ForkLabel.DO_FORK_5);
            }
            case DO_FORK_5 -> wakeUpNewTask(s, cpu, cur, p);
            case WAKE_UP_NEW_TASK_THIS_RQ -> afterWakeUp(s, cur);
            case DO_FORK_6 -> {
                t.setState(s, p, TaskState.TASK_STOPPED);
                afterWakeUp(s, cur);
            }
            case DO_FORK_7, DO_FORK_8_VFORK_DONE -> {
                if (!k.ptraceStop(s, cur, ForkLabel.PTRACE_STOP_RESUMED)) {
                    afterTraceEvent(s, cur);
                }
            }
            case PTRACE_STOP_RESUMED -> afterTraceEvent(s, cur);
            case DO_FORK_8 -> waitForCompletion(s, cur);
            case DO_FORK_FREE_PIDMAP -> {
                if (k.mutant == ForkMutant.NO_FREE_PIDMAP_ON_ERROR) {
                    f.ret(s, cur, f.errno(s, cur));
                } else {
                    k.pids.callFree(s, cpu, f.pid[cur].get(s));
                }
            }
            default -> throw new IllegalStateException("task " + cur + " at " + l + " is not in do_fork");
        }
    }

    /** After the event of step 7 (or step 8's VFORK_DONE): on to the vfork wait, or return. */
    private void afterTraceEvent(long[] s, int cur) {
        if (has(k.cloneFlags(s, cur), CLONE_VFORK) && !f.vforkCompleted[cur].isSet(s)) {
            f.setPc(s, cur, ForkLabel.DO_FORK_8);
        } else {
            doForkReturns(s, cur);
        }
    }

    /** {@code fork_traceflag(clone_flags)}: which ptrace event, if any, the tracer asked to see. */
    private int forkTraceflag(long[] s, int cur) {
        int flags = ((ForkOp.Fork) k.currentOp(s, cur)).flags();
        int ptrace = t.ptrace[cur].get(s);
        if (has(flags, CLONE_UNTRACED)) {
            return 0;
        } else if (has(flags, CLONE_VFORK)) {
            return (ptrace & PtraceFlags.TRACE_VFORK) != 0 ? PtraceFlags.EVENT_VFORK : 0;
        } else if ((flags & CSIGNAL) != SIGCHLD) {
            return (ptrace & PtraceFlags.TRACE_CLONE) != 0 ? PtraceFlags.EVENT_CLONE : 0;
        }
        return (ptrace & PtraceFlags.TRACE_FORK) != 0 ? PtraceFlags.EVENT_FORK : 0;
    }

    /**
     * Step 5, {@code wake_up_new_task(p, clone_flags)} under the child's runqueue lock: on this
     * CPU without CLONE_VM the child goes just before the parent so that it runs first; otherwise
     * it is queued at the tail.
     */
    private void wakeUpNewTask(long[] s, int cpu, int cur, int p) {
        int target = t.cpu[p].get(s);
        if (target == cpu) {
            if (!has(k.cloneFlags(s, cur), CLONE_VM)) {
                if (!t.array[cur].isSet(s)) {
                    k.rq.activate(s, t, p, cpu);
                } else {
                    k.rq.runList.addTail(s, p, cur);
                    t.array[p].set(s, true);
                    k.rq.nrRunning[cpu].add(s, 1);
                }
                k.rq.needResched[cpu].set(s, k.mutant != ForkMutant.NO_CHILD_FIRST);
            } else {
                k.rq.activate(s, t, p, cpu);
            }
            if (k.mutant == ForkMutant.DOUBLE_ENQUEUE) {
                k.rq.nrRunning[cpu].add(s, 1);
            }
            afterWakeUp(s, cur);
        } else {
            k.rq.activate(s, t, p, target);
            if (k.preemptsCurr(s, target)) {
                k.rq.needResched[target].set(s, true);
            }
            f.setPc(s, cur, ForkLabel.WAKE_UP_NEW_TASK_THIS_RQ);
        }
    }

    /** Steps 7 and 8: report the event to the tracer, then wait for a vfork child. */
    private void afterWakeUp(long[] s, int cur) {
        if (f.trace[cur].get(s) != 0) {
            f.setPc(s, cur, ForkLabel.DO_FORK_7);
        } else if (has(k.cloneFlags(s, cur), CLONE_VFORK)) {
            f.setPc(s, cur, ForkLabel.DO_FORK_8);
        } else {
            doForkReturns(s, cur);
        }
    }

    /**
     * {@code wait_for_completion(&vfork)}: sleep uninterruptibly until the child's mm_release
     * completes it; {@code schedule()} then runs on this CPU as its next step.
     */
    private void waitForCompletion(long[] s, int cur) {
        if (!f.vforkCompleted[cur].isSet(s)) {
            t.setState(s, cur, TaskState.TASK_UNINTERRUPTIBLE);
            return;
        }
        if ((t.ptrace[cur].get(s) & PtraceFlags.TRACE_VFORK_DONE) != 0) {
            f.setPc(s, cur, ForkLabel.DO_FORK_8_VFORK_DONE);
        } else {
            doForkReturns(s, cur);
        }
    }

    /** Step 9: {@code return pid;} */
    private void doForkReturns(long[] s, int cur) {
        f.ret(s, cur, Errno.NONE);
    }
}
