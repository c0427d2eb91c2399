package forkcheck.spec.fork;

/**
 * {@code do_signal} on the way back to user space (arch/i386/kernel/signal.c) and
 * {@code get_signal_to_deliver} (kernel/signal.c, 2.6.11) for the one stop signal the fork path
 * sends: the SIGSTOP that do_fork queues for a child traced from birth (or made with
 * CLONE_STOPPED) and that ptrace_attach forces on its tracee. A traced task reports it to its
 * tracer in a ptrace stop; an untraced one takes the default action, {@code do_signal_stop},
 * and stays stopped (no SIGCONT is modelled).
 */
final class DoSignal {
    private final Kernel k;
    private final Tasks t;
    private final Frames f;

    DoSignal(Kernel k) {
        this.k = k;
        this.t = k.t;
        this.f = k.f;
    }

    void step(long[] s, int cpu, int cur, ForkLabel l) {
        switch (l) {
            case GET_SIGNAL_STOP -> {
                t.sigstop[cur].set(s, k.mutant == ForkMutant.SIGSTOP_STAYS_PENDING);
                t.tifSigpending[cur].set(s, t.sigkill[cur].isSet(s));
                if (!k.ptraceStop(s, cur, ForkLabel.GET_SIGNAL_STOP_RESUMED)) {
                    doSignalStop(s, cur);
                }
            }
            case GET_SIGNAL_STOP_RESUMED -> {
                // signr = current->exit_code: 0 if the tracer's wait4 took it or PTRACE_CONT/DETACH cancelled it
                boolean redeliver = t.stopToReport[cur].isSet(s) && !t.sigkill[cur].isSet(s);
                if (redeliver) {
                    doSignalStop(s, cur);
                } else {
                    t.stopToReport[cur].set(s, false);
                    f.setPc(s, cur, ForkLabel.IDLE);
                }
            }
            default -> throw new IllegalStateException("task " + cur + " at " + l + " is not in get_signal_to_deliver");
        }
    }

    /**
     * {@code do_signal_stop(SIGSTOP)} for a task with no other thread to stop with it:
     * {@code current->exit_code = signr; set_current_state(TASK_STOPPED); schedule()}.
     */
    private void doSignalStop(long[] s, int cur) {
        t.stopToReport[cur].set(s, true);
        t.setState(s, cur, TaskState.TASK_STOPPED);
        f.setPc(s, cur, ForkLabel.GET_SIGNAL_STOP_RESUMED);
    }
}
