package forkcheck.spec.fork;

import forkcheck.model.Field;
import forkcheck.model.Layout;

/**
 * Each task's kernel stack, as far as the model needs it: where the task is in the kernel and
 * the locals of the system call it is in. A task keeps its frame while it sleeps in the kernel
 * (a vfork parent in {@code wait_for_completion}, a parent in {@code wait4}), so frames belong to
 * tasks, not CPUs. Every local is cleared when the call returns, so a dead local never tells two
 * states apart; {@link #errno} stays until the next call begins, for the properties.
 */
final class Frames {
    final Field[] pc;
    /** do_fork's {@code pid}, wait's reaped pid. */
    final Field[] pid;
    /** copy_process's {@code p}; wait's child being released. */
    final Field[] child;
    /** do_fork's {@code trace}: the ptrace event to report, 0 for none. */
    final Field[] trace;
    final Field[] errno;
    /** {@code struct completion vfork} on the parent's stack: {@code done}. */
    final Field[] vforkCompleted;
    /** release_task: the pid types of the child whose ids {@code detach_pid} has still to free. */
    final Field[] toFree;
    /**
     * Ghost: the references copy_process holds for the child, one bit per {@link Ref}, set by
     * each copy_* and cleared by its bad_fork rung; {@code dup_task_struct} copies the parent's
     * pointers without taking references, so only this says which of the child's pointers count.
     */
    final Field[] refsTaken;
    /** Ghost: the parent's time slice when sched_fork began, for time-slice conservation. */
    final Field[] sliceBefore;

    /** The references copy_process takes, in the order it takes them. */
    enum Ref {
        SEMUNDO,
        FILES,
        FS,
        SIGHAND,
        SIGNAL,
        MM,
        NAMESPACE
    }

    Frames(Layout.Builder b, int slots, int pidMax) {
        pc = new Field[slots];
        pid = new Field[slots];
        child = new Field[slots];
        trace = new Field[slots];
        errno = new Field[slots];
        vforkCompleted = new Field[slots];
        toFree = new Field[slots];
        refsTaken = new Field[slots];
        sliceBefore = new Field[slots];
        for (int i = 0; i < slots; i++) {
            String t = "task" + i + ".";
            pc[i] = b.labels(t + "pc", ForkLabel.class);
            pid[i] = b.field(t + "frame.pid", -1, pidMax - 1);
            child[i] = b.field(t + "frame.p", -1, slots - 1);
            trace[i] = b.field(t + "frame.trace", 0, PtraceFlags.EVENT_VFORK_DONE);
            errno[i] = b.labels(t + "frame.errno", Errno.class);
            vforkCompleted[i] = b.flag(t + "frame.vfork.done");
            toFree[i] = b.field(t + "frame.to_free", 0, (1 << PidType.values().length) - 1);
            refsTaken[i] = b.field(t + "ghost.refs_taken", 0, (1 << Ref.values().length) - 1);
            sliceBefore[i] = b.field(t + "ghost.slice_before", 0, ForkScenarioParser.DEFAULT_TIME_SLICE * 2);
        }
    }

    ForkLabel pc(long[] s, int t) {
        return ForkLabel.of(pc[t].get(s));
    }

    void setPc(long[] s, int t, ForkLabel l) {
        pc[t].set(s, l.ordinal());
    }

    /** A new system call: the previous one's locals are dead. */
    void begin(long[] s, int t, ForkLabel first) {
        clear(s, t);
        errno[t].set(s, Errno.NONE.ordinal());
        setPc(s, t, first);
    }

    /** The call returns: everything but its errno dies. */
    void ret(long[] s, int t, Errno e) {
        clear(s, t);
        errno[t].set(s, e.ordinal());
        setPc(s, t, ForkLabel.IDLE);
    }

    Errno errno(long[] s, int t) {
        return Errno.values()[errno[t].get(s)];
    }

    void setErrno(long[] s, int t, Errno e) {
        errno[t].set(s, e.ordinal());
    }

    private void clear(long[] s, int t) {
        pid[t].set(s, -1);
        child[t].set(s, -1);
        trace[t].set(s, 0);
        vforkCompleted[t].set(s, false);
        toFree[t].set(s, 0);
        refsTaken[t].set(s, 0);
        sliceBefore[t].set(s, 0);
    }

    boolean refTaken(long[] s, int t, Ref r) {
        return (refsTaken[t].get(s) & (1 << r.ordinal())) != 0;
    }

    void takeRef(long[] s, int t, Ref r, boolean taken) {
        int bits = refsTaken[t].get(s);
        refsTaken[t].set(s, taken ? bits | (1 << r.ordinal()) : bits & ~(1 << r.ordinal()));
    }

    void clearAll(long[] s, int t) {
        clear(s, t);
        errno[t].set(s, 0);
        setPc(s, t, ForkLabel.IDLE);
    }
}
