package forkcheck.spec.fork;

import forkcheck.model.Layout;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import forkcheck.spec.fork.ForkScenario.InitialTask;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fork path of Linux 2.6.11 on several CPUs: each CPU runs the task its runqueue gives it,
 * and each task runs its program of system calls through do_fork, copy_process, wake_up_new_task,
 * do_exit and release_task, step by step.
 *
 * <p>Action {@code 2*cpu} moves CPU {@code cpu} one step: the task it runs takes its next visible
 * step (and the local steps after it), or, if that task cannot or need not go on, the CPU runs
 * {@code schedule()}. Action {@code 2*cpu + 1} is the same step with its allocation failing,
 * enabled only where the step allocates and the scenario lets that allocation fail.
 */
public final class ForkSpec implements Spec {
    /** Bump when a change to the spec changes the states or steps it produces. */
    public static final String VERSION = "fork-2";

    private final ForkScenario sc;
    private final ForkMutant mutant;
    private final Layout layout;
    private final Kernel k;
    private final DoFork doFork;
    private final CopyProcess copyProcess;
    private final DoExit doExit;
    private final Reap reap;
    private final ToOthers toOthers;
    private final DoSignal doSignal;
    private final List<Property> properties;

    public ForkSpec(ForkScenario sc, ForkMutant mutant) {
        this.sc = sc;
        this.mutant = mutant;
        Layout.Builder b = Layout.builder();
        k = new Kernel(b, sc, mutant);
        layout = b.build();
        doFork = new DoFork(k);
        copyProcess = new CopyProcess(k);
        doExit = new DoExit(k);
        reap = new Reap(k);
        toOthers = new ToOthers(k);
        doSignal = new DoSignal(k);
        properties = select(new ForkProperties(k).all(), sc);
    }

    /** The scenario's properties by name; without a {@code properties} line, every invariant. */
    private static List<Property> select(List<Property> all, ForkScenario sc) {
        List<Property> invariants = all.stream().filter(p -> p.kind() == Property.Kind.ALWAYS).toList();
        return Property.select(all, invariants, sc.properties(), sc.source(), sc.propertiesLine());
    }

    /** Every property of the fork model, selected or not: for the tests of their read sets. */
    List<Property> catalogue() {
        return new ForkProperties(k).all();
    }

    public ForkScenario scenario() {
        return sc;
    }

    public ForkMutant mutant() {
        return mutant;
    }

    @Override
    public forkcheck.spec.Model model() {
        return ForkModel.INSTANCE;
    }

    @Override
    public String scenarioName() {
        return sc.name();
    }

    @Override
    public String bounds() {
        return String.format("%d CPUs, %d task slots, max_threads %d, pid_max %d, BITS_PER_PAGE %d, RESERVED_PIDS %d",
                sc.cpus(), sc.slots(), sc.maxThreads(), sc.pidMax(), sc.bitsPerPage(), sc.reservedPids());
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public int actionCount() {
        return 2 * k.cpus;
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    // ---------------------------------------------------------------- the initial state

    /**
     * The swapper in slot 0 as INIT_TASK defines it (its own parent, root_user), then the
     * scenario's tasks as earlier forks would have left them: linked, hashed, queued on their
     * CPU, each with its own signal, sighand, mm, fs and files.
     */
    @Override
    public void init(long[] s) {
        Arrays.fill(s, 0L);
        Tasks t = k.t;
        for (int p = 0; p < k.slots; p++) {
            t.clear(s, p);
            k.f.clearAll(s, p);
            k.rq.runList.init(s, p);
        }
        for (int c = 0; c < k.cpus; c++) {
            k.rq.runList.init(s, k.rq.head(c));
            k.rq.cpu[c].init(s);
            k.rq.idle[c].set(s, c == 0 ? 0 : -1);
            k.rq.curr[c].set(s, c == 0 ? 0 : -1);
            k.rq.processCounts[c].set(s, 0);
        }
        k.tasklistLock.init(s);
        List<InitialTask> tasks = sc.tasks();
        List<Integer> pids = new ArrayList<>();
        List<Integer> pages = new ArrayList<>(List.of(0));
        for (int p = 0; p < tasks.size(); p++) {
            InitialTask it = tasks.get(p);
            initTask(s, p, it);
            pids.add(it.pid());
            pages.add(it.pid() / sc.bitsPerPage());
        }
        for (int p = 1; p < tasks.size(); p++) {
            t.setLinks(s, p);
            if (tasks.get(p).tracer() != null) {
                t.ptraceLinks.add(s, Tasks.ptraceList(p), Tasks.ptraceChildren(t.realParent[p].get(s)));
            }
            k.rq.activate(s, t, p, t.cpu[p].get(s));
            if (t.pid[p].get(s) != 0) {
                k.rq.processCounts[t.cpu[p].get(s)].add(s, 1);
            }
        }
        k.pids.init(s, sc.lastPid(), pages.stream().distinct().toList(), pids);
        k.nrThreads.set(s, tasks.size() - 1);
        k.totalForks.set(s, tasks.size() - 1);
        for (int c = 0; c < k.cpus; c++) {
            String running = sc.running().get(c);
            if (running != null) {
                k.rq.curr[c].set(s, slotOf(running));
            }
        }
    }

    private void initTask(long[] s, int p, InitialTask it) {
        Tasks t = k.t;
        Pools pools = k.pools;
        t.used[p].set(s, true);
        t.pid[p].set(s, it.pid());
        t.tgid[p].set(s, it.pid());
        t.pgrp[p].set(s, it.pid());
        t.session[p].set(s, it.pid());
        t.setState(s, p, TaskState.TASK_RUNNING);
        int realParent = slotOf(it.parent());
        t.realParent[p].set(s, realParent);
        t.parent[p].set(s, it.tracer() != null ? slotOf(it.tracer()) : realParent);
        t.ptrace[p].set(s, it.tracer() != null ? PtraceFlags.PTRACED | it.ptraceOptions() : 0);
        t.groupLeader[p].set(s, p);
        t.usage[p].set(s, 2);
        t.user[p].set(s, it.user());
        pools.userCount[it.user()].add(s, 1);
        pools.userProcesses[it.user()].add(s, 1);
        t.signal[p].set(s, p);
        pools.signalCount[p].set(s, 1);
        pools.signalLive[p].set(s, 1);
        pools.signalGroupExit[p].set(s, it.groupExit());
        pools.rlimNproc[p].set(s, it.nproc());
        t.sighand[p].set(s, p);
        pools.sighandCount[p].set(s, 1);
        t.mm[p].set(s, it.kernel() ? -1 : p);
        if (!it.kernel()) {
            pools.mmUsers[p].set(s, 1);
        }
        t.fs[p].set(s, p);
        pools.fsCount[p].set(s, 1);
        t.files[p].set(s, p);
        pools.filesCount[p].set(s, 1);
        t.semUndo[p].set(s, -1);
        // init_mount_tree's namespace: init_task's, and inherited by every task forked since
        t.namespace[p].set(s, 0);
        pools.namespaceCount[0].add(s, 1);
        t.timeSlice[p].set(s, it.timeSlice());
        t.exitSignal[p].set(s, p == 0 ? 0 : CloneFlags.SIGCHLD);
        t.cpu[p].set(s, it.cpu());
        t.ioBitmap[p].set(s, it.ioperm());
        t.sigkill[p].set(s, it.sigkill() || it.groupExit());
        t.tifSigpending[p].set(s, it.sigkill() || it.groupExit());
        for (PidType type : PidType.values()) {
            t.attached[p][type.ordinal()].set(s, true);
        }
        t.prog[p].set(s, k.program(it.name()));
    }

    private int slotOf(String name) {
        for (int p = 0; p < sc.tasks().size(); p++) {
            if (sc.tasks().get(p).name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no task " + name);
    }

    // ---------------------------------------------------------------- steps

    /** The task CPU {@code cpu} moves with its next step, or -1 if the CPU's step is {@code schedule()}. */
    private int runner(long[] s, int cpu) {
        int cur = k.rq.curr[cpu].get(s);
        if (cur < 0 || !k.wantsCpu(s, cur)) {
            return -1;
        }
        if (k.rq.needResched[cpu].isSet(s) && k.f.pc(s, cur) == ForkLabel.IDLE) {
            return -1;
        }
        return cur;
    }

    @Override
    public boolean enabled(long[] s, int action) {
        int cpu = action >> 1;
        boolean fail = (action & 1) != 0;
        int cur = runner(s, cpu);
        if (cur < 0) {
            return !fail && k.scheduleChanges(s, cpu);
        }
        if (k.pids.busy(s, cpu)) {
            return fail ? k.pids.mayFail(s, cpu) : k.pids.enabled(s, cpu);
        }
        ForkLabel l = k.f.pc(s, cur);
        if (l == ForkLabel.IDLE) {
            return !fail && (k.signalStep(s, cur) != null || labelEnabled(s, cpu, cur, nextOp(s, cur).entry()));
        }
        if (!labelEnabled(s, cpu, cur, l)) {
            return false;
        }
        return !fail || l.fault() != null && sc.mayFail(l.fault()) && copyProcess.canFail(s, cur, l);
    }

    private boolean labelEnabled(long[] s, int cpu, int cur, ForkLabel l) {
        return switch (l.part()) {
            case COPY_PROCESS -> copyProcess.enabled(s, cpu, cur, l);
            case REAP -> reap.enabled(s, cpu, cur, l);
            case TO_OTHERS -> toOthers.enabled(s, cpu, cur, l);
            case DO_EXIT -> doExit.enabled(s, cpu, cur, l);
            case DO_FORK -> doFork.enabled(s, cpu, cur, l);
            case DO_SIGNAL -> true;
        };
    }

    @Override
    public void step(long[] from, int action, long[] s) {
        System.arraycopy(from, 0, s, 0, from.length);
        run(s, action, null);
    }

    @Override
    public List<StepInfo> localSteps(long[] state, int action) {
        List<StepInfo> locals = new ArrayList<>();
        run(state.clone(), action, locals);
        return locals;
    }

    /** The step itself; {@code locals}, if not null, collects the local steps it ran. */
    private void run(long[] s, int action, List<StepInfo> locals) {
        int cpu = action >> 1;
        boolean fail = (action & 1) != 0;
        int cur = runner(s, cpu);
        if (cur < 0) {
            k.schedule(s, cpu);
            return;
        }
        if (k.pids.busy(s, cpu)) {
            pidStep(s, cpu, cur, fail);
        } else {
            ForkLabel l = k.f.pc(s, cur);
            if (l == ForkLabel.IDLE) {
                begin(s, cpu, cur);
            } else {
                execute(s, cpu, cur, l, fail);
            }
            if (k.pids.busy(s, cpu)) {
                if (locals != null) {
                    PidLabel pl = k.pids.label(s, cpu);
                    locals.add(new StepInfo(cpu, pl.function(), pl.name(), taskName(s, cur) + ": " + pl.line() + "  "
                            + pl.code(), false));
                }
                pidStep(s, cpu, cur, false);
            }
        }
        runLocalSteps(s, cpu, cur, locals);
    }

    /** One step of alloc_pidmap or free_pidmap; when it returns, its caller goes on. */
    private void pidStep(long[] s, int cpu, int cur, boolean fail) {
        k.pids.step(s, cpu, fail);
        if (k.pids.busy(s, cpu)) {
            return;
        }
        switch (k.f.pc(s, cur)) {
            case DO_FORK_1 -> doFork.allocReturned(s, cpu, cur);
            case DO_FORK_FREE_PIDMAP -> doFork.freeReturned(s, cpu, cur);
            case DETACH_PID -> reap.freeReturned(s, cpu, cur);
            default -> throw new IllegalStateException("task " + cur + " returned from the pid allocator at "
                    + k.f.pc(s, cur));
        }
    }

    /** The local steps after a visible one run in the same step: nobody else can see them. */
    private void runLocalSteps(long[] s, int cpu, int cur, List<StepInfo> locals) {
        while (k.t.isUsed(s, cur) && !k.pids.busy(s, cpu) && !k.f.pc(s, cur).visible()
                && k.f.pc(s, cur) != ForkLabel.IDLE) {
            ForkLabel l = k.f.pc(s, cur);
            if (locals != null) {
                locals.add(new StepInfo(cpu, l.function(), l.name(), taskName(s, cur) + ": " + l.line() + "  " + l.code(),
                        false));
            }
            execute(s, cpu, cur, l, false);
        }
    }

    /**
     * The task's next system call begins; or, on the way to user space, {@code do_signal} takes a
     * pending signal first: SIGKILL calls {@code do_group_exit} and the rest of the program never
     * runs, SIGSTOP stops the task.
     */
    private void begin(long[] s, int cpu, int cur) {
        ForkLabel signal = k.signalStep(s, cur);
        if (signal == ForkLabel.DO_EXIT) {
            k.t.op[cur].set(s, k.programs.get(k.t.prog[cur].get(s)).size());
            k.f.begin(s, cur, ForkLabel.IDLE);
        }
        if (signal != null) {
            execute(s, cpu, cur, signal, false);
            return;
        }
        ForkOp op = k.programs.get(k.t.prog[cur].get(s)).get(k.t.op[cur].get(s));
        k.t.op[cur].add(s, 1);
        k.f.begin(s, cur, ForkLabel.IDLE);
        if (op instanceof ForkOp.Fork) {
            doFork.begin(s, cpu, cur);
        } else if (op instanceof ForkOp.ForkIdle) {
            k.f.pid[cur].set(s, 0);
            execute(s, cpu, cur, ForkLabel.COPY_PROCESS_1, false);
        } else {
            execute(s, cpu, cur, op.entry(), false);
        }
    }

    private void execute(long[] s, int cpu, int cur, ForkLabel l, boolean fail) {
        switch (l.part()) {
            case COPY_PROCESS -> copyProcess.step(s, cpu, cur, l, fail);
            case REAP -> reap.step(s, cpu, cur, l);
            case TO_OTHERS -> toOthers.step(s, cpu, cur, l);
            case DO_EXIT -> doExit.step(s, cpu, cur, l);
            case DO_FORK -> doFork.step(s, cpu, cur, l);
            case DO_SIGNAL -> doSignal.step(s, cpu, cur, l);
        }
    }

    /**
     * Every task has finished, or waits where only another system call could wake it: asleep in
     * {@code wait4} or stopped for its tracer. A task that sleeps uninterruptibly (a vfork parent)
     * is not finished: if nothing can wake it, that is a deadlock.
     */
    @Override
    public boolean isFinal(long[] s) {
        for (int p = 0; p < k.slots; p++) {
            if (!k.t.isUsed(s, p)) {
                continue;
            }
            ForkLabel l = k.f.pc(s, p);
            TaskState st = k.t.state(s, p);
            boolean quiescent = l == ForkLabel.WAIT && st == TaskState.TASK_INTERRUPTIBLE
                    || l == ForkLabel.PTRACE_STOP_RESUMED && st == TaskState.TASK_TRACED
                    || l == ForkLabel.GET_SIGNAL_STOP_RESUMED && (st == TaskState.TASK_TRACED || st == TaskState.TASK_STOPPED);
            if (!quiescent && (l != ForkLabel.IDLE || k.wantsCpu(s, p))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> locksHeld(long[] s, int cpu) {
        List<String> held = new ArrayList<>();
        if (k.tasklistLock.writeHeldBy(s, cpu)) {
            held.add("tasklist_lock (write)");
        }
        if (k.tasklistLock.readHeldBy(s, cpu)) {
            held.add("tasklist_lock (read)");
        }
        if (k.pids.pidmapLockHeldBy(s, cpu)) {
            held.add("pidmap_lock");
        }
        return held;
    }

    @Override
    public StepInfo describe(long[] s, int action) {
        int cpu = action >> 1;
        boolean fail = (action & 1) != 0;
        int cur = runner(s, cpu);
        if (cur < 0) {
            return new StepInfo(cpu, "schedule", "SCHEDULE", "schedule(): the next task on rq" + cpu, false);
        }
        String who = taskName(s, cur) + ": ";
        if (k.pids.busy(s, cpu)) {
            PidLabel pl = k.pids.label(s, cpu);
            return new StepInfo(cpu, pl.function(), pl.name(), who + pl.line() + "  " + pl.code(), fail);
        }
        ForkLabel l = k.f.pc(s, cur);
        ForkLabel signal = l == ForkLabel.IDLE ? k.signalStep(s, cur) : null;
        if (signal != null) {
            String why = signal == ForkLabel.DO_EXIT ? "SIGKILL: do_group_exit: " : "SIGSTOP: ";
            return new StepInfo(cpu, signal.function(), signal.name(), who + why + signal.code(), false);
        }
        if (l == ForkLabel.IDLE) {
            ForkOp op = nextOp(s, cur);
            ForkLabel first = op.entry();
            return new StepInfo(cpu, first.function(), first.name(), who + op + ": " + first.code(), false);
        }
        return new StepInfo(cpu, l.function(), l.name(), who + l.line() + "  " + l.code(), fail);
    }

    private ForkOp nextOp(long[] s, int cur) {
        return k.programs.get(k.t.prog[cur].get(s)).get(k.t.op[cur].get(s));
    }

    /** A task as a person knows it: its scenario name and pid. */
    String taskName(long[] s, int p) {
        String name = k.programNames.get(k.t.prog[p].get(s));
        return (name.isEmpty() ? "task" + p : name) + "[" + k.t.pid[p].get(s) + "]";
    }

    // ---------------------------------------------------------------- for readers of the layout

    /**
     * Every invariant of the fork model, selected by the scenario or not, in the catalogue's order:
     * what {@code check --z3} certifies, each against its own SMT encoding.
     */
    public List<Property> invariants() {
        return catalogue().stream().filter(p -> p.kind() == Property.Kind.ALWAYS).toList();
    }

    /** The programs by the index {@code task.prog} holds; 0 is the empty program. */
    public List<List<ForkOp>> programs() {
        return List.copyOf(k.programs);
    }

    /** The index {@code task.prog} holds for the scenario's task {@code name}, 0 if it has no program. */
    public int program(String name) {
        return k.program(name);
    }

    /**
     * How the layout stores a kernel constant, for encodings that read a state by its variables'
     * names (the Z3 certifier): a {@code task.state} or {@code task.exit_state} value by its name
     * ({@code TASK_RUNNING}, {@code EXIT_DEAD}), the bit of {@code task.flags} ({@code PF_EXITING},
     * {@code PF_DEAD}), of {@code task.ptrace} ({@code PT_PTRACED}), of {@code task.ghost.refs_taken}
     * ({@code refs_taken.SIGNAL}).
     */
    public static int constant(String name) {
        int bit = switch (name) {
            case "PF_EXITING" -> Tasks.PF_EXITING;
            case "PF_DEAD" -> Tasks.PF_DEAD;
            case "PF_FORKNOEXEC" -> Tasks.PF_FORKNOEXEC;
            case "PT_PTRACED" -> PtraceFlags.PTRACED;
            default -> -1;
        };
        if (bit >= 0) {
            return bit;
        }
        if (name.startsWith("refs_taken.")) {
            return 1 << Frames.Ref.valueOf(name.substring("refs_taken.".length())).ordinal();
        }
        for (Enum<?>[] values : List.<Enum<?>[]>of(TaskState.values(), ExitState.values())) {
            for (Enum<?> v : values) {
                if (v.name().equals(name)) {
                    return v.ordinal();
                }
            }
        }
        throw new IllegalArgumentException("no fork model constant " + name);
    }
}
