package forkcheck.checker.trace;

import forkcheck.checker.engine.Fingerprint;
import forkcheck.model.Var;
import forkcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * A path through the state space, re-executed against the spec: the initial state and each step
 * with what it changed. Counterexamples and witnesses are both traces.
 *
 * @param specVersion the {@link Spec#version()} that produced it
 * @param scenario the scenario's name
 * @param scenarioSource where the scenario came from (a path or {@code builtin:NAME})
 * @param scenarioText the scenario file as written, so the trace replays without it
 * @param mutant the seeded fault the spec ran with ({@code none} for the real spec)
 * @param property the property the last state violates (or witnesses)
 * @param initial each variable of the initial state, as shown
 * @param initialFingerprint the fingerprint of the initial state
 */
public record Trace(
        String specVersion,
        String scenario,
        String scenarioSource,
        String scenarioText,
        String mutant,
        String property,
        List<Change> initial,
        long initialFingerprint,
        List<TraceStep> steps) {

    /** Re-executes {@code path} from the initial state of {@code spec}. */
    public static Trace of(Spec spec, Provenance p, String property, int[] path) {
        long[] cur = spec.layout().newState();
        long[] next = spec.layout().newState();
        spec.init(cur);
        List<Change> initial = new ArrayList<>();
        for (Var v : spec.layout().vars()) {
            initial.add(new Change(v.name(), "", v.show(cur)));
        }
        long fp0 = Fingerprint.of(cur);
        List<TraceStep> steps = new ArrayList<>();
        for (int i = 0; i < path.length; i++) {
            int a = path[i];
            if (!spec.enabled(cur, a)) {
                throw new IllegalStateException("step " + (i + 1) + ": action " + a + " is not enabled");
            }
            var info = spec.describe(cur, a);
            spec.step(cur, a, next);
            steps.add(new TraceStep(i + 1, a, info, diff(spec, cur, next), Fingerprint.of(next)));
            long[] t = cur;
            cur = next;
            next = t;
        }
        return new Trace(spec.version(), p.scenario(), p.source(), p.text(), p.mutant(), property, List.copyOf(initial),
                fp0, List.copyOf(steps));
    }

    static List<Change> diff(Spec spec, long[] before, long[] after) {
        List<Change> out = new ArrayList<>();
        for (Var v : spec.layout().vars()) {
            String b = v.show(before);
            String a = v.show(after);
            if (!a.equals(b)) {
                out.add(new Change(v.name(), b, a));
            }
        }
        return List.copyOf(out);
    }

    /** Where a spec came from: what a trace must carry to be replayed. */
    public record Provenance(String scenario, String source, String text, String mutant) {}
}
