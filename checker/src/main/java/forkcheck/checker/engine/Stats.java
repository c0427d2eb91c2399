package forkcheck.checker.engine;

/** A snapshot of a run: what TLC prints every minute, and at the end. */
public record Stats(long distinct, long transitions, long queued, int depth, long nanos) {
    public double seconds() {
        return nanos / 1e9;
    }

    public double distinctPerSecond() {
        return nanos == 0 ? 0 : distinct / seconds();
    }
}
