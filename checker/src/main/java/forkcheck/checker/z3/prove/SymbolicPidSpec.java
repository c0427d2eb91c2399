package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Op;
import forkcheck.spec.scenario.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transition relation of {@link PidSpec}: {@code step(pre, post, cpu, label, fail)} holds
 * exactly when the Java spec, from the state {@code pre} with CPU {@code cpu} at {@code label},
 * takes the action {@code 2*cpu + fail} and reaches {@code post}. A copy of {@code PidSpec.enabled}
 * and {@code PidSpec.step}, begin included, over symbolic states.
 */
public final class SymbolicPidSpec {
    private final Context ctx;
    private final PidSpec spec;
    private final SymPidmap pm;
    private final SymCpu[] cpus;
    private final SymbolicAllocPidmap alloc;
    private final SymbolicFreePidmap free;
    private final boolean mayFailPage;
    private final Map<String, Field> ranges = new HashMap<>();

    public SymbolicPidSpec(Context ctx, PidSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        Scenario sc = spec.scenario();
        pm = new SymPidmap(sc);
        cpus = new SymCpu[sc.cpus().size()];
        for (int c = 0; c < cpus.length; c++) {
            cpus[c] = new SymCpu(c, sc.cpus().get(c));
        }
        mayFailPage = sc.mayFail(Scenario.FAULT_GET_ZEROED_PAGE);
        alloc = new SymbolicAllocPidmap(pm, cpus, spec.mutant(), spec.ghosts(), mayFailPage);
        free = new SymbolicFreePidmap(pm);
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                ranges.put(f.name(), f);
            }
        }
    }

    int cpus() {
        return cpus.length;
    }

    SymState state(String suffix) {
        return new SymState(ctx, spec.layout(), suffix);
    }

    /** Every label a CPU can be at, {@code IDLE} and {@code RET} included (they begin the next op). */
    static List<PidLabel> labels() {
        return List.of(PidLabel.values());
    }

    /** Any step of CPU {@code cpu}: the disjunction over the labels it can be at. */
    BoolExpr step(SymState pre, SymState post, int cpu, BoolExpr fail) {
        List<BoolExpr> any = new ArrayList<>();
        for (PidLabel l : labels()) {
            any.add(step(pre, post, cpu, l, fail));
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    /** The step of CPU {@code cpu} from {@code label}; {@code fail} is the failing action's bit. */
    BoolExpr step(SymState pre, SymState post, int cpu, PidLabel label, BoolExpr fail) {
        Exec x = new Exec(ctx, ranges, pre);
        Run r = run(x, pre, cpu, label, fail);
        List<BoolExpr> all = new ArrayList<>(List.of(r.at(), r.enabled(), r.defined()));
        all.addAll(x.leaves(post));
        return (BoolExpr) ctx.mkAnd(all.toArray(BoolExpr[]::new)).simplify();
    }

    /** Whether CPU {@code cpu} at {@code label} can take the action: enabled, and the Java step does not throw. */
    BoolExpr canStep(SymState pre, int cpu, PidLabel label, BoolExpr fail) {
        Run r = run(new Exec(ctx, ranges, pre), pre, cpu, label, fail);
        return (BoolExpr) ctx.mkAnd(r.at(), r.enabled(), r.defined()).simplify();
    }

    /** Whether CPU {@code cpu} at {@code label} may take the action but the Java step throws: it leaves the model. */
    BoolExpr leavesModel(SymState pre, int cpu, PidLabel label, BoolExpr fail) {
        Run r = run(new Exec(ctx, ranges, pre), pre, cpu, label, fail);
        return (BoolExpr) ctx.mkAnd(r.at(), r.enabled(), ctx.mkNot(r.defined())).simplify();
    }

    /** {@code PidSpec.isFinal}: every CPU between calls with nothing left to begin. */
    BoolExpr isFinal(SymState pre) {
        Exec x = new Exec(ctx, ranges, pre);
        List<BoolExpr> all = new ArrayList<>();
        for (SymCpu f : cpus) {
            Expr<IntSort> pc = x.get(f.pc);
            all.add(ctx.mkOr(ctx.mkEq(pc, ctx.mkInt(PidLabel.IDLE.ordinal())), ctx.mkEq(pc, ctx.mkInt(PidLabel.RET.ordinal()))));
            all.add(ctx.mkEq(f.next(x), ctx.mkInt(f.program.size())));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** Of the pre-state: the CPU is at the label, the action is enabled, the Java step does not throw. */
    private record Run(BoolExpr at, BoolExpr enabled, BoolExpr defined) {}

    /** Runs the step on {@code x}. */
    private Run run(Exec x, SymState pre, int cpu, PidLabel label, BoolExpr fail) {
        SymCpu f = cpus[cpu];
        // The guard pins the pc; the numeral lets each path pick its code as the Java switch does.
        x.set(f.pc, label.ordinal());
        BoolExpr enabled = enabled(x, f, fail);
        if (SymCpu.betweenCalls(label)) {
            begin(x, f, fail);
        } else {
            dispatch(x, f, fail);
        }
        return new Run(ctx.mkEq(pre.field(f.pc), ctx.mkInt(label.ordinal())), enabled, x.defined());
    }

    /** {@code PidSpec.enabled} at the moving CPU's label. */
    private BoolExpr enabled(Exec x, SymCpu f, BoolExpr fail) {
        BoolExpr notFail = ctx.mkNot(fail);
        BoolExpr failAllowed = mayFailPage ? ctx.mkTrue() : notFail;
        PidLabel l = f.label(x);
        if (SymCpu.betweenCalls(l)) {
            Expr<IntSort> k = f.next(x);
            return ctx.mkAnd(failAllowed, notFail, ctx.mkNot(ctx.mkEq(k, ctx.mkInt(f.program.size()))));
        }
        if (l.inAllocPidmap()) {
            return ctx.mkAnd(failAllowed, ctx.mkOr(notFail, alloc.mayFail(x, f)), alloc.enabled(x, f));
        }
        return ctx.mkAnd(failAllowed, notFail);
    }

    private void dispatch(Exec x, SymCpu f, BoolExpr fail) {
        if (f.label(x).inAllocPidmap()) {
            alloc.step(x, f, fail);
        } else {
            free.step(x, f);
        }
    }

    /** {@code PidSpec.begin}, then the new call's first step, one path per op it can begin. */
    private void begin(Exec x, SymCpu f, BoolExpr fail) {
        x.forIndex(f.next(x), f.program.size(), k -> {
            x.set(f.op, k + 1);
            Op op = f.program.get(k);
            if (op instanceof Op.Alloc) {
                alloc.call(x, f);
            } else if (op instanceof Op.FreeResult r) {
                Expr<IntSort> pid = x.get(f.results[r.alloc()]);
                x.set(f.results[r.alloc()], -1);
                free.call(x, f, pid);
            } else if (op instanceof Op.FreePid p) {
                free.call(x, f, ctx.mkInt(p.pid()));
            }
            dispatch(x, f, fail);
        });
    }
}
