package forkcheck.spec;

import forkcheck.model.Layout;
import java.util.List;

/**
 * The face a specification shows the checker: initial state, steps, properties.
 *
 * <p>A step is identified by an action number in {@code [0, actionCount())}: which CPU moves, and
 * which way a non-deterministic choice made by that step goes (an allocation that succeeds or
 * fails). Nothing here names a kernel function, so the checker explores any spec written to it.
 *
 * <p>Implementations are immutable after construction and safe to share between worker threads.
 */
public interface Spec {
    /** The family this spec belongs to: its labels, mutants and scenario format. */
    Model model();

    /** The name of the scenario it was built from, as traces and reports name it. */
    String scenarioName();

    /** The scenario's bounds as a person reads them ({@code 2 CPUs, pid_max 12, ...}), or empty. */
    default String bounds() {
        return "";
    }

    /** Identifies the semantics; a trace recorded under another version does not replay. */
    String version();

    Layout layout();

    void init(long[] state);

    int actionCount();

    /** Whether {@code action} can be taken in {@code state}. */
    boolean enabled(long[] state, int action);

    /**
     * Takes {@code action} from {@code from}, writing the whole successor into {@code to}.
     * Only called when {@link #enabled} holds. Must not allocate.
     */
    void step(long[] from, int action, long[] to);

    /** A state with no enabled action is a deadlock unless it is final (every CPU has finished). */
    boolean isFinal(long[] state);

    List<Property> properties();

    /** The locks CPU {@code cpu} holds in {@code state}, by name; for lock discipline and reports. */
    default List<String> locksHeld(long[] state, int cpu) {
        return List.of();
    }

    /** What {@code action} does from {@code state}, for traces. */
    StepInfo describe(long[] state, int action);

    /**
     * The local steps that run within {@code action}'s step after the one {@link #describe}
     * names, in order, for coverage: a spec that merges steps nobody else can observe into the
     * visible step before them says here which ones ran. Not on the search's hot path.
     */
    default List<StepInfo> localSteps(long[] state, int action) {
        return List.of();
    }
}
