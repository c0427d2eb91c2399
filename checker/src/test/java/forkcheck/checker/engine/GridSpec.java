package forkcheck.checker.engine;

import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.spec.Model;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec whose state space is known in closed form: {@code n} counters, each 0..k, action
 * {@code i} increments counter {@code i}. It has (k+1)^n states, n·k·(k+1)^(n-1) transitions,
 * and the state with counters summing to d lies at depth d; so the explorer's counts and trace
 * lengths can be checked against arithmetic rather than against itself.
 */
final class GridSpec implements Spec {
    final int n;
    final int k;
    private final boolean allKIsFinal;
    private final Layout layout;
    private final Field[] counters;
    private final List<Property> properties;

    /**
     * @param violateAtSum an invariant "sum of counters &lt; violateAtSum", or 0 for none
     * @param allKIsFinal whether the state with every counter at k is final (otherwise a deadlock)
     */
    GridSpec(int n, int k, int violateAtSum, boolean allKIsFinal, List<Property> extra) {
        this.n = n;
        this.k = k;
        this.allKIsFinal = allKIsFinal;
        Layout.Builder b = Layout.builder();
        counters = new Field[n];
        for (int i = 0; i < n; i++) {
            counters[i] = b.field("x" + i, 0, k);
        }
        layout = b.build();
        List<Property> ps = new ArrayList<>();
        if (violateAtSum > 0) {
            ps.add(Property.always("sum-below", "the counters sum to less than " + violateAtSum,
                    s -> sum(s) < violateAtSum));
        }
        ps.addAll(extra);
        properties = List.copyOf(ps);
    }

    GridSpec(int n, int k) {
        this(n, k, 0, true, List.of());
    }

    int sum(long[] s) {
        int total = 0;
        for (Field c : counters) {
            total += c.get(s);
        }
        return total;
    }

    int get(long[] s, int i) {
        return counters[i].get(s);
    }

    long distinct() {
        return pow(k + 1, n);
    }

    long transitions() {
        return (long) n * k * pow(k + 1, n - 1);
    }

    static long pow(long b, int e) {
        long r = 1;
        for (int i = 0; i < e; i++) {
            r *= b;
        }
        return r;
    }

    /** The engine never asks: the grid tests the explorer alone, with no labels, mutants or scenarios. */
    @Override
    public Model model() {
        throw new UnsupportedOperationException("GridSpec belongs to no model");
    }

    @Override
    public String scenarioName() {
        return "grid";
    }

    @Override
    public String version() {
        return "grid-test";
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public void init(long[] state) {
        java.util.Arrays.fill(state, 0L);
    }

    @Override
    public int actionCount() {
        return n;
    }

    @Override
    public boolean enabled(long[] state, int action) {
        return counters[action].get(state) < k;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
        counters[action].set(to, counters[action].get(to) + 1);
    }

    @Override
    public boolean isFinal(long[] state) {
        if (!allKIsFinal) {
            return false;
        }
        for (Field c : counters) {
            if (c.get(state) != k) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    @Override
    public StepInfo describe(long[] state, int action) {
        return new StepInfo(action, "inc", "INC", "x" + action + "++", false);
    }
}
