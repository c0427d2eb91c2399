package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.model.ListHeads;

/**
 * {@link ListHeads} on a symbolic state: the same nodes by the same names, the same macros. A
 * node the state names (a parent's {@code children}) is read and written through every candidate
 * with an {@code ite}; following a poisoned link has no successor, as the Java throws.
 */
final class SymLists {
    private final String[] next;
    private final String[] prev;

    SymLists(String... nodeNames) {
        next = new String[nodeNames.length];
        prev = new String[nodeNames.length];
        for (int i = 0; i < nodeNames.length; i++) {
            next[i] = nodeNames[i] + ".next";
            prev[i] = nodeNames[i] + ".prev";
        }
    }

    int size() {
        return next.length;
    }

    Expr<IntSort> next(Exec x, Expr<IntSort> node) {
        return x.read(next, node);
    }

    Expr<IntSort> next(Exec x, int node) {
        return x.get(next[node]);
    }

    Expr<IntSort> prev(Exec x, Expr<IntSort> node) {
        return x.read(prev, node);
    }

    Expr<IntSort> prev(Exec x, int node) {
        return x.get(prev[node]);
    }

    void init(Exec x, int node) {
        x.set(next[node], node);
        x.set(prev[node], node);
    }

    void copyNode(Exec x, int from, int to) {
        x.set(next[to], x.get(next[from]));
        x.set(prev[to], x.get(prev[from]));
    }

    BoolExpr isEmpty(Exec x, Expr<IntSort> head) {
        return x.ctx().mkEq(next(x, head), head);
    }

    BoolExpr isEmpty(Exec x, int head) {
        return isEmpty(x, x.num(head));
    }

    void add(Exec x, Expr<IntSort> entry, Expr<IntSort> head) {
        insertBetween(x, entry, head, follow(x, next(x, head)));
    }

    void add(Exec x, int entry, Expr<IntSort> head) {
        add(x, x.num(entry), head);
    }

    void addTail(Exec x, Expr<IntSort> entry, Expr<IntSort> head) {
        insertBetween(x, entry, follow(x, prev(x, head)), head);
    }

    void addTail(Exec x, int entry, Expr<IntSort> head) {
        addTail(x, x.num(entry), head);
    }

    void addTail(Exec x, int entry, int head) {
        addTail(x, x.num(entry), x.num(head));
    }

    void del(Exec x, int entry) {
        unlink(x, entry);
        x.set(next[entry], ListHeads.POISON);
        x.set(prev[entry], ListHeads.POISON);
    }

    void delInit(Exec x, int entry) {
        unlink(x, entry);
        init(x, entry);
    }

    private void insertBetween(Exec x, Expr<IntSort> entry, Expr<IntSort> before, Expr<IntSort> after) {
        x.write(prev, after, entry);
        x.write(next, entry, after);
        x.write(prev, entry, before);
        x.write(next, before, entry);
    }

    private void unlink(Exec x, int entry) {
        Expr<IntSort> before = follow(x, x.get(prev[entry]));
        Expr<IntSort> after = follow(x, x.get(next[entry]));
        x.write(prev, after, before);
        x.write(next, before, after);
    }

    /** A poisoned link is an oops: that path has no successor. */
    private Expr<IntSort> follow(Exec x, Expr<IntSort> to) {
        x.require(x.ctx().mkNot(x.ctx().mkEq(to, x.num(ListHeads.POISON))));
        return to;
    }
}
