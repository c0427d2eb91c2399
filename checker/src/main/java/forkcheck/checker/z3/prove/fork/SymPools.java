package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;

/** {@code Pools} on a symbolic state: the shared structures' counts by entry. */
final class SymPools {
    final int size;
    final String[] userCount;
    final String[] userProcesses;
    final String[] signalCount;
    final String[] signalLive;
    final String[] signalGroupExit;
    final String[] groupStopCount;
    final String[] rlimNproc;
    final String[] sighandCount;
    final String[] mmUsers;
    final String[] fsCount;
    final String[] filesCount;
    final String[] semUndoRefcnt;
    final String[] namespaceCount;

    SymPools(int size, int users) {
        this.size = size;
        userCount = new String[users];
        userProcesses = new String[users];
        for (int u = 0; u < users; u++) {
            String n = u == 0 ? "root_user." : "user" + u + ".";
            userCount[u] = n + "__count";
            userProcesses[u] = n + "processes";
        }
        signalCount = names(size, "signal", "count");
        signalLive = names(size, "signal", "live");
        signalGroupExit = names(size, "signal", "SIGNAL_GROUP_EXIT");
        groupStopCount = names(size, "signal", "group_stop_count");
        rlimNproc = names(size, "signal", "rlim[RLIMIT_NPROC]");
        sighandCount = names(size, "sighand", "count");
        mmUsers = names(size, "mm", "mm_users");
        fsCount = names(size, "fs", "count");
        filesCount = names(size, "files", "count");
        semUndoRefcnt = names(size, "sem_undo_list", "refcnt");
        namespaceCount = names(size, "namespace", "count");
    }

    private static String[] names(int size, String pool, String field) {
        String[] n = new String[size];
        for (int i = 0; i < size; i++) {
            n[i] = pool + i + "." + field;
        }
        return n;
    }

    /**
     * {@code Pools.firstFree}: the first entry whose count is 0, or -1; an {@code ite} over the
     * entries in order.
     */
    @SuppressWarnings("unchecked")
    static Expr<IntSort> firstFree(Exec x, String[] counts) {
        Expr<IntSort> e = x.num(-1);
        for (int i = counts.length - 1; i >= 0; i--) {
            e = (Expr<IntSort>) x.ctx().mkITE(x.ctx().mkEq(x.get(counts[i]), x.num(0)), x.num(i), e);
        }
        return e.simplify();
    }

    /** {@code Pools.put}: drop a reference through {@code pointer}, which is NULL after. */
    @SuppressWarnings("unchecked")
    static void put(Exec x, String pointer, String[] counts) {
        Expr<IntSort> e = x.get(pointer);
        x.when(x.ctx().mkGe(e, x.num(0)), () -> x.write(counts, e, (Expr<IntSort>) x.ctx().mkAdd(x.read(counts, e), x.num(-1))));
        x.set(pointer, -1);
    }

    /** {@code atomic_dec_and_test} on the entry the state names: decrements, and says whether it reached 0. */
    @SuppressWarnings("unchecked")
    static BoolExpr decAndTest(Exec x, String[] counts, Expr<IntSort> entry) {
        Expr<IntSort> v = ((Expr<IntSort>) x.ctx().mkAdd(x.read(counts, entry), x.num(-1))).simplify();
        x.write(counts, entry, v);
        return x.ctx().mkEq(v, x.num(0));
    }

    /** {@code counts[entry] += delta} for an entry the state names. */
    @SuppressWarnings("unchecked")
    static void add(Exec x, String[] counts, Expr<IntSort> entry, int delta) {
        x.write(counts, entry, (Expr<IntSort>) x.ctx().mkAdd(x.read(counts, entry), x.num(delta)));
    }
}
