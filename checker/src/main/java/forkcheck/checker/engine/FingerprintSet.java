package forkcheck.checker.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: an open-addressing table of fingerprints with linear probing, one
 * {@code long} per slot, 0 for empty.
 *
 * <p>{@link #add} is lock-free and safe from many threads; {@link #grow} is not, and runs while
 * no thread adds (the explorer holds every worker at a chunk boundary). Callers keep the load
 * below {@link #MAX_LOAD} by growing when {@link #wantsToGrow} says so, which leaves the table
 * room for the few thousand adds that may land before the workers stop for it.
 */
final class FingerprintSet {
    static final double MAX_LOAD = 0.75;
    /** Measured: growing at 0.65 instead saves memory but no time on the pidrace ladder. */
    private static final double GROW_AT = 0.5;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private long[] table;
    private long size;

    FingerprintSet(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity " + capacityPowerOfTwo + " is not a power of two");
        }
        table = new long[capacityPowerOfTwo];
    }

    /** Adds {@code fp}; true if it was not there. The caller counts what it added ({@link #added}). */
    boolean add(long fp) {
        long[] t = table;
        int mask = t.length - 1;
        int i = (int) (fp ^ (fp >>> 32)) & mask;
        while (true) {
            long cur = t[i];
            if (cur == fp) {
                return false;
            }
            if (cur == 0) {
                if (SLOT.compareAndSet(t, i, 0L, fp)) {
                    return true;
                }
                continue;
            }
            i = (i + 1) & mask;
        }
    }

    /** The first slot {@code fp} probes: a plain load, for callers that want its cache line fetched early. */
    long slot(long fp) {
        long[] t = table;
        return t[(int) (fp ^ (fp >>> 32)) & (t.length - 1)];
    }

    /** Tells the set how many adds returned true since the last call; called at chunk boundaries. */
    synchronized void added(long n) {
        size += n;
    }

    synchronized long size() {
        return size;
    }

    int capacity() {
        return table.length;
    }

    long bytes() {
        return 8L * table.length;
    }

    synchronized boolean wantsToGrow() {
        return size > (long) (table.length * GROW_AT);
    }

    /** Doubles the table. Only while no thread is in {@link #add}. */
    void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long fp : old) {
            if (fp != 0) {
                int i = (int) (fp ^ (fp >>> 32)) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = fp;
            }
        }
        table = t;
    }
}
