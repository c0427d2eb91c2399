package forkcheck.checker.z3;

/** Z3 and the Java predicate disagree on a state: one of the two encodings of a property is wrong. */
public final class CertificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CertificationException(String message) {
        super(message);
    }
}
