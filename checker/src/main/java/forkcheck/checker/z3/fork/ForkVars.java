package forkcheck.checker.z3.fork;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Sort;
import forkcheck.checker.z3.LazyTerms;
import forkcheck.checker.z3.StateTerms;
import forkcheck.checker.z3.StateVars;
import forkcheck.model.Field;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fork state's variables as Z3 terms, by the layout's names ({@code task2.parent},
 * {@code rq0.curr}), and the few combinators every invariant uses.
 *
 * <p>A variable read at a slot the state itself names ({@code pid[group_leader[p]]}) is an
 * application of a function declared per family of variables ({@code task.pid}), defined once by
 * one equality per slot ({@code task.pid(2) == task2.pid}): the solver then follows a pointer by
 * congruence, where an {@code ite} over every slot would make it search. The definitions are
 * {@link #definitions()}, asserted once; a function is defined only on its slots, so every read
 * through a pointer that may be NULL is guarded by the formula.
 */
final class ForkVars {
    final Context ctx;
    final ForkSpec spec;
    final int slots;
    final int cpus;
    private final StateTerms terms;
    /** The certifier's terms, which it pins state by state; null over another state's terms (prove's). */
    private final LazyTerms lazy;
    private final StateVars vars;
    /** Appended to each view's name, so that a pre-state's and a post-state's views are distinct functions. */
    private final String suffix;
    private final List<BoolExpr> definitions = new ArrayList<>();
    private final Map<String, FuncDecl<?>> views = new HashMap<>();

    ForkVars(Context ctx, ForkSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        this.slots = spec.scenario().slots();
        this.cpus = spec.scenario().cpus();
        this.vars = new StateVars(spec);
        this.lazy = new LazyTerms(ctx, vars);
        this.terms = lazy;
        this.suffix = "";
    }

    /** Over {@code terms}, a state's variables as another has made them (a pre- or post-state). */
    ForkVars(Context ctx, ForkSpec spec, StateTerms terms, String suffix) {
        this.ctx = ctx;
        this.spec = spec;
        this.slots = spec.scenario().slots();
        this.cpus = spec.scenario().cpus();
        this.vars = new StateVars(spec);
        this.lazy = null;
        this.terms = terms;
        this.suffix = suffix;
    }

    /** Pins every constant read so far to its value in {@code s}. */
    BoolExpr assign(long[] s) {
        if (lazy == null) {
            throw new IllegalStateException("terms made elsewhere are pinned by their maker");
        }
        return lazy.assign(s);
    }

    /** The definitions of the functions that read a variable through a pointer. */
    List<BoolExpr> definitions() {
        return List.copyOf(definitions);
    }

    // ---------------------------------------------------------------- variables

    IntExpr v(String name) {
        return (IntExpr) terms.field(name);
    }

    BoolExpr[] bits(String name) {
        return terms.bitmap(name);
    }

    Field field(String name) {
        return vars.field(name);
    }

    /** {@code task<p>.<name>}. */
    IntExpr task(int p, String name) {
        return v("task" + p + "." + name);
    }

    /** {@code task<p>.<name>} for a slot the state names; defined on slots 0 .. slots-1. */
    IntExpr task(Expr<IntSort> p, String name) {
        List<String> names = new ArrayList<>();
        for (int q = 0; q < slots; q++) {
            names.add("task" + q + "." + name);
        }
        return at("task." + name, names, p);
    }

    /** The variable {@code names.get(i)} for an index the state holds; defined on 0 .. names.size()-1. */
    @SuppressWarnings("unchecked")
    IntExpr at(String view, List<String> names, Expr<IntSort> i) {
        FuncDecl<IntSort> f = (FuncDecl<IntSort>) views.computeIfAbsent(view, n -> {
            FuncDecl<IntSort> d = ctx.mkFuncDecl(n + suffix, new Sort[] {ctx.getIntSort()}, ctx.getIntSort());
            for (int j = 0; j < names.size(); j++) {
                definitions.add(ctx.mkEq(ctx.mkApp(d, i(j)), v(names.get(j))));
            }
            return d;
        });
        return (IntExpr) ctx.mkApp(f, i);
    }

    /** A Boolean function of an index, defined by {@code values}: a pidmap bit by pid. */
    @SuppressWarnings("unchecked")
    BoolExpr atBool(String view, List<BoolExpr> values, Expr<IntSort> i) {
        FuncDecl<BoolSort> f = (FuncDecl<BoolSort>) views.computeIfAbsent(view, n -> {
            FuncDecl<BoolSort> d = ctx.mkFuncDecl(n + suffix, new Sort[] {ctx.getIntSort()}, ctx.getBoolSort());
            for (int j = 0; j < values.size(); j++) {
                definitions.add(ctx.mkEq(ctx.mkApp(d, i(j)), values.get(j)));
            }
            return d;
        });
        return (BoolExpr) ctx.mkApp(f, i);
    }

    // ---------------------------------------------------------------- tasks

    BoolExpr used(int p) {
        return isSet(task(p, "used"));
    }

    BoolExpr used(Expr<IntSort> p) {
        return isSet(task(p, "used"));
    }

    BoolExpr hashed(int p, String type) {
        return isSet(task(p, "pids[" + type + "].attached"));
    }

    /** {@code thread_group_leader(p)}: {@code p->pid == p->tgid}. */
    BoolExpr leader(int p) {
        return eq(task(p, "pid"), task(p, "tgid"));
    }

    /** The value of a flag word has {@code mask}'s bit: {@code PF_EXITING} in {@code flags}. */
    BoolExpr hasBit(Expr<IntSort> word, String fieldForRange, int mask) {
        Field f = field(fieldForRange);
        List<BoolExpr> any = new ArrayList<>();
        for (int x = f.min(); x <= f.max(); x++) {
            if ((x & mask) != 0) {
                any.add(eq(word, x));
            }
        }
        return or(any);
    }

    BoolExpr taskFlag(int p, String pf) {
        return hasBit(task(p, "flags"), "task0.flags", ForkSpec.constant(pf));
    }

    BoolExpr taskFlag(Expr<IntSort> p, String pf) {
        return hasBit(task(p, "flags"), "task0.flags", ForkSpec.constant(pf));
    }

    /** {@code task<p>.<field> == NAME}: a state or exit_state by its kernel name. */
    BoolExpr is(int p, String field, String constant) {
        return eq(task(p, field), ForkSpec.constant(constant));
    }

    // ---------------------------------------------------------------- where a task is

    IntExpr pc(int q) {
        return task(q, "pc");
    }

    BoolExpr pcIs(int q, ForkLabel l) {
        return eq(pc(q), l.ordinal());
    }

    BoolExpr pcIn(int q, ForkLabel from, ForkLabel to) {
        return and(ctx.mkLe(i(from.ordinal()), pc(q)), ctx.mkLe(pc(q), i(to.ordinal())));
    }

    // ---------------------------------------------------------------- combinators

    IntExpr i(int n) {
        return ctx.mkInt(n);
    }

    BoolExpr eq(Expr<IntSort> a, Expr<IntSort> b) {
        return ctx.mkEq(a, b);
    }

    BoolExpr eq(Expr<IntSort> a, int b) {
        return ctx.mkEq(a, i(b));
    }

    BoolExpr isSet(Expr<IntSort> flag) {
        return ctx.mkNot(eq(flag, 0));
    }

    BoolExpr not(BoolExpr b) {
        return ctx.mkNot(b);
    }

    BoolExpr and(BoolExpr... bs) {
        return ctx.mkAnd(bs);
    }

    BoolExpr and(List<BoolExpr> bs) {
        return bs.isEmpty() ? ctx.mkTrue() : ctx.mkAnd(bs.toArray(BoolExpr[]::new));
    }

    BoolExpr or(BoolExpr... bs) {
        return ctx.mkOr(bs);
    }

    BoolExpr or(List<BoolExpr> bs) {
        return bs.isEmpty() ? ctx.mkFalse() : ctx.mkOr(bs.toArray(BoolExpr[]::new));
    }

    BoolExpr implies(BoolExpr a, BoolExpr b) {
        return ctx.mkImplies(a, b);
    }

    BoolExpr iff(BoolExpr a, BoolExpr b) {
        return ctx.mkEq(a, b);
    }

    @SuppressWarnings("unchecked")
    ArithExpr<IntSort> oneIf(BoolExpr b) {
        return (ArithExpr<IntSort>) ctx.mkITE(b, i(1), i(0));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    ArithExpr<IntSort> sum(List<? extends ArithExpr<IntSort>> ts) {
        return ts.isEmpty() ? i(0) : (ArithExpr<IntSort>) ctx.mkAdd(ts.toArray(ArithExpr[]::new));
    }

    /** How many of {@code bs} hold. */
    ArithExpr<IntSort> count(List<BoolExpr> bs) {
        return sum(bs.stream().map(this::oneIf).toList());
    }
}
