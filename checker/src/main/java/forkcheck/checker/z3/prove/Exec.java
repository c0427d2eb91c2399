package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Sort;
import forkcheck.model.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
    private final Map<String, Expr<IntSort>> ints;
    private final Map<String, BoolExpr[]> bits;
    /**
     * For each branch {@link #when} is running, innermost first: the values its writes replaced,
     * by variable (a bitmap's name prefixed {@code #}), so that the branch can be undone and only
     * what either branch wrote is merged.
     */
    private final Deque<Map<String, Object>> undo = new ArrayDeque<>();
    private BoolExpr defined;
    /** {@code name == term} for each term {@link #name} replaced by a constant. */
    private final List<BoolExpr> names = new ArrayList<>();
    /** Makes this run's names distinct from every other run's in the same context. */
    private final long id = RUNS.incrementAndGet();
    private static final AtomicLong RUNS = new AtomicLong();
    /** {@link System#nanoTime} past which building the step gives up ({@link TooLarge}); none if 0. */
    private long deadline;

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
        replace(field, v);
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
        replace(BITMAP + bitmap, copy);
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

    /**
     * Every variable whose value is a term (not a numeral or a constant) gets a fresh constant
     * equal to it, and so does {@link #defined}: what follows reads small terms, where it would
     * otherwise read, simplify and copy the whole history of the step. Sound anywhere, even within
     * a branch: each equation only names a term, and so constrains nothing else. The variables
     * in {@code keep} keep their terms: those the code dispatches on, which a name would hide.
     */
    public void name(String prefix, Set<String> keep) {
        for (var e : new ArrayList<>(ints.entrySet())) {
            Expr<IntSort> v = e.getValue();
            if (!v.isNumeral() && !v.isConst() && !keep.contains(e.getKey())) {
                Expr<IntSort> n = ctx.mkIntConst(fresh(prefix, e.getKey()));
                names.add(ctx.mkEq(n, v));
                replace(e.getKey(), n);
            }
        }
        for (var e : new ArrayList<>(bits.entrySet())) {
            BoolExpr[] b = e.getValue();
            BoolExpr[] named = null;
            for (int j = 0; j < b.length; j++) {
                if (!b[j].isTrue() && !b[j].isFalse() && !b[j].isConst()) {
                    named = named == null ? b.clone() : named;
                    named[j] = ctx.mkBoolConst(fresh(prefix, e.getKey() + "#" + j));
                    names.add(ctx.mkEq(named[j], b[j]));
                }
            }
            if (named != null) {
                replace(BITMAP + e.getKey(), named);
            }
        }
        if (!defined.isTrue() && !defined.isFalse() && !defined.isConst()) {
            BoolExpr n = ctx.mkBoolConst(fresh(prefix, "defined"));
            names.add(ctx.mkEq(n, defined));
            defined = n;
        }
    }

    private String fresh(String prefix, String variable) {
        return "exec" + id + "!" + prefix + "!" + names.size() + "!" + variable;
    }

    /** Each variable of {@code post} equal to its value after the run: the step's frame, explicit. */
    public List<BoolExpr> leaves(SymState post) {
        List<BoolExpr> all = new ArrayList<>();
        for (var e : ints.entrySet()) {
            all.add(ctx.mkEq(post.field(e.getKey()), e.getValue()));
        }
        for (var e : bits.entrySet()) {
            BoolExpr[] after = post.bitmap(e.getKey());
            for (int j = 0; j < after.length; j++) {
                all.add(ctx.mkEq(after[j], e.getValue()[j]));
            }
        }
        return all;
    }

    /** The equations {@link #name} made: part of the step's relation. */
    public List<BoolExpr> names() {
        return names;
    }

    /**
     * {@code if (c) then else otherwise}; a condition Z3 simplifies to a constant runs one branch
     * only. A path with no successor runs nothing more, and a branch that has none leaves the
     * other's values: what it would have written is never read.
     */
    public void when(BoolExpr c, Runnable then, Runnable otherwise) {
        split(c, then, otherwise);
    }

    public void when(BoolExpr c, Runnable then) {
        when(c, then, () -> {});
    }

    /** Which branch ran, and which has no successor. */
    private record Branches(boolean thenRan, boolean elseRan, boolean thenDead, boolean elseDead) {}

    /** Building a step's formula ran past its deadline. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** Gives up building, with {@link TooLarge}, once {@code seconds} have passed. */
    public void deadline(double seconds) {
        deadline = System.nanoTime() + (long) (seconds * 1e9);
    }

    private Branches split(BoolExpr c, Runnable then, Runnable otherwise) {
        if (deadline != 0 && System.nanoTime() > deadline) {
            throw new TooLarge("the step's formula was not built in time");
        }
        if (defined.isFalse()) {
            return new Branches(false, false, true, true);
        }
        BoolExpr cond = (BoolExpr) c.simplify();
        if (cond.isTrue()) {
            then.run();
            return new Branches(true, false, defined.isFalse(), true);
        }
        if (cond.isFalse()) {
            otherwise.run();
            return new Branches(false, true, true, defined.isFalse());
        }
        BoolExpr d0 = defined;
        undo.push(new HashMap<>());
        then.run();
        Map<String, Object> thenUndo = undo.pop();
        Map<String, Object> thenValues = new HashMap<>();
        for (var e : thenUndo.entrySet()) {
            thenValues.put(e.getKey(), value(e.getKey()));
            put(e.getKey(), e.getValue());
        }
        BoolExpr d1 = defined;
        defined = d0;
        undo.push(new HashMap<>());
        otherwise.run();
        Map<String, Object> elseUndo = undo.pop();
        boolean thenDead = d1.isFalse();
        boolean elseDead = defined.isFalse();
        Set<String> written = new HashSet<>(thenUndo.keySet());
        written.addAll(elseUndo.keySet());
        for (String k : written) {
            Object original = thenUndo.containsKey(k) ? thenUndo.get(k) : elseUndo.get(k);
            Object a = thenValues.getOrDefault(k, original);
            Object merged = thenDead ? value(k) : elseDead ? a : merge(cond, a, value(k));
            replaceLogged(k, original, merged);
        }
        defined = (BoolExpr) ctx.mkITE(cond, d1, defined).simplify();
        return new Branches(true, true, thenDead, elseDead);
    }

    /**
     * {@code c ? then() : otherwise()} where both may read and write: each branch runs as
     * {@link #when} runs it, and the value is their {@code ite} (the live one's, if one has no
     * successor).
     */
    @SuppressWarnings("unchecked")
    public <S extends Sort> Expr<S> choose(BoolExpr c, Supplier<Expr<S>> then, Supplier<Expr<S>> otherwise) {
        Object[] r = new Object[2];
        BoolExpr cond = (BoolExpr) c.simplify();
        Branches b = split(cond, () -> r[0] = then.get(), () -> r[1] = otherwise.get());
        if (!b.thenRan() && !b.elseRan()) {
            // a path with no successor: any value will do, and its straight-line code is cheap
            return then.get();
        }
        Expr<S> a = (Expr<S>) r[0];
        Expr<S> e = (Expr<S>) r[1];
        if (!b.elseRan() || b.thenRan() && b.elseDead()) {
            return a;
        }
        if (!b.thenRan() || b.thenDead()) {
            return e;
        }
        return ((Expr<S>) ctx.mkITE(cond, a, e)).simplify();
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

    private static final String BITMAP = "#";

    private Object value(String key) {
        return key.startsWith(BITMAP) ? bits.get(key.substring(1)) : ints.get(key);
    }

    @SuppressWarnings("unchecked")
    private void put(String key, Object v) {
        if (key.startsWith(BITMAP)) {
            bits.put(key.substring(1), (BoolExpr[]) v);
        } else {
            ints.put(key, (Expr<IntSort>) v);
        }
    }

    /** A write, logged in the innermost branch so that it can be undone. */
    private void replace(String key, Object v) {
        replaceLogged(key, value(key), v);
    }

    private void replaceLogged(String key, Object old, Object v) {
        if (!undo.isEmpty()) {
            undo.peek().putIfAbsent(key, old);
        }
        put(key, v);
    }

    /** {@code c ? a : b} of one variable's two values. */
    @SuppressWarnings("unchecked")
    private Object merge(BoolExpr c, Object a, Object b) {
        if (a == b) {
            return a;
        }
        if (a instanceof BoolExpr[] x) {
            BoolExpr[] y = (BoolExpr[]) b;
            BoolExpr[] z = new BoolExpr[x.length];
            for (int j = 0; j < x.length; j++) {
                z[j] = x[j] == y[j] || x[j].equals(y[j]) ? x[j] : (BoolExpr) ctx.mkITE(c, x[j], y[j]).simplify();
            }
            return z;
        }
        Expr<IntSort> x = (Expr<IntSort>) a;
        Expr<IntSort> y = (Expr<IntSort>) b;
        return x.equals(y) ? x : ((Expr<IntSort>) ctx.mkITE(c, x, y)).simplify();
    }
}
