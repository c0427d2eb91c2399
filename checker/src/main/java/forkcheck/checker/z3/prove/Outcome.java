package forkcheck.checker.z3.prove;

/**
 * What Z3 said about one obligation.
 *
 * @param cti the counterexample to induction, when {@code status} is {@link Status#CTI}
 * @param reason Z3's reason, when {@code status} is {@link Status#UNKNOWN}
 */
public record Outcome(Obligation obligation, Status status, double seconds, Cti cti, String reason) {
    public enum Status {
        PROVED,
        CTI,
        UNKNOWN
    }
}
