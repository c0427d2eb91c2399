package forkcheck.model;

/** The spec wrote a value that the layout has no room for: the layout's bounds are wrong. */
public final class FieldOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FieldOverflowException(String field, int value, int min, int max) {
        super("value " + value + " does not fit field " + field + " (range " + min + ".." + max + ")");
    }
}
