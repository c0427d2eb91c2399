package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.scenario.Op;
import java.util.Arrays;
import java.util.List;

/**
 * One CPU as the symbolic steps see it: the names of its frame's variables and its program's
 * tables, as {@code CpuFrame} has them, and the frame operations the Java steps call on it.
 */
final class SymCpu {
    final int cpu;
    final List<Op> program;
    final String op;
    final String pc;
    final String last;
    final String pid;
    final String offset;
    final String map;
    final String maxScan;
    final String i;
    final String page;
    final String wrapped;
    final String raced;
    final String pageFault;
    final String free;
    /** Indexed by alloc ordinal. */
    final String[] results;
    private final int[] allocOrdinal;
    private final int[] freesResult;
    private final String[] locals;

    SymCpu(int cpu, List<Op> program) {
        this.cpu = cpu;
        this.program = program;
        String c = "cpu" + cpu + ".";
        op = c + "op";
        pc = c + "pc";
        last = c + "last";
        pid = c + "pid";
        offset = c + "offset";
        map = c + "map";
        maxScan = c + "max_scan";
        i = c + "i";
        page = c + "page";
        wrapped = c + "wrapped";
        raced = c + "raced";
        pageFault = c + "page_fault";
        free = c + "free";
        locals = new String[] {last, pid, offset, map, maxScan, i, page, wrapped, raced, pageFault};
        allocOrdinal = new int[program.size()];
        freesResult = new int[program.size()];
        int allocs = 0;
        for (int k = 0; k < program.size(); k++) {
            allocOrdinal[k] = program.get(k) instanceof Op.Alloc ? allocs++ : -1;
            freesResult[k] = program.get(k) instanceof Op.FreeResult f ? f.alloc() : -1;
        }
        results = new String[allocs];
        for (int k = 0; k < allocs; k++) {
            results[k] = c + "r" + (k + 1);
        }
    }

    int allocOrdinal(int k) {
        return allocOrdinal[k];
    }

    /**
     * The moving CPU's label. Its pc starts as a numeral and every step writes numerals, so on
     * any one path it is always known: the step's code is chosen by it, as the Java switch does.
     */
    PidLabel label(Exec x) {
        Expr<IntSort> v = x.get(pc).simplify();
        if (v instanceof IntNum n) {
            return PidLabel.of(n.getInt());
        }
        throw new IllegalStateException(pc + " is not a numeral on this path: " + v);
    }

    void setPc(Exec x, PidLabel l) {
        x.set(pc, l.ordinal());
    }

    static boolean betweenCalls(PidLabel l) {
        return l == PidLabel.IDLE || l == PidLabel.RET;
    }

    /** {@code CpuFrame.allocating}, of any CPU, its pc symbolic. */
    BoolExpr allocating(Exec x) {
        Expr<IntSort> p = x.get(pc);
        return x.ctx().mkOr(Arrays.stream(PidLabel.values()).filter(PidLabel::inAllocPidmap)
                .map(l -> x.ctx().mkEq(p, x.num(l.ordinal()))).toArray(BoolExpr[]::new));
    }

    /** {@code CpuFrame.next}: the next op to begin, skipping frees of allocs that returned -1. */
    Expr<IntSort> next(Exec x) {
        Expr<IntSort> k = nextFrom(x, program.size());
        for (int o = program.size() - 1; o >= 0; o--) {
            k = x.ctx().mkITE(x.ctx().mkEq(x.get(op), x.num(o)), nextFrom(x, o), k);
        }
        return k.simplify();
    }

    private Expr<IntSort> nextFrom(Exec x, int k) {
        if (k == program.size()) {
            return x.num(k);
        }
        if (freesResult[k] < 0) {
            return x.num(k);
        }
        BoolExpr isVoid = x.ctx().mkEq(x.get(results[freesResult[k]]), x.num(-1));
        return x.ctx().mkITE(isVoid, nextFrom(x, k + 1), x.num(k));
    }

    /** {@code CpuFrame.clearDeadLocals}. */
    void clearDeadLocals(Exec x) {
        x.set(offset, 0);
        x.set(map, 0);
        x.set(maxScan, 0);
        x.set(i, 0);
        x.set(page, 0);
    }

    /** {@code CpuFrame.clearFrame}. */
    void clearFrame(Exec x) {
        for (String l : locals) {
            x.set(l, 0);
        }
        for (int j = 0; j < x.size(free); j++) {
            x.setBit(free, j, x.ctx().mkFalse());
        }
    }
}
