package forkcheck.spec.pid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.Walks;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each property's stated read set is complete: on states reached by random walks, giving any
 * variable outside it another value never changes the property's verdict. The review report
 * derives "which properties a step can affect" from these sets, so an incomplete one would hide
 * a step from a reviewer.
 */
class PropertyReadsTest {
    @ParameterizedTest
    @ValueSource(strings = {"pidrace", "pidrace-3x2-free", "page-fault", "free-race", "last-pid-free", "wrap"})
    void variablesOutsideTheReadSetDoNotChangeTheVerdict(String scenario) {
        PidSpec spec = new PidSpec(Scenarios.builtin(scenario));
        SplittableRandom random = new SplittableRandom(scenario.hashCode());
        List<long[]> states = Walks.walk(spec, random, 40, 60);
        int perturbed = 0;
        for (Property p : spec.properties()) {
            assertFalse(p.reads().isEmpty(), p.name() + " states no read set");
            for (long[] s : states) {
                boolean verdict = p.predicate().test(s);
                for (Var v : spec.layout().vars()) {
                    if (p.reads().contains(VarNames.generic(v.name()))) {
                        continue;
                    }
                    long[] t = s.clone();
                    if (Walks.perturb(v, t, random)) {
                        perturbed++;
                        assertEquals(verdict, p.predicate().test(t), p.name() + " changed when only " + v.name()
                                + " changed (" + v.show(s) + " -> " + v.show(t) + "): add it to its read set");
                    }
                }
            }
        }
        assertFalse(perturbed == 0, "nothing was perturbed");
    }
}
