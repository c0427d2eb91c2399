package forkcheck.checker.report;

import forkcheck.checker.ForwardingSpec;
import forkcheck.model.Var;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A spec that watches its own transitions: per label, the variables its steps changed, the
 * locks the CPU held while taking them, how often it ran, and the branches it took (the label
 * the CPU goes on to). Observed, not read off the code. Slow (it shows every variable twice per
 * step): for reports only. Safe for several workers.
 */
final class Observations extends ForwardingSpec {
    /** The CPU's next label once its call has returned. */
    static final String RETURN = "return";

    private final List<Var> vars;
    private final Map<String, Var> pcs = new ConcurrentHashMap<>();
    final Map<String, Set<String>> writes = new ConcurrentHashMap<>();
    final Map<String, Set<String>> locks = new ConcurrentHashMap<>();
    final Map<String, LongAdder> steps = new ConcurrentHashMap<>();
    /** Keyed {@code FROM -> TO}. */
    final Map<String, LongAdder> branches = new ConcurrentHashMap<>();

    Observations(Spec spec) {
        super(spec);
        this.vars = spec.layout().vars();
        for (Var v : vars) {
            if (v.name().matches("cpu\\d+\\.pc")) {
                pcs.put(v.name(), v);
            }
        }
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        spec.step(from, action, to);
        StepInfo info = spec.describe(from, action);
        String label = info.label();
        steps.computeIfAbsent(label, k -> new LongAdder()).increment();
        // local steps merged into this one are counted as executed; their writes show under it
        for (StepInfo local : spec.localSteps(from, action)) {
            steps.computeIfAbsent(local.label(), k -> new LongAdder()).increment();
        }
        Set<String> w = writes.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet());
        for (Var v : vars) {
            if (!v.show(from).equals(v.show(to))) {
                w.add(spec.model().genericName(v.name()));
            }
        }
        locks.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet()).addAll(spec.locksHeld(from, info.cpu()));
        Var pc = pcs.get("cpu" + info.cpu() + ".pc");
        if (pc == null) {
            return; // a model without a program counter per CPU shows no branches
        }
        String next = pc.show(to);
        String edge = label + " -> " + (next.equals("RET") ? RETURN : next);
        branches.computeIfAbsent(edge, k -> new LongAdder()).increment();
    }
}
