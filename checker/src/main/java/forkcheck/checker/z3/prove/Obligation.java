package forkcheck.checker.z3.prove;

/**
 * {@code (Inv ∧ Aux)(s) ∧ Step(s, s') ⇒ target(s')}, for the steps from one label (any CPU), or,
 * for {@link #INIT}, {@code Init(s) ⇒ target(s)}.
 *
 * @param step a label's name, {@code BEGIN} (a CPU between calls begins its next op) or {@code INIT}
 * @param target the invariant the step must preserve
 * @param auxiliary whether the target is an auxiliary invariant rather than a property of the spec
 */
public record Obligation(String step, String target, boolean auxiliary) {
    public static final String INIT = "INIT";
    public static final String BEGIN = "BEGIN";
}
