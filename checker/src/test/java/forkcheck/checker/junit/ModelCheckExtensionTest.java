package forkcheck.checker.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.toy.ToyModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs example test classes, as a team's suite would have them, through the Jupiter engine.
 * They are nested, so Surefire does not run them itself.
 */
class ModelCheckExtensionTest {

    static final AtomicReference<Result> SEEN = new AtomicReference<>();
    static final AtomicReference<Boolean> BODY_RAN = new AtomicReference<>(false);

    static class PassingAndMutant {
        @ModelCheck(scenario = "pidrace-2x2", workers = 2)
        void realSpecHolds(Result r) {
            SEEN.set(r);
        }

        @ModelCheck(scenario = "pidrace-2x2", mutant = "drop-atomic-dec", workers = 2)
        void droppedAtomicDecIsCaught() {
            BODY_RAN.set(true);
        }
    }

    static class Bounded {
        @ModelCheck(scenario = "pidrace-3x2-free", maxStates = 500)
        void tooSmallABound() {}
    }

    static class NoResultParameter {
        @ModelCheck(scenario = "page-fault")
        void bodyOnly() {}
    }

    static class UnknownScenario {
        @ModelCheck(scenario = "no-such-scenario")
        void check() {}
    }

    static class ToyScenarios {
        @ModelCheck(scenario = "toy-locked")
        void lockedIncrementsLoseNothing() {}

        @ModelCheck(scenario = "toy-race")
        void racingIncrementsLoseOne() {}
    }

    static Events run(Class<?> c) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(c)).execute().testEvents();
    }

    static Throwable failureOf(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), failed.toString());
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @Test
    void aPassingScenarioSucceedsAndAMutantFailsWithItsTrace() {
        SEEN.set(null);
        BODY_RAN.set(false);
        Events events = run(PassingAndMutant.class);
        events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));

        Result r = SEEN.get();
        assertTrue(r != null && r.complete() && r.exitCode() == 0, "the body got the complete run's Result");
        assertTrue(r.verdicts().stream().noneMatch(Verdict::failed));

        Throwable t = failureOf(events);
        assertInstanceOf(AssertionError.class, t);
        String m = t.getMessage();
        assertTrue(m.startsWith("scenario pidrace-2x2 with mutant drop-atomic-dec: nr-free-exact VIOLATED (trace of 4"
                + " steps)"), m);
        assertTrue(m.contains("State 0: initial (scenario pidrace-2x2, mutant drop-atomic-dec)"), m);
        assertTrue(m.contains("Step 4: "), m);
        assertTrue(m.contains("TEST_AND_SET_BIT"), m);
        assertEquals(false, BODY_RAN.get(), "the body does not run after a violation");
    }

    @Test
    void aBoundHitFailsAndSaysWhichBound() {
        String m = failureOf(run(Bounded.class)).getMessage();
        assertTrue(m.contains("scenario pidrace-3x2-free: the states bound (maxStates = 500) ended the run after"), m);
        assertTrue(m.contains("raise it, or set it to 0 for none"), m);
    }

    @Test
    void aTestWithoutAResultParameterRuns() {
        run(NoResultParameter.class).assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void anotherModelsScenariosAreCheckedAlike() throws Exception {
        Events events;
        try (AutoCloseable plugged = ToyModel.plugIn()) {
            events = run(ToyScenarios.class);
        }
        events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        String m = failureOf(events).getMessage();
        assertTrue(m.startsWith("scenario toy-race: no-lost-update VIOLATED (trace of 4 steps)"), m);
    }

    @Test
    void anUnknownScenarioNamesTheAnnotationAndTheMethod() {
        String m = failureOf(run(UnknownScenario.class)).getMessage();
        assertTrue(m.startsWith("@ModelCheck(scenario = \"no-such-scenario\", mutant = \"none\") on check: "), m);
        assertTrue(m.contains("no such built-in scenario"), m);
    }
}
