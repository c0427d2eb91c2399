package forkcheck.checker.z3;

import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.Spec;
import java.util.HashMap;
import java.util.Map;

/**
 * The state vector's variables by the names the layout gives them ({@code last_pid},
 * {@code pidmap_array[0].bits}, {@code cpu1.pc}). The Z3 encodings read a state only through
 * these, never through the spec's own predicates, so that the two stay independent.
 */
public final class StateVars {
    private final Map<String, Var> byName = new HashMap<>();

    public StateVars(Spec spec) {
        for (Var v : spec.layout().vars()) {
            byName.put(v.name(), v);
        }
    }

    public Field field(String name) {
        if (byName.get(name) instanceof Field f) {
            return f;
        }
        throw new IllegalStateException("the layout has no field " + name);
    }

    public Bitmap bitmap(String name) {
        if (byName.get(name) instanceof Bitmap b) {
            return b;
        }
        throw new IllegalStateException("the layout has no bitmap " + name);
    }
}
