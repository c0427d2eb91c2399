package forkcheck.checker.z3.prove;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Fingerprint;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every state the explicit search reaches, kept so that a counterexample to induction can be
 * looked up, and the reachable ones among a step's pre-states scanned for one.
 */
public final class ReachableStates {
    /** A scenario too large to keep is not one to prove on; past this, reachability is unknown. */
    static final long MAX_STATES = 2_000_000;

    private final List<long[]> states = new ArrayList<>();
    private final Set<Long> fingerprints = new HashSet<>();
    private final Set<String> holding = new HashSet<>();
    private final boolean complete;

    public ReachableStates(Spec spec) {
        Result r = Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true)
                .withMaxStates(MAX_STATES).withObserver((s, fp) -> {
                    states.add(s.clone());
                    fingerprints.add(fp);
                }, 1));
        complete = r.complete();
        for (Verdict v : r.verdicts()) {
            if (v.status() == Verdict.Status.HOLDS) {
                holding.add(v.property().name());
            }
        }
    }

    /**
     * Whether the search found the spec's property {@code name} to hold in every reachable state:
     * then no reachable state is a CTI of it, since its successor would be a reachable violation.
     */
    public boolean holds(String name) {
        return holding.contains(name);
    }

    /** Whether the search ran to the end, so that "not found" means unreachable. */
    public boolean complete() {
        return complete;
    }

    public boolean contains(long[] s) {
        return fingerprints.contains(Fingerprint.of(s));
    }

    /** Whether the search reaches {@code s}: null if it did not, but was bounded before the end. */
    public Boolean reaches(long[] s) {
        return contains(s) ? Boolean.TRUE : complete ? Boolean.FALSE : null;
    }

    public List<long[]> states() {
        return states;
    }
}
