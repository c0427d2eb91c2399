package forkcheck.checker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.trace.Trace;
import forkcheck.spec.Property;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenario;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every seeded mutant is caught: on its scenario, the property it names is violated, by a trace
 * that re-executes and ends in a state that really violates it; and the real spec keeps that
 * property on the same scenario.
 */
class MutantsTest {

    static Verdict verdict(Result r, String property) {
        return r.verdicts().stream().filter(v -> v.property().name().equals(property)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for " + property + " in " + r.verdicts()));
    }

    static String summary(Result r) {
        StringBuilder sb = new StringBuilder(r.stats().toString());
        for (Verdict v : r.verdicts()) {
            sb.append("\n  ").append(v.property().name()).append(' ').append(v.status())
                    .append(v.path() == null ? "" : " (" + v.path().length + " steps)");
        }
        return sb.toString();
    }

    @Test
    void theCatalogueIsNotEmptyAndNamesRealScenarios() {
        assertFalse(Mutant.seeded().isEmpty());
        assertFalse(Mutant.seeded().contains(Mutant.NONE));
        for (Mutant m : Mutant.seeded()) {
            assertTrue(Scenarios.builtins().contains(m.scenario()), m + " names scenario " + m.scenario());
            assertEquals(m, Mutant.byId(m.id()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everySeededMutantIsCaughtByThePropertyItNames(Mutant m) {
        assertTrue(Mutant.seeded().contains(m));
        Scenario sc = Scenarios.builtin(m.scenario());
        PidSpec spec = new PidSpec(sc, m);
        // keepGoing: the shortest trace of every property, not only of the first one violated
        Result r = Explorer.explore(spec, Options.defaults().withWorkers(2).withKeepGoing(true));
        Verdict v = verdict(r, m.breaks());
        assertEquals(Verdict.Status.VIOLATED, v.status(), m + " on " + m.scenario() + ":\n" + summary(r));
        assertEquals(1, r.exitCode());
        int[] path = v.path();
        assertNotNull(path);

        // Trace.of re-executes the path and throws if a step is not enabled
        Trace trace = Trace.of(spec, new Trace.Provenance(sc.name(), sc.source(), sc.text(), m.id()), m.breaks(), path);
        assertEquals(path.length, trace.steps().size());
        assertEquals(spec.version(), trace.specVersion());

        // re-execute it here too, checking the property on the way: the trace is a shortest one,
        // so no earlier state on it violates the property
        long[] s = spec.layout().newState();
        long[] t = spec.layout().newState();
        spec.init(s);
        boolean deadlock = m.breaks().equals(Explorer.DEADLOCK_FREE.name());
        Property p = deadlock ? null : property(spec, m.breaks());
        assertTrue(deadlock || p != null, m.breaks() + " is not among the properties " + m.scenario() + " selects");
        for (int i = 0; i < path.length; i++) {
            if (p != null) {
                assertTrue(p.predicate().test(s), m.breaks() + " already violated after " + i + " of " + path.length
                        + " steps: the trace is not a shortest one");
            } else {
                assertTrue(anyEnabled(spec, s), "a deadlock after " + i + " of " + path.length + " steps");
            }
            assertTrue(spec.enabled(s, path[i]), "step " + (i + 1) + " not enabled");
            spec.step(s, path[i], t);
            long[] x = s;
            s = t;
            t = x;
        }
        assertEquals(Fingerprint.of(s), trace.steps().get(path.length - 1).fingerprint());
        if (p != null) {
            assertFalse(p.predicate().test(s), m.breaks() + " holds in the last state of its trace");
        } else {
            // deadlock-free is the explorer's own: no step, and not every CPU finished
            assertFalse(anyEnabled(spec, s), "a step is enabled at the end of a deadlock trace");
            assertFalse(spec.isFinal(s), "the deadlocked state is final");
        }

        // the real spec keeps the property on the same scenario
        Result real = Explorer.explore(new PidSpec(sc), Options.defaults().withWorkers(2));
        assertEquals(Verdict.Status.HOLDS, verdict(real, m.breaks()).status(), "unmutated spec on " + m.scenario()
                + ":\n" + summary(real));
    }

    /**
     * Without keepGoing the run ends at the first violation found, which is the shortest of all:
     * its length is the least of the lengths the keepGoing run finds.
     */
    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void theFirstViolationIsTheShortest(Mutant m) {
        PidSpec spec = new PidSpec(Scenarios.builtin(m.scenario()), m);
        Result first = Explorer.explore(spec, Options.defaults().withWorkers(2));
        Result all = Explorer.explore(spec, Options.defaults().withWorkers(2).withKeepGoing(true));
        int shortest = Integer.MAX_VALUE;
        for (Verdict v : all.verdicts()) {
            if (v.status() == Verdict.Status.VIOLATED) {
                shortest = Math.min(shortest, v.path().length);
            }
        }
        List<Verdict> violated = first.verdicts().stream().filter(v -> v.status() == Verdict.Status.VIOLATED).toList();
        assertFalse(violated.isEmpty(), summary(first));
        for (Verdict v : violated) {
            assertEquals(shortest, v.path().length, v.property().name() + "\n" + summary(first) + "\nkeepGoing:\n"
                    + summary(all));
        }
    }

    static Property property(PidSpec spec, String name) {
        return spec.properties().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    static boolean anyEnabled(PidSpec spec, long[] s) {
        for (int a = 0; a < spec.actionCount(); a++) {
            if (spec.enabled(s, a)) {
                return true;
            }
        }
        return false;
    }
}
