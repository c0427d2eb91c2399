package forkcheck.checker.z3.prove;

/**
 * What Z3 said about one obligation.
 *
 * @param cti the counterexample to induction, when {@code status} is {@link Status#CTI}
 * @param reason Z3's reason, when {@code status} is {@link Status#UNKNOWN}
 * @param noStep no state where the invariants hold has a step from this label (LAST_PID_READ, which
 *     runs with the begin of its call; a mutant's label without the mutant): proved, but vacuously
 */
public record Outcome(Obligation obligation, Status status, double seconds, Cti cti, String reason, boolean noStep) {
    public enum Status {
        PROVED,
        CTI,
        UNKNOWN
    }
}
