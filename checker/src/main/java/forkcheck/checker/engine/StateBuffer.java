package forkcheck.checker.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only sequence of states, each with the id of the state it was reached from and the
 * action that reached it. One per worker per BFS level; chunked, so it grows without copying.
 */
final class StateBuffer {
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK = 1 << CHUNK_SHIFT;

    private final int width;
    private final List<long[]> states = new ArrayList<>();
    private final List<int[]> parents = new ArrayList<>();
    private final List<short[]> actions = new ArrayList<>();
    private int size;

    StateBuffer(int width) {
        this.width = width;
    }

    void append(long[] state, int parent, int action) {
        int chunk = size >>> CHUNK_SHIFT;
        int at = size & (CHUNK - 1);
        if (chunk == states.size()) {
            states.add(new long[CHUNK * width]);
            parents.add(new int[CHUNK]);
            actions.add(new short[CHUNK]);
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

    long bytes() {
        return (long) states.size() * CHUNK * (8L * width + 4 + 2);
    }
}
