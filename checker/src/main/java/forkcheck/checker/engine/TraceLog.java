package forkcheck.checker.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * For every distinct state, by id: the id of the state it was first reached from and the action
 * taken. Six bytes a state; a path is rebuilt by following parents to the initial state (id 0)
 * and re-executing the actions, as stateright rebuilds paths from fingerprints.
 */
final class TraceLog {
    private static final int CHUNK_SHIFT = 20;
    private static final int CHUNK = 1 << CHUNK_SHIFT;

    private final List<int[]> parents = new ArrayList<>();
    private final List<short[]> actions = new ArrayList<>();
    private int size;

    /** Records state {@code size()}; returns its id. */
    int add(int parent, int action) {
        int chunk = size >>> CHUNK_SHIFT;
        if (chunk == parents.size()) {
            parents.add(new int[CHUNK]);
            actions.add(new short[CHUNK]);
        }
        parents.get(chunk)[size & (CHUNK - 1)] = parent;
        actions.get(chunk)[size & (CHUNK - 1)] = (short) action;
        return size++;
    }

    int size() {
        return size;
    }

    long bytes() {
        return (long) parents.size() * CHUNK * 6;
    }

    /** The actions from the initial state to state {@code id}. */
    int[] path(int id) {
        List<Integer> rev = new ArrayList<>();
        for (int s = id; s != 0; s = parents.get(s >>> CHUNK_SHIFT)[s & (CHUNK - 1)]) {
            rev.add((int) actions.get(s >>> CHUNK_SHIFT)[s & (CHUNK - 1)]);
        }
        int[] path = new int[rev.size()];
        for (int i = 0; i < path.length; i++) {
            path[i] = rev.get(path.length - 1 - i);
        }
        return path;
    }
}
