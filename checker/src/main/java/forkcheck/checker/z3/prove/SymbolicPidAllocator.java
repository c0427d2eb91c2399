package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.pid.Ghosts;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidAllocator;
import forkcheck.spec.pid.PidLabel;
import java.util.List;

/**
 * {@link PidAllocator} on a symbolic state, method for method: the pid allocator as the fork
 * model calls it, built from the same symbolic steps the pid model's relation uses.
 */
public final class SymbolicPidAllocator {
    private final SymCpu[] cpus;
    private final SymbolicAllocPidmap alloc;
    private final SymbolicFreePidmap free;

    public SymbolicPidAllocator(int pidMax, int bitsPerPage, int reservedPids, int ncpus, boolean mayFailPage) {
        SymPidmap pm = new SymPidmap(pidMax, bitsPerPage, reservedPids);
        cpus = new SymCpu[ncpus];
        for (int c = 0; c < ncpus; c++) {
            cpus[c] = new SymCpu(c, List.of());
        }
        alloc = new SymbolicAllocPidmap(pm, cpus, Mutant.NONE, new Ghosts(false, false, false, false, false), mayFailPage);
        free = new SymbolicFreePidmap(pm);
    }

    public void callAlloc(Exec x, int cpu) {
        alloc.call(x, cpus[cpu]);
    }

    public void callFree(Exec x, int cpu, Expr<IntSort> pid) {
        free.call(x, cpus[cpu], pid);
    }

    /** {@code busy}: the CPU's pc is neither {@code IDLE} nor {@code RET}. */
    public BoolExpr busy(Exec x, int cpu) {
        Expr<IntSort> pc = x.get(cpus[cpu].pc);
        return x.ctx().mkNot(x.ctx().mkOr(x.ctx().mkEq(pc, x.num(PidLabel.IDLE.ordinal())),
                x.ctx().mkEq(pc, x.num(PidLabel.RET.ordinal()))));
    }

    /** The name of the CPU's pc. */
    public String pcName(int cpu) {
        return cpus[cpu].pc;
    }

    /** The CPU's pc, to dispatch on: on each path of {@link Exec#forIndex} a label. */
    public Expr<IntSort> pc(Exec x, int cpu) {
        return x.get(cpus[cpu].pc);
    }

    /** The CPU's pc set to the numeral a path has it at, so the step's code is chosen by it. */
    public void pin(Exec x, int cpu, PidLabel l) {
        cpus[cpu].setPc(x, l);
    }

    /** {@code enabled}, the CPU at a known label. */
    public BoolExpr enabled(Exec x, int cpu) {
        SymCpu f = cpus[cpu];
        return f.label(x).inAllocPidmap() ? alloc.enabled(x, f) : x.ctx().mkTrue();
    }

    /** {@code mayFail}, the CPU at a known label. */
    public BoolExpr mayFail(Exec x, int cpu) {
        SymCpu f = cpus[cpu];
        return f.label(x).inAllocPidmap() ? alloc.mayFail(x, f) : x.ctx().mkFalse();
    }

    /** {@code step}, the CPU at a known label. */
    public void step(Exec x, int cpu, BoolExpr fail) {
        SymCpu f = cpus[cpu];
        if (f.label(x).inAllocPidmap()) {
            alloc.step(x, f, fail);
        } else {
            free.step(x, f);
        }
    }

    public Expr<IntSort> result(Exec x, int cpu) {
        return x.get(cpus[cpu].pid);
    }

    public void release(Exec x, int cpu) {
        cpus[cpu].clearFrame(x);
        cpus[cpu].setPc(x, PidLabel.IDLE);
    }
}
