package forkcheck.spec.fork;

import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.RwLock;
import forkcheck.spec.pid.PidAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel's data for one scenario, and the small routines of kernel/sched.c, kernel/exit.c
 * and kernel/ptrace.c that several steps share. Steps live in {@link DoFork}, {@link CopyProcess},
 * {@link DoExit}, {@link Reap} and {@link ToOthers}; this class only knows the data and the helpers.
 */
final class Kernel {
    final ForkScenario sc;
    final ForkMutant mutant;
    final int cpus;
    final int slots;
    final int maxThreads;
    /** Programs by index; 0 is the empty program. */
    final List<List<ForkOp>> programs = new ArrayList<>();
    final List<String> programNames = new ArrayList<>();
    /** For each program's op, the program of the task it names (a fork's child, a kill's target), or 0. */
    private final int[][] namedProgram;

    final Tasks t;
    final Frames f;
    final Pools pools;
    final Runqueues rq;
    final PidAllocator pids;
    final RwLock tasklistLock;
    final Field nrThreads;
    final Field totalForks;
    /** A {@code panic()}: do_exit of the swapper or of init. */
    final Field panicked;
    /** Ghost: how many times {@code complete(vfork_done)} has released each task's vfork wait. */
    final Field[] vforkReleases;

    Kernel(Layout.Builder b, ForkScenario sc, ForkMutant mutant) {
        this.sc = sc;
        this.mutant = mutant;
        cpus = sc.cpus();
        slots = sc.slots();
        maxThreads = sc.maxThreads();
        programs.add(List.of());
        programNames.add("");
        for (Map.Entry<String, List<ForkOp>> e : sc.programs().entrySet()) {
            programNames.add(e.getKey());
            programs.add(e.getValue());
        }
        namedProgram = new int[programs.size()][];
        for (int prog = 0; prog < programs.size(); prog++) {
            List<ForkOp> ops = programs.get(prog);
            namedProgram[prog] = new int[ops.size()];
            for (int i = 0; i < ops.size(); i++) {
                String name = ops.get(i) instanceof ForkOp.Fork fork ? fork.child() : ops.get(i).target();
                namedProgram[prog][i] = name == null ? 0 : program(name);
            }
        }
        int maxOps = programs.stream().mapToInt(List::size).max().orElse(0);
        pids = new PidAllocator(b, sc.pidMax(), sc.bitsPerPage(), sc.reservedPids(), cpus, cpus,
                sc.mayFail(ForkScenario.FAULT_GET_ZEROED_PAGE));
        t = new Tasks(b, slots, sc.pidMax(), slots, sc.users(), cpus, programs.size(), maxOps);
        f = new Frames(b, slots, sc.pidMax());
        pools = new Pools(b, slots, sc.users(), slots, Math.max(64, sc.maxThreads()));
        rq = new Runqueues(b, cpus, slots);
        tasklistLock = new RwLock(b, "tasklist_lock", cpus);
        nrThreads = b.field("nr_threads", 0, slots);
        totalForks = b.field("total_forks", 0, sc.forkCalls() + sc.tasks().size());
        panicked = b.flag("panicked");
        vforkReleases = new Field[slots];
        for (int i = 0; i < slots; i++) {
            vforkReleases[i] = b.field("task" + i + ".ghost.vfork_releases", 0, 2);
        }
    }

    int program(String name) {
        int i = programNames.indexOf(name);
        return i < 0 ? 0 : i;
    }

    /** The program of the task the op task {@code p} is in names (0 for none), resolved once from its name. */
    int namedProgram(long[] s, int p) {
        return namedProgram[t.prog[p].get(s)][t.op[p].get(s) - 1];
    }

    /** The task that runs program {@code prog}, if the pid hash has it ({@code find_task_by_pid}); else -1. */
    int hashedSlotOf(long[] s, int prog) {
        for (int p = 0; p < slots; p++) {
            if (t.isUsed(s, p) && t.prog[p].get(s) == prog && t.attached[p][PidType.PIDTYPE_PID.ordinal()].isSet(s)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * What {@code do_signal} does on the task's way back to user space, before its next op: a
     * pending SIGKILL makes it exit ({@code DO_EXIT}), a SIGSTOP alone stop
     * ({@code GET_SIGNAL_STOP}; {@code dequeue_signal} takes the lowest number, SIGKILL, first);
     * null when it goes on with its program.
     */
    ForkLabel signalStep(long[] s, int p) {
        if (t.hasFlag(s, p, Tasks.PF_EXITING)) {
            return null;
        }
        return t.sigkill[p].isSet(s) ? ForkLabel.DO_EXIT : t.sigstop[p].isSet(s) ? ForkLabel.GET_SIGNAL_STOP : null;
    }

    /** The op task {@code p} is in, or last began; null before its first (or in a state no run reaches). */
    ForkOp currentOp(long[] s, int p) {
        int prog = t.prog[p].get(s);
        int op = t.op[p].get(s);
        List<ForkOp> ops = prog < programs.size() ? programs.get(prog) : List.of();
        return op >= 1 && op <= ops.size() ? ops.get(op - 1) : null;
    }

    boolean hasOpsLeft(long[] s, int p) {
        return t.op[p].get(s) < programs.get(t.prog[p].get(s)).size();
    }

    /**
     * copy_process's {@code clone_flags}: a fork op's, with CLONE_PTRACE where fork_traceflag
     * chose to trace; fork_idle's CLONE_VM.
     */
    int cloneFlags(long[] s, int p) {
        ForkOp op = currentOp(s, p);
        int flags = op instanceof ForkOp.Fork fork ? fork.flags() : CloneFlags.CLONE_VM;
        return f.trace[p].get(s) != 0 ? flags | CloneFlags.CLONE_PTRACE : flags;
    }

    /** {@code rq->idle}: the swapper on CPU 0; on another CPU its fork_idle thread, or -1 before there is one. */
    int idle(long[] s, int cpu) {
        return rq.idle[cpu].get(s);
    }

    /** {@code child_reaper}: init once it exists, the swapper before (init/main.c:526). */
    int childReaper(long[] s) {
        for (int p = 1; p < slots; p++) {
            if (t.isUsed(s, p) && t.pid[p].get(s) == 1 && t.exitState(s, p) == ExitState.ALIVE) {
                return p;
            }
        }
        return 0;
    }

    /**
     * A task that would run if picked: runnable, with work in the kernel (a zombie still has to
     * call its last schedule()) or, alive, a program left.
     */
    boolean wantsCpu(long[] s, int p) {
        if (!t.isUsed(s, p) || t.state(s, p) != TaskState.TASK_RUNNING || t.hasFlag(s, p, Tasks.PF_DEAD)) {
            return false;
        }
        return f.pc(s, p) != ForkLabel.IDLE
                || t.exitState(s, p) == ExitState.ALIVE && (hasOpsLeft(s, p) || signalStep(s, p) != null);
    }

    /** {@code TASK_PREEMPTS_CURR(p, rq)}: every task has the same priority, so only an idle CPU is preempted. */
    boolean preemptsCurr(long[] s, int cpu) {
        int curr = rq.curr[cpu].get(s);
        return curr == idle(s, cpu);
    }

    /** {@code try_to_wake_up(p, state)} (kernel/sched.c): runnable again, and queued unless it still is. */
    void tryToWakeUp(long[] s, int p, TaskState sleeping) {
        if (t.state(s, p) != sleeping) {
            return;
        }
        t.setState(s, p, TaskState.TASK_RUNNING);
        if (!t.array[p].isSet(s)) {
            int c = t.cpu[p].get(s);
            rq.activate(s, t, p, c);
            if (preemptsCurr(s, c)) {
                rq.needResched[c].set(s, true);
            }
        }
    }

    /**
     * {@code sigaddset(&t->pending.signal, SIGKILL); signal_wake_up(t, 1)}: the task is woken
     * from any sleep a fatal signal ends (interruptible, stopped or traced).
     */
    void sigkill(long[] s, int p) {
        t.sigkill[p].set(s, true);
        t.tifSigpending[p].set(s, true);
        tryToWakeUp(s, p, TaskState.TASK_INTERRUPTIBLE);
        tryToWakeUp(s, p, TaskState.TASK_STOPPED);
        tryToWakeUp(s, p, TaskState.TASK_TRACED);
    }

    /** {@code do_notify_parent(tsk, sig)}: the parent's {@code wait4} wakes up (kernel/signal.c). */
    void doNotifyParent(long[] s, int p) {
        tryToWakeUp(s, t.parent[p].get(s), TaskState.TASK_INTERRUPTIBLE);
    }

    /**
     * {@code ptrace_stop} (kernel/signal.c): if a tracer still traces us, stop in TASK_TRACED with
     * the event to report, and tell the tracer; {@code schedule()} is the CPU's next step, and
     * the tracer's PTRACE_CONT or PTRACE_DETACH wakes us at {@code resumeAt}. If the tracer
     * went away, don't stop.
     */
    boolean ptraceStop(long[] s, int cur, ForkLabel resumeAt) {
        int tracer = t.parent[cur].get(s);
        boolean groupExiting = t.signal[tracer].get(s) >= 0 && t.signal[tracer].get(s) == t.signal[cur].get(s)
                && pools.signalGroupExit[t.signal[cur].get(s)].isSet(s);
        if ((t.ptrace[cur].get(s) & PtraceFlags.PTRACED) == 0 || groupExiting) {
            return false;
        }
        t.setState(s, cur, TaskState.TASK_TRACED);
        t.stopToReport[cur].set(s, true);
        doNotifyParent(s, cur);
        f.setPc(s, cur, resumeAt);
        return true;
    }

    /**
     * {@code mm_release(tsk, mm)} (kernel/fork.c): {@code complete_vfork_done(tsk)} wakes a vfork
     * parent. {@code exec} is whether exec_mmap calls it (the mutant's place).
     */
    void mmRelease(long[] s, int p, boolean exec) {
        int mm = t.mm[p].get(s);
        if (t.clearChildTid[p].isSet(s) && mm >= 0 && pools.mmUsers[mm].get(s) > 1) {
            // put_user(0, tidptr); sys_futex(tidptr, FUTEX_WAKE, ...): the thread library's join
            t.clearChildTid[p].set(s, false);
        }
        int parent = t.vforkDone[p].get(s);
        if (parent < 0) {
            return;
        }
        if (!(exec && mutant == ForkMutant.EXEC_KEEPS_VFORK_DONE)) {
            t.vforkDone[p].set(s, -1);
        }
        f.vforkCompleted[parent].set(s, true);
        vforkReleases[parent].set(s, Math.min(2, vforkReleases[parent].get(s) + 1));
        tryToWakeUp(s, parent, TaskState.TASK_UNINTERRUPTIBLE);
    }

    /** {@code __ptrace_link(child, new_parent)} (kernel/ptrace.c:29). */
    void ptraceLink(long[] s, int child, int newParent) {
        if (t.parent[child].get(s) == newParent) {
            return;
        }
        int ptraceChildrenOf = mutant == ForkMutant.PTRACE_LINK_NEW_PARENT ? newParent : t.parent[child].get(s);
        t.ptraceLinks.add(s, Tasks.ptraceList(child), Tasks.ptraceChildren(ptraceChildrenOf));
        t.removeLinks(s, child);
        t.parent[child].set(s, newParent);
        if (mutant == ForkMutant.PTRACE_LINK_TO_REAL_PARENT) {
            t.parent[child].set(s, t.realParent[child].get(s));
            t.setLinks(s, child);
            t.parent[child].set(s, newParent);
        } else {
            t.setLinks(s, child);
        }
    }

    /** {@code __ptrace_unlink(child)} (kernel/ptrace.c:48). */
    void ptraceUnlink(long[] s, int child) {
        t.ptrace[child].set(s, 0);
        t.tracedUnasked[child].set(s, false);
        if (t.ptraceLinks.isEmpty(s, Tasks.ptraceList(child))) {
            return;
        }
        t.ptraceLinks.delInit(s, Tasks.ptraceList(child));
        t.removeLinks(s, child);
        t.parent[child].set(s, t.realParent[child].get(s));
        t.setLinks(s, child);
        // ptrace_untrace: a tracee left in a ptrace stop is woken, there being no one to continue it
        tryToWakeUp(s, child, TaskState.TASK_TRACED);
    }

    /**
     * {@code forget_original_parent(father)} (kernel/exit.c): the children go to another live
     * thread of the group or to {@code child_reaper}; a child someone else traced goes back to
     * its real parent.
     */
    void forgetOriginalParent(long[] s, int father) {
        int reaper = nextLiveThread(s, father);
        int head = Tasks.children(father);
        for (int pos = t.family.next(s, head), n = t.family.next(s, pos); pos != head; pos = n, n = t.family.next(s, pos)) {
            int p = Tasks.ofSibling(pos);
            if (t.realParent[p].get(s) == father) {
                t.realParent[p].set(s, reaper);
                reparentThread(s, p, false);
            } else {
                ptraceUnlink(s, p);
                if (t.exitState(s, p) == ExitState.EXIT_ZOMBIE && t.exitSignal[p].get(s) != -1) {
                    doNotifyParent(s, p);
                }
            }
        }
        head = Tasks.ptraceChildren(father);
        for (int pos = t.ptraceLinks.next(s, head), n = t.ptraceLinks.next(s, pos); pos != head;
                pos = n, n = t.ptraceLinks.next(s, pos)) {
            int p = Tasks.ofSibling(pos);
            t.realParent[p].set(s, reaper);
            reparentThread(s, p, true);
        }
    }

    private int nextLiveThread(long[] s, int father) {
        for (int q = 0; q < slots; q++) {
            if (q != father && t.isUsed(s, q) && t.tgid[q].get(s) == t.tgid[father].get(s)
                    && t.attached[q][PidType.PIDTYPE_TGID.ordinal()].isSet(s) && t.exitState(s, q) == ExitState.ALIVE) {
                return q;
            }
        }
        return childReaper(s);
    }

    /** {@code reparent_thread(p, father, traced)} (kernel/exit.c). */
    private void reparentThread(long[] s, int p, boolean traced) {
        if (t.exitSignal[p].get(s) != -1) {
            t.exitSignal[p].set(s, CloneFlags.SIGCHLD);
        }
        if (traced) {
            t.ptraceLinks.delInit(s, Tasks.ptraceList(p));
            if (t.parent[p].get(s) != t.realParent[p].get(s)) {
                t.ptraceLinks.add(s, Tasks.ptraceList(p), Tasks.ptraceChildren(t.realParent[p].get(s)));
            }
            return;
        }
        t.ptrace[p].set(s, 0);
        t.family.delInit(s, Tasks.sibling(p));
        t.parent[p].set(s, t.realParent[p].get(s));
        t.family.addTail(s, Tasks.sibling(p), Tasks.children(t.parent[p].get(s)));
        if (t.exitState(s, p) == ExitState.EXIT_ZOMBIE && t.exitSignal[p].get(s) != -1) {
            doNotifyParent(s, p);
        }
    }

    /** {@code __exit_signal(p)} (kernel/signal.c): drop the reference; the last one frees the signal_struct. */
    void exitSignal(long[] s, int p) {
        int sig = t.signal[p].get(s);
        if (Pools.decAndTest(s, pools.signalCount[sig])) {
            pools.signalLive[sig].set(s, 0);
            pools.signalGroupExit[sig].set(s, false);
            pools.groupStopCount[sig].set(s, 0);
            pools.rlimNproc[sig].set(s, 0);
        }
        t.signal[p].set(s, -1);
    }

    /** {@code __exit_sighand(p)}. */
    void exitSighand(long[] s, int p) {
        int h = t.sighand[p].get(s);
        pools.sighandCount[h].add(s, -1);
        t.sighand[p].set(s, -1);
    }

    boolean fixed(ForkFix fix) {
        return sc.fixes().contains(fix.id());
    }

    /** {@code thread_group_empty(p)}: no other task is hashed under p's tgid. */
    boolean threadGroupEmpty(long[] s, int p) {
        for (int q = 0; q < slots; q++) {
            if (q != p && t.attached[q][PidType.PIDTYPE_TGID.ordinal()].isSet(s) && t.tgid[q].get(s) == t.tgid[p].get(s)) {
                return false;
            }
        }
        return true;
    }

    /** {@code put_task_struct(p)}: the last reference frees the task ({@code __put_task_struct}, kernel/fork.c). */
    void putTaskStruct(long[] s, int p) {
        int usage = t.usage[p].get(s) - 1;
        t.usage[p].set(s, usage);
        if (usage == 0) {
            int u = t.user[p].get(s);
            pools.userCount[u].add(s, -1);
            freeTask(s, p);
        }
    }

    /** {@code free_task(p)}: the slot is free again, all of it zero as a fresh slab object would be to the model. */
    void freeTask(long[] s, int p) {
        t.clear(s, p);
        f.clearAll(s, p);
        vforkReleases[p].set(s, 0);
    }

    /**
     * {@code schedule()} on {@code cpu}: a task that no longer runs leaves the queue, and the
     * first queued task that has something to do runs next (all have the same priority, so the
     * queue's order is the scheduler's); the idle task if none.
     */
    void schedule(long[] s, int cpu) {
        int prev = rq.curr[cpu].get(s);
        if (prev > 0 && t.array[prev].isSet(s) && t.state(s, prev) != TaskState.TASK_RUNNING) {
            rq.deactivate(s, t, prev, cpu);
        }
        rq.needResched[cpu].set(s, false);
        rq.curr[cpu].set(s, pickNext(s, cpu));
    }

    int pickNext(long[] s, int cpu) {
        int head = rq.head(cpu);
        for (int node = rq.runList.next(s, head); node != head; node = rq.runList.next(s, node)) {
            if (wantsCpu(s, node)) {
                return node;
            }
        }
        return idle(s, cpu);
    }

    /** Whether {@link #schedule} on {@code cpu} would change anything. */
    boolean scheduleChanges(long[] s, int cpu) {
        int prev = rq.curr[cpu].get(s);
        if (rq.needResched[cpu].isSet(s)) {
            return true;
        }
        boolean prevQueuedAsleep = prev > 0 && t.array[prev].isSet(s) && t.state(s, prev) != TaskState.TASK_RUNNING;
        return prevQueuedAsleep || pickNext(s, cpu) != prev;
    }

    /** The nr of every pid type of {@code p}, for the ids {@code detach_pid} may have to free. */
    int nr(long[] s, int p, int type) {
        return t.nr(s, p, PidType.values()[type]);
    }
}
