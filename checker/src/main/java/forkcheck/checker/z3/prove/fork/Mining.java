package forkcheck.checker.z3.prove.fork;

/** What {@link ForkProver} reads off the reachable states to strengthen the spec's invariants. */
public enum Mining {
    /** Nothing: the spec's invariants alone, and counterexamples to induction in states no run reaches. */
    NONE,
    /** The values each column takes, everywhere and in each control state of a task or a CPU. */
    CONTROLS,
    /**
     * Also the pairs of control states the search saw, and what a column of either task (or of no
     * task) takes in each: what the one-state candidates cannot say, such as a parent's
     * {@code need_resched} after {@code fork}, set or not as its child has run.
     */
    PAIRS
}
