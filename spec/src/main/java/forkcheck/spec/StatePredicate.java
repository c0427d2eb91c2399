package forkcheck.spec;

/** A predicate on a state vector; called on every distinct state, so it must not allocate. */
@FunctionalInterface
public interface StatePredicate {
    boolean test(long[] state);
}
