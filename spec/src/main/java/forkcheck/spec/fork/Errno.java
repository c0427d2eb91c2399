package forkcheck.spec.fork;

/** What a system call of the model returns when it fails, as {@code -errno}. */
public enum Errno {
    NONE,
    EAGAIN,
    ENOMEM,
    EINTR,
    EINVAL,
    ECHILD,
    ESRCH,
    EPERM,
    EFAULT
}
