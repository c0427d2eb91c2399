package forkcheck.spec;

/**
 * A named claim about the spec, as stateright and TLC name theirs.
 *
 * <p>{@link Kind#ALWAYS}: holds in every reachable state (an invariant). {@link Kind#SOMETIMES}:
 * holds in at least one reachable state, so that a passing check cannot pass only because the
 * model never got there.
 */
public record Property(String name, Kind kind, String description, StatePredicate predicate) {
    public enum Kind {
        ALWAYS,
        SOMETIMES
    }

    public static Property always(String name, String description, StatePredicate p) {
        return new Property(name, Kind.ALWAYS, description, p);
    }

    public static Property sometimes(String name, String description, StatePredicate p) {
        return new Property(name, Kind.SOMETIMES, description, p);
    }
}
