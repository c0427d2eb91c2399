package forkcheck.checker.z3.prove.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.z3.prove.Obligation;
import forkcheck.checker.z3.prove.Outcome;
import forkcheck.checker.z3.prove.ReachableStates;
import forkcheck.spec.Models;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForkProverTest {
    private static final int TIMEOUT_MS = 10_000;
    /**
     * For the mutants: the step's formula and each query get a second, so that what decides is
     * the search's reachable states, which the prover scans wherever Z3 does not prove.
     */
    private static final int MUTANT_TIMEOUT_MS = 1_000;
    /**
     * The mutants' scenarios whose reachable states are too many to mine and prune within the
     * suite: {@code fork-exit}'s 170,000 give 20,000 candidates, and pruning them a second per query
     * costs each of its five mutants up to two minutes. Those run without mining here; the others
     * mine control states alone ({@link Mining#CONTROLS}): the default's pairs double the suite's
     * time for the same verdicts, since a reachable CTI is one whatever holds of the reachable
     * states, and {@link #everyObligationOfAWholeForkScenarioIsProved} mines pairs.
     */
    private static final List<String> NOT_MINED = List.of("fork-exit");

    /** With control states mined alone: pairs add nothing to the initial state, and cost fork-exit 20 s. */
    @Test
    void theInitialStateHoldsEveryInvariant() {
        try (ForkProver p = new ForkProver(load("fork-exit", "none"), Mining.CONTROLS)) {
            List<Outcome> os = p.prove(List.of(Obligation.INIT), p.targets(), TIMEOUT_MS);
            assertEquals(p.targets().size(), os.size(), "each invariant and the mined ones (deadlock-free is PROGRESS's)");
            os.forEach(o -> assertEquals(Outcome.Status.PROVED, o.status(), o.obligation().toString()));
        }
    }

    /**
     * A whole fork scenario, every row and every invariant, proved from the invariants and what is
     * mined: pairs of control states keep Houdini from mixing two tasks' states (with control states
     * alone, its 3,920 candidates fell to 78 and the obligations were not decided in 17 minutes).
     */
    @Test
    void everyObligationOfAWholeForkScenarioIsProved() {
        try (ForkProver p = new ForkProver(load("fork-one", "none"))) {
            List<Outcome> os = p.prove(p.steps(), p.targets(), TIMEOUT_MS);
            // each invariant and the mined ones at INIT and at each row; deadlock-free at PROGRESS
            assertEquals((p.steps().size() - 1) * p.targets().size() + 1, os.size());
            os.forEach(o -> assertEquals(Outcome.Status.PROVED, o.status(), o.obligation() + ": " + o.reason()));
            assertTrue(p.kept().stream().anyMatch(m -> m.guard() != null && m.guard().columns().stream().filter(c -> c.name().endsWith(".pc")).count() == 2),
                    "no candidate guarded by a pair of control states is kept");
        }
    }

    @Test
    void aStepThatWritesNothingAnInvariantReadsPreservesIt() {
        try (ForkProver p = ForkProver.withoutMining(load("fork-exit", "none"))) {
            List<Outcome> os = p.prove(List.of("SCHEDULE"), List.of("nr-threads-bounded", "vfork-released-once"), TIMEOUT_MS);
            os.stream().filter(o -> !o.obligation().auxiliary()).forEach(o -> assertEquals(Outcome.Status.PROVED, o.status(), o.obligation().toString()));
        }
    }

    static Stream<ForkMutant> mutants() {
        return ForkMutant.seeded().stream();
    }

    /**
     * Every mutant the explicit search catches breaks the obligation of its property at the row of
     * the search's last step ({@code PROGRESS} for a deadlock), from a reachable state: a
     * counterexample to induction that is a bug, which the mined auxiliary invariants do not hide
     * (they are mined from the mutant's own states; but see {@link #NOT_MINED}). The spec as the
     * kernel has it has no reachable one: the search finds the target holds in every state it reaches.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void everyCaughtMutantBreaksTheObligationOfItsLastStep(ForkMutant m) {
        ForkSpec mutant = load(m.mutation().scenario(), m.id());
        String target = m.mutation().breaks();
        String row = target.equals(Obligation.DEADLOCK_FREE) ? Obligation.PROGRESS : lastStepRow(mutant, target);
        boolean mined = !NOT_MINED.contains(m.mutation().scenario());
        try (ForkProver p = new ForkProver(mutant, mined ? Mining.CONTROLS : Mining.NONE)) {
            Outcome o = of(target, p.prove(List.of(row), List.of(target), MUTANT_TIMEOUT_MS));
            assertEquals(Outcome.Status.CTI, o.status(), m.id() + " at " + row + ": " + o);
            assertEquals(Boolean.TRUE, o.cti().reachable(), m.id() + " at " + row + ": the CTI is not a reachable state");
        }
        // no reachable state of the kernel's spec is a CTI of the target at any row: its successor would break it
        assertTrue(new ReachableStates(load(m.mutation().scenario(), "none")).holds(target),
                "the kernel's spec breaks " + target + " on " + m.mutation().scenario());
    }

    private static Outcome of(String target, List<Outcome> os) {
        return os.stream().filter(o -> o.obligation().target().equals(target)).findFirst().orElseThrow();
    }

    /** The row of the last step of the search's shortest trace to a violation of {@code property}. */
    private static String lastStepRow(ForkSpec spec, String property) {
        Result r = Explorer.explore(spec, Options.defaults().withWorkers(1));
        Verdict v = r.verdicts().stream().filter(x -> x.property().name().equals(property) && x.failed()).findFirst()
                .orElse(null);
        assertNotNull(v, "the search does not catch " + spec.mutant().id());
        int[] path = v.path();
        assertTrue(path.length > 0);
        long[] s = spec.layout().newState();
        spec.init(s);
        for (int i = 0; i < path.length - 1; i++) {
            long[] t = spec.layout().newState();
            spec.step(s, path[i], t);
            s = t;
        }
        return new RowOf(spec).of(s, path[path.length - 1]).name();
    }

    private static ForkSpec load(String scenario, String mutant) {
        return (ForkSpec) Models.load(scenario, mutant);
    }
}
