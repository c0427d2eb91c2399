package forkcheck.spec.fork;

import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.ListHeads;

/**
 * The task table: one slot per {@code task_struct} with its {@code thread_info}, holding the
 * fields the fork path reads or writes, and the kernel's lists through them. Pointers between
 * tasks and to shared structures are indices, {@code -1} for NULL. Slot 0 is {@code init_task}.
 */
final class Tasks {
    /** {@code PF_EXITING}, {@code PF_DEAD}, {@code PF_FORKNOEXEC}: bits of {@link #flags}. */
    static final int PF_EXITING = 1;
    static final int PF_DEAD = 2;
    static final int PF_FORKNOEXEC = 4;

    final int slots;

    /** The slot holds a task_struct ({@code alloc_task_struct} .. {@code free_task}). */
    final Field[] used;
    final Field[] pid;
    final Field[] tgid;
    final Field[] state;
    final Field[] exitState;
    final Field[] flags;
    final Field[] ptrace;
    final Field[] parent;
    final Field[] realParent;
    final Field[] groupLeader;
    final Field[] usage;
    final Field[] user;
    final Field[] signal;
    final Field[] sighand;
    final Field[] mm;
    final Field[] fs;
    final Field[] files;
    /** {@code p->sysvsem.undo_list}. */
    final Field[] semUndo;
    final Field[] namespace;
    final Field[] timeSlice;
    final Field[] firstTimeSlice;
    /** {@code p->array != NULL}: queued on its CPU's active priority array. */
    final Field[] array;
    final Field[] exitSignal;
    final Field[] cpu;
    /** SIGKILL and SIGSTOP in {@code p->pending.signal}. */
    final Field[] sigkill;
    final Field[] sigstop;
    /** {@code TIF_SIGPENDING}, {@code TIF_FORK}. */
    final Field[] tifSigpending;
    final Field[] tifFork;
    /** {@code p->vfork_done}: the slot of the parent waiting on it, or -1. */
    final Field[] vforkDone;
    /**
     * {@code p->exit_code != 0} after a stop: a stop the tracer's {@code wait4} has not reported
     * yet ({@code wait_task_stopped} takes it with an {@code xchg}).
     */
    final Field[] stopToReport;
    /** {@code thread.io_bitmap_ptr != NULL}: the task has an I/O permission bitmap. */
    final Field[] ioBitmap;
    /** {@code p->did_exec}: the task has exec'd since its fork (fs/exec.c search_binary_handler). */
    final Field[] didExec;
    /** {@code set_child_tid}, {@code clear_child_tid} are not NULL (CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID). */
    final Field[] setChildTid;
    final Field[] clearChildTid;
    /** The child's saved {@code eax}, which {@code copy_thread} sets to 0 so fork returns 0 in it. */
    final Field[] regsAxZero;
    /** {@code p->pids[type]} is hashed ({@code attach_pid} .. {@code detach_pid}). */
    final Field[][] attached;
    /**
     * {@code p->pids[PIDTYPE_PGID].nr} and {@code p->pids[PIDTYPE_SID].nr}: the process group and
     * session as {@code attach_pid} recorded them, which {@code detach_pid} needs after
     * {@code __exit_signal} has let go of the signal_struct.
     */
    final Field[] pgrp;
    final Field[] session;
    /**
     * Ghost: copy_process step 22 linked the task to a tracer its parent was not traced by at
     * that moment (the parent's tracer had gone), so nobody asked to trace it.
     */
    final Field[] tracedUnasked;
    /** The program the task runs, by index ({@code 0}: none), and how many of its ops have begun. */
    final Field[] prog;
    final Field[] op;

    private final Field[][] zeroOnFree;
    private final Field[][] nullOnFree;

    /** {@code tasks}: node i is slot i's; slot 0's is the head ({@code init_task.tasks}). */
    final ListHeads tasks;
    /** {@code children} of slot i is node 2i, its {@code sibling} node 2i+1. */
    final ListHeads family;
    /** {@code ptrace_children} of slot i is node 2i, its {@code ptrace_list} node 2i+1. */
    final ListHeads ptraceLinks;

    Tasks(Layout.Builder b, int slots, int pidMax, int pools, int users, int cpus, int programs, int maxOps) {
        this.slots = slots;
        used = new Field[slots];
        pid = new Field[slots];
        tgid = new Field[slots];
        state = new Field[slots];
        exitState = new Field[slots];
        flags = new Field[slots];
        ptrace = new Field[slots];
        parent = new Field[slots];
        realParent = new Field[slots];
        groupLeader = new Field[slots];
        usage = new Field[slots];
        user = new Field[slots];
        signal = new Field[slots];
        sighand = new Field[slots];
        mm = new Field[slots];
        fs = new Field[slots];
        files = new Field[slots];
        semUndo = new Field[slots];
        namespace = new Field[slots];
        timeSlice = new Field[slots];
        firstTimeSlice = new Field[slots];
        array = new Field[slots];
        exitSignal = new Field[slots];
        cpu = new Field[slots];
        sigkill = new Field[slots];
        sigstop = new Field[slots];
        tifSigpending = new Field[slots];
        tifFork = new Field[slots];
        vforkDone = new Field[slots];
        regsAxZero = new Field[slots];
        didExec = new Field[slots];
        setChildTid = new Field[slots];
        clearChildTid = new Field[slots];
        ioBitmap = new Field[slots];
        stopToReport = new Field[slots];
        attached = new Field[slots][PidType.values().length];
        pgrp = new Field[slots];
        session = new Field[slots];
        tracedUnasked = new Field[slots];
        prog = new Field[slots];
        op = new Field[slots];
        String[] taskNodes = new String[slots];
        String[] familyNodes = new String[2 * slots];
        String[] ptraceNodes = new String[2 * slots];
        for (int i = 0; i < slots; i++) {
            String t = "task" + i + ".";
            used[i] = b.flag(t + "used");
            pid[i] = b.field(t + "pid", 0, pidMax - 1);
            tgid[i] = b.field(t + "tgid", 0, pidMax - 1);
            state[i] = b.labels(t + "state", TaskState.class);
            exitState[i] = b.labels(t + "exit_state", ExitState.class);
            flags[i] = b.field(t + "flags", 0, 7);
            ptrace[i] = b.field(t + "ptrace", 0, PtraceFlags.ALL);
            parent[i] = b.field(t + "parent", -1, slots - 1);
            realParent[i] = b.field(t + "real_parent", -1, slots - 1);
            groupLeader[i] = b.field(t + "group_leader", -1, slots - 1);
            usage[i] = b.field(t + "usage", 0, 2);
            user[i] = b.field(t + "user", 0, users - 1);
            signal[i] = b.field(t + "signal", -1, pools - 1);
            sighand[i] = b.field(t + "sighand", -1, pools - 1);
            mm[i] = b.field(t + "mm", -1, pools - 1);
            fs[i] = b.field(t + "fs", -1, pools - 1);
            files[i] = b.field(t + "files", -1, pools - 1);
            semUndo[i] = b.field(t + "sysvsem.undo_list", -1, pools - 1);
            namespace[i] = b.field(t + "namespace", -1, pools - 1);
            timeSlice[i] = b.field(t + "time_slice", 0, ForkScenarioParser.DEFAULT_TIME_SLICE * 2);
            firstTimeSlice[i] = b.flag(t + "first_time_slice");
            array[i] = b.flag(t + "array");
            exitSignal[i] = b.field(t + "exit_signal", -1, CloneFlags.CSIGNAL);
            cpu[i] = b.field(t + "cpu", 0, cpus - 1);
            sigkill[i] = b.flag(t + "pending.SIGKILL");
            sigstop[i] = b.flag(t + "pending.SIGSTOP");
            tifSigpending[i] = b.flag(t + "TIF_SIGPENDING");
            tifFork[i] = b.flag(t + "TIF_FORK");
            vforkDone[i] = b.field(t + "vfork_done", -1, slots - 1);
            regsAxZero[i] = b.flag(t + "regs.eax_is_0");
            didExec[i] = b.flag(t + "did_exec");
            setChildTid[i] = b.flag(t + "set_child_tid");
            clearChildTid[i] = b.flag(t + "clear_child_tid");
            ioBitmap[i] = b.flag(t + "thread.io_bitmap_ptr");
            stopToReport[i] = b.flag(t + "exit_code");
            for (PidType type : PidType.values()) {
                attached[i][type.ordinal()] = b.flag(t + "pids[" + type + "].attached");
            }
            pgrp[i] = b.field(t + "pgrp", 0, pidMax - 1);
            session[i] = b.field(t + "session", 0, pidMax - 1);
            tracedUnasked[i] = b.flag(t + "ghost.traced_unasked");
            prog[i] = b.field(t + "prog", 0, programs - 1);
            op[i] = b.field(t + "op", 0, maxOps);
            taskNodes[i] = t + "tasks";
            familyNodes[2 * i] = t + "children";
            familyNodes[2 * i + 1] = t + "sibling";
            ptraceNodes[2 * i] = t + "ptrace_children";
            ptraceNodes[2 * i + 1] = t + "ptrace_list";
        }
        zeroOnFree = new Field[][] {used, pid, tgid, state, exitState, flags, ptrace, usage, user, timeSlice,
                firstTimeSlice, array, cpu, sigkill, sigstop, tifSigpending, tifFork, regsAxZero, didExec,
                setChildTid, clearChildTid, ioBitmap, stopToReport, pgrp, session, tracedUnasked,
                prog, op};
        nullOnFree = new Field[][] {parent, realParent, groupLeader, signal, sighand, mm, fs, files, semUndo, namespace,
                vforkDone};
        tasks = new ListHeads(b, "tasks", taskNodes);
        family = new ListHeads(b, "children", familyNodes);
        ptraceLinks = new ListHeads(b, "ptrace_children", ptraceNodes);
    }

    static int children(int slot) {
        return 2 * slot;
    }

    static int sibling(int slot) {
        return 2 * slot + 1;
    }

    static int ptraceChildren(int slot) {
        return 2 * slot;
    }

    static int ptraceList(int slot) {
        return 2 * slot + 1;
    }

    /** The slot whose {@code sibling} node is {@code node}. */
    static int ofSibling(int node) {
        return node / 2;
    }

    /** A free slot: every field as a fresh slot has it, so freed and never-used slots are one state. */
    void clear(long[] s, int p) {
        for (Field[] fields : zeroOnFree) {
            fields[p].set(s, 0);
        }
        for (Field[] pointers : nullOnFree) {
            pointers[p].set(s, -1);
        }
        exitSignal[p].set(s, 0);
        for (Field a : attached[p]) {
            a.set(s, false);
        }
        tasks.init(s, p);
        family.init(s, children(p));
        family.init(s, sibling(p));
        ptraceLinks.init(s, ptraceChildren(p));
        ptraceLinks.init(s, ptraceList(p));
    }

    /** {@code thread_group_leader(p)}: {@code p->pid == p->tgid}. */
    boolean isLeader(long[] s, int p) {
        return pid[p].get(s) == tgid[p].get(s);
    }

    boolean isUsed(long[] s, int p) {
        return used[p].isSet(s);
    }

    TaskState state(long[] s, int p) {
        return TaskState.values()[state[p].get(s)];
    }

    void setState(long[] s, int p, TaskState st) {
        state[p].set(s, st.ordinal());
    }

    ExitState exitState(long[] s, int p) {
        return ExitState.values()[exitState[p].get(s)];
    }

    void setExitState(long[] s, int p, ExitState st) {
        exitState[p].set(s, st.ordinal());
    }

    boolean hasFlag(long[] s, int p, int pf) {
        return (flags[p].get(s) & pf) != 0;
    }

    void setFlag(long[] s, int p, int pf) {
        flags[p].set(s, flags[p].get(s) | pf);
    }

    /** {@code SET_LINKS(p)} (include/linux/sched.h:1008). */
    void setLinks(long[] s, int p) {
        if (isLeader(s, p)) {
            tasks.addTail(s, p, 0);
        }
        family.addTail(s, sibling(p), children(parent[p].get(s)));
    }

    /** {@code REMOVE_LINKS(p)} (include/linux/sched.h:1001). */
    void removeLinks(long[] s, int p) {
        if (isLeader(s, p)) {
            tasks.delInit(s, p);
        }
        family.delInit(s, sibling(p));
    }

    /** {@code p->pids[type].nr}. */
    int nr(long[] s, int p, PidType type) {
        return switch (type) {
            case PIDTYPE_PID -> pid[p].get(s);
            case PIDTYPE_TGID -> tgid[p].get(s);
            case PIDTYPE_PGID -> pgrp[p].get(s);
            case PIDTYPE_SID -> session[p].get(s);
        };
    }

    /** {@code find_pid(type, nr) != NULL}: some task is hashed under {@code nr} as {@code type}. */
    boolean hashed(long[] s, PidType type, int nr) {
        for (int q = 0; q < slots; q++) {
            if (attached[q][type.ordinal()].isSet(s) && nr(s, q, type) == nr) {
                return true;
            }
        }
        return false;
    }
}
