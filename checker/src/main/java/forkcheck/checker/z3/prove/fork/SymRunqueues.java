package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;

/** {@code Runqueues} on a symbolic state, with each CPU's interrupt and preemption state. */
final class SymRunqueues {
    final int slots;
    final String[] nrRunning;
    final String[] curr;
    final String[] idle;
    final String[] needResched;
    final String[] processCounts;
    final String[] irqsEnabled;
    final String[] preemptCount;
    final SymLists runList;

    SymRunqueues(int cpus, int slots) {
        this.slots = slots;
        nrRunning = new String[cpus];
        curr = new String[cpus];
        idle = new String[cpus];
        needResched = new String[cpus];
        processCounts = new String[cpus];
        irqsEnabled = new String[cpus];
        preemptCount = new String[cpus];
        for (int c = 0; c < cpus; c++) {
            String r = "rq" + c + ".";
            nrRunning[c] = r + "nr_running";
            curr[c] = r + "curr";
            idle[c] = r + "idle";
            needResched[c] = r + "need_resched";
            processCounts[c] = "process_counts[" + c + "]";
            irqsEnabled[c] = "cpu" + c + ".irqs_enabled";
            preemptCount[c] = "cpu" + c + ".preempt_count";
        }
        String[] nodes = new String[slots + cpus];
        for (int i = 0; i < slots; i++) {
            nodes[i] = "task" + i + ".run_list";
        }
        for (int c = 0; c < cpus; c++) {
            nodes[slots + c] = "rq" + c + ".active.queue";
        }
        runList = new SymLists(nodes);
    }

    int head(int c) {
        return slots + c;
    }

    /** {@code __activate_task(p, rq)} on CPU {@code c}, a CPU the state names. */
    void activate(Exec x, SymTasks t, int p, Expr<IntSort> c) {
        x.forIndex(c, curr.length, cpu -> {
            runList.addTail(x, p, head(cpu));
            x.set(t.array[p], 1);
            x.add(nrRunning[cpu], 1);
        });
    }

    void deactivate(Exec x, SymTasks t, int p, int c) {
        runList.del(x, p);
        x.set(t.array[p], 0);
        x.add(nrRunning[c], -1);
    }
}
