package forkcheck.checker.z3.prove;

import forkcheck.spec.Spec;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model's obligations {@code (Inv ∧ Aux)(s) ∧ Step(s, s') ⇒ I(s')}, decided with Z3 over every
 * state of a scenario's layout: what {@code forkcheck prove} runs, whatever the model.
 */
public interface StepProver extends AutoCloseable {
    Spec spec();

    /** The steps, by name, in the order {@link #prove} takes them: {@code INIT} first. */
    List<String> steps();

    /** The invariants each step must preserve, by name: the spec's, then the auxiliary ones. */
    List<String> targets();

    List<AuxInvariant> auxiliary();

    /** Every obligation of {@code steps} × {@code targets}, decided; {@code timeoutMs} per obligation. */
    List<Outcome> prove(List<String> steps, List<String> targets, int timeoutMs);

    /** Where a long {@link #prove} reports what it is doing, a line at a time; a fast one reports nothing. */
    default void progress(Consumer<String> sink) {}

    @Override
    void close();
}
