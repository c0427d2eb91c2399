package forkcheck.spec.fork;

import forkcheck.model.Field;
import forkcheck.model.Layout;

/**
 * The structures tasks share, each a small pool with its reference count: an entry whose count
 * is 0 is free ({@code kmem_cache_alloc} takes the first free one). {@code user_struct}s are
 * fixed: {@code root_user} is 0, the scenario's other users 1.. .
 */
final class Pools {
    final int size;
    final int users;

    /** {@code user_struct}: {@code __count}, {@code processes}. */
    final Field[] userCount;
    final Field[] userProcesses;
    /** {@code signal_struct}: {@code count}, {@code live}, {@code SIGNAL_GROUP_EXIT}, {@code group_stop_count}, {@code rlim[RLIMIT_NPROC]}. */
    final Field[] signalCount;
    final Field[] signalLive;
    final Field[] signalGroupExit;
    final Field[] groupStopCount;
    final Field[] rlimNproc;
    /** {@code sighand_struct.count}. */
    final Field[] sighandCount;
    /** {@code mm_struct.mm_users}. */
    final Field[] mmUsers;
    /** {@code fs_struct.count}. */
    final Field[] fsCount;
    /** {@code files_struct.count}. */
    final Field[] filesCount;
    /** {@code sem_undo_list.refcnt} (ipc/sem.c), shared by {@code CLONE_SYSVSEM}. */
    final Field[] semUndoRefcnt;
    /** {@code namespace.count} (include/linux/namespace.h); entry 0 is the one {@code init_mount_tree} made. */
    final Field[] namespaceCount;

    Pools(Layout.Builder b, int size, int users, int slots, int maxNproc) {
        this.size = size;
        this.users = users;
        userCount = new Field[users];
        userProcesses = new Field[users];
        for (int u = 0; u < users; u++) {
            String n = u == 0 ? "root_user." : "user" + u + ".";
            userCount[u] = b.field(n + "__count", 0, 2 * slots + 1);
            userProcesses[u] = b.field(n + "processes", 0, slots + 1);
        }
        signalCount = new Field[size];
        signalLive = new Field[size];
        signalGroupExit = new Field[size];
        groupStopCount = new Field[size];
        rlimNproc = new Field[size];
        sighandCount = new Field[size];
        mmUsers = new Field[size];
        fsCount = new Field[size];
        filesCount = new Field[size];
        semUndoRefcnt = new Field[size];
        namespaceCount = new Field[size];
        for (int i = 0; i < size; i++) {
            signalCount[i] = b.field("signal" + i + ".count", 0, slots);
            signalLive[i] = b.field("signal" + i + ".live", 0, slots);
            signalGroupExit[i] = b.flag("signal" + i + ".SIGNAL_GROUP_EXIT");
            groupStopCount[i] = b.field("signal" + i + ".group_stop_count", 0, slots);
            rlimNproc[i] = b.field("signal" + i + ".rlim[RLIMIT_NPROC]", 0, maxNproc);
            sighandCount[i] = b.field("sighand" + i + ".count", 0, slots);
            mmUsers[i] = b.field("mm" + i + ".mm_users", 0, slots + 1);
            fsCount[i] = b.field("fs" + i + ".count", 0, slots);
            filesCount[i] = b.field("files" + i + ".count", 0, slots);
            semUndoRefcnt[i] = b.field("sem_undo_list" + i + ".refcnt", 0, slots);
            namespaceCount[i] = b.field("namespace" + i + ".count", 0, slots);
        }
    }

    /** The first free entry of a pool ({@code count == 0}), or -1 if the pool is exhausted. */
    static int firstFree(long[] s, Field[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].get(s) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code put_*}: drop a reference, which frees the structure at 0; the pointer is NULL after. */
    static void put(long[] s, Field pointer, Field[] counts) {
        int e = pointer.get(s);
        if (e >= 0) {
            counts[e].add(s, -1);
        }
        pointer.set(s, -1);
    }

    /** {@code atomic_dec_and_test}. */
    static boolean decAndTest(long[] s, Field f) {
        int v = f.get(s) - 1;
        f.set(s, v);
        return v == 0;
    }
}
