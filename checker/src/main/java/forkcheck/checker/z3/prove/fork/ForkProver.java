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
import forkcheck.checker.z3.prove.StepProver;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Field;
import forkcheck.spec.Property;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides, with Z3, whether each step of the fork model preserves each invariant the scenario
 * checks over every state of its layout, reachable or not: {@code (Inv ∧ Aux)(s) ∧ Step(s, s') ⇒
 * I(s')} for every {@linkplain Row row} and invariant {@code I}, plus {@code Init ⇒ I} and
 * {@code deadlock-free}, {@code (Inv ∧ Aux)(s) ⇒} final or some action enabled; {@code Inv} is the
 * conjunction of the scenario's invariants, as {@code check} checks them. The step is
 * {@link SymbolicForkSpec}'s, restricted to the row, of any CPU, failing its allocation or not.
 *
 * <p>{@code Aux} is mined, not written: {@link Miner} reads candidates off the reachable states
 * (as much as {@link Mining} says), and {@link Houdini} keeps those every row preserves (assuming {@code Inv} and each other). Each
 * row then has an obligation {@link #MINED} for what is kept, so that with every row the whole
 * hypothesis is proved inductive, not assumed.
 *
 * <p>One solver: each invariant and candidate of the pre-state behind an indicator, each row's step
 * pushed while the row is asked about, each CPU's action of it behind an indicator of its own
 * ({@link RowStep}). Each target is decided assuming all of them; where Z3 gives up, an action at
 * a time, then an action and the task current on its CPU at a time ({@link RowStep#split}: Z3 decides
 * one CPU's step where it gives up on the disjunction of all); where it still gives up, assuming the
 * target alone (a proof from less is a proof, and a small formula is decided fast).
 *
 * <p>Where the search finds a target broken, a reachable counterexample is looked for first: a
 * reachable state where every invariant holds, whose step of the row breaks the target in the
 * Java spec. Such a state is a bug, not a missing auxiliary invariant; it is the outcome, and Z3,
 * asked once, must not prove the obligation. Where the search finds the target holds, no reachable
 * state is one, and a counterexample Z3 finds is a state no run reaches.
 */
public final class ForkProver implements StepProver {
    /** The target that stands for the mined auxiliary invariants still standing, all at once. */
    public static final String MINED = "mined";
    /**
     * How many candidates one Houdini query asks about: Z3 decides "none of these breaks" for a
     * few hundred at a time where it gives up on ten thousand at once.
     */
    private static final int CHUNK = 256;

    private final ForkSpec spec;
    private final Context ctx = new Context();
    private final SymbolicForkSpec sym;
    private final SymState pre;
    private final SymState post;
    private final Map<String, BoolExpr> before = new LinkedHashMap<>();
    private final Map<String, BoolExpr> after = new LinkedHashMap<>();
    private final List<BoolExpr> definitions = new ArrayList<>();
    private final Map<String, Property> properties = new LinkedHashMap<>();
    private final Evidence evidence;
    /** By CPU, an indicator for each value of its {@code rq.curr}: the cases {@link RowStep#split} asks last. */
    private final Map<Integer, List<BoolExpr>> current = new HashMap<>();
    private final Mining mining;

    /**
     * The one solver of {@link #prove}: every invariant and candidate of the pre-state behind its
     * indicator; a row's step is pushed while it is asked about, so that what Z3 learns of it is
     * freed with it.
     */
    private Solver solver;
    /** The last {@link #check}'s model. */
    private Model model;
    /**
     * Why Z3 last gave up in {@link #check}: kept past the queries after it, since a question
     * split into cases ({@link RowStep#split}) is unknown for one case it gave up on, whatever the
     * last case said.
     */
    private String reason;
    /** Each row's step, and the candidates whose values it was built with. */
    private final Map<Row, RowStep> built = new HashMap<>();
    private final Map<Row, Pruned> pruned = new HashMap<>();
    private final Map<Row, BitSet> pins = new HashMap<>();
    private Houdini houdini;
    /** How many row steps were built: the indicators of each build are its own. */
    private int builds;
    private Consumer<String> progress = line -> {};
    /** Where each Houdini drop is explained, if anywhere; and the explainer. */
    private Consumer<String> explain;
    private Drops drops;

    /** Mining {@link Mining#PAIRS}. */
    public ForkProver(ForkSpec spec) {
        this(spec, Mining.PAIRS);
    }

    public ForkProver(ForkSpec spec, Mining mining) {
        this(spec, mining, mining == Mining.NONE ? List.of() : null);
    }

    /** Assuming the spec's invariants alone: no candidates mined, none pruned; faster, and weaker. */
    public static ForkProver withoutMining(ForkSpec spec) {
        return new ForkProver(spec, Mining.NONE);
    }

    /** With {@code candidates} for Houdini to prune, rather than those mined from the reachable states. */
    ForkProver(ForkSpec spec, List<Mined> candidates) {
        this(spec, Mining.PAIRS, candidates);
    }

    private ForkProver(ForkSpec spec, Mining mining, List<Mined> candidates) {
        this.mining = mining;
        this.spec = spec;
        sym = new SymbolicForkSpec(ctx, spec);
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
        evidence = new Evidence(spec, ctx, sym, properties);
        for (int c = 0; c < spec.scenario().cpus(); c++) {
            current.put(c, currentIs(c));
        }
        definitions.addAll(b.definitions());
        definitions.addAll(a.definitions());
        if (candidates != null) {
            houdini = houdini(candidates);
        }
    }

    /** An indicator for each value CPU {@code cpu}'s {@code rq.curr} may take, defined to mean that it takes it. */
    private List<BoolExpr> currentIs(int cpu) {
        String name = "rq" + cpu + ".curr";
        Field curr = (Field) spec.layout().vars().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        List<BoolExpr> values = new ArrayList<>();
        for (int v = curr.min(); v <= curr.max(); v++) {
            BoolExpr is = ctx.mkBoolConst("current:" + name + "=" + v);
            definitions.add(ctx.mkImplies(is, ctx.mkEq(pre.field(name), ctx.mkInt(v))));
            values.add(is);
        }
        return values;
    }

    @Override
    public ForkSpec spec() {
        return spec;
    }

    /** The scenario's invariants, in the catalogue's order, then {@code deadlock-free}. */
    @Override
    public List<String> targets() {
        List<String> t = new ArrayList<>(before.keySet());
        t.add(Obligation.DEADLOCK_FREE);
        return t;
    }

    /** The mined candidates still standing: all of them before {@link #prove}, the inductive ones after. */
    @Override
    public List<AuxInvariant> auxiliary() {
        return houdini().auxiliary(spec.layout());
    }

    @Override
    public void progress(Consumer<String> sink) {
        progress = sink;
    }

    /** Explains each state Houdini drops candidates from to {@code sink} ({@link Drops}): for tuning the templates. */
    public void explainDrops(Consumer<String> sink) {
        explain = sink;
    }

    private Drops drops() {
        if (drops == null) {
            drops = new Drops(spec.layout(), evidence.reachable().states());
        }
        return drops;
    }

    /** The candidates still standing. */
    List<Mined> kept() {
        return houdini().kept();
    }

    /** {@code INIT}, every row, then {@code PROGRESS}. */
    @Override
    public List<String> steps() {
        List<String> s = new ArrayList<>(List.of(Obligation.INIT));
        Row.all().forEach(r -> s.add(r.name()));
        s.add(Obligation.PROGRESS);
        return s;
    }

    /**
     * Prunes the mined candidates over the rows of {@code steps} (Houdini), then decides each
     * target at each step assuming the invariants and what is left of them. With every row, what
     * is left is inductive, and {@code MINED} of each row says so. {@code deadlock-free} is the
     * target of {@code PROGRESS} only, and the only one.
     */
    @Override
    public List<Outcome> prove(List<String> steps, List<String> targets, int timeoutMs) {
        List<Row> rows = steps.stream().filter(s -> !s.equals(Obligation.INIT) && !s.equals(Obligation.PROGRESS))
                .map(Row::byName).toList();
        List<String> invariants = targets.stream().filter(before::containsKey).toList();
        solver = solver(timeoutMs);
        before.forEach((name, inv) -> solver.add(ctx.mkImplies(assumes(name), inv)));
        houdini().assumeOn(solver);
        prune(rows, timeoutMs);
        List<Outcome> out = new ArrayList<>();
        boolean mining = houdini().mined() > 0;
        for (String step : steps) {
            if (step.equals(Obligation.INIT)) {
                out.addAll(init(invariants, timeoutMs, mining));
                continue;
            }
            if (step.equals(Obligation.PROGRESS)) {
                if (targets.contains(Obligation.DEADLOCK_FREE)) {
                    progress.accept("deciding " + step);
                    out.add(deadlockFree());
                }
                continue;
            }
            Row row = Row.byName(step);
            Pruned p = pruned.get(row);
            progress.accept("deciding " + step);
            Obligation mined = new Obligation(step, MINED, true);
            if (p.vacuous()) {
                add(out, mining, new Outcome(mined, Outcome.Status.PROVED, p.seconds(), null, null, true));
                for (String target : invariants) {
                    out.add(new Outcome(new Obligation(step, target, false), Outcome.Status.PROVED, 0, null, null, true));
                }
            } else if (p.unbuilt() != null) {
                add(out, mining, new Outcome(mined, Outcome.Status.UNKNOWN, p.seconds(), null, p.unbuilt(), false));
                for (String target : invariants) {
                    out.add(withoutFormula(step, row, target, 0, p.unbuilt()));
                }
            } else {
                add(out, mining, new Outcome(mined, p.unknown() == null ? Outcome.Status.PROVED : Outcome.Status.UNKNOWN,
                        p.seconds(), null, p.unknown(), false));
                solver.push();
                try {
                    RowStep taking = step(row, timeoutMs, true);
                    taking.facts().forEach(solver::add);
                    out.addAll(decideAll(step, row, taking, invariants));
                } finally {
                    solver.pop();
                }
            }
        }
        return out;
    }

    /**
     * {@code deadlock-free}: every state where the hypothesis holds is final or has an enabled
     * action. A state Z3 finds that the search does not reach is replaced by a reachable deadlock
     * where there is one, as a row's CTI is; and where Z3 finds none, the search must have none
     * either.
     */
    private Outcome deadlockFree() {
        Obligation o = new Obligation(Obligation.PROGRESS, Obligation.DEADLOCK_FREE, false);
        long t0 = System.nanoTime();
        Status st = check(assumptions(), ctx.mkNot(sym.progress(pre)));
        Cti cti = null;
        if (st == Status.SATISFIABLE) {
            long[] s = pre.read(model);
            cti = evidence.deadlockCti(s, evidence.reachable().reaches(s));
        }
        long[] found = evidence.deadlock();
        if (found != null && st == Status.UNSATISFIABLE) {
            throw new IllegalStateException("Z3 finds no deadlock where the hypothesis holds, yet the search reaches one"
                    + " where it holds: the prover is wrong");
        }
        if (found != null && (cti == null || cti.reachable() != Boolean.TRUE)) {
            cti = evidence.deadlockCti(found, true);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return st == Status.UNSATISFIABLE ? new Outcome(o, Outcome.Status.PROVED, secs, null, null, false)
                : cti != null ? new Outcome(o, Outcome.Status.CTI, secs, cti, null, false)
                : new Outcome(o, Outcome.Status.UNKNOWN, secs, null, reason, false);
    }

    /** {@code MINED}'s outcome, if there is anything mined to speak of. */
    private static void add(List<Outcome> out, boolean mining, Outcome o) {
        if (mining) {
            out.add(o);
        }
    }

    /** Each target at {@code row}, whose step the solver holds. */
    private List<Outcome> decideAll(String step, Row row, RowStep taking, List<String> targets) {
        List<Outcome> out = new ArrayList<>();
        Boolean noStep = null;
        for (String target : targets) {
            Outcome o = decide(solver, step, row, taking, target);
            if (o.status() == Outcome.Status.PROVED) {
                // asked once a target is proved: whether any state where the hypothesis holds has this step at all
                if (noStep == null) {
                    noStep = solver.check(assumptions(taking.taken())) == Status.UNSATISFIABLE;
                    if (noStep) {
                        evidence.mustNotBeTaken(row, houdini());
                    }
                }
                o = new Outcome(o.obligation(), o.status(), o.seconds(), null, null, noStep);
            }
            out.add(o);
        }
        return out;
    }

    /**
     * What pruning found of a row: no state where the hypothesis holds has a step of it, or its
     * formula was not built (why), or its last query's answer (null if proved); and the time it took.
     */
    private record Pruned(boolean vacuous, String unbuilt, String unknown, double seconds) {}

    /**
     * Houdini over {@code rows}: each row's step, from any state where the invariants and the
     * standing candidates hold, drops every candidate its post-state breaks, until a whole round
     * over the rows drops none. A row no such state has a step of is passed over without building
     * its formula, and asked again each round, since dropping candidates weakens the hypothesis.
     */
    private void prune(List<Row> rows, int timeoutMs) {
        Houdini h = houdini();
        Map<Row, Double> spent = new HashMap<>();
        boolean dropped = true;
        for (int round = 1; dropped; round++) {
            dropped = false;
            progress.accept(String.format("pruning, round %d: %,d candidates standing", round, h.size()));
            for (Row row : rows) {
                long t0 = System.nanoTime();
                int size = h.size();
                Pruned p = pruneRow(h, row, timeoutMs);
                double secs = spent.merge(row, (System.nanoTime() - t0) / 1e9, Double::sum);
                pruned.put(row, new Pruned(p.vacuous(), p.unbuilt(), p.unknown(), secs));
                dropped |= h.size() < size;
                if (!p.vacuous()) {
                    progress.accept(String.format(Locale.ROOT, "  %s: %s%,d dropped, %,d standing (%.1fs)", row.name(),
                            p.unbuilt() != null ? "not built, " : p.unknown() != null ? "unknown, " : "",
                            size - h.size(), h.size(), (System.nanoTime() - t0) / 1e9));
                }
            }
        }
    }

    /** One row's queries of a round. */
    private Pruned pruneRow(Houdini h, Row row, int timeoutMs) {
        Pruned last = pruned.get(row);
        if (last != null && last.unbuilt() != null) {
            return last;
        }
        if (check(assumptions(), at(row)) == Status.UNSATISFIABLE) {
            evidence.mustNotBeTaken(row, houdini());
            return new Pruned(true, null, null, 0);
        }
        // A step built with candidates since dropped is over fewer states than the hypothesis now
        // allows: asked of the states where those candidates still hold (where it is the step), a
        // post-state it finds still drops what it breaks, but its "none" is not an answer.
        boolean fresh = false;
        while (true) {
            RowStep step;
            try {
                step = step(row, timeoutMs, fresh);
            } catch (Exec.TooLarge e) {
                return new Pruned(false, e.getMessage(), null, 0);
            }
            String unknown = null;
            solver.push();
            try {
                step.facts().forEach(solver::add);
                solver.add(h.holds(pins.get(row)));
                // past a chunk Z3 gives up on, the row is unknown whatever the others say
                for (int[] chunk : h.touched(step.writes(), CHUNK)) {
                    if (step.split(taking -> pruneChunk(h, row, taking, chunk)) == Status.UNKNOWN) {
                        unknown = reason;
                        break;
                    }
                }
            } finally {
                solver.pop();
            }
            if (h.stand(pins.get(row))) {
                return new Pruned(false, null, unknown, 0);
            }
            fresh = true;
        }
    }

    /**
     * Drops every candidate of {@code chunk} that a step {@code taking} (a case of the row's,
     * {@link RowStep#split}) breaks from a state of the hypothesis, a model at a time; Z3's last answer.
     */
    private Status pruneChunk(Houdini h, Row row, BoolExpr[] taking, int[] chunk) {
        Status st;
        while ((st = check(assumptions(taking), h.broken(chunk))) == Status.SATISFIABLE) {
            if (explain != null) {
                explain.accept(drops().explain(row.name(), pre.read(model), post.read(model), h.kept()));
            }
            if (h.drop(model) == 0) {
                throw new IllegalStateException("Houdini: a model of " + row.name() + " breaks no standing candidate");
            }
        }
        return st;
    }

    /** Whether some state of {@code assumptions} satisfies {@code formulas}: {@link #model} if so, {@link #reason} if Z3 gives up. */
    private Status check(BoolExpr[] assumptions, BoolExpr... formulas) {
        solver.push();
        try {
            solver.add(formulas);
            Status st = solver.check(assumptions);
            model = st == Status.SATISFIABLE ? solver.getModel() : null;
            if (st == Status.UNKNOWN) {
                reason = solver.getReasonUnknown();
            }
            return st;
        } finally {
            solver.pop();
        }
    }

    /** Some CPU could take a step of {@code row}: a task is at its label, or a CPU at its pid label. */
    private BoolExpr at(Row row) {
        List<BoolExpr> any = new ArrayList<>();
        if (row instanceof Row.Fork f) {
            for (int t = 0; t < spec.scenario().slots(); t++) {
                any.add(ctx.mkEq(pre.field("task" + t + ".pc"), ctx.mkInt(f.label().ordinal())));
            }
        } else if (row instanceof Row.Pid p) {
            for (int c = 0; c < spec.scenario().cpus(); c++) {
                any.add(ctx.mkEq(pre.field("cpu" + c + ".pc"), ctx.mkInt(p.label().ordinal())));
            }
        } else {
            return ctx.mkTrue();
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    /**
     * The step of {@code row}, built the first time it is asked for. It is built over the
     * pre-state with every column a standing candidate fixes replaced by its value (under the
     * hypothesis, the same step, with fewer cases); once one of those is dropped, it is built
     * again when {@code fresh} asks for it.
     */
    private RowStep step(Row row, int timeoutMs, boolean fresh) {
        RowStep step = built.get(row);
        Houdini h = houdini();
        if (step == null || (fresh && !h.stand(pins.get(row)))) {
            BitSet fixed = h.pins();
            step = stepFrom(h.pinned(pre, fixed), row, timeoutMs / 1000.0);
            built.put(row, step);
            pins.put(row, fixed);
        }
        return step;
    }

    private List<Outcome> init(List<String> targets, int timeoutMs, boolean mining) {
        Solver solver = solver(timeoutMs);
        long[] s0 = spec.layout().newState();
        spec.init(s0);
        solver.add(pre.is(s0));
        long t0 = System.nanoTime();
        Status st = solver.check(ctx.mkNot(houdini().holds()));
        List<Outcome> out = new ArrayList<>();
        add(out, mining, new Outcome(new Obligation(Obligation.INIT, MINED, true),
                st == Status.UNSATISFIABLE ? Outcome.Status.PROVED : Outcome.Status.UNKNOWN,
                (System.nanoTime() - t0) / 1e9, null,
                st == Status.UNSATISFIABLE ? null : "a mined candidate is false in the initial state", false));
        for (String target : targets) {
            out.add(decide(solver, Obligation.INIT, null, null, target));
        }
        return out;
    }

    private Houdini houdini() {
        if (houdini == null) {
            houdini = houdini(Miner.mine(spec.layout(), evidence.reachable().states(), mining == Mining.PAIRS));
        }
        return houdini;
    }

    /** Houdini over {@code candidates}, less those the initial state breaks. */
    private Houdini houdini(List<Mined> candidates) {
        Houdini h = new Houdini(ctx, candidates, pre, post);
        long[] s0 = spec.layout().newState();
        spec.init(s0);
        h.dropFalse(s0);
        return h;
    }

    /** The obligation of a row whose formula was not built: a reachable CTI if the Java has one, else unknown. */
    private Outcome withoutFormula(String step, Row row, String target, double secs, String why) {
        Obligation o = new Obligation(step, target, false);
        Cti found = evidence.cti(row, target);
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

    /** Any CPU's step of {@code row}, failing or not: which action is a free constant; and the columns it may write. */
    private RowStep stepFrom(SymState from, Row row, double seconds) {
        List<BoolExpr> each = new ArrayList<>();
        Set<String> writes = new HashSet<>();
        for (int a = 0; a < spec.actionCount(); a++) {
            SymbolicForkSpec.Step step = sym.stepOf(from, post, a, row, seconds);
            each.add(step.relation().isFalse() ? null : ctx.mkAnd(ctx.mkEq(action(), ctx.mkInt(a)), step.relation()));
            writes.addAll(step.writes());
        }
        return RowStep.of(ctx, row.name(), builds++, each, Set.copyOf(writes), current);
    }

    private BoolExpr assumes(String invariant) {
        return ctx.mkBoolConst("assumes:" + invariant);
    }

    private Outcome decide(Solver solver, String step, Row row, RowStep taking, String target) {
        Obligation o = new Obligation(step, target, false);
        BoolExpr violated = ctx.mkBoolConst("violates:" + target);
        BoolExpr goal = row == null ? before.get(target) : after.get(target);
        solver.push();
        try {
            solver.add(ctx.mkImplies(violated, ctx.mkNot(goal)));
            long t0 = System.nanoTime();
            // where the search breaks the target at all, a step of the row that does from a reachable state: a bug
            Cti found = row == null || evidence.reachable().holds(target) ? null : evidence.cti(row, target);
            Status st = row == null ? solver.check(violated)
                    : found != null ? check(assumptions(violated, taking.taken()))
                    : taking.split(c -> check(assumptions(with(c, violated))));
            if (found != null && st == Status.UNSATISFIABLE && houdini().holdsOn(found.before())) {
                throw new IllegalStateException("Z3 proves " + target + " at " + step + ", yet the search takes a step of it"
                        + " that breaks it from a state where the hypothesis holds: the prover is wrong");
            }
            Cti cti = found != null ? found : st != Status.SATISFIABLE ? null
                    : cti(row == null ? solver.getModel() : model, step, row, target);
            if (st == Status.UNKNOWN && row != null && found == null
                    && solver.check(violated, assumes(target), taking.taken()) == Status.UNSATISFIABLE) {
                st = Status.UNSATISFIABLE;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (st == Status.UNSATISFIABLE) {
                return new Outcome(o, Outcome.Status.PROVED, secs, null, null, false);
            }
            if (cti != null) {
                return new Outcome(o, Outcome.Status.CTI, secs, cti, null, false);
            }
            return new Outcome(o, Outcome.Status.UNKNOWN, secs, null, row == null ? solver.getReasonUnknown() : reason, false);
        } finally {
            solver.pop();
        }
    }

    private static BoolExpr[] with(BoolExpr[] some, BoolExpr one) {
        BoolExpr[] all = Arrays.copyOf(some, some.length + 1);
        all[some.length] = one;
        return all;
    }

    /** {@code also} (a step's indicator, a negated target's), every invariant's indicator and every standing candidate's: the whole hypothesis. */
    private BoolExpr[] assumptions(BoolExpr... also) {
        List<BoolExpr> all = new ArrayList<>(List.of(also));
        before.keySet().forEach(name -> all.add(assumes(name)));
        all.addAll(houdini().standing());
        return all.toArray(BoolExpr[]::new);
    }

    private Cti cti(Model m, String step, Row row, String target) {
        long[] s = pre.read(m);
        long[] t = row == null ? s : post.read(m);
        Expr<IntSort> a = m.eval(action(), false);
        int action = a instanceof IntNum n ? n.getInt() : -1;
        Boolean isReachable = row == null ? Boolean.TRUE : evidence.reachable().reaches(s);
        return new Cti(s, t, action >> 1, step, (action & 1) != 0, evidence.relevant(target, s, t), isReachable);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
