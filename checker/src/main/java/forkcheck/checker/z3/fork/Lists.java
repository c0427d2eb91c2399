package forkcheck.checker.z3.fork;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's lists in the fork state, node numbers as the spec gives them: {@code tasks} (node i
 * is slot i's, slot 0's the head {@code init_task.tasks}); {@code children}/{@code sibling} (slot
 * i's children head is node 2i, its sibling node 2i+1); {@code ptrace_children}/{@code ptrace_list}
 * likewise; {@code run_list} (node i is slot i's, node slots+c CPU c's queue head).
 */
final class Lists {
    final ListWalk tasks;
    final ListWalk family;
    final ListWalk ptrace;
    final ListWalk run;
    private final int slots;

    Lists(ForkVars z) {
        slots = z.slots;
        List<String> taskNodes = new ArrayList<>();
        List<String> familyNodes = new ArrayList<>();
        List<String> ptraceNodes = new ArrayList<>();
        List<String> runNodes = new ArrayList<>();
        for (int p = 0; p < z.slots; p++) {
            taskNodes.add("task" + p + ".tasks");
            familyNodes.add("task" + p + ".children");
            familyNodes.add("task" + p + ".sibling");
            ptraceNodes.add("task" + p + ".ptrace_children");
            ptraceNodes.add("task" + p + ".ptrace_list");
            runNodes.add("task" + p + ".run_list");
        }
        for (int c = 0; c < z.cpus; c++) {
            runNodes.add("rq" + c + ".active.queue");
        }
        tasks = new ListWalk(z, "tasks", taskNodes);
        family = new ListWalk(z, "children", familyNodes);
        ptrace = new ListWalk(z, "ptrace_children", ptraceNodes);
        run = new ListWalk(z, "run_list", runNodes);
    }

    static int children(int p) {
        return 2 * p;
    }

    static int sibling(int p) {
        return 2 * p + 1;
    }

    static int ptraceChildren(int p) {
        return 2 * p;
    }

    static int ptraceList(int p) {
        return 2 * p + 1;
    }

    int runqueue(int cpu) {
        return slots + cpu;
    }
}
