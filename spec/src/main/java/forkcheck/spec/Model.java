package forkcheck.spec;

import java.util.List;

/**
 * A family of specs that share a scenario format, a set of labels and a catalogue of mutants:
 * the pid allocator ({@code pidmap}) and the fork path ({@code fork}). A scenario file names its
 * model on a {@code model} line; the checker reaches every spec through here and never names a
 * kernel function.
 */
public interface Model {
    /** As a scenario's {@code model} line names it. */
    String name();

    /** Identifies the semantics; a trace recorded under another version does not replay. */
    String version();

    /**
     * The spec for a scenario of this model with a mutant ({@code "none"} for the kernel as it
     * is). Errors name the source, line and field ({@link forkcheck.spec.scenario.ScenarioException})
     * or the unknown mutant ({@link BadInputException}).
     */
    Spec build(String source, String text, String mutant);

    /** Every label a step of this model can carry, in the order reports list them. */
    List<Label> labels();

    /** The seeded mutants, without {@code none}. */
    List<Mutation> mutants();

    /** A state variable's name with its indices made generic ({@code cpu1.pc} becomes {@code cpu.pc}). */
    String genericName(String variable);
}
