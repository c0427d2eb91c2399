package forkcheck.checker.fork;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.MutationRun;
import forkcheck.checker.engine.Options;
import forkcheck.spec.fork.ForkModel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every seeded fault of the fork path is caught: on its scenario the property it names is
 * violated, while the unmutated spec keeps that property there (MutationRun checks both).
 */
class ForkMutantsTest {
    @Test
    void everyForkMutantIsCaughtByThePropertyItNames() {
        List<MutationRun.Case> cases = ForkMutant.seeded().stream()
                .map(m -> new MutationRun.Case(m.mutation(), Scenarios.text(m.mutation().scenario()),
                        m.mutation().breaks()))
                .toList();
        assertFalse(cases.isEmpty());
        MutationRun run = MutationRun.run(cases, Options.defaults().withWorkers(2));
        for (MutationRun.Outcome o : run.outcomes()) {
            assertTrue(o.caught(), o.c().mutant().id() + " on " + o.c().scenario().source() + " breaking "
                    + o.c().property() + ": " + (o.baselineFails() ? "the real spec breaks it too" : "escaped"));
        }
    }

    @Test
    void thereIsAMutantForEveryPropertyFamily() {
        List<String> broken = ForkModel.INSTANCE.mutants().stream().map(m -> m.breaks()).toList();
        for (String family : List.of("pidmap-matches-tasks", "children-match-parent", "ptrace-links", "thread-group",
                "refcounts-exact", "nr-threads-exact", "runqueue-consistent", "time-slice-conserved",
                "tasklist-lock-held", "tasklist-lock-irqs-off", "vfork-released-once", "child-runs-first-when-due", "leader-outlives-threads")) {
            assertTrue(broken.contains(family), "no mutant breaks " + family);
        }
    }
}
