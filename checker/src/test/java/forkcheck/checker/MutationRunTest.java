package forkcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.engine.Options;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutationRunTest {
    static final Options TWO = Options.defaults().withWorkers(2);

    static String printed(MutationRun run) {
        StringWriter w = new StringWriter();
        run.print(new PrintWriter(w));
        return w.toString();
    }

    /** pidrace-2x2 without nr-free-exact: nothing there can see a dropped atomic_dec. */
    static ScenarioText withoutNrFreeExact() {
        String text = Scenarios.text("pidrace-2x2").text()
                .replaceAll("(?m)^properties.*$", "properties pid-unique pid-in-range");
        return new ScenarioText("test:blind", text);
    }

    @Test
    void aMutantNoSelectedPropertySeesEscapesAndExitsOne() {
        MutationRun run = MutationRun.run(List.of(
                new MutationRun.Case(Mutant.DROP_ATOMIC_DEC.mutation(), withoutNrFreeExact(), "nr-free-exact")), TWO);
        String out = printed(run);
        assertEquals(1, run.exitCode(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  drop-atomic-dec +\\S+ +nr-free-exact +ESCAPED +- .*")), out);
        assertTrue(out.contains("Mutation score: 0/1 caught"), out);
    }

    @Test
    void expectingAPropertyTheMutantDoesNotBreakEscapes() {
        MutationRun run = MutationRun.run(List.of(
                new MutationRun.Case(Mutant.DROP_ATOMIC_DEC.mutation(), Scenarios.text("pidrace-2x2"), "pid-in-range"),
                new MutationRun.Case(Mutant.NO_RESCAN.mutation(), Scenarios.text("wrap"), "alloc-fails-only-when-full")), TWO);
        String out = printed(run);
        assertEquals(1, run.exitCode(), out);
        assertEquals(1, run.caught(), out);
        assertTrue(out.contains("Mutation score: 1/2 caught"), out);
        assertTrue(out.contains("ESCAPED: drop-atomic-dec"), out);
    }

    /** free-race violates alloc-fails-only-when-full unmutated (finding 1): that proves nothing about a mutant. */
    @Test
    void aPropertyTheRealSpecBreaksTooDoesNotCount() {
        MutationRun run = MutationRun.run(List.of(
                new MutationRun.Case(Mutant.NO_RESCAN.mutation(), Scenarios.text("free-race"), "alloc-fails-only-when-full")),
                TWO);
        MutationRun.Outcome o = run.outcomes().get(0);
        assertTrue(o.baselineFails());
        assertFalse(o.caught());
        assertEquals(1, run.exitCode(), printed(run));
        assertTrue(printed(run).contains("invalid"));
    }

    @Test
    void aMutantCaughtOnOneScenarioOfSeveralIsCaught() {
        MutationRun run = MutationRun.run(List.of(
                new MutationRun.Case(Mutant.WRAP_TO_ZERO.mutation(), Scenarios.text("pidrace-2x2"), "pid-in-range"),
                new MutationRun.Case(Mutant.WRAP_TO_ZERO.mutation(), Scenarios.text("wrap"), "pid-in-range")), TWO);
        String out = printed(run);
        assertEquals(0, run.exitCode(), out);
        assertTrue(out.contains(" missed "), out);
        assertTrue(out.contains("Mutation score: 1/1 caught"), out);
    }
}
