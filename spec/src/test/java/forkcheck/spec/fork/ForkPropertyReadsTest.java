package forkcheck.spec.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import forkcheck.model.Var;
import forkcheck.spec.Models;
import forkcheck.spec.Property;
import forkcheck.spec.Walks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fork property's stated read set is complete: on states reached by random walks, giving
 * any variable outside it another value never changes the property's verdict (a predicate that
 * throws on the changed state counts as a change). The review report derives "which properties
 * a step can affect" from these sets.
 */
class ForkPropertyReadsTest {
    @ParameterizedTest
    @ValueSource(strings = {"fork-exit", "fork-faults", "fork-flags", "fork-ptrace", "fork-vfork", "fork-kill", "fork-sysvsem", "fork-exit-group",
        "fork-migrate", "fork-attach", "fork-tracer-exit", "fork-user-faults", "fork-detach", "fork-group-exit"})
    void variablesOutsideTheReadSetDoNotChangeTheVerdict(String scenario) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, "none");
        SplittableRandom random = new SplittableRandom(scenario.hashCode());
        List<long[]> states = sample(Walks.walk(spec, random, 20, 80), SAMPLE, random);
        int perturbed = 0;
        for (Property p : spec.catalogue()) {
            assertFalse(p.reads().isEmpty(), p.name() + " states no read set");
            List<Var> unread = spec.layout().vars().stream()
                    .filter(v -> !p.reads().contains(spec.model().genericName(v.name()))).toList();
            for (long[] s : states) {
                boolean verdict = verdict(p, s);
                for (Var v : unread) {
                    long[] t = s.clone();
                    if (Walks.perturb(v, t, random)) {
                        perturbed++;
                        assertEquals(verdict, verdict(p, t), p.name() + " changed when only " + v.name() + " changed ("
                                + v.show(s) + " -> " + v.show(t) + ") on " + scenario + ": add "
                                + spec.model().genericName(v.name()) + " to its read set");
                    }
                }
            }
        }
        assertFalse(perturbed == 0, "nothing was perturbed");
    }

    /** States per scenario whose every variable is perturbed: each costs a verdict per variable and property. */
    private static final int SAMPLE = 60;

    private static List<long[]> sample(List<long[]> states, int n, SplittableRandom random) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n && !states.isEmpty(); i++) {
            out.add(states.remove(random.nextInt(states.size())));
        }
        return out;
    }

    private static boolean verdict(Property p, long[] s) {
        try {
            return p.predicate().test(s);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
