package forkcheck.spec.fork;

/** {@code task->state} (include/linux/sched.h, 2.6.11), the values the fork path uses. */
public enum TaskState {
    TASK_RUNNING,
    TASK_INTERRUPTIBLE,
    TASK_UNINTERRUPTIBLE,
    TASK_STOPPED,
    TASK_TRACED
}
