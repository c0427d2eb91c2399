package forkcheck.spec;

import forkcheck.spec.scenario.ScenarioException;
import java.util.ArrayList;
import java.util.List;

/**
 * A named claim about the spec, as stateright and TLC name theirs.
 *
 * <p>{@link Kind#ALWAYS}: holds in every reachable state (an invariant). {@link Kind#SOMETIMES}:
 * holds in at least one reachable state, so that a passing check cannot pass only because the
 * model never got there.
 *
 * @param reads the variables the predicate reads, named generically ({@code cpu.pc} for every
 *     CPU's {@code pc}, {@code pidmap_array[].bits} for every page's bits): a step that writes
 *     none of them cannot change the property. Stated, and tested by perturbing the others.
 */
public record Property(String name, Kind kind, String description, List<String> reads, StatePredicate predicate) {
    public enum Kind {
        ALWAYS,
        SOMETIMES
    }

    public static Property always(String name, String description, StatePredicate p) {
        return new Property(name, Kind.ALWAYS, description, List.of(), p);
    }

    public static Property sometimes(String name, String description, StatePredicate p) {
        return new Property(name, Kind.SOMETIMES, description, List.of(), p);
    }

    public Property reading(String... vars) {
        return new Property(name, kind, description, List.of(vars), predicate);
    }

    /**
     * The properties a scenario's {@code properties} line names, in its order, or
     * {@code byDefault} when it names none; an unknown name is an error at that line.
     */
    public static List<Property> select(List<Property> all, List<Property> byDefault, List<String> names,
            String source, int line) {
        if (names.isEmpty()) {
            return byDefault;
        }
        List<Property> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(all.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow(() ->
                    new ScenarioException(source, line, "properties", "unknown property '" + name + "' (known: "
                            + String.join(", ", all.stream().map(Property::name).toList()) + ")")));
        }
        return List.copyOf(chosen);
    }
}
