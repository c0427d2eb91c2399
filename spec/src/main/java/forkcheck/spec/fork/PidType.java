package forkcheck.spec.fork;

/** {@code enum pid_type} (include/linux/pid.h, 2.6.11): the four ids a task is hashed by. */
public enum PidType {
    PIDTYPE_PID,
    PIDTYPE_TGID,
    PIDTYPE_PGID,
    PIDTYPE_SID
}
