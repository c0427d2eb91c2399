package forkcheck.checker.report;

import forkcheck.model.Layout;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A spec that records, per label, which variables its steps changed: the writes of each label
 * as observed over every transition of a run, rather than as someone read them off the code.
 * Slow (it shows every variable twice per step); for reports only.
 */
final class WritesSpec implements Spec {
    private final Spec spec;
    private final List<Var> vars;
    private final Map<String, Set<String>> writes = new ConcurrentHashMap<>();

    WritesSpec(Spec spec) {
        this.spec = spec;
        this.vars = spec.layout().vars();
    }

    /** Per label, the names of the variables some step of it changed. */
    Map<String, Set<String>> writes() {
        return writes;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        spec.step(from, action, to);
        Set<String> w = writes.computeIfAbsent(spec.describe(from, action).label(), k -> ConcurrentHashMap.newKeySet());
        for (Var v : vars) {
            if (!v.show(from).equals(v.show(to))) {
                w.add(v.name());
            }
        }
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
