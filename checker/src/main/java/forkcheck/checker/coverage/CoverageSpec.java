package forkcheck.checker.coverage;

import forkcheck.model.Layout;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A spec that counts, per function and label, the steps the explorer takes through it. It wraps
 * the spec rather than hooking the engine, so that a run without coverage runs exactly the code
 * it always did; a run with it pays for a {@link Spec#describe} on every transition.
 */
public final class CoverageSpec implements Spec {
    /** Where a step is in the kernel: the function and the label, as {@link StepInfo} names them. */
    public record Site(String function, String label) {}

    /** {@code faults}: the steps among them that took an injected fault. */
    public record Count(LongAdder steps, LongAdder faults) {}

    private final Spec spec;
    private final Map<Site, Count> counts = new ConcurrentHashMap<>();

    public CoverageSpec(Spec spec) {
        this.spec = spec;
    }

    /** Steps per site; a site never executed is absent. */
    public Map<Site, Count> counts() {
        return counts;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        StepInfo i = spec.describe(from, action);
        Count c = counts.computeIfAbsent(new Site(i.function(), i.label()), k -> new Count(new LongAdder(), new LongAdder()));
        c.steps().increment();
        if (i.fault()) {
            c.faults().increment();
        }
        spec.step(from, action, to);
    }

    @Override
    public String version() {
        return spec.version();
    }

    @Override
    public Layout layout() {
        return spec.layout();
    }

    @Override
    public void init(long[] state) {
        spec.init(state);
    }

    @Override
    public int actionCount() {
        return spec.actionCount();
    }

    @Override
    public boolean enabled(long[] state, int action) {
        return spec.enabled(state, action);
    }

    @Override
    public boolean isFinal(long[] state) {
        return spec.isFinal(state);
    }

    @Override
    public List<Property> properties() {
        return spec.properties();
    }

    @Override
    public StepInfo describe(long[] state, int action) {
        return spec.describe(state, action);
    }
}
