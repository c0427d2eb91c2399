package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.fork.PidType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Tasks} on a symbolic state: each field of the task table as its slots' names
 * ({@code pid[2]} is {@code task2.pid}), and the operations the steps call on it.
 */
final class SymTasks {
    static final int PF_EXITING = ForkSpec.constant("PF_EXITING");
    static final int PF_DEAD = ForkSpec.constant("PF_DEAD");
    static final int PF_FORKNOEXEC = ForkSpec.constant("PF_FORKNOEXEC");

    final int slots;
    final String[] used;
    final String[] pid;
    final String[] tgid;
    final String[] state;
    final String[] exitState;
    final String[] flags;
    final String[] ptrace;
    final String[] parent;
    final String[] realParent;
    final String[] groupLeader;
    final String[] usage;
    final String[] user;
    final String[] signal;
    final String[] sighand;
    final String[] mm;
    final String[] fs;
    final String[] files;
    final String[] semUndo;
    final String[] namespace;
    final String[] timeSlice;
    final String[] firstTimeSlice;
    final String[] array;
    final String[] exitSignal;
    final String[] cpu;
    final String[] sigkill;
    final String[] sigstop;
    final String[] tifSigpending;
    final String[] tifFork;
    final String[] vforkDone;
    final String[] regsAxZero;
    final String[] didExec;
    final String[] setChildTid;
    final String[] clearChildTid;
    final String[] ioBitmap;
    final String[] stopToReport;
    /** {@code attached[p][type]}. */
    final String[][] attached;
    final String[] pgrp;
    final String[] session;
    final String[] tracedUnasked;
    final String[] prog;
    final String[] op;

    private final String[][] zeroOnFree;
    private final String[][] nullOnFree;

    final SymLists tasks;
    final SymLists family;
    final SymLists ptraceLinks;

    SymTasks(int slots) {
        this.slots = slots;
        used = names(slots, "used");
        pid = names(slots, "pid");
        tgid = names(slots, "tgid");
        state = names(slots, "state");
        exitState = names(slots, "exit_state");
        flags = names(slots, "flags");
        ptrace = names(slots, "ptrace");
        parent = names(slots, "parent");
        realParent = names(slots, "real_parent");
        groupLeader = names(slots, "group_leader");
        usage = names(slots, "usage");
        user = names(slots, "user");
        signal = names(slots, "signal");
        sighand = names(slots, "sighand");
        mm = names(slots, "mm");
        fs = names(slots, "fs");
        files = names(slots, "files");
        semUndo = names(slots, "sysvsem.undo_list");
        namespace = names(slots, "namespace");
        timeSlice = names(slots, "time_slice");
        firstTimeSlice = names(slots, "first_time_slice");
        array = names(slots, "array");
        exitSignal = names(slots, "exit_signal");
        cpu = names(slots, "cpu");
        sigkill = names(slots, "pending.SIGKILL");
        sigstop = names(slots, "pending.SIGSTOP");
        tifSigpending = names(slots, "TIF_SIGPENDING");
        tifFork = names(slots, "TIF_FORK");
        vforkDone = names(slots, "vfork_done");
        regsAxZero = names(slots, "regs.eax_is_0");
        didExec = names(slots, "did_exec");
        setChildTid = names(slots, "set_child_tid");
        clearChildTid = names(slots, "clear_child_tid");
        ioBitmap = names(slots, "thread.io_bitmap_ptr");
        stopToReport = names(slots, "exit_code");
        attached = new String[slots][PidType.values().length];
        for (int i = 0; i < slots; i++) {
            for (PidType type : PidType.values()) {
                attached[i][type.ordinal()] = "task" + i + ".pids[" + type + "].attached";
            }
        }
        pgrp = names(slots, "pgrp");
        session = names(slots, "session");
        tracedUnasked = names(slots, "ghost.traced_unasked");
        prog = names(slots, "prog");
        op = names(slots, "op");
        zeroOnFree = new String[][] {used, pid, tgid, state, exitState, flags, ptrace, usage, user, timeSlice,
                firstTimeSlice, array, cpu, sigkill, sigstop, tifSigpending, tifFork, regsAxZero, didExec,
                setChildTid, clearChildTid, ioBitmap, stopToReport, pgrp, session, tracedUnasked, prog, op};
        nullOnFree = new String[][] {parent, realParent, groupLeader, signal, sighand, mm, fs, files, semUndo, namespace,
                vforkDone};
        String[] taskNodes = new String[slots];
        String[] familyNodes = new String[2 * slots];
        String[] ptraceNodes = new String[2 * slots];
        for (int i = 0; i < slots; i++) {
            String t = "task" + i + ".";
            taskNodes[i] = t + "tasks";
            familyNodes[2 * i] = t + "children";
            familyNodes[2 * i + 1] = t + "sibling";
            ptraceNodes[2 * i] = t + "ptrace_children";
            ptraceNodes[2 * i + 1] = t + "ptrace_list";
        }
        tasks = new SymLists(taskNodes);
        family = new SymLists(familyNodes);
        ptraceLinks = new SymLists(ptraceNodes);
    }

    /** {@code task<i>.<field>} for every slot. */
    static String[] names(int slots, String field) {
        String[] n = new String[slots];
        for (int i = 0; i < slots; i++) {
            n[i] = "task" + i + "." + field;
        }
        return n;
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

    /** {@code 2 * slot}, for a slot the state holds. */
    static Expr<IntSort> children(Exec x, Expr<IntSort> slot) {
        return twice(x, slot);
    }

    static Expr<IntSort> ptraceChildren(Exec x, Expr<IntSort> slot) {
        return twice(x, slot);
    }

    @SuppressWarnings("unchecked")
    private static Expr<IntSort> twice(Exec x, Expr<IntSort> slot) {
        return ((Expr<IntSort>) x.ctx().mkMul(x.num(2), slot)).simplify();
    }

    void clear(Exec x, int p) {
        for (String[] fields : zeroOnFree) {
            x.set(fields[p], 0);
        }
        for (String[] pointers : nullOnFree) {
            x.set(pointers[p], -1);
        }
        x.set(exitSignal[p], 0);
        for (String a : attached[p]) {
            x.set(a, 0);
        }
        tasks.init(x, p);
        family.init(x, children(p));
        family.init(x, sibling(p));
        ptraceLinks.init(x, ptraceChildren(p));
        ptraceLinks.init(x, ptraceList(p));
    }

    BoolExpr isLeader(Exec x, int p) {
        return x.ctx().mkEq(x.get(pid[p]), x.get(tgid[p]));
    }

    BoolExpr isUsed(Exec x, int p) {
        return x.isSet(used[p]);
    }

    /** {@code state[p] == st} for a {@code TaskState} or {@code ExitState} ordinal. */
    BoolExpr is(Exec x, String field, Enum<?> value) {
        return x.ctx().mkEq(x.get(field), x.num(value.ordinal()));
    }

    void setTo(Exec x, String field, Enum<?> value) {
        x.set(field, value.ordinal());
    }

    /** {@code (flags & pf) != 0} over the field's range. */
    BoolExpr hasFlag(Exec x, int p, int pf) {
        return hasBit(x, x.get(flags[p]), pf, 7);
    }

    void setFlag(Exec x, int p, int pf) {
        x.set(flags[p], orBit(x, x.get(flags[p]), pf, 7));
    }

    /** {@code (word & mask) != 0}, the word in {@code [0, max]}: a disjunction of the values that have the bit. */
    static BoolExpr hasBit(Exec x, Expr<IntSort> word, int mask, int max) {
        Context c = x.ctx();
        Expr<IntSort> w = word.simplify();
        if (w instanceof IntNum n) {
            return c.mkBool((n.getInt() & mask) != 0);
        }
        List<BoolExpr> any = new ArrayList<>();
        for (int v = 0; v <= max; v++) {
            if ((v & mask) != 0) {
                any.add(c.mkEq(w, x.num(v)));
            }
        }
        return c.mkOr(any.toArray(BoolExpr[]::new));
    }

    /** {@code word | mask} (or {@code & ~mask}), the word in {@code [0, max]}: an {@code ite} over its values. */
    static Expr<IntSort> orBit(Exec x, Expr<IntSort> word, int mask, int max) {
        return mapBits(x, word, max, v -> v | mask);
    }

    static Expr<IntSort> clearBit(Exec x, Expr<IntSort> word, int mask, int max) {
        return mapBits(x, word, max, v -> v & ~mask);
    }

    @SuppressWarnings("unchecked")
    static Expr<IntSort> mapBits(Exec x, Expr<IntSort> word, int max, java.util.function.IntUnaryOperator op) {
        Expr<IntSort> w = word.simplify();
        if (w instanceof IntNum n) {
            return x.num(op.applyAsInt(n.getInt()));
        }
        Expr<IntSort> e = x.num(op.applyAsInt(max));
        for (int v = max - 1; v >= 0; v--) {
            e = (Expr<IntSort>) x.ctx().mkITE(x.ctx().mkEq(w, x.num(v)), x.num(op.applyAsInt(v)), e);
        }
        return e;
    }

    /** {@code SET_LINKS(p)}. */
    void setLinks(Exec x, int p) {
        x.when(isLeader(x, p), () -> tasks.addTail(x, p, 0));
        family.addTail(x, x.num(sibling(p)), children(x, x.get(parent[p])));
    }

    /** {@code REMOVE_LINKS(p)}. */
    void removeLinks(Exec x, int p) {
        x.when(isLeader(x, p), () -> tasks.delInit(x, p));
        family.delInit(x, sibling(p));
    }

    Expr<IntSort> nr(Exec x, int p, PidType type) {
        return x.get(switch (type) {
            case PIDTYPE_PID -> pid[p];
            case PIDTYPE_TGID -> tgid[p];
            case PIDTYPE_PGID -> pgrp[p];
            case PIDTYPE_SID -> session[p];
        });
    }

    /** {@code find_pid(type, nr) != NULL}. */
    BoolExpr hashed(Exec x, PidType type, Expr<IntSort> nr) {
        Context c = x.ctx();
        List<BoolExpr> any = new ArrayList<>();
        for (int q = 0; q < slots; q++) {
            any.add(c.mkAnd(x.isSet(attached[q][type.ordinal()]), c.mkEq(nr(x, q, type), nr)));
        }
        return c.mkOr(any.toArray(BoolExpr[]::new));
    }
}
