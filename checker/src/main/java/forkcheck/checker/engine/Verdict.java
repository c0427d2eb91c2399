package forkcheck.checker.engine;

import forkcheck.spec.Property;

/**
 * What a run found about one property. {@code path} is the shortest action sequence from the
 * initial state to a violating (or, for a sometimes-property, witnessing) state, or null.
 */
public record Verdict(Property property, Status status, int[] path) {
    public enum Status {
        /** An invariant held in every state explored, and the exploration was complete. */
        HOLDS,
        VIOLATED,
        /** A sometimes-property held in some state. */
        REACHED,
        /** The exploration was complete and no state satisfied the sometimes-property. */
        NEVER_REACHED,
        /** A bound stopped the exploration before the property was decided. */
        UNDECIDED
    }

    public boolean failed() {
        return status == Status.VIOLATED || status == Status.NEVER_REACHED;
    }
}
