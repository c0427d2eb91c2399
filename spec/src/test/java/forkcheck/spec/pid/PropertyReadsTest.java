package forkcheck.spec.pid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
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
        List<long[]> states = walk(spec, random, 40, 60);
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
                    if (perturb(v, t, random)) {
                        perturbed++;
                        assertEquals(verdict, p.predicate().test(t), p.name() + " changed when only " + v.name()
                                + " changed (" + v.show(s) + " -> " + v.show(t) + "): add it to its read set");
                    }
                }
            }
        }
        assertFalse(perturbed == 0, "nothing was perturbed");
    }

    static List<long[]> walk(PidSpec spec, SplittableRandom random, int walks, int length) {
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < walks; w++) {
            long[] s = spec.layout().newState();
            spec.init(s);
            out.add(s.clone());
            for (int i = 0; i < length; i++) {
                List<Integer> enabled = new ArrayList<>();
                for (int a = 0; a < spec.actionCount(); a++) {
                    if (spec.enabled(s, a)) {
                        enabled.add(a);
                    }
                }
                if (enabled.isEmpty()) {
                    break;
                }
                long[] t = spec.layout().newState();
                spec.step(s, enabled.get(random.nextInt(enabled.size())), t);
                s = t;
                out.add(s.clone());
            }
        }
        return out;
    }

    /** Gives {@code v} another value in its range; false if it has none. */
    static boolean perturb(Var v, long[] s, SplittableRandom random) {
        if (v instanceof Field f) {
            if (f.max() == f.min()) {
                return false;
            }
            int old = f.get(s);
            int now = old;
            while (now == old) {
                now = f.min() + random.nextInt(f.max() - f.min() + 1);
            }
            f.set(s, now);
            return true;
        }
        Bitmap b = (Bitmap) v;
        int bit = random.nextInt(b.size());
        if (b.test(s, bit)) {
            b.clear(s, bit);
        } else {
            b.set(s, bit);
        }
        return true;
    }
}
