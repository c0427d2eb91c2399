package forkcheck.checker.z3;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.Property;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Op;
import forkcheck.spec.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pid spec's invariants as SMT formulas over one Z3 constant per state variable (an Int per
 * field, a Bool per bitmap bit), written from the properties' definitions in the README, not from
 * the Java predicates: the two are meant to fail differently if either is wrong.
 *
 * <p>{@link #assign} gives the formulas' constants a concrete state's values, so a state is
 * certified by asking whether the assignment and the negated invariant are satisfiable. Over
 * another's {@link StateTerms} the same formulas read a pre-state or a post-state ({@code prove}).
 */
@SuppressWarnings("unchecked")
public final class InvariantEncoding implements Encoding {
    static final String PID_UNIQUE = "pid-unique";
    static final String NR_FREE_EXACT = "nr-free-exact";
    static final String PID_IN_RANGE = "pid-in-range";
    static final String FAILS_ONLY_WHEN_FULL = "alloc-fails-only-when-full";

    private final Context ctx;
    private final Scenario sc;
    private final int entries;
    private final int ncpu;
    private final StateTerms terms;
    /** The constants made for {@link #assign}; null when the terms are someone else's. */
    private final LazyTerms lazy;
    private final Map<String, BoolExpr> invariants = new LinkedHashMap<>();
    private final List<Property> properties = new ArrayList<>();

    /** Over constants of its own, made for the variables the formulas read; see {@link #assign}. */
    InvariantEncoding(Context ctx, PidSpec spec) {
        this(ctx, spec, new LazyTerms(ctx, new StateVars(spec)));
    }

    /** Over {@code terms}: a pre-state's or a post-state's. */
    public InvariantEncoding(Context ctx, PidSpec spec, StateTerms terms) {
        this.ctx = ctx;
        this.sc = spec.scenario();
        this.terms = terms;
        this.lazy = terms instanceof LazyTerms l ? l : null;
        entries = sc.pidmapEntries();
        ncpu = sc.cpus().size();
        for (Property p : spec.properties()) {
            if (p.kind() != Property.Kind.ALWAYS) {
                continue;
            }
            BoolExpr f = switch (p.name()) {
                case PID_UNIQUE -> pidUnique();
                case NR_FREE_EXACT -> nrFreeExact();
                case PID_IN_RANGE -> pidInRange();
                case FAILS_ONLY_WHEN_FULL -> failsOnlyWhenFull();
                default -> throw new IllegalStateException("no SMT encoding of invariant " + p.name());
            };
            invariants.put(p.name(), f);
            properties.add(p);
        }
    }

    @Override
    public Map<String, BoolExpr> invariants() {
        return invariants;
    }

    @Override
    public List<Property> properties() {
        return List.copyOf(properties);
    }

    @Override
    public BoolExpr assign(long[] s) {
        return lazy.assign(s);
    }

    private Expr<IntSort> v(String name) {
        return terms.field(name);
    }

    private BoolExpr[] bits(String name) {
        return terms.bitmap(name);
    }

    private IntExpr i(int n) {
        return ctx.mkInt(n);
    }

    private ArithExpr<IntSort> oneIf(BoolExpr b) {
        return (ArithExpr<IntSort>) ctx.mkITE(b, i(1), i(0));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ArithExpr<IntSort> sum(List<ArithExpr<IntSort>> terms) {
        if (terms.isEmpty()) {
            return i(0);
        }
        return ctx.mkAdd(terms.toArray(ArithExpr[]::new));
    }

    private BoolExpr pcIs(int cpu, PidLabel l) {
        return ctx.mkEq(v("cpu" + cpu + ".pc"), i(l.ordinal()));
    }

    /**
     * nr_free of each page = its clear bits + CPUs between test_and_set_bit and atomic_dec on it
     * - CPUs between clear_bit and atomic_inc on it.
     */
    private BoolExpr nrFreeExact() {
        List<BoolExpr> all = new ArrayList<>();
        for (int m = 0; m < entries; m++) {
            String page = "pidmap_array[" + m + "]";
            List<ArithExpr<IntSort>> terms = new ArrayList<>();
            for (BoolExpr b : bits(page + ".bits")) {
                terms.add(oneIf(ctx.mkNot(b)));
            }
            for (int c = 0; c < ncpu; c++) {
                BoolExpr onPage = ctx.mkEq(v("cpu" + c + ".map"), i(m));
                terms.add(oneIf(ctx.mkAnd(onPage, pcIs(c, PidLabel.ATOMIC_DEC))));
                terms.add((ArithExpr<IntSort>) ctx.mkITE(ctx.mkAnd(onPage, pcIs(c, PidLabel.ATOMIC_INC)), i(-1), i(0)));
            }
            all.add(ctx.mkEq(v(page + ".nr_free"), sum(terms)));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** One pid some party holds now, and whether it holds it. */
    public record Holding(BoolExpr held, Expr<IntSort> pid) {}

    /**
     * Who holds what: each alloc's result from the step it returns until its CPU begins the op
     * that frees it; each taken pid from the start until its CPU begins the {@code free N}.
     */
    public List<Holding> holdings() {
        List<Holding> h = new ArrayList<>();
        Map<Integer, BoolExpr> takenHeld = new LinkedHashMap<>();
        for (int p : sc.taken()) {
            takenHeld.put(p, ctx.mkTrue());
        }
        for (int c = 0; c < ncpu; c++) {
            List<Op> prog = sc.cpus().get(c);
            Expr<IntSort> op = v("cpu" + c + ".op");
            int allocs = 0;
            for (int k = 0; k < prog.size(); k++) {
                if (prog.get(k) instanceof Op.Alloc) {
                    allocs++;
                }
            }
            int[] freedAt = new int[allocs];
            java.util.Arrays.fill(freedAt, prog.size());
            for (int k = 0; k < prog.size(); k++) {
                if (prog.get(k) instanceof Op.FreeResult fr) {
                    freedAt[fr.alloc()] = k;
                } else if (prog.get(k) instanceof Op.FreePid fp) {
                    // Op k has begun once op > k.
                    takenHeld.put(fp.pid(), ctx.mkLe(op, i(k)));
                }
            }
            for (int a = 0; a < allocs; a++) {
                Expr<IntSort> r = v("cpu" + c + ".r" + (a + 1));
                h.add(new Holding(ctx.mkAnd(ctx.mkNot(ctx.mkEq(r, i(-1))), ctx.mkLe(op, i(freedAt[a]))), r));
            }
        }
        for (var e : takenHeld.entrySet()) {
            h.add(new Holding(e.getValue(), i(e.getKey())));
        }
        return h;
    }

    /** No two holdings hold the same pid. */
    private BoolExpr pidUnique() {
        List<Holding> h = holdings();
        List<BoolExpr> all = new ArrayList<>();
        all.add(ctx.mkTrue());
        for (int x = 0; x < h.size(); x++) {
            for (int y = x + 1; y < h.size(); y++) {
                all.add(ctx.mkNot(ctx.mkAnd(h.get(x).held(), h.get(y).held(), ctx.mkEq(h.get(x).pid(), h.get(y).pid()))));
            }
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** CPU c has returned from an alloc_pidmap: at RET, and the op it last began is an alloc. */
    private BoolExpr returnedFromAlloc(int c) {
        List<Op> prog = sc.cpus().get(c);
        List<BoolExpr> allocOps = new ArrayList<>();
        for (int k = 0; k < prog.size(); k++) {
            if (prog.get(k) instanceof Op.Alloc) {
                allocOps.add(ctx.mkEq(v("cpu" + c + ".op"), i(k + 1)));
            }
        }
        return ctx.mkAnd(pcIs(c, PidLabel.RET), ctx.mkOr(allocOps.toArray(BoolExpr[]::new)));
    }

    private BoolExpr pidInRange() {
        List<BoolExpr> all = new ArrayList<>();
        all.add(ctx.mkTrue());
        for (int c = 0; c < ncpu; c++) {
            Expr<IntSort> pid = v("cpu" + c + ".pid");
            BoolExpr ok = ctx.mkOr(ctx.mkEq(pid, i(-1)), ctx.mkAnd(ctx.mkLe(i(1), pid), ctx.mkLt(pid, i(sc.pidMax())),
                    ctx.mkImplies(ctx.mkEq(v("cpu" + c + ".wrapped"), i(1)), ctx.mkGe(pid, i(sc.reservedPids())))));
            all.add(ctx.mkImplies(returnedFromAlloc(c), ok));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    private BoolExpr failsOnlyWhenFull() {
        List<BoolExpr> all = new ArrayList<>();
        all.add(ctx.mkTrue());
        for (int c = 0; c < ncpu; c++) {
            String cpu = "cpu" + c;
            BoolExpr failed = ctx.mkAnd(returnedFromAlloc(c), ctx.mkEq(v(cpu + ".pid"), i(-1)),
                    ctx.mkEq(v(cpu + ".page_fault"), i(0)));
            BoolExpr someFree = ctx.mkOr(bits(cpu + ".free"));
            all.add(ctx.mkImplies(failed, ctx.mkNot(someFree)));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }
}
