package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.z3.InvariantEncoding;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides, with Z3, whether each step preserves each invariant over every state of the
 * scenario's layout, reachable or not: {@code (Inv ∧ Aux)(s) ∧ Step(s, s') ⇒ I(s')} for every
 * label and every invariant {@code I}, the spec's and the auxiliary ones, plus {@code Init ⇒ I};
 * and that from such a state no enabled step throws ({@code stays-in-model}) and some step can
 * be taken unless every CPU has finished ({@code deadlock-free}, row {@code PROGRESS}). When every
 * obligation is proved, the conjunction is an inductive invariant, and so each of the spec's
 * invariants holds in every reachable state.
 *
 * <p>One solver per label: the hypothesis and the step are asserted once, and each target is one
 * check assuming an indicator of its negation.
 */
public final class Prover implements StepProver {
    private final PidSpec spec;
    private final Context ctx = new Context();
    private final SymbolicPidSpec sym;
    private final SymState pre;
    private final SymState post;
    /** Every invariant by name, over the pre-state and over the post-state; the spec's first. */
    private final Map<String, BoolExpr> before = new LinkedHashMap<>();
    private final Map<String, BoolExpr> after = new LinkedHashMap<>();
    private final Set<String> auxiliary = new HashSet<>();
    private final List<AuxInvariant> aux;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private ReachableStates reachable;

    public Prover(PidSpec spec) {
        this(spec, name -> true);
    }

    /** With only the auxiliary invariants {@code keepAux} accepts: a test's deliberately weak set. */
    Prover(PidSpec spec, Predicate<String> keepAux) {
        this.spec = spec;
        sym = new SymbolicPidSpec(ctx, spec);
        pre = sym.state("");
        post = sym.state("'");
        before.putAll(new InvariantEncoding(ctx, spec, pre).invariants());
        after.putAll(new InvariantEncoding(ctx, spec, post).invariants());
        aux = AuxInvariants.of(ctx, spec, pre).stream().filter(a -> keepAux.test(a.name())).toList();
        for (AuxInvariant a : aux) {
            before.put(a.name(), a.formula());
            auxiliary.add(a.name());
        }
        for (AuxInvariant a : AuxInvariants.of(ctx, spec, post)) {
            if (keepAux.test(a.name())) {
                after.put(a.name(), a.formula());
            }
        }
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                fields.put(f.name(), f);
            }
        }
    }

    @Override
    public PidSpec spec() {
        return spec;
    }

    /** {@code deadlock-free}, {@code stays-in-model}, the invariants, then the auxiliary ones, by name. */
    @Override
    public List<String> targets() {
        List<String> t = new ArrayList<>(List.of(Obligation.DEADLOCK_FREE, Obligation.STAYS_IN_MODEL));
        t.addAll(before.keySet());
        return t;
    }

    @Override
    public List<AuxInvariant> auxiliary() {
        return aux;
    }

    /** {@code INIT}, {@code BEGIN}, every label a CPU can be at within a call, then {@code PROGRESS}. */
    @Override
    public List<String> steps() {
        List<String> s = new ArrayList<>(List.of(Obligation.INIT, Obligation.BEGIN));
        for (PidLabel l : PidLabel.values()) {
            if (!SymCpu.betweenCalls(l)) {
                s.add(l.name());
            }
        }
        s.add(Obligation.PROGRESS);
        return s;
    }

    /**
     * Every obligation of {@code steps} × {@code targets}, decided; {@code timeoutMs} per
     * obligation. {@code deadlock-free} is the target of {@code PROGRESS} only, and the only one;
     * {@code stays-in-model} is a target of the steps from a label.
     */
    @Override
    public List<Outcome> prove(List<String> steps, List<String> targets, int timeoutMs) {
        List<Outcome> out = new ArrayList<>();
        for (String step : steps) {
            boolean init = step.equals(Obligation.INIT);
            if (step.equals(Obligation.PROGRESS)) {
                if (targets.contains(Obligation.DEADLOCK_FREE)) {
                    out.add(decide(hypothesis(timeoutMs), step, Obligation.DEADLOCK_FREE, false));
                }
                continue;
            }
            if (!init && targets.contains(Obligation.STAYS_IN_MODEL)) {
                out.add(decide(hypothesis(timeoutMs), step, Obligation.STAYS_IN_MODEL, false));
            }
            List<String> mine = targets.stream().filter(before::containsKey).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Solver solver;
            if (init) {
                solver = solver(timeoutMs);
                long[] s0 = spec.layout().newState();
                spec.init(s0);
                solver.add(pre.is(s0));
            } else {
                solver = hypothesis(timeoutMs);
                solver.add(stepFrom(step));
            }
            boolean noStep = solver.check() == Status.UNSATISFIABLE;
            for (String target : mine) {
                out.add(decide(solver, step, target, noStep));
            }
        }
        return out;
    }

    private Solver solver(int timeoutMs) {
        Solver solver = ctx.mkSolver();
        Params p = ctx.mkParams();
        p.add("timeout", timeoutMs);
        solver.setParameters(p);
        solver.add(pre.domain());
        return solver;
    }

    /** A solver that assumes {@code Inv ∧ Aux} of the pre-state. */
    private Solver hypothesis(int timeoutMs) {
        Solver solver = solver(timeoutMs);
        before.values().forEach(solver::add);
        return solver;
    }

    private Expr<IntSort> mover() {
        return ctx.mkIntConst("moving_cpu");
    }

    private BoolExpr fail() {
        return ctx.mkBoolConst("failing");
    }

    /** Any CPU's step from {@code step}; which CPU, and whether its allocation fails, are free constants. */
    private BoolExpr stepFrom(String step) {
        List<BoolExpr> any = new ArrayList<>();
        for (int c = 0; c < sym.cpus(); c++) {
            for (PidLabel l : labelsOf(step)) {
                any.add(ctx.mkAnd(ctx.mkEq(mover(), ctx.mkInt(c)), sym.step(pre, post, c, l, fail())));
            }
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    /** What must hold: of the pre-state for INIT, PROGRESS and stays-in-model, of the post-state for a step. */
    private BoolExpr goal(String step, String target) {
        if (target.equals(Obligation.STAYS_IN_MODEL)) {
            return ctx.mkNot(leavesModel(step));
        }
        return switch (step) {
            case Obligation.INIT -> before.get(target);
            case Obligation.PROGRESS -> ctx.mkOr(sym.isFinal(pre), someStepEnabled());
            default -> after.get(target);
        };
    }

    private static List<PidLabel> labelsOf(String step) {
        return step.equals(Obligation.BEGIN) ? List.of(PidLabel.IDLE, PidLabel.RET) : List.of(PidLabel.valueOf(step));
    }

    /** Some CPU at a label of {@code step} may take an action on which the Java step throws. */
    private BoolExpr leavesModel(String step) {
        List<BoolExpr> any = new ArrayList<>();
        for (int c = 0; c < sym.cpus(); c++) {
            for (PidLabel l : labelsOf(step)) {
                any.add(ctx.mkAnd(ctx.mkEq(mover(), ctx.mkInt(c)), sym.leavesModel(pre, c, l, fail())));
            }
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    private BoolExpr someStepEnabled() {
        List<BoolExpr> any = new ArrayList<>();
        for (int c = 0; c < sym.cpus(); c++) {
            for (PidLabel l : PidLabel.values()) {
                any.add(sym.canStep(pre, c, l, ctx.mkFalse()));
                any.add(sym.canStep(pre, c, l, ctx.mkTrue()));
            }
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    private Outcome decide(Solver solver, String step, String target, boolean noStep) {
        Obligation o = new Obligation(step, target, auxiliary.contains(target));
        BoolExpr violated = ctx.mkBoolConst("violates:" + target);
        solver.push();
        try {
            solver.add(ctx.mkImplies(violated, ctx.mkNot(goal(step, target))));
            long t0 = System.nanoTime();
            Status st = solver.check(violated);
            double secs = (System.nanoTime() - t0) / 1e9;
            return switch (st) {
                case UNSATISFIABLE -> new Outcome(o, Outcome.Status.PROVED, secs, null, null, noStep);
                case UNKNOWN -> new Outcome(o, Outcome.Status.UNKNOWN, secs, null, solver.getReasonUnknown(), false);
                case SATISFIABLE -> new Outcome(o, Outcome.Status.CTI, secs, cti(solver, violated, step, target), null, false);
            };
        } finally {
            solver.pop();
        }
    }

    /**
     * The counterexample, preferring a reachable one: the explicit search is run once, and if Z3's
     * state is not among its states, each reachable state from which the step can be taken is
     * tried in its place.
     */
    private Cti cti(Solver solver, BoolExpr violated, String step, String target) {
        Cti z3 = read(solver.getModel(), step, target, null);
        if (step.equals(Obligation.INIT)) {
            return new Cti(z3.before(), z3.before(), -1, step, false, z3.relevant(), true);
        }
        if (reachable == null) {
            reachable = new ReachableStates(spec);
        }
        if (reachable.contains(z3.before())) {
            return withReachable(z3, true);
        }
        if (reachable.holds(target)) {
            return withReachable(z3, false);
        }
        for (long[] s : reachable.states()) {
            if (!step.equals(Obligation.PROGRESS) && !canStepFrom(s, step)) {
                continue;
            }
            solver.push();
            try {
                solver.add(pre.is(s));
                if (solver.check(violated) == Status.SATISFIABLE) {
                    return read(solver.getModel(), step, target, true);
                }
            } finally {
                solver.pop();
            }
        }
        return withReachable(z3, reachable.complete() ? false : null);
    }

    private static Cti withReachable(Cti c, Boolean r) {
        return new Cti(c.before(), c.after(), c.cpu(), c.label(), c.fail(), c.relevant(), r);
    }

    private boolean canStepFrom(long[] s, String step) {
        for (int c = 0; c < sym.cpus(); c++) {
            PidLabel l = PidLabel.of(fields.get("cpu" + c + ".pc").get(s));
            if (step.equals(Obligation.BEGIN) ? SymCpu.betweenCalls(l) : l.name().equals(step)) {
                return true;
            }
        }
        return false;
    }

    private Cti read(Model m, String step, String target, Boolean reachable) {
        long[] s = pre.read(m);
        // These are about one state; their post-state constants are free.
        boolean oneState = step.equals(Obligation.INIT) || step.equals(Obligation.PROGRESS)
                || target.equals(Obligation.STAYS_IN_MODEL);
        long[] t = oneState ? s : post.read(m);
        Expr<IntSort> c = m.eval(mover(), false);
        int cpu = c instanceof IntNum n ? n.getInt() : -1;
        String label = step.equals(Obligation.BEGIN) && cpu >= 0
                ? PidLabel.of(fields.get("cpu" + cpu + ".pc").get(s)).name() : step;
        boolean fail = m.eval(fail(), true).isTrue();
        return new Cti(s, t, cpu, label, fail, relevant(target, s, t), reachable);
    }

    /**
     * The variables the target reads, and those the step changed, in layout order; for a
     * deadlock, what decides who may move: the CPUs' pcs and ops and the lock.
     */
    private List<String> relevant(String target, long[] s, long[] t) {
        Set<String> read = new HashSet<>();
        if (target.equals(Obligation.STAYS_IN_MODEL)) {
            return spec.layout().vars().stream().map(Var::name).toList();
        }
        if (target.equals(Obligation.DEADLOCK_FREE)) {
            for (Var v : spec.layout().vars()) {
                if (v.name().endsWith(".pc") || v.name().endsWith(".op") || v.name().equals(SymPidmap.LOCK_OWNER)) {
                    read.add(v.name());
                }
            }
        } else {
            Consts.names(before.get(target), read);
        }
        List<String> out = new ArrayList<>();
        for (Var v : spec.layout().vars()) {
            if (read.contains(v.name()) || !v.show(s).equals(v.show(t))) {
                out.add(v.name());
            }
        }
        return out;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
