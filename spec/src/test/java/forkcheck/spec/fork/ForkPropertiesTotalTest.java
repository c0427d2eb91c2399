package forkcheck.spec.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.model.Var;
import forkcheck.spec.Models;
import forkcheck.spec.Property;
import forkcheck.spec.Walks;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fork property is a total function of the state: on any state of the layout, reachable
 * or not, its predicate answers rather than throws, so that a seeded fault or a spec bug that
 * leaves a NULL pointer where a task should be shows as a violation, not as a crash of the
 * search. The states are reached ones with one variable set to another value of its range.
 */
class ForkPropertiesTotalTest {
    @ParameterizedTest
    @ValueSource(strings = {"fork-exit", "fork-faults", "fork-flags", "fork-ptrace", "fork-tracer-exit",
        "fork-exit-group", "fork-sysvsem", "fork-detach"})
    void predicatesAnswerOnEveryStateOfTheLayout(String scenario) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, "none");
        SplittableRandom random = new SplittableRandom(scenario.hashCode());
        List<long[]> states = Walks.walk(spec, random, 10, 60);
        Map<String, String> thrown = new TreeMap<>();
        int tried = 0;
        for (long[] s : states.subList(0, Math.min(states.size(), 40))) {
            for (Var v : spec.layout().vars()) {
                long[] t = s.clone();
                if (!Walks.perturb(v, t, random)) {
                    continue;
                }
                for (Property p : spec.catalogue()) {
                    tried++;
                    try {
                        p.predicate().test(t);
                    } catch (RuntimeException e) {
                        StackTraceElement at = Arrays.stream(e.getStackTrace())
                                .filter(f -> f.getClassName().startsWith("forkcheck")).findFirst().orElse(null);
                        thrown.putIfAbsent(p.name() + " at " + at, v.name() + " = " + v.show(t) + ": " + e);
                    }
                }
            }
        }
        assertTrue(tried > 0, "nothing was tried");
        assertEquals(Map.of(), thrown, scenario + ": predicates that threw");
    }
}
