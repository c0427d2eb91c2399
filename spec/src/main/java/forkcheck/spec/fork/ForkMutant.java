package forkcheck.spec.fork;

import forkcheck.spec.Mutation;
import java.util.List;

/**
 * Seeded faults of the fork path, at least one per property family: each is a plausible mistake
 * in the kernel's code, and each must break the property it names on the scenario it names.
 */
public enum ForkMutant implements Mutation.Seeded {
    NONE(Mutation.NONE, "the spec as the kernel has it", "", ""),
    NO_FREE_PIDMAP_ON_ERROR("no-free-pidmap-on-error",
            "do_fork forgets free_pidmap(pid) when copy_process fails", "pidmap-matches-tasks", "fork-faults"),
    TGID_TESTS_CLONE_VM("tgid-tests-clone-vm",
            "copy_process tests CLONE_VM instead of CLONE_THREAD for p->tgid = current->tgid", "thread-group",
            "fork-flags"),
    PTRACE_LINK_TO_REAL_PARENT("ptrace-link-to-real-parent",
            "__ptrace_link's SET_LINKS puts the child back on its real parent's children, not the tracer's",
            "children-match-parent", "fork-ptrace"),
    PTRACE_LINK_NEW_PARENT("ptrace-link-new-parent",
            "__ptrace_link puts the child on the new parent's ptrace_children instead of the real parent's",
            "ptrace-links", "fork-ptrace"),
    SKIP_EXIT_FILES("skip-exit-files",
            "the bad_fork_cleanup_files rung forgets exit_files(p)", "refcounts-exact", "fork-faults"),
    NEWNS_EPERM_KEEPS_NAMESPACE("newns-eperm-keeps-namespace",
            "copy_namespace returns -EPERM for CLONE_NEWNS without CAP_SYS_ADMIN but forgets put_namespace",
            "refcounts-exact", "fork-newns"),
    SIGSTOP_STAYS_PENDING("sigstop-stays-pending",
            "get_signal_to_deliver stops for SIGSTOP without dequeueing it, so the tracee stops again after every"
                    + " PTRACE_CONT and its vfork parent is never released", "deadlock-free", "fork-ptrace-vfork"),
    NO_NR_THREADS_INC("no-nr-threads-inc", "copy_process forgets nr_threads++", "nr-threads-exact", "fork-exit"),
    WRITE_LOCK_WITHOUT_IRQ("write-lock-without-irq",
            "copy_process takes tasklist_lock with write_lock, leaving interrupts on", "tasklist-lock-irqs-off",
            "fork-exit"),
    NO_TASKLIST_LOCK("no-tasklist-lock",
            "copy_process links the child without taking tasklist_lock", "tasklist-lock-held", "fork-exit"),
    KEEP_PARENT_TIME_SLICE("keep-parent-time-slice",
            "sched_fork gives the child half the slice without halving the parent's", "time-slice-conserved",
            "fork-exit"),
    EXEC_KEEPS_VFORK_DONE("exec-keeps-vfork-done",
            "mm_release completes vfork_done without clearing it, so exit completes it again", "vfork-released-once",
            "fork-vfork"),
    NO_CHILD_FIRST("no-child-first",
            "wake_up_new_task queues the child before its parent but forgets set_need_resched()", "child-runs-first-when-due",
            "fork-exit"),
    REAP_LEADER_EARLY("reap-leader-early",
            "wait4 reaps a zombie thread-group leader while its threads live (no delay_group_leader)",
            "leader-outlives-threads", "fork-group-exit"),
    DOUBLE_ENQUEUE("double-enqueue",
            "wake_up_new_task counts the child in nr_running twice", "runqueue-consistent", "fork-exit");

    private final Mutation mutation;

    ForkMutant(String id, String description, String breaks, String scenario) {
        this.mutation = new Mutation(id, description, breaks, scenario);
    }

    public String id() {
        return mutation.id();
    }

    @Override
    public Mutation mutation() {
        return mutation;
    }

    public static List<ForkMutant> seeded() {
        return Mutation.seeded(values());
    }

    public static ForkMutant byId(String id) {
        return Mutation.byId(values(), id, " for the fork model");
    }
}
