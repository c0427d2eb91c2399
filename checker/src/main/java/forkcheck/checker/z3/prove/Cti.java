package forkcheck.checker.z3.prove;

import java.util.List;

/**
 * A counterexample to induction: a state where every invariant and auxiliary invariant holds,
 * and a step from it to a state where the target does not.
 *
 * @param relevant the variables the target reads and those the step changes, in layout order
 * @param reachable whether the explicit search reaches {@code before}; null if it was not run to the end
 */
public record Cti(long[] before, long[] after, int cpu, String label, boolean fail, List<String> relevant,
        Boolean reachable) {}
