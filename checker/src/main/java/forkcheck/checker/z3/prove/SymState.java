package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Model;
import forkcheck.checker.z3.StateTerms;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Z3 constant for every variable of the layout (an integer per field, a Boolean per bitmap
 * bit), named after it with a suffix: {@code cpu0.pc} in the pre-state, {@code cpu0.pc'} in the
 * post-state. Eager, unlike the certifier's: a step's frame mentions every variable.
 */
public final class SymState implements StateTerms {
    private final Context ctx;
    private final Layout layout;
    private final Map<String, Expr<IntSort>> ints = new LinkedHashMap<>();
    private final Map<String, BoolExpr[]> bits = new LinkedHashMap<>();

    public SymState(Context ctx, Layout layout, String suffix) {
        this.ctx = ctx;
        this.layout = layout;
        for (Var v : layout.vars()) {
            if (v instanceof Field f) {
                ints.put(f.name(), ctx.mkIntConst(f.name() + suffix));
            } else if (v instanceof Bitmap b) {
                BoolExpr[] c = new BoolExpr[b.size()];
                for (int j = 0; j < c.length; j++) {
                    c[j] = ctx.mkBoolConst(b.name() + suffix + "#" + j);
                }
                bits.put(b.name(), c);
            }
        }
    }

    /** The concrete state {@code s} as numerals: a step run on it takes the Java's one path. */
    public static SymState of(Context ctx, Layout layout, long[] s) {
        SymState st = new SymState(ctx, layout);
        for (Var v : layout.vars()) {
            if (v instanceof Field f) {
                st.ints.put(f.name(), ctx.mkInt(f.get(s)));
            } else if (v instanceof Bitmap b) {
                BoolExpr[] c = new BoolExpr[b.size()];
                for (int j = 0; j < c.length; j++) {
                    c[j] = ctx.mkBool(b.test(s, j));
                }
                st.bits.put(b.name(), c);
            }
        }
        return st;
    }

    /**
     * These terms with some replaced by numerals: the fields of {@code fields}, and the bits
     * {@code name#j} of {@code bits}. A step built over it is the step from the states where
     * those columns have those values, with fewer cases to build.
     */
    public SymState pinned(Map<String, Integer> fields, Map<String, Boolean> bits) {
        SymState st = new SymState(ctx, layout);
        ints.forEach((name, term) -> st.ints.put(name, fields.containsKey(name) ? ctx.mkInt(fields.get(name)) : term));
        this.bits.forEach((name, terms) -> {
            BoolExpr[] c = terms.clone();
            for (int j = 0; j < c.length; j++) {
                Boolean v = bits.get(name + "#" + j);
                if (v != null) {
                    c[j] = ctx.mkBool(v);
                }
            }
            st.bits.put(name, c);
        });
        return st;
    }

    private SymState(Context ctx, Layout layout) {
        this.ctx = ctx;
        this.layout = layout;
    }

    @Override
    public Expr<IntSort> field(String name) {
        Expr<IntSort> e = ints.get(name);
        if (e == null) {
            throw new IllegalStateException("the layout has no field " + name);
        }
        return e;
    }

    @Override
    public BoolExpr[] bitmap(String name) {
        BoolExpr[] b = bits.get(name);
        if (b == null) {
            throw new IllegalStateException("the layout has no bitmap " + name);
        }
        return b;
    }

    public Map<String, Expr<IntSort>> fields() {
        return ints;
    }

    public Map<String, BoolExpr[]> bitmaps() {
        return bits;
    }

    /** Every field within its range: the states a layout can hold, reachable or not. */
    public BoolExpr domain() {
        List<BoolExpr> all = new ArrayList<>();
        for (Var v : layout.vars()) {
            if (v instanceof Field f) {
                all.add(ctx.mkLe(ctx.mkInt(f.min()), field(f.name())));
                all.add(ctx.mkLe(field(f.name()), ctx.mkInt(f.max())));
            }
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** These constants equal to the concrete state {@code s}. */
    public BoolExpr is(long[] s) {
        List<BoolExpr> all = new ArrayList<>();
        for (Var v : layout.vars()) {
            if (v instanceof Field f) {
                all.add(ctx.mkEq(field(f.name()), ctx.mkInt(f.get(s))));
            } else if (v instanceof Bitmap b) {
                BoolExpr[] c = bitmap(b.name());
                for (int j = 0; j < c.length; j++) {
                    all.add(b.test(s, j) ? c[j] : ctx.mkNot(c[j]));
                }
            }
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** The concrete state a model gives these constants; one it leaves free takes its field's minimum. */
    public long[] read(Model m) {
        long[] s = layout.newState();
        for (Var v : layout.vars()) {
            if (v instanceof Field f) {
                Expr<IntSort> val = m.eval(field(f.name()), false);
                f.set(s, val instanceof IntNum n ? n.getInt() : f.min());
            } else if (v instanceof Bitmap b) {
                BoolExpr[] c = bitmap(b.name());
                for (int j = 0; j < c.length; j++) {
                    if (m.eval(c[j], false).isTrue()) {
                        b.set(s, j);
                    }
                }
            }
        }
        return s;
    }
}
