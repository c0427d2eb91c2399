package forkcheck.checker;

import forkcheck.model.Layout;
import forkcheck.spec.Model;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.List;

/**
 * A spec that does what another does, for wrappers that watch it (coverage, the review
 * report's observations) by overriding {@link #step} and nothing else.
 */
public abstract class ForwardingSpec implements Spec {
    protected final Spec spec;

    protected ForwardingSpec(Spec spec) {
        this.spec = spec;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        spec.step(from, action, to);
    }

    @Override
    public Model model() {
        return spec.model();
    }

    @Override
    public String scenarioName() {
        return spec.scenarioName();
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
    public List<String> locksHeld(long[] state, int cpu) {
        return spec.locksHeld(state, cpu);
    }

    @Override
    public List<StepInfo> localSteps(long[] state, int action) {
        return spec.localSteps(state, action);
    }

    @Override
    public StepInfo describe(long[] state, int action) {
        return spec.describe(state, action);
    }
}
