package forkcheck.checker.z3;

import java.util.List;

/**
 * A pidmap and last_pid from a Z3 model, and what alloc_pidmap returns on it (-1 or a pid).
 *
 * @param taken the pids below pid_max whose bit is set
 */
public record Concrete(int lastPid, List<Integer> taken, int result) {}
