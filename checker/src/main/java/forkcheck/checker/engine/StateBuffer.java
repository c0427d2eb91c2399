package forkcheck.checker.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only sequence of states, each with the id of the state it was reached from and the
 * action that reached it. One per worker per BFS level; chunked, so it grows without copying
 * once past its first chunk. The first chunk starts small and doubles: a level of a deep, narrow
 * state space (a boot has one state per level) must not cost a full chunk of wide states.
 *
 * <p>Only its worker appends; other threads ask its {@link #bytes} for the memory bound while it
 * does, so that is a count kept apart from the chunk lists rather than read from them.
 */
final class StateBuffer {
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int FIRST = 64;

    private final int width;
    private final List<long[]> states = new ArrayList<>();
    private final List<int[]> parents = new ArrayList<>();
    private final List<short[]> actions = new ArrayList<>();
    private int size;
    private volatile long bytes;

    StateBuffer(int width) {
        this.width = width;
    }

    void append(long[] state, int parent, int action) {
        int chunk = size >>> CHUNK_SHIFT;
        int at = size & (CHUNK - 1);
        if (chunk == states.size()) {
            int n = chunk == 0 ? FIRST : CHUNK;
            states.add(new long[n * width]);
            parents.add(new int[n]);
            actions.add(new short[n]);
            bytes += bytesOf(n);
        } else if (chunk == 0 && at == parents.get(0).length) {
            int n = Math.min(2 * at, CHUNK);
            states.set(0, java.util.Arrays.copyOf(states.get(0), n * width));
            parents.set(0, java.util.Arrays.copyOf(parents.get(0), n));
            actions.set(0, java.util.Arrays.copyOf(actions.get(0), n));
            bytes += bytesOf(n - at);
        }
        System.arraycopy(state, 0, states.get(chunk), at * width, width);
        parents.get(chunk)[at] = parent;
        actions.get(chunk)[at] = (short) action;
        size++;
    }

    void load(int index, long[] into) {
        System.arraycopy(states.get(index >>> CHUNK_SHIFT), (index & (CHUNK - 1)) * width, into, 0, width);
    }

    int parent(int index) {
        return parents.get(index >>> CHUNK_SHIFT)[index & (CHUNK - 1)];
    }

    int action(int index) {
        return actions.get(index >>> CHUNK_SHIFT)[index & (CHUNK - 1)];
    }

    int size() {
        return size;
    }

    /** What its chunks take; safe to call from any thread. */
    long bytes() {
        return bytes;
    }

    private long bytesOf(int states) {
        return (8L * width + 6L) * states;
    }
}
