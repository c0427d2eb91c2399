package forkcheck.spec.fork;

import static forkcheck.spec.fork.ForkLabel.COPY_PROCESS_17;
import static forkcheck.spec.fork.ForkLabel.COPY_PROCESS_26;
import static forkcheck.spec.fork.ForkLabel.DO_FORK_1;
import static forkcheck.spec.fork.ForkLabel.DO_FORK_3;
import static forkcheck.spec.fork.ForkLabel.DO_FORK_5;
import static forkcheck.spec.fork.ForkLabel.DO_FORK_8;
import static forkcheck.spec.fork.ForkLabel.DO_FORK_FREE_PIDMAP;
import static forkcheck.spec.fork.ForkLabel.DUP_TASK_STRUCT_C;

import forkcheck.model.Field;
import forkcheck.model.ListHeads;
import forkcheck.spec.Property;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fork path must keep true (ALWAYS) and must be able to do (SOMETIMES), as predicates
 * over the state. A task is <em>linked</em> from the step that SET_LINKS it into its parent's
 * children until REMOVE_LINKS takes it out; the child of a copy_process in flight belongs to the
 * frame of the task that forks it.
 */
final class ForkProperties {
    private static final String[] FAILS = {"task.used", "task.pc", "task.frame.errno", "task.op", "task.prog"};

    private final Kernel k;
    private final Tasks t;
    private final Frames f;
    private final Pools pools;

    /** For a named child's program: its parent's program, the index of the fork op, its flags; -1 if none. */
    private final int[] parentProgram;
    private final int[] forkOp;
    private final int[] forkFlags;

    ForkProperties(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
        this.pools = k.pools;
        int n = k.programs.size();
        parentProgram = new int[n];
        forkOp = new int[n];
        forkFlags = new int[n];
        java.util.Arrays.fill(parentProgram, -1);
        for (int prog = 0; prog < n; prog++) {
            List<ForkOp> ops = k.programs.get(prog);
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i) instanceof ForkOp.Fork fork && fork.child() != null) {
                    int child = k.program(fork.child());
                    parentProgram[child] = prog;
                    forkOp[child] = i;
                    forkFlags[child] = fork.flags();
                }
            }
        }
    }

    List<Property> all() {
        List<Property> all = new ArrayList<>(List.of(
                Property.always("pid-unique", "no two tasks own the same pid: hashed tasks by their pid, forks in"
                        + " flight by the pid alloc_pidmap gave them (pid 0 is every idle task's, by design)",
                        this::pidUnique).reading("task.used", "task.pid", "task.pids[PIDTYPE_PID].attached", "task.frame.pid", "task.frame.p", "task.pc", "rq.curr", "cpu.pc"),
                Property.always("pidmap-matches-tasks", "every pid a task owns or is hashed under is set in the pidmap,"
                        + " and every set bit is owned, hashed, or on its way through alloc_pidmap or free_pidmap",
                        this::pidmapMatchesTasks).reading("task.used", "task.pid", "task.tgid", "task.pgrp", "task.session", "task.pids[PIDTYPE_PID].attached", "task.pids[PIDTYPE_TGID].attached", "task.pids[PIDTYPE_PGID].attached", "task.pids[PIDTYPE_SID].attached", "task.frame.pid", "task.frame.p", "task.pc", "task.frame.to_free", "rq.curr", "cpu.pc", "cpu.pid", "pidmap_array[].bits", "pidmap_array[].page"),
                Property.always("nr-free-exact", "each present page's nr_free equals its clear bits, plus CPUs between"
                        + " test_and_set_bit and atomic_dec, minus CPUs between clear_bit and atomic_inc",
                        this::nrFreeExact).reading("cpu.pc", "cpu.pid", "pidmap_array[].bits", "pidmap_array[].nr_free", "pidmap_array[].page"),
                Property.always("hash-matches-links", "a task is hashed by pid exactly while it is linked into its"
                        + " parent's children; leaders by all four ids, other threads by pid and tgid",
                        this::hashMatchesLinks).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.pid", "task.tgid", "task.pids[PIDTYPE_PID].attached", "task.pids[PIDTYPE_TGID].attached", "task.pids[PIDTYPE_PGID].attached", "task.pids[PIDTYPE_SID].attached"),
                Property.always("lists-well-formed", "every list_head list (tasks, each children and ptrace_children,"
                        + " each runqueue) is closed, next->prev == self, and has no task twice", this::listsWellFormed).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.frame.p", "task.pc", "task.tasks.next", "task.tasks.prev", "task.ptrace_children.next", "task.ptrace_children.prev", "task.ptrace_list.next", "task.ptrace_list.prev", "task.run_list.next", "task.run_list.prev", "rq.active.queue.next", "rq.active.queue.prev"),
                Property.always("children-match-parent", "p is on q's children exactly when p is linked and"
                        + " p->parent == q", this::childrenMatchParent).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev"),
                Property.always("ptrace-links", "parent == real_parent unless another task traces p, and then p is on"
                        + " real_parent's ptrace_children; nothing else is on a ptrace_children list",
                        this::ptraceLinks).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.real_parent", "task.ptrace", "task.ptrace_children.next", "task.ptrace_children.prev", "task.ptrace_list.next", "task.ptrace_list.prev"),
                Property.always("ptrace-by-consent", "a task is traced only by a task that attached to it or traced"
                        + " its parent when it was born", this::ptraceByConsent).reading("task.used", "task.ghost.traced_unasked"),
                Property.always("tasks-list-leaders", "init_task.tasks lists exactly the linked thread-group leaders",
                        this::tasksListLeaders).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.pid", "task.tgid", "task.tasks.next", "task.tasks.prev"),
                Property.always("thread-group", "a linked task's tgid is its group leader's pid, and a thread that"
                        + " is not exiting shares its leader's signal, sighand and mm and has exit_signal -1",
                        this::threadGroup).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.pid", "task.tgid", "task.group_leader", "task.exit_signal", "task.flags", "task.signal", "task.sighand", "task.mm"),
                Property.always("leader-outlives-threads", "a thread's group leader is not freed while the thread"
                        + " is hashed (wait4 delays reaping a zombie leader until its group is empty)",
                        this::leaderOutlivesThreads).reading("task.used", "task.group_leader", "task.pid", "task.tgid",
                        "task.pids[PIDTYPE_PID].attached"),
                Property.always("nr-threads-exact", "nr_threads counts the linked tasks, but for children between"
                        + " SET_LINKS and nr_threads++", this::nrThreadsExact).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.pc", "nr_threads"),
                Property.always("nr-threads-bounded", "nr_threads <= max_threads", this::nrThreadsBounded).reading("nr_threads"),
                Property.always("user-processes-exact", "user->processes counts the tasks of the user from copy_process"
                        + " step 5 to release_task, and user->__count the tasks that hold a reference",
                        this::userProcessesExact).reading("task.used", "task.user", "task.frame.p", "task.pc", "task.exit_state", "task.pids[PIDTYPE_PID].attached", "user.__count", "user.processes"),
                Property.always("user-processes-bounded", "a non-root user never has more processes than its"
                        + " RLIMIT_NPROC", this::userProcessesBounded).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.user", "task.signal", "signal.rlim[RLIMIT_NPROC]", "user.processes"),
                Property.always("refcounts-exact", "every signal, sighand, mm, fs, files, sem_undo_list and namespace"
                        + " count is the number of tasks holding a reference; signal->live the number of those not"
                        + " yet in do_exit", this::refcountsExact).reading("task.used", "task.frame.p", "task.pc",
                        "task.ghost.refs_taken", "task.flags", "task.signal", "task.sighand", "task.mm", "task.fs",
                        "task.files", "task.sysvsem.undo_list", "task.namespace", "signal.count", "signal.live",
                        "sighand.count", "mm.mm_users", "fs.count", "files.count", "sem_undo_list.refcnt",
                        "namespace.count"),
                Property.always("usage-exact", "task->usage is 2, less one once the task has switched out for the"
                        + " last time (PF_DEAD) and one once release_task has dropped it", this::usageExact).reading("task.used", "task.frame.p", "task.pc", "task.usage", "task.flags", "task.exit_state", "task.pids[PIDTYPE_PID].attached"),
                Property.always("no-leaked-task", "every task_struct in use is linked, the child of a fork in"
                        + " flight, or a dead task on its way out: a failed fork leaves nothing behind",
                        this::noLeakedTask).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.frame.p", "task.pc", "task.exit_state", "rq.idle"),
                Property.always("runqueue-consistent", "a task is queued on its CPU's runqueue exactly when p->array is"
                        + " set; nr_running is the queue's length; a runnable linked task is queued, unless its fork"
                        + " has not woken it yet", this::runqueueConsistent).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.frame.p", "task.pc", "task.array", "task.cpu", "task.state", "task.exit_state", "task.flags", "task.run_list.next", "task.run_list.prev", "rq.active.queue.next", "rq.active.queue.prev", "rq.nr_running"),
                Property.always("time-slice-conserved", "fork creates no time slice: while a fork is in flight, the"
                        + " child's slice and the parent's add up to at most the parent's before sched_fork (unless"
                        + " the parent's slice ran out and was refilled)", this::timeSliceConserved).reading("task.used", "task.frame.p", "task.pc", "task.time_slice", "task.first_time_slice", "task.ghost.slice_before"),
                Property.always("child-runs-first-when-due", "a child forked without CLONE_VM runs before its parent,"
                        + " on the same CPU, begins its next system call (wake_up_new_task queues it just before the"
                        + " parent and sets need_resched)", this::childRunsFirstWhenDue).reading("task.used", "task.prog",
                        "task.op", "task.pc", "task.exit_state", "task.state", "task.flags", "task.real_parent", "task.cpu",
                        "task.parent", "task.children.next", "task.children.prev", "task.sibling.next",
                        "task.sibling.prev"),
                Property.always("tasklist-lock-irqs-off", "tasklist_lock is write-held only with interrupts off",
                        this::tasklistIrqsOff).reading("tasklist_lock.writer", "cpu.irqs_enabled"),
                Property.always("tasklist-lock-held", "a task in a tasklist_lock write section runs on the CPU that"
                        + " write-holds it", this::tasklistLockHeld).reading("task.used", "task.pc", "rq.curr", "tasklist_lock.writer"),
                Property.always("no-sleep-holding-lock", "a task that has gone to sleep is not running on a CPU that"
                        + " holds a lock", this::noSleepHoldingLock).reading("rq.curr", "task.state", "tasklist_lock.writer", "tasklist_lock.reader", "pidmap_lock.owner"),
                Property.always("vfork-released-once", "a vfork parent is released once, by its child's mm_release",
                        this::vforkReleasedOnce).reading("task.ghost.vfork_releases"),
                Property.always("no-panic", "do_exit never runs for the swapper or init (it would panic)",
                        s -> !k.panicked.isSet(s)).reading("panicked"),
                Property.sometimes("fork-fails-EAGAIN", "a fork fails with EAGAIN", s -> forkFailed(s, Errno.EAGAIN))
                        .reading(FAILS),
                Property.sometimes("fork-fails-ENOMEM", "a fork fails with ENOMEM", s -> forkFailed(s, Errno.ENOMEM))
                        .reading(FAILS),
                Property.sometimes("fork-fails-EINTR", "a fork fails with EINTR", s -> forkFailed(s, Errno.EINTR))
                        .reading(FAILS),
                Property.sometimes("fork-fails-EFAULT", "a fork fails with EFAULT", s -> forkFailed(s, Errno.EFAULT))
                        .reading(FAILS),
                Property.sometimes("fork-fails-EINVAL", "a fork fails with EINVAL", s -> forkFailed(s, Errno.EINVAL))
                        .reading(FAILS),
                Property.sometimes("fork-fails-EPERM", "a fork fails with EPERM", s -> forkFailed(s, Errno.EPERM))
                        .reading(FAILS),
                Property.sometimes("child-runs-first", "a child without CLONE_VM runs before its parent goes on",
                        this::childRunsFirst).reading("task.used", "rq.curr", "task.real_parent", "task.array", "task.cpu", "task.frame.p", "task.pc", "task.state", "task.flags", "task.exit_state", "task.op", "task.prog", "task.pending.SIGKILL",
                        "task.pending.SIGSTOP"),
                Property.sometimes("traced-from-birth", "a traced parent's child is traced by the same tracer before"
                        + " it first runs", this::tracedFromBirth).reading("task.used", "task.parent", "task.children.next", "task.children.prev", "task.sibling.next", "task.sibling.prev", "task.frame.p", "task.pc", "task.regs.eax_is_0", "task.ptrace", "task.real_parent", "task.op"),
                Property.sometimes("wake-up-other-cpu", "wake_up_new_task takes its other-CPU branch",
                        s -> anyPc(s, ForkLabel.WAKE_UP_NEW_TASK_THIS_RQ)).reading("task.used", "task.pc"),
                Property.sometimes("vfork-parent-sleeps", "a vfork parent sleeps in wait_for_completion",
                        s -> anyPcSleeping(s, DO_FORK_8)).reading("task.used", "task.pc", "task.state"),
                Property.sometimes("ptrace-stopped", "a tracee stops in ptrace_notify to report a fork event",
                        s -> anyPcIn(s, ForkLabel.PTRACE_STOP_RESUMED, TaskState.TASK_TRACED)).reading("task.used",
                        "task.pc", "task.state"),
                Property.sometimes("sigstop-stopped", "a tracee stops for the SIGSTOP of its attach or its traced"
                        + " birth, in get_signal_to_deliver", s -> anyPcIn(s, ForkLabel.GET_SIGNAL_STOP_RESUMED,
                        TaskState.TASK_TRACED)).reading("task.used", "task.pc", "task.state"),
                Property.sometimes("zombie-reaped", "wait4 reaps a zombie child",
                        s -> anyPc(s, ForkLabel.RELEASE_TASK_PUT)).reading("task.used", "task.pc")));
        for (ForkLabel rung : ForkLabel.values()) {
            if (rung.name().startsWith("BAD_FORK_")) {
                all.add(Property.sometimes(rung.name().toLowerCase().replace('_', '-') + "-reached",
                        "copy_process reaches " + rung.name().toLowerCase(), s -> anyPc(s, rung)).reading("task.used",
                        "task.pc"));
            }
        }
        for (String flag : List.of("VM", "FS", "FILES", "SIGHAND", "THREAD", "VFORK", "PARENT", "PTRACE", "STOPPED",
                "UNTRACED", "SETTLS", "PARENT_SETTID", "SYSVSEM", "NEWNS", "CHILD_SETTID", "CHILD_CLEARTID")) {
            int bit = CloneFlags.byName(flag);
            all.add(Property.sometimes("fork-with-CLONE_" + flag, "a fork with CLONE_" + flag + " links its child",
                    s -> forkLinkedWith(s, bit)).reading("task.used", "task.pc", "task.op", "task.prog", "task.frame.trace"));
        }
        return List.copyOf(all);
    }

    // ---------------------------------------------------------------- who is what

    private boolean used(long[] s, int p) {
        return t.isUsed(s, p);
    }

    /**
     * On its parent's children list. Following the list from the parent, not the task's own
     * links: dup_task_struct copies the parent's sibling links into a child that is on no list.
     */
    private boolean linked(long[] s, int p) {
        int parent = p == 0 || !used(s, p) ? -1 : t.parent[p].get(s);
        return parent >= 0 && t.family.wellFormed(s, Tasks.children(parent))
                && t.family.contains(s, Tasks.children(parent), Tasks.sibling(p));
    }

    private boolean hashed(long[] s, int p, PidType type) {
        return t.attached[p][type.ordinal()].isSet(s);
    }

    /**
     * The task whose fork or release frame holds {@code p} (itself, when it releases itself), or
     * -1. A release frame comes first: do_fork keeps {@code p} until it returns, and by then the
     * child may already be releasing itself, or be reaped by another.
     */
    private int holder(long[] s, int p) {
        int forker = -1;
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.child[q].get(s) == p && f.pc(s, q) != ForkLabel.IDLE) {
                if (between(f.pc(s, q), ForkLabel.WAIT_PTRACE_UNLINK, ForkLabel.RELEASE_TASK_PUT)) {
                    return q;
                }
                forker = forker < 0 ? q : forker;
            }
        }
        return forker;
    }

    private static boolean between(ForkLabel l, ForkLabel from, ForkLabel to) {
        return l.ordinal() >= from.ordinal() && l.ordinal() <= to.ordinal();
    }

    /** In do_fork after alloc_pidmap returned, before the child is hashed or free_pidmap has begun. */
    private boolean holdsUnhashedPid(long[] s, int q) {
        ForkLabel l = used(s, q) ? f.pc(s, q) : ForkLabel.IDLE;
        boolean beforeHashOrFailing = l == DO_FORK_1 || between(l, ForkLabel.DO_FORK_2, ForkLabel.BAD_FORK_FREE)
                || l == DO_FORK_FREE_PIDMAP;
        if (!beforeHashOrFailing || f.pid[q].get(s) < 0) {
            return false;
        }
        if (f.pc(s, q) == DO_FORK_FREE_PIDMAP && freeing(s, q)) {
            return false;
        }
        int p = f.child[q].get(s);
        return p < 0 || !hashed(s, p, PidType.PIDTYPE_PID);
    }

    /** The task runs on a CPU that is inside free_pidmap for it. */
    private boolean freeing(long[] s, int q) {
        for (int c = 0; c < k.cpus; c++) {
            if (k.rq.curr[c].get(s) == q && k.pids.busy(s, c)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyPc(long[] s, ForkLabel l) {
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.pc(s, q) == l) {
                return true;
            }
        }
        return false;
    }

    private boolean anyPcIn(long[] s, ForkLabel l, TaskState st) {
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.pc(s, q) == l && t.state(s, q) == st) {
                return true;
            }
        }
        return false;
    }

    private boolean anyPcSleeping(long[] s, ForkLabel l) {
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.pc(s, q) == l && t.state(s, q) != TaskState.TASK_RUNNING) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- pids

    /** Each task owns at most two pids (its own, hashed, and its fork's in flight): compare every pair. */
    private boolean pidUnique(long[] s) {
        for (int p = 0; p < k.slots; p++) {
            for (int a = 0; a < 2; a++) {
                int pid = owned(s, p, a);
                for (int q = p; pid > 0 && q < k.slots; q++) {
                    for (int b = q == p ? a + 1 : 0; b < 2; b++) {
                        if (owned(s, q, b) == pid) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Slot {@code p}'s own pid if hashed ({@code which} 0), its fork's unhashed pid (1), or -1. */
    private int owned(long[] s, int p, int which) {
        if (which == 0) {
            return used(s, p) && hashed(s, p, PidType.PIDTYPE_PID) ? t.pid[p].get(s) : -1;
        }
        return holdsUnhashedPid(s, p) ? f.pid[p].get(s) : -1;
    }

    /** Both ways: from the tasks to the bits, then from the set bits (few) back to their users. */
    private boolean pidmapMatchesTasks(long[] s) {
        for (int p = 0; p < k.slots; p++) {
            if (!used(s, p)) {
                continue;
            }
            for (PidType type : PidType.values()) {
                if (hashed(s, p, type) && !k.pids.bitSet(s, t.nr(s, p, type))) {
                    return false;
                }
            }
            if (holdsUnhashedPid(s, p) && !k.pids.bitSet(s, f.pid[p].get(s))) {
                return false;
            }
        }
        for (int pid = k.pids.nextSetPid(s, 0); pid < k.pids.pidMax(); pid = k.pids.nextSetPid(s, pid + 1)) {
            if (!pidInUse(s, pid) && !inFlight(s, pid)) {
                return false;
            }
        }
        return true;
    }
    /** Some task is hashed under {@code pid} by any of its ids, or a fork in flight owns it. */
    private boolean pidInUse(long[] s, int pid) {
        for (int p = 0; p < k.slots; p++) {
            if (!used(s, p)) {
                continue;
            }
            for (PidType type : PidType.values()) {
                if (hashed(s, p, type) && t.nr(s, p, type) == pid) {
                    return true;
                }
            }
            if (holdsUnhashedPid(s, p) && f.pid[p].get(s) == pid) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bit is between its owners: claimed by test_and_set_bit and not yet returned, being
     * cleared by free_pidmap, or detached by release_task and waiting for its free_pidmap.
     */
    private boolean inFlight(long[] s, int pid) {
        for (int c = 0; c < k.cpus; c++) {
            PidLabel l = k.pids.label(s, c);
            if ((l == PidLabel.ATOMIC_DEC || l == PidLabel.LAST_PID_WRITE || l == PidLabel.RET
                    || l == PidLabel.CLEAR_BIT) && k.pids.pidInFlight(s, c) == pid) {
                return true;
            }
        }
        for (int q = 0; q < k.slots; q++) {
            int p = f.child[q].get(s);
            int types = used(s, q) && p >= 0 ? f.toFree[q].get(s) : 0;
            for (int type = 0; type < PidType.values().length; type++) {
                if ((types & (1 << type)) != 0 && k.nr(s, p, type) == pid) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean nrFreeExact(long[] s) {
        for (int page = 0; page < k.pids.pages(); page++) {
            if (!k.pids.pagePresent(s, page)) {
                if (k.pids.nrFree(s, page) != k.pids.bitsPerPage()) {
                    return false;
                }
                continue;
            }
            int expected = k.pids.clearBits(s, page);
            for (int c = 0; c < k.cpus; c++) {
                PidLabel l = k.pids.label(s, c);
                boolean here = k.pids.pidInFlight(s, c) / k.pids.bitsPerPage() == page;
                if (here && l == PidLabel.ATOMIC_DEC) {
                    expected++;
                } else if (here && l == PidLabel.ATOMIC_INC) {
                    expected--;
                }
            }
            if (k.pids.nrFree(s, page) != expected) {
                return false;
            }
        }
        return true;
    }

    private boolean hashMatchesLinks(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (!used(s, p)) {
                continue;
            }
            boolean pid = hashed(s, p, PidType.PIDTYPE_PID);
            if (pid != linked(s, p) || hashed(s, p, PidType.PIDTYPE_TGID) != pid) {
                return false;
            }
            boolean leader = t.isLeader(s, p);
            if (hashed(s, p, PidType.PIDTYPE_PGID) != (pid && leader)
                    || hashed(s, p, PidType.PIDTYPE_SID) != (pid && leader)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- lists

    private boolean listsWellFormed(long[] s) {
        if (!t.tasks.wellFormed(s, 0)) {
            return false;
        }
        for (int p = 0; p < k.slots; p++) {
            if (used(s, p) && (!wellFormed(s, t.family, Tasks.children(p))
                    || !wellFormed(s, t.ptraceLinks, Tasks.ptraceChildren(p)))) {
                return false;
            }
        }
        for (int c = 0; c < k.cpus; c++) {
            if (!k.rq.runList.wellFormed(s, k.rq.head(c))) {
                return false;
            }
        }
        return true;
    }

    /** A child in copy_process has its parent's list heads until step 11 re-initialises them: not yet a list. */
    private boolean wellFormed(long[] s, ListHeads list, int head) {
        return list.wellFormed(s, head) || holder(s, head / 2) >= 0 && !linked(s, head / 2);
    }

    private boolean childrenMatchParent(long[] s) {
        for (int q = 0; q < k.slots; q++) {
            if (!used(s, q) || !t.family.wellFormed(s, Tasks.children(q))) {
                continue;
            }
            for (int p = 1; p < k.slots; p++) {
                boolean on = t.family.contains(s, Tasks.children(q), Tasks.sibling(p));
                if (on != (linked(s, p) && t.parent[p].get(s) == q)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean ptraceLinks(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (!linked(s, p)) {
                continue;
            }
            int parent = t.parent[p].get(s);
            int realParent = t.realParent[p].get(s);
            boolean tracedByOther = (t.ptrace[p].get(s) & PtraceFlags.PTRACED) != 0 && parent != realParent;
            if (parent != realParent && !tracedByOther || realParent < 0) {
                return false;
            }
            boolean onList = t.ptraceLinks.contains(s, Tasks.ptraceChildren(realParent), Tasks.ptraceList(p));
            if (onList != tracedByOther) {
                return false;
            }
        }
        for (int q = 0; q < k.slots; q++) {
            if (!used(s, q) || !t.ptraceLinks.wellFormed(s, Tasks.ptraceChildren(q))) {
                continue;
            }
            int head = Tasks.ptraceChildren(q);
            for (int node = t.ptraceLinks.next(s, head); node != head && node >= 0; node = t.ptraceLinks.next(s, node)) {
                int p = node / 2;
                if (t.realParent[p].get(s) != q || t.parent[p].get(s) == q) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean ptraceByConsent(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (used(s, p) && t.tracedUnasked[p].isSet(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean tasksListLeaders(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            boolean on = t.tasks.contains(s, 0, p);
            if (on != (linked(s, p) && t.isLeader(s, p))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- thread groups

    private boolean threadGroup(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (!linked(s, p)) {
                continue;
            }
            int leader = t.groupLeader[p].get(s);
            if (leader < 0 || t.tgid[p].get(s) != t.pid[leader].get(s)) {
                return false;
            }
            if (leader == p) {
                continue;
            }
            if (t.exitSignal[p].get(s) != -1) {
                return false;
            }
            boolean exiting = t.hasFlag(s, p, Tasks.PF_EXITING) || t.hasFlag(s, leader, Tasks.PF_EXITING);
            if (!exiting && (t.signal[p].get(s) != t.signal[leader].get(s) || t.sighand[p].get(s) != t.sighand[leader].get(s)
                    || t.mm[p].get(s) != t.mm[leader].get(s))) {
                return false;
            }
        }
        return true;
    }

    private boolean leaderOutlivesThreads(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (!used(s, p) || t.isLeader(s, p) || !hashed(s, p, PidType.PIDTYPE_PID)) {
                continue;
            }
            int leader = t.groupLeader[p].get(s);
            if (leader < 0 || !used(s, leader) || t.pid[leader].get(s) != t.tgid[p].get(s)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- counters

    private boolean nrThreadsExact(long[] s) {
        int linked = 0;
        for (int p = 1; p < k.slots; p++) {
            if (linked(s, p)) {
                linked++;
            }
        }
        int uncounted = 0;
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.pc(s, q) == COPY_PROCESS_26) {
                uncounted++;
            }
        }
        return k.nrThreads.get(s) == linked - uncounted;
    }

    private boolean nrThreadsBounded(long[] s) {
        return k.nrThreads.get(s) <= k.maxThreads;
    }

    private boolean userProcessesExact(long[] s) {
        for (int u = 0; u < pools.users; u++) {
            int processes = 0;
            int count = 0;
            for (int p = 0; p < k.slots; p++) {
                if (!used(s, p) || t.user[p].get(s) != u) {
                    continue;
                }
                int h = holder(s, p);
                ForkLabel l = h < 0 ? ForkLabel.IDLE : f.pc(s, h);
                boolean forking = h >= 0 && between(l, DO_FORK_1, ForkLabel.BAD_FORK_FREE);
                boolean beforeCount = forking && (between(l, DUP_TASK_STRUCT_C, ForkLabel.COPY_PROCESS_5)
                        || l == ForkLabel.BAD_FORK_FREE);
                boolean beforeProcesses = beforeCount || forking && l == ForkLabel.COPY_PROCESS_5_PROCESSES;
                boolean released = h >= 0 && between(l, ForkLabel.RELEASE_TASK_LOCK, ForkLabel.RELEASE_TASK_PUT)
                        || t.exitState(s, p) == ExitState.EXIT_DEAD && !hashed(s, p, PidType.PIDTYPE_PID);
                if (!beforeProcesses && !released) {
                    processes++;
                }
                if (!beforeCount) {
                    count++;
                }
            }
            if (pools.userProcesses[u].get(s) != processes || pools.userCount[u].get(s) != count) {
                return false;
            }
        }
        return true;
    }

    private boolean userProcessesBounded(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            int u = t.user[p].get(s);
            if (linked(s, p) && u != 0 && t.signal[p].get(s) >= 0
                    && pools.userProcesses[u].get(s) > pools.rlimNproc[t.signal[p].get(s)].get(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean refcountsExact(long[] s) {
        for (int e = 0; e < pools.size; e++) {
            int signal = 0;
            int live = 0;
            int sighand = 0;
            int mm = 0;
            int fs = 0;
            int files = 0;
            int semUndo = 0;
            int namespace = 0;
            for (int p = 0; p < k.slots; p++) {
                if (!used(s, p)) {
                    continue;
                }
                int h = holder(s, p);
                boolean forking = h >= 0 && between(f.pc(s, h), DO_FORK_1, ForkLabel.BAD_FORK_FREE);
                if (counts(s, p, h, forking, Frames.Ref.SIGNAL) && t.signal[p].get(s) == e) {
                    signal++;
                    if (!t.hasFlag(s, p, Tasks.PF_EXITING)) {
                        live++;
                    }
                }
                sighand += counts(s, p, h, forking, Frames.Ref.SIGHAND) && t.sighand[p].get(s) == e ? 1 : 0;
                mm += counts(s, p, h, forking, Frames.Ref.MM) && t.mm[p].get(s) == e ? 1 : 0;
                fs += counts(s, p, h, forking, Frames.Ref.FS) && t.fs[p].get(s) == e ? 1 : 0;
                files += counts(s, p, h, forking, Frames.Ref.FILES) && t.files[p].get(s) == e ? 1 : 0;
                semUndo += counts(s, p, h, forking, Frames.Ref.SEMUNDO) && t.semUndo[p].get(s) == e ? 1 : 0;
                namespace += counts(s, p, h, forking, Frames.Ref.NAMESPACE) && t.namespace[p].get(s) == e ? 1 : 0;
            }
            if (pools.signalCount[e].get(s) != signal || pools.signalLive[e].get(s) != live
                    || pools.sighandCount[e].get(s) != sighand || pools.mmUsers[e].get(s) != mm
                    || pools.fsCount[e].get(s) != fs || pools.filesCount[e].get(s) != files
                    || pools.semUndoRefcnt[e].get(s) != semUndo || pools.namespaceCount[e].get(s) != namespace) {
                return false;
            }
        }
        return true;
    }

    /** A child in copy_process holds a reference only once its copy_* took it; any other task always. */
    private boolean counts(long[] s, int p, int holder, boolean forking, Frames.Ref ref) {
        return !forking || f.refTaken(s, holder, ref) || !between(f.pc(s, holder), DO_FORK_1, ForkLabel.BAD_FORK_FREE);
    }

    private boolean usageExact(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (!used(s, p)) {
                continue;
            }
            int h = holder(s, p);
            if (h >= 0 && between(f.pc(s, h), DO_FORK_1, DUP_TASK_STRUCT_C)) {
                continue;
            }
            boolean releasing = h >= 0 && between(f.pc(s, h), ForkLabel.WAIT_PTRACE_UNLINK, ForkLabel.RELEASE_TASK_PUT);
            boolean put = !hashed(s, p, PidType.PIDTYPE_PID) && t.exitState(s, p) == ExitState.EXIT_DEAD && !releasing;
            int expected = 2 - (t.hasFlag(s, p, Tasks.PF_DEAD) ? 1 : 0) - (put ? 1 : 0);
            if (t.usage[p].get(s) != expected) {
                return false;
            }
        }
        return true;
    }

    private boolean noLeakedTask(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (used(s, p) && !linked(s, p) && holder(s, p) < 0 && t.exitState(s, p) != ExitState.EXIT_DEAD
                    && !isIdle(s, p)) {
                return false;
            }
        }
        return true;
    }

    /** An idle thread fork_idle made: unhashed and unlinked on purpose, as rq->idle of its CPU. */
    private boolean isIdle(long[] s, int p) {
        for (int c = 0; c < k.cpus; c++) {
            if (k.rq.idle[c].get(s) == p) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- scheduler

    private boolean runqueueConsistent(long[] s) {
        for (int c = 0; c < k.cpus; c++) {
            if (!k.rq.runList.wellFormed(s, k.rq.head(c))
                    || k.rq.nrRunning[c].get(s) != k.rq.runList.length(s, k.rq.head(c))) {
                return false;
            }
        }
        for (int p = 1; p < k.slots; p++) {
            int h = holder(s, p);
            boolean staleCopy = h >= 0 && (between(f.pc(s, h), DO_FORK_1, COPY_PROCESS_17)
                    || between(f.pc(s, h), ForkLabel.BAD_FORK_CLEANUP_NAMESPACE, ForkLabel.BAD_FORK_FREE));
            if (!used(s, p) || staleCopy) {
                continue;
            }
            boolean queued = k.rq.runList.contains(s, k.rq.head(t.cpu[p].get(s)), p);
            if (queued != t.array[p].isSet(s)) {
                return false;
            }
            boolean runnable = linked(s, p) && t.state(s, p) == TaskState.TASK_RUNNING
                    && t.exitState(s, p) == ExitState.ALIVE && !t.hasFlag(s, p, Tasks.PF_DEAD);
            boolean notWokenYet = h >= 0 && (between(f.pc(s, h), DO_FORK_1, DO_FORK_5)
                    || between(f.pc(s, h), ForkLabel.FORK_IDLE_INIT_IDLE, ForkLabel.FORK_IDLE_UNHASH));
            if (runnable && !queued && !notWokenYet) {
                return false;
            }
        }
        return true;
    }

    private boolean timeSliceConserved(long[] s) {
        for (int q = 0; q < k.slots; q++) {
            int p = f.child[q].get(s);
            if (!used(s, q) || p < 0 || !between(f.pc(s, q), COPY_PROCESS_17, DO_FORK_FREE_PIDMAP)
                    || f.pc(s, q) == COPY_PROCESS_17) {
                continue;
            }
            boolean refilled = !t.firstTimeSlice[q].isSet(s) && f.sliceBefore[q].get(s) == 1;
            int after = t.timeSlice[p].get(s) + (refilled ? 1 : t.timeSlice[q].get(s));
            if (after > Math.max(f.sliceBefore[q].get(s), 1) + (refilled ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }

    private boolean childRunsFirstWhenDue(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            int prog = used(s, p) ? t.prog[p].get(s) : 0;
            if (prog == 0 || parentProgram[prog] < 0 || (forkFlags[prog] & CloneFlags.CLONE_VM) != 0
                    || k.programs.get(prog).isEmpty() || t.op[p].get(s) != 0 || f.pc(s, p) != ForkLabel.IDLE
                    || t.exitState(s, p) != ExitState.ALIVE || !linked(s, p)) {
                continue;
            }
            int q = t.realParent[p].get(s);
            boolean parentGoesOn = q >= 0 && used(s, q) && t.prog[q].get(s) == parentProgram[prog]
                    && t.cpu[q].get(s) == t.cpu[p].get(s) && t.op[q].get(s) > forkOp[prog] + 1
                    && !t.hasFlag(s, q, Tasks.PF_EXITING);
            if (parentGoesOn) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- locks

    private boolean tasklistIrqsOff(long[] s) {
        for (int c = 0; c < k.cpus; c++) {
            if (k.tasklistLock.writeHeldBy(s, c) && k.rq.cpu[c].irqsEnabled(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean tasklistLockHeld(long[] s) {
        for (int c = 0; c < k.cpus; c++) {
            int cur = k.rq.curr[c].get(s);
            if (cur < 0 || !used(s, cur)) {
                continue;
            }
            ForkLabel l = f.pc(s, cur);
            boolean inSection = l == ForkLabel.COPY_PROCESS_19 || l == COPY_PROCESS_26 || l == ForkLabel.EXIT_NOTIFY_BODY
                    || between(l, ForkLabel.RELEASE_TASK_UNHASH, ForkLabel.RELEASE_TASK_UNLOCK);
            if (inSection && !k.tasklistLock.writeHeldBy(s, c)) {
                return false;
            }
        }
        return true;
    }

    private boolean noSleepHoldingLock(long[] s) {
        for (int c = 0; c < k.cpus; c++) {
            int cur = k.rq.curr[c].get(s);
            boolean holds = k.tasklistLock.writeHeldBy(s, c) || k.tasklistLock.readHeldBy(s, c)
                    || k.pids.pidmapLockHeldBy(s, c);
            if (holds && cur >= 0 && t.state(s, cur) != TaskState.TASK_RUNNING) {
                return false;
            }
        }
        return true;
    }

    private boolean vforkReleasedOnce(long[] s) {
        for (Field r : k.vforkReleases) {
            if (r.get(s) > 1) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- sometimes

    private boolean forkFailed(long[] s, Errno e) {
        for (int q = 0; q < k.slots; q++) {
            if (used(s, q) && f.pc(s, q) == ForkLabel.IDLE && f.errno(s, q) == e && t.op[q].get(s) > 0
                    && k.currentOp(s, q) instanceof ForkOp.Fork) {
                return true;
            }
        }
        return false;
    }

    private boolean childRunsFirst(long[] s) {
        for (int c = 0; c < k.cpus; c++) {
            int p = k.rq.curr[c].get(s);
            if (p <= 0 || t.op[p].get(s) != 0 || f.pc(s, p) != ForkLabel.IDLE) {
                continue;
            }
            int parent = t.realParent[p].get(s);
            if (parent >= 0 && t.array[parent].isSet(s) && k.wantsCpu(s, parent) && t.cpu[parent].get(s) == c) {
                return true;
            }
        }
        return false;
    }

    private boolean tracedFromBirth(long[] s) {
        for (int p = 1; p < k.slots; p++) {
            if (linked(s, p) && t.regsAxZero[p].isSet(s) && (t.ptrace[p].get(s) & PtraceFlags.PTRACED) != 0
                    && t.op[p].get(s) == 0
                    && t.parent[p].get(s) != t.realParent[p].get(s) && holder(s, p) < 0) {
                return true;
            }
        }
        return false;
    }

    private boolean forkLinkedWith(long[] s, int bit) {
        for (int q = 0; q < k.slots; q++) {
            ForkLabel l = used(s, q) ? f.pc(s, q) : ForkLabel.IDLE;
            if ((l == COPY_PROCESS_26 || between(l, DO_FORK_3, ForkLabel.DO_FORK_8_VFORK_DONE))
                    && (k.cloneFlags(s, q) & bit) != 0) {
                return true;
            }
        }
        return false;
    }
}
