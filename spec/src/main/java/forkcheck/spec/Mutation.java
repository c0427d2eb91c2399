package forkcheck.spec;

import java.util.Arrays;
import java.util.List;

/**
 * A seeded fault of a model: a plausible mistake in the kernel code, which must break
 * {@code breaks} on the built-in scenario {@code scenario}.
 */
public record Mutation(String id, String description, String breaks, String scenario) {
    /** The id of the spec as the kernel has it, which every model's mutants include. */
    public static final String NONE = "none";

    /** A model's enum of mutants: each constant is its {@link Mutation}, and one is {@link #NONE}. */
    public interface Seeded {
        Mutation mutation();
    }

    /** The constants that are faults, {@link #NONE} left out. */
    public static <E extends Enum<E> & Seeded> List<E> seeded(E[] values) {
        return Arrays.stream(values).filter(m -> !m.mutation().id().equals(NONE)).toList();
    }

    /** The constant with this id; bad input naming the known ones otherwise ({@code model}: whose, for the message). */
    public static <E extends Enum<E> & Seeded> E byId(E[] values, String id, String model) {
        for (E m : values) {
            if (m.mutation().id().equals(id)) {
                return m;
            }
        }
        throw new BadInputException("unknown mutant '" + id + "'" + model + " (known: "
                + String.join(", ", Arrays.stream(values).map(m -> m.mutation().id()).toList()) + ")");
    }
}
