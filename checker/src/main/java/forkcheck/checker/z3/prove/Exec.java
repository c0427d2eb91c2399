package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Sort;
import forkcheck.model.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a step on a symbolic state the way the Java spec runs it on a {@code long[]}: reads and
 * writes of named variables, with {@link #when} for an {@code if} whose condition is symbolic (both
 * branches run, and each variable they set differently becomes an {@code ite}).
 *
 * <p>Where the Java step would throw (a write outside a field's range, a bit index out of the
 * bitmap, an array index out of bounds) the step has no successor: {@link #defined()} is false on
 * that path, as the explicit search would stop there rather than produce a state.
 */
public final class Exec {
    private final Context ctx;
    private final Map<String, Field> ranges;
    private Map<String, Expr<IntSort>> ints;
    private Map<String, BoolExpr[]> bits;
    private BoolExpr defined;

    public Exec(Context ctx, Map<String, Field> ranges, SymState start) {
        this.ctx = ctx;
        this.ranges = ranges;
        this.ints = new HashMap<>(start.fields());
        this.bits = new HashMap<>(start.bitmaps());
        this.defined = ctx.mkTrue();
    }

    public Context ctx() {
        return ctx;
    }

    public Expr<IntSort> get(String field) {
        return ints.get(field);
    }

    /** A write; outside the field's range the Java step throws, so this path has no successor. */
    public void set(String field, Expr<IntSort> value) {
        Field f = ranges.get(field);
        Expr<IntSort> v = value.simplify();
        require(ctx.mkAnd(ctx.mkLe(num(f.min()), v), ctx.mkLe(v, num(f.max()))));
        ints.put(field, v);
    }

    public void set(String field, int value) {
        set(field, num(value));
    }

    public BoolExpr bit(String bitmap, int j) {
        return bits.get(bitmap)[j];
    }

    public int size(String bitmap) {
        return bits.get(bitmap).length;
    }

    public void setBit(String bitmap, int j, BoolExpr value) {
        BoolExpr[] copy = bits.get(bitmap).clone();
        copy[j] = (BoolExpr) value.simplify();
        bits.put(bitmap, copy);
    }

    /** This path exists only if {@code c}; otherwise the Java step throws. */
    public void require(BoolExpr c) {
        defined = (BoolExpr) ctx.mkAnd(defined, c).simplify();
    }

    public void undefined() {
        defined = ctx.mkFalse();
    }

    public BoolExpr defined() {
        return defined;
    }

    public Map<String, Expr<IntSort>> fields() {
        return ints;
    }

    public Map<String, BoolExpr[]> bitmaps() {
        return bits;
    }

    public Expr<IntSort> num(int n) {
        return ctx.mkInt(n);
    }

    /** {@code if (c) then else otherwise}; a condition Z3 simplifies to a constant runs one branch only. */
    public void when(BoolExpr c, Runnable then, Runnable otherwise) {
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

    public void when(BoolExpr c, Runnable then) {
        when(c, then, () -> {});
    }

    /**
     * {@code c ? then() : otherwise()} where both may read and write: each branch runs as
     * {@link #when} runs it, and the value is their {@code ite}.
     */
    @SuppressWarnings("unchecked")
    public <S extends Sort> Expr<S> choose(BoolExpr c, Supplier<Expr<S>> then, Supplier<Expr<S>> otherwise) {
        Object[] r = new Object[2];
        BoolExpr cond = (BoolExpr) c.simplify();
        when(cond, () -> r[0] = then.get(), () -> r[1] = otherwise.get());
        if (r[1] == null) {
            return (Expr<S>) r[0];
        }
        if (r[0] == null) {
            return (Expr<S>) r[1];
        }
        return ((Expr<S>) ctx.mkITE(cond, (Expr<S>) r[0], (Expr<S>) r[1])).simplify();
    }

    public BoolExpr chooseBool(BoolExpr c, Supplier<BoolExpr> then, Supplier<BoolExpr> otherwise) {
        return (BoolExpr) choose(c, then::get, otherwise::get);
    }

    public BoolExpr selectBool(Expr<IntSort> index, int n, IntFunction<BoolExpr> body) {
        return (BoolExpr) select(index, n, body::apply, ctx.mkFalse());
    }

    /** {@code names[index]} is a set flag, for an index the state holds. */
    public BoolExpr isSet(String[] names, Expr<IntSort> index) {
        return ctx.mkNot(ctx.mkEq(read(names, index), num(0)));
    }

    /** {@link #forIndex} with a value: {@code body.apply(k)} for the value {@code k} of {@code index}. */
    public <S extends Sort> Expr<S> select(Expr<IntSort> index, int n, IntFunction<Expr<S>> body, Expr<S> outside) {
        Expr<IntSort> idx = index.simplify();
        if (idx instanceof IntNum k) {
            if (k.getInt() >= 0 && k.getInt() < n) {
                return body.apply(k.getInt());
            }
            undefined();
            return outside;
        }
        return selectFrom(idx, 0, n, body, outside);
    }

    private <S extends Sort> Expr<S> selectFrom(Expr<IntSort> idx, int k, int n, IntFunction<Expr<S>> body, Expr<S> outside) {
        if (k == n) {
            undefined();
            return outside;
        }
        return choose(ctx.mkEq(idx, num(k)), () -> body.apply(k), () -> selectFrom(idx, k + 1, n, body, outside));
    }

    /**
     * {@code body.accept(k)} for the value {@code k} of {@code index} in {@code [0, n)}: an array
     * or bit index made concrete, one branch per value; outside the bounds the Java step throws.
     */
    public void forIndex(Expr<IntSort> index, int n, IntConsumer body) {
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

    /** A flag's value: not zero. */
    public BoolExpr isSet(String flag) {
        return ctx.mkNot(ctx.mkEq(get(flag), num(0)));
    }

    /** A flag set to a condition: 1 where it holds, 0 elsewhere. */
    @SuppressWarnings("unchecked")
    public void set(String flag, BoolExpr value) {
        set(flag, (Expr<IntSort>) ctx.mkITE(value, num(1), num(0)));
    }

    public void set(String flag, boolean value) {
        set(flag, value ? 1 : 0);
    }

    /** {@code Field.add}. */
    @SuppressWarnings("unchecked")
    public void add(String field, int delta) {
        set(field, (Expr<IntSort>) ctx.mkAdd(get(field), num(delta)));
    }

    /**
     * {@code names[index].get(s)} for an index the state holds: one {@code ite} per candidate, no
     * branch; outside {@code [0, names.length)} the Java step throws.
     */
    @SuppressWarnings("unchecked")
    public Expr<IntSort> read(String[] names, Expr<IntSort> index) {
        Expr<IntSort> idx = index.simplify();
        if (idx instanceof IntNum k) {
            if (k.getInt() >= 0 && k.getInt() < names.length) {
                return get(names[k.getInt()]);
            }
            undefined();
            return num(0);
        }
        require(inRange(idx, names.length));
        Expr<IntSort> v = get(names[names.length - 1]);
        for (int j = names.length - 2; j >= 0; j--) {
            v = (Expr<IntSort>) ctx.mkITE(ctx.mkEq(idx, num(j)), get(names[j]), v);
        }
        return v.simplify();
    }

    /** {@code names[index].set(s, value)} for an index the state holds: every candidate an {@code ite}, no branch. */
    @SuppressWarnings("unchecked")
    public void write(String[] names, Expr<IntSort> index, Expr<IntSort> value) {
        Expr<IntSort> idx = index.simplify();
        if (idx instanceof IntNum k) {
            if (k.getInt() >= 0 && k.getInt() < names.length) {
                set(names[k.getInt()], value);
            } else {
                undefined();
            }
            return;
        }
        require(inRange(idx, names.length));
        for (int j = 0; j < names.length; j++) {
            BoolExpr here = (BoolExpr) ctx.mkEq(idx, num(j)).simplify();
            if (!here.isFalse()) {
                set(names[j], (Expr<IntSort>) ctx.mkITE(here, value, get(names[j])));
            }
        }
    }

    private BoolExpr inRange(Expr<IntSort> idx, int n) {
        return ctx.mkAnd(ctx.mkLe(num(0), idx), ctx.mkLt(idx, num(n)));
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
