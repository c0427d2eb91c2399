package forkcheck.spec.scenario;

/**
 * A scenario as written, before any model parses it: where it came from (a path or
 * {@code builtin:NAME}) and its text. Which model reads it is its {@code model} line's business.
 */
public record ScenarioText(String source, String text) {}
