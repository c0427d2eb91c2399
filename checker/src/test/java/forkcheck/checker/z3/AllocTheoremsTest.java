package forkcheck.checker.z3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.Status;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocTheoremsTest {
    private static final int TIMEOUT_MS = 60_000;
    private static final List<Bounds> BOUNDS = List.of(new Bounds(8, 8, 2), new Bounds(12, 8, 2), new Bounds(40, 16, 5));

    @Test
    void everyTheoremComesOutAsExpectedForTheKernel() {
        for (String id : AllocTheorems.ids()) {
            for (Bounds b : BOUNDS) {
                AllocTheorems.Outcome r = AllocTheorems.check(id, b, AllocVariant.KERNEL, TIMEOUT_MS);
                assertTrue(r.asExpected(), id + " at " + b + ": " + r.status());
            }
        }
    }

    @Test
    void everyTheoremIsRefutedOnTheVariantMeantToBreakIt() {
        for (String id : AllocTheorems.ids()) {
            for (Bounds b : BOUNDS) {
                AllocTheorems.Outcome r = AllocTheorems.check(id, b, AllocTheorems.breaker(id), TIMEOUT_MS);
                assertTrue(r.refuted(), id + " on " + AllocTheorems.breaker(id) + " at " + b + ": " + r.status());
            }
        }
    }

    /**
     * The word encoding against the page encoding: every theorem, at every small bounds, on the
     * kernel and on the variant meant to break it, comes out the same (proved or refuted), with
     * words of 4 bits (several per page) and of the page's width.
     */
    @Test
    void theWordEncodingAgreesWithThePageEncoding() {
        for (String id : AllocTheorems.ids()) {
            for (Bounds b : BOUNDS) {
                for (AllocVariant v : List.of(AllocVariant.KERNEL, AllocTheorems.breaker(id))) {
                    Status pages = AllocTheorems.check(id, b, v, PidmapEncoding.PAGES, TIMEOUT_MS).status();
                    for (PidmapEncoding e : List.of(PidmapEncoding.words(4), PidmapEncoding.words(b))) {
                        assertEquals(pages, AllocTheorems.check(id, b, v, e, TIMEOUT_MS).status(), id + " on " + v + " at " + b + ", " + e);
                    }
                }
            }
        }
    }

    @Test
    void wrapToZeroRefutesTheRangeTheorems() {
        for (String id : List.of("b-in-range", "d-first-free-after-last")) {
            assertTrue(AllocTheorems.check(id, new Bounds(16, 8, 3), AllocVariant.WRAP_TO_ZERO, TIMEOUT_MS).refuted(), id);
        }
    }

    /**
     * The symbolic refutation of c must be a real behaviour: started in the counterexample's
     * pidmap, the explicit-state spec's one call also returns -1 with a pid free, and the checker
     * reports alloc-fails-only-when-full violated.
     */
    @Test
    void theCounterexampleToCReplaysInTheExplicitStateSpec() {
        for (Bounds b : BOUNDS) {
            for (PidmapEncoding e : List.of(PidmapEncoding.PAGES, PidmapEncoding.words(4))) {
                replaysC(b, e);
            }
        }
    }

    private static void replaysC(Bounds b, PidmapEncoding e) {
        AllocTheorems.Outcome r = AllocTheorems.check("c-fails-only-when-full", b, AllocVariant.KERNEL, e, TIMEOUT_MS);
        assertTrue(r.refuted(), b + ", " + e);
        Concrete cex = r.counterexample();
        assertEquals(-1, cex.result());
        // Finding 2: the one pid the search range leaves out is last_pid itself.
        assertTrue(!cex.taken().contains(cex.lastPid()), cex.toString());
        String text = AllocTheorems.scenarioText(b, cex);
        PidSpec spec = new PidSpec(ScenarioParser.parse("z3", text));
        Result res = Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true));
        Verdict v = res.verdicts().stream().filter(x -> x.property().name().equals("alloc-fails-only-when-full"))
                .findFirst().orElseThrow();
        assertEquals(Verdict.Status.VIOLATED, v.status(), text);
        for (Verdict other : res.verdicts()) {
            if (!other.property().name().equals("alloc-fails-only-when-full")) {
                assertEquals(Verdict.Status.HOLDS, other.status(), other.property().name() + "\n" + text);
            }
        }
    }
}
