package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import forkcheck.model.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs a step on a symbolic state the way the Java spec runs it on a {@code long[]}: reads and
 * writes of named variables, with {@link #when} for an {@code if} whose condition is symbolic (both
 * branches run, and each variable they set differently becomes an {@code ite}).
 *
 * <p>Where the Java step would throw (a write outside a field's range, a bit index out of the
 * bitmap, an array index out of bounds) the step has no successor: {@link #defined()} is false on
 * that path, as the explicit search would stop there rather than produce a state.
 */
final class Exec {
    private final Context ctx;
    private final Map<String, Field> ranges;
    private Map<String, Expr<IntSort>> ints;
    private Map<String, BoolExpr[]> bits;
    private BoolExpr defined;

    Exec(Context ctx, Map<String, Field> ranges, SymState start) {
        this.ctx = ctx;
        this.ranges = ranges;
        this.ints = new HashMap<>(start.fields());
        this.bits = new HashMap<>(start.bitmaps());
        this.defined = ctx.mkTrue();
    }

    Context ctx() {
        return ctx;
    }

    Expr<IntSort> get(String field) {
        return ints.get(field);
    }

    /** A write; outside the field's range the Java step throws, so this path has no successor. */
    void set(String field, Expr<IntSort> value) {
        Field f = ranges.get(field);
        Expr<IntSort> v = value.simplify();
        require(ctx.mkAnd(ctx.mkLe(num(f.min()), v), ctx.mkLe(v, num(f.max()))));
        ints.put(field, v);
    }

    void set(String field, int value) {
        set(field, num(value));
    }

    BoolExpr bit(String bitmap, int j) {
        return bits.get(bitmap)[j];
    }

    int size(String bitmap) {
        return bits.get(bitmap).length;
    }

    void setBit(String bitmap, int j, BoolExpr value) {
        BoolExpr[] copy = bits.get(bitmap).clone();
        copy[j] = (BoolExpr) value.simplify();
        bits.put(bitmap, copy);
    }

    /** This path exists only if {@code c}; otherwise the Java step throws. */
    void require(BoolExpr c) {
        defined = (BoolExpr) ctx.mkAnd(defined, c).simplify();
    }

    void undefined() {
        defined = ctx.mkFalse();
    }

    BoolExpr defined() {
        return defined;
    }

    Map<String, Expr<IntSort>> fields() {
        return ints;
    }

    Map<String, BoolExpr[]> bitmaps() {
        return bits;
    }

    Expr<IntSort> num(int n) {
        return ctx.mkInt(n);
    }

    /** {@code if (c) then else otherwise}; a condition Z3 simplifies to a constant runs one branch only. */
    void when(BoolExpr c, Runnable then, Runnable otherwise) {
        BoolExpr cond = (BoolExpr) c.simplify();
        if (cond.isTrue()) {
            then.run();
            return;
        }
        if (cond.isFalse()) {
            otherwise.run();
            return;
        }
        Map<String, Expr<IntSort>> i0 = new HashMap<>(ints);
        Map<String, BoolExpr[]> b0 = new HashMap<>(bits);
        BoolExpr d0 = defined;
        then.run();
        Map<String, Expr<IntSort>> i1 = ints;
        Map<String, BoolExpr[]> b1 = bits;
        BoolExpr d1 = defined;
        ints = i0;
        bits = b0;
        defined = d0;
        otherwise.run();
        ints = merge(cond, i1, ints);
        bits = mergeBits(cond, b1, bits);
        defined = (BoolExpr) ctx.mkITE(cond, d1, defined).simplify();
    }

    void when(BoolExpr c, Runnable then) {
        when(c, then, () -> {});
    }

    /**
     * {@code body.accept(k)} for the value {@code k} of {@code index} in {@code [0, n)}: an array
     * or bit index made concrete, one branch per value; outside the bounds the Java step throws.
     */
    void forIndex(Expr<IntSort> index, int n, IntConsumer body) {
        Expr<IntSort> idx = index.simplify();
        if (idx instanceof IntNum k) {
            if (k.getInt() >= 0 && k.getInt() < n) {
                body.accept(k.getInt());
            } else {
                undefined();
            }
            return;
        }
        branch(idx, 0, n, body);
    }

    private void branch(Expr<IntSort> idx, int k, int n, IntConsumer body) {
        if (k == n) {
            undefined();
            return;
        }
        when(ctx.mkEq(idx, num(k)), () -> body.accept(k), () -> branch(idx, k + 1, n, body));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Expr<IntSort>> merge(BoolExpr c, Map<String, Expr<IntSort>> a, Map<String, Expr<IntSort>> b) {
        Map<String, Expr<IntSort>> m = new HashMap<>(b);
        for (var e : a.entrySet()) {
            Expr<IntSort> other = b.get(e.getKey());
            if (!e.getValue().equals(other)) {
                m.put(e.getKey(), ((Expr<IntSort>) ctx.mkITE(c, e.getValue(), other)).simplify());
            }
        }
        return m;
    }

    private Map<String, BoolExpr[]> mergeBits(BoolExpr c, Map<String, BoolExpr[]> a, Map<String, BoolExpr[]> b) {
        Map<String, BoolExpr[]> m = new HashMap<>(b);
        for (var e : a.entrySet()) {
            BoolExpr[] x = e.getValue();
            BoolExpr[] y = b.get(e.getKey());
            if (x == y) {
                continue;
            }
            BoolExpr[] z = new BoolExpr[x.length];
            for (int j = 0; j < x.length; j++) {
                z[j] = x[j].equals(y[j]) ? x[j] : (BoolExpr) ctx.mkITE(c, x[j], y[j]).simplify();
            }
            m.put(e.getKey(), z);
        }
        return m;
    }
}
