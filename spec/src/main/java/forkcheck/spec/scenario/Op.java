package forkcheck.spec.scenario;

/** One call in a CPU's program. */
public sealed interface Op {
    /** The 1-based line of the scenario file it came from, for error messages. */
    int line();

    /** {@code alloc}: call {@code alloc_pidmap()}. */
    record Alloc(int line) implements Op {
        @Override
        public String toString() {
            return "alloc";
        }
    }

    /** {@code free rK}: free the pid that this CPU's K-th alloc returned (0-based {@code alloc}). */
    record FreeResult(int line, int alloc) implements Op {
        @Override
        public String toString() {
            return "free r" + (alloc + 1);
        }
    }

    /** {@code free N}: free pid N, one of those the scenario starts with taken. */
    record FreePid(int line, int pid) implements Op {
        @Override
        public String toString() {
            return "free " + pid;
        }
    }
}
