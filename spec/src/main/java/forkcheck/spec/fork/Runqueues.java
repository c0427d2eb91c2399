package forkcheck.spec.fork;

import forkcheck.model.Cpu;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.ListHeads;

/**
 * Per CPU: the runqueue (kernel/sched.c, 2.6.11) with {@code nr_running}, {@code curr} and the
 * active array's queue, and the CPU's own interrupt and preemption state.
 *
 * <p>{@code rq->lock} is not in the state: every section it guards ({@code wake_up_new_task},
 * {@code try_to_wake_up}, {@code schedule}, {@code sched_exit}) is one step of the model, which is
 * sound because the lock protects everything those sections touch and none of them waits while
 * holding it.
 *
 * <p>Every task of a scenario has the same static priority, so the active array is one queue:
 * node {@code slot} of {@link #runList} is a task's {@code run_list}, node {@code slots + cpu}
 * the queue's head. {@code curr == -1} is {@code rq->idle} (the swapper on CPU 0).
 */
final class Runqueues {
    final int slots;
    final Field[] nrRunning;
    final Field[] curr;
    /** {@code rq->idle}: the swapper on CPU 0; on another CPU the thread fork_idle made, or -1 before it. */
    final Field[] idle;
    /** {@code TIF_NEED_RESCHED} of the task the CPU runs. */
    final Field[] needResched;
    /** {@code per_cpu(process_counts, cpu)}. */
    final Field[] processCounts;
    final Cpu[] cpu;
    final ListHeads runList;

    Runqueues(Layout.Builder b, int cpus, int slots) {
        this.slots = slots;
        nrRunning = new Field[cpus];
        curr = new Field[cpus];
        idle = new Field[cpus];
        needResched = new Field[cpus];
        processCounts = new Field[cpus];
        cpu = new Cpu[cpus];
        for (int c = 0; c < cpus; c++) {
            String r = "rq" + c + ".";
            nrRunning[c] = b.field(r + "nr_running", 0, slots);
            curr[c] = b.field(r + "curr", -1, slots - 1);
            idle[c] = b.field(r + "idle", -1, slots - 1);
            needResched[c] = b.flag(r + "need_resched");
            processCounts[c] = b.field("process_counts[" + c + "]", -slots, slots);
            cpu[c] = new Cpu(b, c, 2);
        }
        String[] nodes = new String[slots + cpus];
        for (int i = 0; i < slots; i++) {
            nodes[i] = "task" + i + ".run_list";
        }
        for (int c = 0; c < cpus; c++) {
            nodes[slots + c] = "rq" + c + ".active.queue";
        }
        runList = new ListHeads(b, "run_list", nodes);
    }

    int head(int c) {
        return slots + c;
    }

    /** {@code enqueue_task} + {@code nr_running++}: {@code __activate_task(p, rq)}. */
    void activate(long[] s, Tasks t, int p, int c) {
        runList.addTail(s, p, head(c));
        t.array[p].set(s, true);
        nrRunning[c].add(s, 1);
    }

    /** {@code deactivate_task(p, rq)}: {@code dequeue_task} is a {@code list_del}, which poisons. */
    void deactivate(long[] s, Tasks t, int p, int c) {
        runList.del(s, p);
        t.array[p].set(s, false);
        nrRunning[c].add(s, -1);
    }
}
