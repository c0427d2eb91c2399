package forkcheck.checker.engine;

/**
 * Sees new distinct states as the explorer finds them (every {@link Options#observeEvery()}-th
 * one). The engine knows nothing of what it does (the Z3 certifier is one), so the engine does not
 * depend on a solver. Called from worker threads; an observer that is not thread-safe must be run
 * with one worker. An exception it throws ends the run.
 */
@FunctionalInterface
public interface StateObserver {
    void observe(long[] state, long fingerprint);
}
