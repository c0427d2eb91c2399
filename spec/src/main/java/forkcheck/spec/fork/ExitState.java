package forkcheck.spec.fork;

/** {@code task->exit_state}: 0 while alive, {@code EXIT_ZOMBIE} until reaped, {@code EXIT_DEAD} while released. */
public enum ExitState {
    ALIVE,
    EXIT_ZOMBIE,
    EXIT_DEAD
}
