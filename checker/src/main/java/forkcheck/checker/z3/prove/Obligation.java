package forkcheck.checker.z3.prove;

/**
 * {@code (Inv ∧ Aux)(s) ∧ Step(s, s') ⇒ target(s')}, for the steps from one label (any CPU); for
 * {@link #INIT}, {@code Init(s) ⇒ target(s)}; for {@link #PROGRESS} (target {@code deadlock-free}),
 * {@code (Inv ∧ Aux)(s) ⇒ final(s) ∨ some step is enabled in s}; for the target
 * {@link #STAYS_IN_MODEL}, {@code (Inv ∧ Aux)(s) ⇒} no enabled step from the label throws.
 *
 * @param step a label's name, {@code BEGIN} (a CPU between calls begins its next op), {@code INIT} or
 *     {@code PROGRESS}
 * @param target the invariant the step must preserve
 * @param auxiliary whether the target is an auxiliary invariant rather than a property of the spec
 */
public record Obligation(String step, String target, boolean auxiliary) {
    public static final String INIT = "INIT";
    public static final String BEGIN = "BEGIN";
    public static final String PROGRESS = "PROGRESS";
    public static final String DEADLOCK_FREE = "deadlock-free";
    public static final String STAYS_IN_MODEL = "stays-in-model";
}
