package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.z3.fork.ForkEncoding;
import forkcheck.checker.z3.prove.AuxInvariant;
import forkcheck.checker.z3.prove.Cti;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.checker.z3.prove.Obligation;
import forkcheck.checker.z3.prove.Outcome;
import forkcheck.checker.z3.prove.ReachableStates;
import forkcheck.checker.z3.prove.StepProver;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, with Z3, whether each step of the fork model preserves each invariant the scenario
 * checks over every state of its layout, reachable or not: {@code Inv(s) ∧ Step(s, s') ⇒ I(s')}
 * for every {@linkplain Row row} and invariant {@code I}, plus {@code Init ⇒ I}; {@code Inv} is
 * the conjunction of the scenario's invariants, as {@code check} checks them. The step is
 * {@link SymbolicForkSpec}'s, restricted to the row, of any CPU, failing its allocation or not.
 *
 * <p>One solver per row: the step is asserted once, each invariant of the pre-state behind an
 * indicator, and each target is decided first assuming the target alone (a proof from less is a
 * proof, and a small formula is decided fast), then, if that fails, assuming every invariant.
 *
 * <p>A counterexample to induction that the explicit search does not reach is replaced by a
 * reachable one where there is one: a reachable state where every invariant holds, whose step of
 * the row breaks the target in the Java spec. Such a state is a bug, not a missing auxiliary
 * invariant.
 */
public final class ForkProver implements StepProver {
    private final ForkSpec spec;
    private final Context ctx = new Context();
    private final SymbolicForkSpec sym;
    private final SymState pre;
    private final SymState post;
    private final Map<String, BoolExpr> before = new LinkedHashMap<>();
    private final Map<String, BoolExpr> after = new LinkedHashMap<>();
    private final List<BoolExpr> definitions = new ArrayList<>();
    private final Map<String, Property> properties = new LinkedHashMap<>();
    private final RowOf rowOf;
    private ReachableStates reachable;
    /** The reachable states where every invariant holds: where a reachable CTI can start. */
    private List<long[]> holding;

    public ForkProver(ForkSpec spec) {
        this.spec = spec;
        sym = new SymbolicForkSpec(ctx, spec);
        rowOf = new RowOf(spec);
        pre = sym.state("");
        post = sym.state("'");
        ForkEncoding b = new ForkEncoding(ctx, spec, pre, "");
        ForkEncoding a = new ForkEncoding(ctx, spec, post, "'");
        for (Property p : spec.properties()) {
            if (p.kind() == Property.Kind.ALWAYS) {
                properties.put(p.name(), p);
                before.put(p.name(), b.invariants().get(p.name()));
                after.put(p.name(), a.invariants().get(p.name()));
            }
        }
        definitions.addAll(b.definitions());
        definitions.addAll(a.definitions());
    }

    @Override
    public ForkSpec spec() {
        return spec;
    }

    /** The scenario's invariants, in the catalogue's order. */
    @Override
    public List<String> targets() {
        return List.copyOf(before.keySet());
    }

    /** None yet: the fork model's obligations assume the spec's invariants only. */
    @Override
    public List<AuxInvariant> auxiliary() {
        return List.of();
    }

    /** {@code INIT}, then every row. */
    @Override
    public List<String> steps() {
        List<String> s = new ArrayList<>(List.of(Obligation.INIT));
        Row.all().forEach(r -> s.add(r.name()));
        return s;
    }

    @Override
    public List<Outcome> prove(List<String> steps, List<String> targets, int timeoutMs) {
        List<Outcome> out = new ArrayList<>();
        for (String step : steps) {
            Solver solver = solver(timeoutMs);
            Row row = null;
            if (step.equals(Obligation.INIT)) {
                long[] s0 = spec.layout().newState();
                spec.init(s0);
                solver.add(pre.is(s0));
            } else {
                row = Row.byName(step);
                long t0 = System.nanoTime();
                try {
                    solver.add(stepFrom(row, timeoutMs / 1000.0));
                } catch (Exec.TooLarge e) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    for (String target : targets) {
                        out.add(withoutFormula(step, row, target, secs, e.getMessage()));
                    }
                    continue;
                }
                before.forEach((name, inv) -> solver.add(ctx.mkImplies(assumes(name), inv)));
            }
            Boolean noStep = row == null ? Boolean.FALSE : null;
            for (String target : targets) {
                Outcome o = decide(solver, step, row, target);
                if (o.status() == Outcome.Status.PROVED) {
                    // asked once a target is proved: whether any state where the invariants hold has this step at all
                    noStep = noStep != null ? noStep : solver.check(assumptions()) == Status.UNSATISFIABLE;
                    o = new Outcome(o.obligation(), o.status(), o.seconds(), null, null, noStep);
                }
                out.add(o);
            }
        }
        return out;
    }

    /** The obligation of a row whose formula was not built: a reachable CTI if the Java has one, else unknown. */
    private Outcome withoutFormula(String step, Row row, String target, double secs, String why) {
        Obligation o = new Obligation(step, target, false);
        Cti found = reachableCti(row, target);
        return found != null ? new Outcome(o, Outcome.Status.CTI, secs, found, null, false)
                : new Outcome(o, Outcome.Status.UNKNOWN, secs, null, why, false);
    }

    private Solver solver(int timeoutMs) {
        Solver solver = ctx.mkSolver();
        Params p = ctx.mkParams();
        p.add("timeout", timeoutMs);
        solver.setParameters(p);
        solver.add(pre.domain());
        definitions.forEach(solver::add);
        return solver;
    }

    private Expr<IntSort> action() {
        return ctx.mkIntConst("action");
    }

    /** Any CPU's step of {@code row}, failing or not: which action is a free constant. */
    private BoolExpr stepFrom(Row row, double seconds) {
        List<BoolExpr> any = new ArrayList<>();
        for (int a = 0; a < spec.actionCount(); a++) {
            any.add(ctx.mkAnd(ctx.mkEq(action(), ctx.mkInt(a)), sym.step(pre, post, a, row, seconds)));
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    private BoolExpr assumes(String invariant) {
        return ctx.mkBoolConst("assumes:" + invariant);
    }

    private Outcome decide(Solver solver, String step, Row row, String target) {
        Obligation o = new Obligation(step, target, false);
        BoolExpr violated = ctx.mkBoolConst("violates:" + target);
        BoolExpr goal = row == null ? before.get(target) : after.get(target);
        solver.push();
        try {
            solver.add(ctx.mkImplies(violated, ctx.mkNot(goal)));
            long t0 = System.nanoTime();
            Status st = row == null ? solver.check(violated) : solver.check(violated, assumes(target));
            BoolExpr[] everything = everything(violated);
            if (st != Status.UNSATISFIABLE && row != null) {
                st = solver.check(everything);
            }
            Cti cti = null;
            if (st == Status.SATISFIABLE) {
                cti = cti(solver.getModel(), step, row, target);
            }
            if (st != Status.UNSATISFIABLE && row != null && (cti == null || cti.reachable() != Boolean.TRUE)) {
                Cti found = reachableCti(row, target);
                cti = found != null ? found : cti;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (st == Status.UNSATISFIABLE) {
                return new Outcome(o, Outcome.Status.PROVED, secs, null, null, false);
            }
            if (cti != null) {
                return new Outcome(o, Outcome.Status.CTI, secs, cti, null, false);
            }
            return new Outcome(o, Outcome.Status.UNKNOWN, secs, null, solver.getReasonUnknown(), false);
        } finally {
            solver.pop();
        }
    }

    /** Every invariant's indicator: the whole hypothesis. */
    private BoolExpr[] assumptions() {
        return before.keySet().stream().map(this::assumes).toArray(BoolExpr[]::new);
    }

    /** The negated target's indicator and every invariant's. */
    private BoolExpr[] everything(BoolExpr violated) {
        List<BoolExpr> all = new ArrayList<>(List.of(violated));
        all.addAll(List.of(assumptions()));
        return all.toArray(BoolExpr[]::new);
    }

    private Cti cti(Model m, String step, Row row, String target) {
        long[] s = pre.read(m);
        long[] t = row == null ? s : post.read(m);
        Expr<IntSort> a = m.eval(action(), false);
        int action = a instanceof IntNum n ? n.getInt() : -1;
        Boolean isReachable = row == null || reachable().contains(s) ? Boolean.TRUE
                : reachable().complete() ? Boolean.FALSE : null;
        return new Cti(s, t, action >> 1, step, (action & 1) != 0, relevant(target, s, t), isReachable);
    }

    private List<long[]> holding() {
        if (holding == null) {
            holding = reachable().states().stream()
                    .filter(s -> properties.values().stream().allMatch(p -> p.predicate().test(s))).toList();
        }
        return holding;
    }

    private ReachableStates reachable() {
        if (reachable == null) {
            reachable = new ReachableStates(spec);
        }
        return reachable;
    }

    /**
     * A reachable state where every invariant holds, whose Java step of {@code row} breaks
     * {@code target}: a bug, whatever Z3 said. The symbolic step, run on it, must reach the same
     * state; if it does not, it disagrees with the Java there, and that is a bug of the prover.
     */
    private Cti reachableCti(Row row, String target) {
        Property broken = properties.get(target);
        for (long[] s : holding()) {
            for (int a = 0; a < spec.actionCount(); a++) {
                if (!spec.enabled(s, a) || !row.equals(rowOf.of(s, a))) {
                    continue;
                }
                long[] t = spec.layout().newState();
                spec.step(s, a, t);
                if (broken.predicate().test(t)) {
                    continue;
                }
                if (!sym.reaches(SymState.of(ctx, spec.layout(), s), a, row, t)) {
                    throw new IllegalStateException("the symbolic fork spec does not take the Java's step " + row.name()
                            + " of action " + a + " from a reachable state, which breaks " + target);
                }
                return new Cti(s, t, a >> 1, row.name(), (a & 1) != 0, relevant(target, s, t), true);
            }
        }
        return null;
    }

    /** The variables the target reads (by the families its property declares) and those the step changed. */
    private List<String> relevant(String target, long[] s, long[] t) {
        Set<String> families = new HashSet<>(properties.get(target).reads());
        List<String> out = new ArrayList<>();
        for (Var v : spec.layout().vars()) {
            if (families.contains(family(v.name())) || !v.show(s).equals(v.show(t))) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** {@code task3.pid} is of {@code task.pid}, {@code pidmap_array[0].bits} of {@code pidmap_array[].bits}. */
    private static String family(String name) {
        return name.replaceAll("\\d+", "").replace("root_user.", "user.");
    }

    @Override
    public void close() {
        ctx.close();
    }
}
