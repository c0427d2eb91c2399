package forkcheck.spec;

/**
 * Input a user gave that cannot be used: a scenario, a trace, an option. The message names what
 * is wrong and where; the command line exits 2 on it. Anything else thrown is a bug in forkcheck.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
