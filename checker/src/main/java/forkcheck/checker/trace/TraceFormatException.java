package forkcheck.checker.trace;

/** A trace file that cannot be read or does not replay, naming the file and the place at fault. */
public final class TraceFormatException extends forkcheck.spec.BadInputException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
