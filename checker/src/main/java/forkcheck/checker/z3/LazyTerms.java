package forkcheck.checker.z3;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Constants made only for the variables a formula mentions, so that pinning a state to them
 * ({@link #assign}) costs one equality per variable read, not one per variable of the layout.
 */
public final class LazyTerms implements StateTerms {
    private final Context ctx;
    private final StateVars vars;
    private final List<Field> fields = new ArrayList<>();
    private final List<IntExpr> fieldConsts = new ArrayList<>();
    private final List<Bitmap> bitmaps = new ArrayList<>();
    private final List<BoolExpr[]> bitConsts = new ArrayList<>();
    private final Map<String, IntExpr> intCache = new LinkedHashMap<>();
    private final Map<String, BoolExpr[]> bitCache = new LinkedHashMap<>();

    public LazyTerms(Context ctx, StateVars vars) {
        this.ctx = ctx;
        this.vars = vars;
    }

    @Override
    public Expr<IntSort> field(String name) {
        return intCache.computeIfAbsent(name, n -> {
            IntExpr c = ctx.mkIntConst(n);
            fields.add(vars.field(n));
            fieldConsts.add(c);
            return c;
        });
    }

    @Override
    public BoolExpr[] bitmap(String name) {
        return bitCache.computeIfAbsent(name, n -> {
            Bitmap b = vars.bitmap(n);
            BoolExpr[] c = new BoolExpr[b.size()];
            for (int j = 0; j < c.length; j++) {
                c[j] = ctx.mkBoolConst(n + "#" + j);
            }
            bitmaps.add(b);
            bitConsts.add(c);
            return c;
        });
    }

    /** The constraints that pin every constant made so far to its value in {@code s}. */
    public BoolExpr assign(long[] s) {
        List<BoolExpr> eqs = new ArrayList<>();
        for (int k = 0; k < fields.size(); k++) {
            eqs.add(ctx.mkEq(fieldConsts.get(k), ctx.mkInt(fields.get(k).get(s))));
        }
        for (int k = 0; k < bitmaps.size(); k++) {
            Bitmap b = bitmaps.get(k);
            BoolExpr[] c = bitConsts.get(k);
            for (int j = 0; j < c.length; j++) {
                eqs.add(b.test(s, j) ? c[j] : ctx.mkNot(c[j]));
            }
        }
        return ctx.mkAnd(eqs.toArray(BoolExpr[]::new));
    }
}
