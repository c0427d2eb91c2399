package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.fork.TaskState;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The transition relation of {@link ForkSpec}: a copy of its {@code enabled} and {@code step}
 * over symbolic states, part for part ({@link SymDoFork} is {@code DoFork}, and so on), held to
 * the Java by {@code SymbolicForkSpecTest}.
 *
 * <p>A step dispatches on a label as the Java switch does: {@link #onLabel} makes the moving
 * task's pc (or its CPU's pid-allocator pc) a numeral on each path, so each path runs the code of
 * one label. Where the Java would throw, the path has no successor ({@link Exec#defined}).
 */
public final class SymbolicForkSpec {
    private static final ForkLabel[] LABELS = ForkLabel.values();
    private static final PidLabel[] PID_LABELS = PidLabel.values();
    /** The most local steps a visible step can be followed by: each local label once. */
    private static final int LOCAL_CHAIN = (int) Arrays.stream(LABELS).filter(l -> !l.visible()).count();

    private final Context ctx;
    private final ForkSpec spec;
    private final SymKernel k;
    private final SymDoFork doFork;
    private final SymCopyProcess copyProcess;
    private final SymDoExit doExit;
    private final SymReap reap;
    private final SymToOthers toOthers;
    private final SymDoSignal doSignal;
    private final Map<String, Field> ranges = new HashMap<>();

    public SymbolicForkSpec(Context ctx, ForkSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        k = new SymKernel(spec);
        doFork = new SymDoFork(k);
        copyProcess = new SymCopyProcess(k);
        doExit = new SymDoExit(k);
        reap = new SymReap(k);
        toOthers = new SymToOthers(k);
        doSignal = new SymDoSignal(k);
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                ranges.put(f.name(), f);
            }
        }
    }

    public SymState state(String suffix) {
        return new SymState(ctx, spec.layout(), suffix);
    }

    /** The step of action {@code action} from {@code pre}, run: its post-state is the run's variables. */
    public Exec run(SymState pre, int action) {
        return run(pre, action, null);
    }

    /**
     * The step of action {@code action} from the pre-states where it is a step of {@code row} (of
     * any row if null): elsewhere it is {@linkplain Exec#defined() undefined}, so only that row's
     * code is in the formula.
     */
    public Exec run(SymState pre, int action, Row row) {
        return run(pre, action, row, 0);
    }

    /** {@link #run(SymState, int, Row)}, giving up with {@link Exec.TooLarge} after {@code seconds} (none if 0). */
    public Exec run(SymState pre, int action, Row row, double seconds) {
        Exec x = new Exec(ctx, ranges, pre);
        if (seconds > 0) {
            x.deadline(seconds);
        }
        int cpu = action >> 1;
        BoolExpr fail = ctx.mkBool((action & 1) != 0);
        BoolExpr enabled = (BoolExpr) enabled(x, cpu, fail, row).simplify();
        if (enabled.isFalse()) {
            // a failing action of a row with no fault site, say: its body would only be built to be thrown away
            x.undefined();
            return x;
        }
        run(x, cpu, fail, row);
        x.require(enabled);
        return x;
    }

    /** {@code step(pre, post)} of the action from {@code row}: enabled, defined, and every variable as the run leaves it. */
    public BoolExpr step(SymState pre, SymState post, int action, Row row, double seconds) {
        return stepOf(pre, post, action, row, seconds).relation();
    }

    /**
     * A step's relation, and the columns it may write ({@code task2.pc}, {@code pidmap_array[0].bits#3}):
     * every other column of the post-state equals the pre-state's, on every path.
     */
    public record Step(BoolExpr relation, Set<String> writes) {}

    /** {@link #step}, with the columns it may write. */
    public Step stepOf(SymState pre, SymState post, int action, Row row, double seconds) {
        Exec x = run(pre, action, row, seconds);
        List<BoolExpr> all = new ArrayList<>(List.of(x.defined()));
        all.addAll(x.names());
        all.addAll(x.leaves(post));
        Set<String> writes = new HashSet<>();
        x.fields().forEach((name, term) -> {
            if (!term.equals(pre.field(name))) {
                writes.add(name);
            }
        });
        x.bitmaps().forEach((name, bits) -> {
            BoolExpr[] before = pre.bitmap(name);
            for (int j = 0; j < bits.length; j++) {
                if (!bits[j].equals(before[j])) {
                    writes.add(name + "#" + j);
                }
            }
        });
        return new Step((BoolExpr) ctx.mkAnd(all.toArray(BoolExpr[]::new)).simplify(), Set.copyOf(writes));
    }

    /** Whether the step of {@code row}, run on the concrete state {@code pre}, is defined and reaches {@code post}. */
    public boolean reaches(SymState pre, int action, Row row, long[] post) {
        Exec x = run(pre, action, row);
        if (!x.defined().simplify().isTrue()) {
            return false;
        }
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f && !x.fields().get(f.name()).simplify().equals(ctx.mkInt(f.get(post)))) {
                return false;
            }
            if (v instanceof Bitmap b) {
                BoolExpr[] bits = x.bitmaps().get(b.name());
                for (int j = 0; j < bits.length; j++) {
                    if (bits[j].simplify().isTrue() != b.test(post, j)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * {@code deadlock-free} of {@code pre}: it is final, or some action is enabled there; false
     * where reading it leaves the layout (an index out of its range), so that such a state is not
     * passed as free of deadlock.
     */
    public BoolExpr progress(SymState pre) {
        Exec x = new Exec(ctx, ranges, pre);
        List<BoolExpr> any = new ArrayList<>(List.of(isFinal(x)));
        for (int a = 0; a < spec.actionCount(); a++) {
            any.add(enabled(x, a >> 1, ctx.mkBool((a & 1) != 0), null));
        }
        List<BoolExpr> all = new ArrayList<>(x.names());
        all.add(x.defined());
        all.add(ctx.mkOr(any.toArray(BoolExpr[]::new)));
        return (BoolExpr) ctx.mkAnd(all.toArray(BoolExpr[]::new)).simplify();
    }

    // ---------------------------------------------------------------- ForkSpec.isFinal

    /** Every task in use is asleep in {@code wait4}, stopped, or between calls with nothing left to run. */
    private BoolExpr isFinal(Exec x) {
        BoolExpr[] each = new BoolExpr[spec.scenario().slots()];
        for (int p = 0; p < each.length; p++) {
            BoolExpr quiescent = ctx.mkOr(
                    ctx.mkAnd(k.f.pcIs(x, p, ForkLabel.WAIT), k.t.is(x, k.t.state[p], TaskState.TASK_INTERRUPTIBLE)),
                    ctx.mkAnd(k.f.pcIs(x, p, ForkLabel.PTRACE_STOP_RESUMED), k.t.is(x, k.t.state[p], TaskState.TASK_TRACED)),
                    ctx.mkAnd(k.f.pcIs(x, p, ForkLabel.GET_SIGNAL_STOP_RESUMED), ctx.mkOr(
                            k.t.is(x, k.t.state[p], TaskState.TASK_TRACED), k.t.is(x, k.t.state[p], TaskState.TASK_STOPPED))));
            BoolExpr done = ctx.mkAnd(k.f.pcIs(x, p, ForkLabel.IDLE), ctx.mkNot(k.wantsCpu(x, p)));
            each[p] = ctx.mkImplies(k.t.isUsed(x, p), ctx.mkOr(quiescent, done));
        }
        return ctx.mkAnd(each);
    }

    // ---------------------------------------------------------------- ForkSpec.runner

    /** {@code runner(s, cpu) >= 0}: the CPU's current task takes the step, not {@code schedule()}. */
    private BoolExpr runs(Exec x, int cpu) {
        Expr<IntSort> curr = x.get(k.rq.curr[cpu]);
        return x.chooseBool(ctx.mkGe(curr, x.num(0)), () -> x.selectBool(curr, k.slots, cur -> ctx.mkAnd(
                k.wantsCpu(x, cur), ctx.mkNot(ctx.mkAnd(x.isSet(k.rq.needResched[cpu]), k.f.pcIs(x, cur, ForkLabel.IDLE))))),
                ctx::mkFalse);
    }

    // ---------------------------------------------------------------- ForkSpec.enabled

    private BoolExpr enabled(Exec x, int cpu, BoolExpr fail, Row row) {
        if (row instanceof Row.Schedule) {
            return x.chooseBool(runs(x, cpu), ctx::mkFalse, () -> ctx.mkAnd(ctx.mkNot(fail), k.scheduleChanges(x, cpu)));
        }
        if (row != null) {
            return x.chooseBool(runs(x, cpu), () -> x.selectBool(x.get(k.rq.curr[cpu]), k.slots,
                    cur -> taskEnabled(x, cpu, cur, fail, row)), ctx::mkFalse);
        }
        return x.chooseBool(runs(x, cpu), () -> x.selectBool(x.get(k.rq.curr[cpu]), k.slots,
                cur -> taskEnabled(x, cpu, cur, fail, null)), () -> ctx.mkAnd(ctx.mkNot(fail), k.scheduleChanges(x, cpu)));
    }

    private BoolExpr taskEnabled(Exec x, int cpu, int cur, BoolExpr fail, Row row) {
        return x.chooseBool(k.pids.busy(x, cpu), () -> onPidLabel(x, cpu, row, pl -> (BoolExpr) ctx.mkITE(fail,
                k.pids.mayFail(x, cpu), k.pids.enabled(x, cpu))), () -> onLabelBool(x, cur, row, l -> {
                    if (l == ForkLabel.IDLE) {
                        BoolExpr signal = ctx.mkNot(ctx.mkEq(k.signalStep(x, cur), x.num(-1)));
                        return ctx.mkAnd(ctx.mkNot(fail), x.chooseBool(signal, ctx::mkTrue, () -> nextOpEnabled(x, cpu, cur)));
                    }
                    BoolExpr canFail = l.fault() != null && spec.scenario().mayFail(l.fault())
                            ? copyProcess.canFail(x, cur, l) : ctx.mkFalse();
                    return x.chooseBool(labelEnabled(x, cpu, cur, l), () -> ctx.mkOr(ctx.mkNot(fail), canFail), ctx::mkFalse);
                }));
    }

    private BoolExpr nextOpEnabled(Exec x, int cpu, int cur) {
        return k.ofNextOp(x, cur, op -> labelEnabled(x, cpu, cur, op.entry()));
    }

    private BoolExpr labelEnabled(Exec x, int cpu, int cur, ForkLabel l) {
        return switch (l.part()) {
            case COPY_PROCESS -> copyProcess.enabled(x, cpu, cur, l);
            case REAP -> reap.enabled(x, cpu, cur, l);
            case TO_OTHERS -> toOthers.enabled(x, cpu, cur, l);
            case DO_EXIT -> doExit.enabled(x, cpu, cur, l);
            case DO_FORK -> doFork.enabled(x, cpu, cur, l);
            case DO_SIGNAL -> ctx.mkTrue();
        };
    }

    // ---------------------------------------------------------------- ForkSpec.run

    private void run(Exec x, int cpu, BoolExpr fail, Row row) {
        if (row instanceof Row.Schedule) {
            x.when(runs(x, cpu), x::undefined, () -> k.schedule(x, cpu));
            return;
        }
        x.when(runs(x, cpu), () -> x.forIndex(x.get(k.rq.curr[cpu]), k.slots, cur -> runTask(x, cpu, cur, fail, row)),
                () -> {
                    if (row == null) {
                        k.schedule(x, cpu);
                    } else {
                        x.undefined();
                    }
                });
    }

    /**
     * {@code ForkSpec.run} for the task the CPU runs. The local steps run on each path where the
     * step it follows ended, its label known there, rather than once after every path has merged,
     * where the moving task's pc would be any label any path left it at.
     */
    private void runTask(Exec x, int cpu, int cur, BoolExpr fail, Row row) {
        x.when(k.pids.busy(x, cpu), () -> pidStep(x, cpu, cur, fail, row), () -> onLabel(x, cur, row, l -> {
            if (l == ForkLabel.IDLE) {
                begin(x, cpu, cur);
            } else {
                execute(x, cpu, cur, l, fail);
            }
            x.when(k.pids.busy(x, cpu), () -> pidStep(x, cpu, cur, ctx.mkFalse(), null),
                    () -> runLocalSteps(x, cpu, cur, LOCAL_CHAIN));
        }));
    }

    private void pidStep(Exec x, int cpu, int cur, BoolExpr fail, Row row) {
        x.forIndex(k.pids.pc(x, cpu), PID_LABELS.length, l -> {
            if (row != null && !(row instanceof Row.Pid r && r.label() == PID_LABELS[l])) {
                x.undefined();
                return;
            }
            k.pids.pin(x, cpu, PID_LABELS[l]);
            k.pids.step(x, cpu, fail);
            x.when(ctx.mkNot(k.pids.busy(x, cpu)), () -> onLabel(x, cur, null, returnedTo -> {
                switch (returnedTo) {
                    case DO_FORK_1 -> doFork.allocReturned(x, cpu, cur);
                    case DO_FORK_FREE_PIDMAP -> doFork.freeReturned(x, cpu, cur);
                    case DETACH_PID -> reap.freeReturned(x, cpu, cur);
                    default -> x.undefined();
                }
                runLocalSteps(x, cpu, cur, LOCAL_CHAIN);
            }));
        });
    }

    /**
     * The local steps after a visible one, unrolled: a chain longer than every local label once
     * has no successor. Each names its state afresh ({@link Exec#name}), so that the next reads
     * small terms.
     */
    private void runLocalSteps(Exec x, int cpu, int cur, int left) {
        BoolExpr local = ctx.mkAnd(k.t.isUsed(x, cur), ctx.mkNot(k.pids.busy(x, cpu)), isLocal(x, cur));
        x.when(local, () -> {
            if (left == 0) {
                x.undefined();
                return;
            }
            x.name("local", Set.of(k.f.pc[cur], k.pids.pcName(cpu)));
            onLabel(x, cur, null, l -> {
                execute(x, cpu, cur, l, ctx.mkFalse());
                runLocalSteps(x, cpu, cur, left - 1);
            });
        });
    }

    private BoolExpr isLocal(Exec x, int cur) {
        List<BoolExpr> any = new ArrayList<>();
        for (ForkLabel l : LABELS) {
            if (!l.visible() && l != ForkLabel.IDLE) {
                any.add(k.f.pcIs(x, cur, l));
            }
        }
        return (BoolExpr) ctx.mkOr(any.toArray(BoolExpr[]::new)).simplify();
    }

    /** {@code ForkSpec.begin}. */
    private void begin(Exec x, int cpu, int cur) {
        Expr<IntSort> signal = k.signalStep(x, cur);
        x.when(ctx.mkEq(signal, x.num(ForkLabel.DO_EXIT.ordinal())), () -> {
            x.set(k.t.op[cur], x.select(x.get(k.t.prog[cur]), k.programs.size(), g -> x.num(k.programs.get(g).size()), x.num(0)));
            k.f.begin(x, cur, ForkLabel.IDLE);
        });
        x.when(ctx.mkNot(ctx.mkEq(signal, x.num(-1))), () -> x.forIndex(signal, LABELS.length,
                l -> execute(x, cpu, cur, LABELS[l], ctx.mkFalse())), () -> k.withNextOp(x, cur, op -> {
                    x.add(k.t.op[cur], 1);
                    k.f.begin(x, cur, ForkLabel.IDLE);
                    if (op instanceof ForkOp.Fork) {
                        doFork.begin(x, cpu, cur);
                    } else if (op instanceof ForkOp.ForkIdle) {
                        x.set(k.f.pid[cur], 0);
                        execute(x, cpu, cur, ForkLabel.COPY_PROCESS_1, ctx.mkFalse());
                    } else {
                        execute(x, cpu, cur, op.entry(), ctx.mkFalse());
                    }
                }));
    }

    private void execute(Exec x, int cpu, int cur, ForkLabel l, BoolExpr fail) {
        switch (l.part()) {
            case COPY_PROCESS -> copyProcess.step(x, cpu, cur, l, fail);
            case REAP -> reap.step(x, cpu, cur, l, fail);
            case TO_OTHERS -> toOthers.step(x, cpu, cur, l, fail);
            case DO_EXIT -> doExit.step(x, cpu, cur, l, fail);
            case DO_FORK -> doFork.step(x, cpu, cur, l, fail);
            case DO_SIGNAL -> doSignal.step(x, cpu, cur, l, fail);
        }
    }

    // ---------------------------------------------------------------- dispatch

    /**
     * {@code body} for the label task {@code cur} is at, its pc a numeral on that path; with a
     * fork row, only for the row's label, and no successor from any other.
     */
    private void onLabel(Exec x, int cur, Row row, Consumer<ForkLabel> body) {
        x.forIndex(k.f.pc(x, cur), LABELS.length, l -> {
            if (row != null && !(row instanceof Row.Fork r && r.label() == LABELS[l])) {
                x.undefined();
                return;
            }
            k.f.setPc(x, cur, LABELS[l]);
            body.accept(LABELS[l]);
        });
    }

    private BoolExpr onLabelBool(Exec x, int cur, Row row, Function<ForkLabel, BoolExpr> body) {
        return x.selectBool(k.f.pc(x, cur), LABELS.length, l -> {
            if (row != null && !(row instanceof Row.Fork r && r.label() == LABELS[l])) {
                return ctx.mkFalse();
            }
            k.f.setPc(x, cur, LABELS[l]);
            return body.apply(LABELS[l]);
        });
    }

    private BoolExpr onPidLabel(Exec x, int cpu, Row row, Function<PidLabel, BoolExpr> body) {
        return x.selectBool(k.pids.pc(x, cpu), PID_LABELS.length, l -> {
            if (row != null && !(row instanceof Row.Pid r && r.label() == PID_LABELS[l])) {
                return ctx.mkFalse();
            }
            k.pids.pin(x, cpu, PID_LABELS[l]);
            return body.apply(PID_LABELS[l]);
        });
    }
}
