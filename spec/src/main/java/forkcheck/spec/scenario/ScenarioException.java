package forkcheck.spec.scenario;

/** A scenario that cannot be checked, with the place at fault: {@code file:line: field: why}. */
public final class ScenarioException extends forkcheck.spec.BadInputException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String source, int line, String field, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    }
}
