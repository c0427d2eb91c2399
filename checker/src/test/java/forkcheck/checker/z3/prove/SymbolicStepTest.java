package forkcheck.checker.z3.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.ScenarioParser;
import forkcheck.spec.scenario.Scenarios;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.generators.Generate;

/**
 * The symbolic step against the Java step, on random states of the whole layout (every field
 * uniform in its range, every bit a coin flip), reachable or not: with the pre-state pinned, the
 * relation of each action admits exactly the Java successor, and nothing where the action is
 * disabled or the Java step throws (an out-of-range write has no successor in either).
 */
class SymbolicStepTest {
    /** Two pages of 64 bits: find_next_zero_bit's word-at-a-time steps, which 8-bit pages never take. */
    private static final String WIDE = """
            name           wide
            pid_max        100
            bits_per_page  64
            reserved_pids  2
            last_pid       90
            taken          1 2 3
            faults         get_zeroed_page
            cpu 0          alloc free r1
            cpu 1          alloc free 2
            """;

    static Stream<Arguments> configurations() {
        Stream<Arguments> kernel = Stream.of("pidrace", "free-race", "page-fault", "wrap", "pidrace-3x2-free")
                .map(n -> Arguments.of(n, Mutant.NONE));
        Stream<Arguments> wide = Stream.of(Arguments.of("wide", Mutant.NONE), Arguments.of("wide", Mutant.WRAP_TO_ZERO));
        Stream<Arguments> mutants = Mutant.seeded().stream().map(m -> Arguments.of(m.scenario(), m));
        return Stream.concat(Stream.concat(kernel, wide), mutants);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void theRelationAdmitsExactlyTheJavaSuccessor(String scenario, Mutant mutant) {
        PidSpec spec = new PidSpec(scenario.equals("wide") ? ScenarioParser.parse("test:wide", WIDE)
                : Scenarios.builtin(scenario), mutant);
        int[] outcomes = new int[3];
        try (Context ctx = new Context()) {
            SymbolicPidSpec sym = new SymbolicPidSpec(ctx, spec);
            SymState pre = sym.state("");
            SymState post = sym.state("'");
            Solver solver = ctx.mkSolver();
            BoolExpr[] action = new BoolExpr[spec.actionCount()];
            for (int a = 0; a < action.length; a++) {
                action[a] = ctx.mkBoolConst("action" + a);
                solver.add(ctx.mkImplies(action[a], sym.step(pre, post, a >> 1, ctx.mkBool((a & 1) != 0))));
            }
            qt().withExamples(45).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE)).checkAssert(seed -> {
                long[] s = randomState(spec, new Random(seed));
                // A failed assertion must not leave this state pinned: QuickTheories runs the shrunk examples next.
                solver.push();
                try {
                    solver.add(pre.is(s));
                    for (int a = 0; a < action.length; a++) {
                        check(spec, ctx, solver, action[a], post, s, a, scenario + "/" + mutant.id(), outcomes);
                    }
                } finally {
                    solver.pop();
                }
            });
        }
        // Each kind of outcome occurred: disabled, enabled but the Java step throws, a successor.
        assertTrue(outcomes[0] > 0 && outcomes[2] > 0, java.util.Arrays.toString(outcomes));
    }

    private static void check(PidSpec spec, Context ctx, Solver solver, BoolExpr action, SymState post, long[] s, int a,
            String config, int[] outcomes) {
        long[] next = javaStep(spec, s, a);
        // describe() may throw on a state outside the model, so only on failure
        java.util.function.Supplier<String> where = () -> config + " action " + a + " (cpu" + (a >> 1)
                + ((a & 1) != 0 ? ", failing" : "") + ") from\n" + show(spec, s);
        if (next == null) {
            outcomes[spec.enabled(s, a) ? 1 : 0]++;
            assertEquals(Status.UNSATISFIABLE, solver.check(action), where.get() + ": no successor in Java");
            return;
        }
        outcomes[2]++;
        BoolExpr same = ctx.mkBoolConst("same");
        BoolExpr other = ctx.mkBoolConst("other");
        solver.push();
        try {
            solver.add(ctx.mkImplies(same, post.is(next)), ctx.mkImplies(other, ctx.mkNot(post.is(next))));
            if (solver.check(action, same) != Status.SATISFIABLE) {
                throw new AssertionError(where.get() + ": the Java successor is not admitted; "
                        + symbolic(spec, solver, action, post, next));
            }
            assertEquals(Status.UNSATISFIABLE, solver.check(action, other), where.get() + ": another successor");
        } finally {
            solver.pop();
        }
    }

    private static String show(PidSpec spec, long[] s) {
        StringBuilder b = new StringBuilder();
        for (Var v : spec.layout().vars()) {
            b.append("  ").append(v.name()).append(" = ").append(v.show(s)).append('\n');
        }
        return b.toString();
    }

    /** What the relation admits instead, as the variables where it differs from the Java successor. */
    private static String symbolic(PidSpec spec, Solver solver, BoolExpr action, SymState post, long[] java) {
        if (solver.check(action) != Status.SATISFIABLE) {
            return "the relation admits no successor";
        }
        long[] z3 = post.read(solver.getModel());
        StringBuilder b = new StringBuilder("the relation's successor differs in:");
        for (Var v : spec.layout().vars()) {
            if (!v.show(z3).equals(v.show(java))) {
                b.append(' ').append(v.name()).append(" java=").append(v.show(java)).append(" z3=").append(v.show(z3));
            }
        }
        return b.toString();
    }

    /** Every field uniform in its range, every bit a coin flip. */
    static long[] randomState(PidSpec spec, Random r) {
        long[] s = spec.layout().newState();
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                f.set(s, f.min() + r.nextInt(f.max() - f.min() + 1));
            } else if (v instanceof Bitmap b) {
                for (int j = 0; j < b.size(); j++) {
                    if (r.nextBoolean()) {
                        b.set(s, j);
                    }
                }
            }
        }
        return s;
    }

    /** The Java successor, or null if the action is disabled or the step throws (the state has left the model). */
    static long[] javaStep(PidSpec spec, long[] s, int action) {
        if (!spec.enabled(s, action)) {
            return null;
        }
        long[] to = spec.layout().newState();
        try {
            spec.step(s, action, to);
            return to;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
