package forkcheck.checker.coverage;

import forkcheck.checker.ForwardingSpec;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A spec that counts, per function and label, the steps the explorer takes through it. It wraps
 * the spec rather than hooking the engine, so that a run without coverage runs exactly the code
 * it always did; a run with it pays for a {@link Spec#describe} on every transition.
 */
public final class CoverageSpec extends ForwardingSpec {
    /** Where a step is in the kernel: the function and the label, as {@link StepInfo} names them. */
    public record Site(String function, String label) {}

    /** {@code faults}: the steps among them that took an injected fault. */
    public record Count(LongAdder steps, LongAdder faults) {}

    private final Map<Site, Count> counts = new ConcurrentHashMap<>();

    public CoverageSpec(Spec spec) {
        super(spec);
    }

    /** Steps per site; a site never executed is absent. */
    public Map<Site, Count> counts() {
        return counts;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        count(spec.describe(from, action));
        for (StepInfo local : spec.localSteps(from, action)) {
            count(local);
        }
        spec.step(from, action, to);
    }

    private void count(StepInfo i) {
        Count c = counts.computeIfAbsent(new Site(i.function(), i.label()), k -> new Count(new LongAdder(), new LongAdder()));
        c.steps().increment();
        if (i.fault()) {
            c.faults().increment();
        }
    }
}
