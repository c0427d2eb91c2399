package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.Context;
import forkcheck.checker.z3.prove.Cti;
import forkcheck.checker.z3.prove.Obligation;
import forkcheck.checker.z3.prove.ReachableStates;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the explicit search says about an obligation: the reachable states where every invariant
 * holds, and among them a step that breaks a target (a bug, whatever Z3 says) or a deadlock. It
 * also holds Z3 to account: a step Z3 says no state of the hypothesis has, or a deadlock it says
 * there is none of, must not be found here either.
 */
final class Evidence {
    private final ForkSpec spec;
    private final Context ctx;
    private final SymbolicForkSpec sym;
    private final Map<String, Property> invariants;
    private final RowOf rowOf;
    private ReachableStates reachable;
    /** The reachable states where every invariant holds: where a reachable CTI can start. */
    private List<long[]> holding;
    /** By row, the states of {@link #holding} that the search takes a step of it from. */
    private Map<Row, List<long[]>> taken;

    Evidence(ForkSpec spec, Context ctx, SymbolicForkSpec sym, Map<String, Property> invariants) {
        this.spec = spec;
        this.ctx = ctx;
        this.sym = sym;
        this.invariants = invariants;
        this.rowOf = new RowOf(spec);
    }

    ReachableStates reachable() {
        if (reachable == null) {
            reachable = new ReachableStates(spec);
        }
        return reachable;
    }

    /**
     * A reachable state where every invariant holds, whose Java step of {@code row} breaks
     * {@code target}. The symbolic step, run on it, must reach the same state; if it does not, it
     * disagrees with the Java there, and that is a bug of the prover.
     */
    Cti cti(Row row, String target) {
        Property broken = invariants.get(target);
        for (long[] s : holding()) {
            for (int a = 0; a < spec.actionCount(); a++) {
                if (!spec.enabled(s, a) || !row.equals(rowOf.of(s, a))) {
                    continue;
                }
                long[] t = spec.layout().newState();
                spec.step(s, a, t);
                if (broken.predicate().test(t)) {
                    continue;
                }
                if (!sym.reaches(SymState.of(ctx, spec.layout(), s), a, row, t)) {
                    throw new IllegalStateException("the symbolic fork spec does not take the Java's step " + row.name()
                            + " of action " + a + " from a reachable state, which breaks " + target);
                }
                return new Cti(s, t, a >> 1, row.name(), (a & 1) != 0, relevant(target, s, t), true);
            }
        }
        return null;
    }

    /** A reachable state where every invariant holds, not final and with no action enabled; null if none. */
    long[] deadlock() {
        return holding().stream().filter(this::deadlocked).findFirst().orElse(null);
    }

    /** The search's {@code deadlock-free} violation. */
    private boolean deadlocked(long[] s) {
        for (int a = 0; a < spec.actionCount(); a++) {
            if (spec.enabled(s, a)) {
                return false;
            }
        }
        return !spec.isFinal(s);
    }

    /**
     * Z3 finds no step of {@code row} from the states where the hypothesis holds: then the search
     * must take none from a state where it holds (every invariant and every candidate {@code h}
     * keeps). Where it does, the step or the hypothesis as built is wrong, and every proof with it
     * suspect.
     */
    void mustNotBeTaken(Row row, Houdini h) {
        if (taken == null) {
            taken = new HashMap<>();
            for (long[] s : holding()) {
                for (int a = 0; a < spec.actionCount(); a++) {
                    if (spec.enabled(s, a)) {
                        taken.computeIfAbsent(rowOf.of(s, a), r -> new ArrayList<>()).add(s);
                    }
                }
            }
        }
        for (long[] s : taken.getOrDefault(row, List.of())) {
            if (h.holdsOn(s)) {
                throw new IllegalStateException("Z3 finds no step of " + row.name() + " where the hypothesis holds, yet"
                        + " the search takes one from a state where it holds: the prover is wrong");
            }
        }
    }

    /** The variables the target reads (by the families its property declares) and those the step changed. */
    List<String> relevant(String target, long[] s, long[] t) {
        Set<String> families = new HashSet<>(invariants.get(target).reads());
        List<String> out = new ArrayList<>();
        for (Var v : spec.layout().vars()) {
            if (families.contains(family(v.name())) || !v.show(s).equals(v.show(t))) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** A deadlock as a CTI: no step; what decides who may move (each task's pc, op and state, each CPU's current task). */
    Cti deadlockCti(long[] s, Boolean isReachable) {
        List<String> shown = spec.layout().vars().stream().map(Var::name)
                .filter(n -> n.matches("(task\\d+\\.(used|pc|op|state)|rq\\d+\\.curr|cpu\\d+\\.pc)")).toList();
        return new Cti(s, s, -1, Obligation.PROGRESS, false, shown, isReachable);
    }

    private List<long[]> holding() {
        if (holding == null) {
            holding = reachable().states().stream()
                    .filter(s -> invariants.values().stream().allMatch(p -> p.predicate().test(s))).toList();
        }
        return holding;
    }

    /** {@code task3.pid} is of {@code task.pid}, {@code pidmap_array[0].bits} of {@code pidmap_array[].bits}. */
    private static String family(String name) {
        return name.replaceAll("\\d+", "").replace("root_user.", "user.");
    }
}
