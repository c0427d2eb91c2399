package forkcheck.spec.fork;

/** One system call of a task's program. */
public sealed interface ForkOp {
    /** The 1-based line of the scenario it came from. */
    int line();

    /** The kernel step the system call begins with. */
    ForkLabel entry();

    /** The task the call acts on, by its scenario name ({@code kill:TASK}, ...), or null. */
    default String target() {
        return null;
    }

    /**
     * {@code fork}, {@code vfork}, {@code clone FLAGS} or {@code kernel_thread FLAGS}: a
     * {@code do_fork} with these flags; the child runs the program named {@code child}, or none.
     *
     * @param child the child's name in the scenario, or null
     * @param call how the scenario wrote it: fork, vfork, clone, kernel_thread
     */
    record Fork(int line, String call, int flags, String child) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.DO_FORK_1;
        }

        @Override
        public String toString() {
            String f = call.equals("fork") || call.equals("vfork") ? call : call + "(" + CloneFlags.show(flags) + ")";
            return child == null ? f : f + ":" + child;
        }
    }

    /** {@code _exit(0)}: {@code do_exit}. */
    record Exit(int line) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.DO_EXIT;
        }

        @Override
        public String toString() {
            return "exit";
        }
    }

    /** {@code exit_group(0)}: {@code do_group_exit}, which takes the other threads down with it. */
    record GroupExit(int line) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.GROUP_EXIT;
        }

        @Override
        public String toString() {
            return "group_exit";
        }
    }

    /** {@code execve}: only its {@code exec_mmap -> mm_release}, which releases a vfork parent. */
    record Exec(int line) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.EXEC_MM_RELEASE;
        }

        @Override
        public String toString() {
            return "exec";
        }
    }

    /** {@code wait4(-1, ...)}: sleep until a child is a zombie, then reap it with {@code release_task}. */
    record Wait(int line) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.WAIT;
        }

        @Override
        public String toString() {
            return "wait";
        }
    }

    /**
     * {@code kill(pid, SIGKILL)} of the task the scenario names, or with {@code group}
     * {@code kill(-pgrp, SIGKILL)} of its process group.
     */
    record Kill(int line, String target, boolean group) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.KILL;
        }

        @Override
        public String toString() {
            return (group ? "killpg:" : "kill:") + target;
        }
    }

    /** {@code sched_setaffinity(pid, cpumask_of(cpu))} of the task the scenario names. */
    record SetAffinity(int line, String target, int cpu) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.SET_CPUS_ALLOWED;
        }

        @Override
        public String toString() {
            return "setaffinity:" + target + ":" + cpu;
        }
    }

    /** {@code ptrace(PTRACE_ATTACH, pid)} of the task the scenario names. */
    record Attach(int line, String target) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.PTRACE_ATTACH;
        }

        @Override
        public String toString() {
            return "attach:" + target;
        }
    }

    /**
     * {@code fork_idle(cpu)} (kernel/fork.c), as {@code do_boot_cpu} calls it for another CPU:
     * {@code copy_process(CLONE_VM, ..., pid 0)} without alloc_pidmap, then {@code init_idle}
     * and {@code unhash_process}.
     */
    record ForkIdle(int line, int cpu) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return ForkLabel.COPY_PROCESS_1;
        }

        @Override
        public String toString() {
            return "fork_idle:" + cpu;
        }
    }

    /** {@code ptrace(PTRACE_CONT)} or, with {@code detach}, {@code ptrace(PTRACE_DETACH)} of a stopped tracee. */
    record Resume(int line, String target, boolean detach) implements ForkOp {
        @Override
        public ForkLabel entry() {
            return detach ? ForkLabel.PTRACE_DETACH : ForkLabel.PTRACE_CONT;
        }

        @Override
        public String toString() {
            return (detach ? "detach:" : "cont:") + target;
        }
    }
}
