package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.spec.fork.ForkLabel;

/**
 * A stretch of a system call by its labels, which are numbered in the order a call takes them:
 * where a fork or a release holds its child. {@code from .. to}, both included.
 */
record PcRange(ForkLabel from, ForkLabel to) {
    /** do_fork from alloc_pidmap to bad_fork_free: a copy_process in flight, its child not yet returned. */
    static final PcRange FORKING = new PcRange(ForkLabel.DO_FORK_1, ForkLabel.BAD_FORK_FREE);
    /** Before copy_process step 5 took the user's {@code __count} (dup_task_struct's thread_info on). */
    static final PcRange BEFORE_USER_COUNT = new PcRange(ForkLabel.DUP_TASK_STRUCT_C, ForkLabel.COPY_PROCESS_5);
    /** The child's task_struct is not yet a copy with its own usage (up to alloc_thread_info). */
    static final PcRange BEFORE_USAGE = new PcRange(ForkLabel.DO_FORK_1, ForkLabel.DUP_TASK_STRUCT_C);
    /** release_task from taking tasklist_lock to put_task_struct. */
    static final PcRange RELEASING = new PcRange(ForkLabel.RELEASE_TASK_LOCK, ForkLabel.RELEASE_TASK_PUT);
    /** The child still has its parent's run_list: before sched_fork. */
    static final PcRange BEFORE_SCHED_FORK = new PcRange(ForkLabel.DO_FORK_1, ForkLabel.COPY_PROCESS_17);
    /** A failing copy_process's rungs. */
    static final PcRange UNWINDING = new PcRange(ForkLabel.BAD_FORK_CLEANUP_NAMESPACE, ForkLabel.BAD_FORK_FREE);
    /** Before wake_up_new_task queued the child. */
    static final PcRange NOT_WOKEN = new PcRange(ForkLabel.DO_FORK_1, ForkLabel.DO_FORK_5);
    /** fork_idle's copy, which is never woken. */
    static final PcRange FORK_IDLE = new PcRange(ForkLabel.FORK_IDLE_INIT_IDLE, ForkLabel.FORK_IDLE_UNHASH);
    /** do_fork after alloc_pidmap returned, through copy_process (whose child is hashed at step 23, or fails). */
    static final PcRange COPYING = new PcRange(ForkLabel.DO_FORK_2, ForkLabel.BAD_FORK_FREE);
    /** wait4 reaping its child: from __ptrace_unlink through release_task's put_task_struct. */
    static final PcRange RELEASE = new PcRange(ForkLabel.WAIT_PTRACE_UNLINK, ForkLabel.RELEASE_TASK_PUT);
    /** From sched_fork to the free_pidmap of a failed fork: the fork has split the parent's time slice. */
    static final PcRange SLICE_SPLIT = new PcRange(ForkLabel.COPY_PROCESS_17, ForkLabel.DO_FORK_FREE_PIDMAP);
    /** release_task's tasklist_lock write section. */
    static final PcRange RELEASE_LOCKED = new PcRange(ForkLabel.RELEASE_TASK_UNHASH, ForkLabel.RELEASE_TASK_UNLOCK);

    static PcRange only(ForkLabel l) {
        return new PcRange(l, l);
    }

    /** Task {@code q} is in this stretch. */
    BoolExpr at(ForkVars z, int q) {
        return z.pcIn(q, from, to);
    }
}
