package forkcheck.checker.engine;

import java.time.Duration;

/**
 * How to explore.
 *
 * @param workers threads expanding states; counts do not depend on it
 * @param maxStates stop once this many distinct states are found (0: no bound)
 * @param maxDepth do not expand states at this depth (0: no bound)
 * @param timeLimit stop after this long (null: no bound)
 * @param maxMemoryBytes stop before the heap holds more than this (0: a share of the JVM's heap)
 * @param keepGoing after a violation, go on to find the shortest trace of every other property
 * @param progressEvery how often to report progress (null: never)
 * @param observer sees new distinct states (null: none, and the hot path does not look for one)
 * @param observeEvery the observer sees every this-many-th new distinct state, the initial one first
 */
public record Options(
        int workers,
        long maxStates,
        int maxDepth,
        Duration timeLimit,
        long maxMemoryBytes,
        boolean keepGoing,
        Duration progressEvery,
        StateObserver observer,
        long observeEvery) {

    public static Options defaults() {
        return new Options(Runtime.getRuntime().availableProcessors(), 0, 0, null, 0, false, null, null, 1);
    }

    public Options withWorkers(int n) {
        return new Options(n, maxStates, maxDepth, timeLimit, maxMemoryBytes, keepGoing, progressEvery, observer, observeEvery);
    }

    public Options withMaxStates(long n) {
        return new Options(workers, n, maxDepth, timeLimit, maxMemoryBytes, keepGoing, progressEvery, observer, observeEvery);
    }

    public Options withMaxDepth(int n) {
        return new Options(workers, maxStates, n, timeLimit, maxMemoryBytes, keepGoing, progressEvery, observer, observeEvery);
    }

    public Options withTimeLimit(Duration d) {
        return new Options(workers, maxStates, maxDepth, d, maxMemoryBytes, keepGoing, progressEvery, observer, observeEvery);
    }

    public Options withMaxMemory(long bytes) {
        return new Options(workers, maxStates, maxDepth, timeLimit, bytes, keepGoing, progressEvery, observer, observeEvery);
    }

    public Options withKeepGoing(boolean k) {
        return new Options(workers, maxStates, maxDepth, timeLimit, maxMemoryBytes, k, progressEvery, observer, observeEvery);
    }

    public Options withProgressEvery(Duration d) {
        return new Options(workers, maxStates, maxDepth, timeLimit, maxMemoryBytes, keepGoing, d, observer, observeEvery);
    }

    public Options withObserver(StateObserver o, long every) {
        return new Options(workers, maxStates, maxDepth, timeLimit, maxMemoryBytes, keepGoing, progressEvery, o, every);
    }

    void validate() {
        if (observeEvery < 1) {
            throw new forkcheck.spec.BadInputException("observe every must be at least 1, got " + observeEvery);
        }
        if (workers < 1) {
            throw new forkcheck.spec.BadInputException("workers must be at least 1, got " + workers);
        }
        if (maxStates < 0 || maxDepth < 0 || maxMemoryBytes < 0) {
            throw new forkcheck.spec.BadInputException("bounds must not be negative");
        }
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new forkcheck.spec.BadInputException("time limit must be positive, got " + timeLimit);
        }
    }
}
