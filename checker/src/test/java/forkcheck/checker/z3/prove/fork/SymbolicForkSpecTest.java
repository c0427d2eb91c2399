package forkcheck.checker.z3.prove.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.Models;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The symbolic fork spec against the Java, on states of every fork scenario the explicit search
 * reaches: run on a state pinned to numerals, each action takes the Java's one path, so it must be
 * defined exactly where the Java is enabled and does not throw, and leave every variable as the
 * Java step does. A failure lists, per step (its label as {@code describe} names it), how many
 * actions disagreed and the first disagreement.
 */
class SymbolicForkSpecTest {
    /** Per scenario, at most this many states, spread over the whole search. */
    private static final int SAMPLE = Integer.getInteger("forkcheck.symbolicFork.sample", 400);

    /** Every fork scenario with the spec as the kernel has it, then each seeded mutant on its scenario. */
    static Stream<Arguments> configurations() {
        String only = System.getProperty("forkcheck.symbolicFork.scenario");
        // boot's 32,768-bit pidmap would make every state 65,536 terms: the certifier refuses it too
        Stream<Arguments> kernel = Scenarios.builtins().stream().filter(n -> n.startsWith("fork-"))
                .map(n -> Arguments.of(n, ForkMutant.NONE.id()));
        Stream<Arguments> mutants = ForkMutant.seeded().stream().map(m -> Arguments.of(m.mutation().scenario(), m.id()));
        return Stream.concat(kernel, mutants).filter(a -> only == null || only.equals(a.get()[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void everyReachableStepIsTheJavaStep(String scenario, String mutant) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, mutant);
        List<long[]> states = sample(spec);
        Map<String, List<String>> failures = new TreeMap<>();
        int[] checked = new int[2];
        try (Context ctx = new Context()) {
            SymbolicForkSpec sym = new SymbolicForkSpec(ctx, spec);
            for (long[] s : states) {
                SymState pre = SymState.of(ctx, spec.layout(), s);
                for (int a = 0; a < spec.actionCount(); a++) {
                    String why = compare(spec, sym, pre, s, a, checked);
                    if (why != null) {
                        String row = row(spec, s, a);
                        failures.computeIfAbsent(row, r -> new ArrayList<>()).add(why);
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        failures.forEach((row, whys) -> b.append("\n").append(row).append(": ").append(whys.size())
                .append(" actions disagree; first:\n").append(whys.get(0)));
        assertTrue(failures.isEmpty(), scenario + " " + mutant + ": " + checked[0] + " actions compared, " + checked[1]
                + " with a successor" + b);
        assertTrue(checked[1] > 0, scenario + ": no action had a successor");
    }

    /** Rows whose steps run local chains, where the relation names its intermediate terms. */
    private static final List<String> SOLVED_ROWS = List.of("SCHEDULE", "LAST_PID_WRITE", "EXIT_FS", "COPY_PROCESS_19",
            "COPY_PROCESS_26", "RELEASE_TASK_LOCK");

    /**
     * The relation as the prover asserts it, over a symbolic pre-state, then pinned to reachable
     * states by the solver: each row's step admits exactly the Java successor. This is what the
     * numeral runs above cannot see: the names the relation gives its terms must constrain nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("solvedRows")
    void theSolvedRelationAdmitsExactlyTheJavaSuccessor(String row) {
        ForkSpec spec = (ForkSpec) Models.load("fork-exit", "none");
        List<long[]> states = sample(spec);
        int[] checked = new int[1];
        try (Context ctx = new Context()) {
            SymbolicForkSpec sym = new SymbolicForkSpec(ctx, spec);
            SymState pre = sym.state("");
            SymState post = sym.state("'");
            Solver solver = ctx.mkSolver();
            BoolExpr[] action = new BoolExpr[spec.actionCount()];
            for (int a = 0; a < action.length; a++) {
                action[a] = ctx.mkBoolConst("action" + a);
                solver.add(ctx.mkImplies(action[a], sym.step(pre, post, a, Row.byName(row), 0)));
            }
            for (long[] s : states) {
                for (int a = 0; a < action.length; a++) {
                    long[] next = javaStep(spec, s, a);
                    if (next == null || !Row.of(spec, s, a).name().equals(row)) {
                        continue;
                    }
                    checked[0]++;
                    solver.push();
                    solver.add(pre.is(s));
                    assertEquals(Status.SATISFIABLE, solver.check(action[a], post.is(next)), row + ": the Java successor");
                    solver.add(ctx.mkNot(post.is(next)));
                    assertEquals(Status.UNSATISFIABLE, solver.check(action[a]), row + ": another successor");
                    solver.pop();
                }
            }
        }
        assertTrue(checked[0] > 0, row + ": no sampled state takes this step");
    }

    static Stream<String> solvedRows() {
        return SOLVED_ROWS.stream();
    }

    private static List<long[]> sample(ForkSpec spec) {
        List<long[]> all = new ArrayList<>();
        Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true).withMaxStates(200_000)
                .withObserver((s, fp) -> all.add(s.clone()), 1));
        int every = Math.max(1, all.size() / SAMPLE);
        List<long[]> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i += every) {
            some.add(all.get(i));
        }
        return some;
    }

    private static String row(ForkSpec spec, long[] s, int a) {
        try {
            var d = spec.describe(s, a);
            return "cpu" + (a >> 1) + ((a & 1) != 0 ? " failing " : " ") + d.label();
        } catch (RuntimeException e) {
            return "action " + a + " (describe throws)";
        }
    }

    /** Null if the symbolic run agrees with the Java on action {@code a} from {@code s}; else how it differs. */
    private static String compare(ForkSpec spec, SymbolicForkSpec sym, SymState pre, long[] s, int a, int[] checked) {
        checked[0]++;
        long[] next = javaStep(spec, s, a);
        Exec x;
        try {
            x = sym.run(pre, a);
        } catch (RuntimeException e) {
            return "the symbolic run throws " + e + "\n" + trace(e);
        }
        BoolExpr defined = (BoolExpr) x.defined().simplify();
        if (!defined.isTrue() && !defined.isFalse()) {
            return "defined is not a constant on a concrete state: " + defined;
        }
        if (next == null) {
            return defined.isFalse() ? null : "the Java has no successor (disabled or throws), the symbolic run does";
        }
        checked[1]++;
        if (defined.isFalse()) {
            return "the Java has a successor, the symbolic run has none (not encoded, or a require too strong)";
        }
        StringBuilder diff = new StringBuilder();
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                Expr<IntSort> e = x.fields().get(f.name()).simplify();
                String got = e instanceof IntNum n ? String.valueOf(n.getInt()) : e.toString();
                if (!got.equals(String.valueOf(f.get(next)))) {
                    diff.append("  ").append(f.name()).append(": java ").append(f.get(next)).append(", symbolic ").append(got)
                            .append(" (was ").append(f.get(s)).append(")\n");
                }
            } else if (v instanceof Bitmap bm) {
                BoolExpr[] bits = x.bitmaps().get(bm.name());
                for (int j = 0; j < bits.length; j++) {
                    BoolExpr e = (BoolExpr) bits[j].simplify();
                    if (e.isTrue() != bm.test(next, j) || !e.isTrue() && !e.isFalse()) {
                        diff.append("  ").append(bm.name()).append('#').append(j).append(": java ").append(bm.test(next, j))
                                .append(", symbolic ").append(e).append('\n');
                    }
                }
            }
        }
        return diff.length() == 0 ? null : "the successors differ:\n" + diff;
    }

    private static String trace(RuntimeException e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            b.append("    at ").append(st[i]).append('\n');
        }
        return b.toString();
    }

    /** The Java successor, or null where the action is disabled or the step throws. */
    private static long[] javaStep(ForkSpec spec, long[] s, int a) {
        try {
            if (!spec.enabled(s, a)) {
                return null;
            }
            long[] next = spec.layout().newState();
            spec.step(s, a, next);
            return next;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
