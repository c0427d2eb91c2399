package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.scenario.Scenario;

/** The pid allocator's shared data by name, with the scenario's bounds, as {@code Pidmap} has them. */
final class SymPidmap {
    static final String LAST_PID = "last_pid";
    static final String LOCK_OWNER = "pidmap_lock.owner";

    final int pidMax;
    final int bitsPerPage;
    final int reservedPids;
    final int entries;

    SymPidmap(Scenario sc) {
        this(sc.pidMax(), sc.bitsPerPage(), sc.reservedPids());
    }

    SymPidmap(int pidMax, int bitsPerPage, int reservedPids) {
        this.pidMax = pidMax;
        this.bitsPerPage = bitsPerPage;
        this.reservedPids = reservedPids;
        entries = (pidMax + bitsPerPage - 1) / bitsPerPage;
    }

    static String page(int m) {
        return "pidmap_array[" + m + "].page";
    }

    static String nrFree(int m) {
        return "pidmap_array[" + m + "].nr_free";
    }

    static String bits(int m) {
        return "pidmap_array[" + m + "].bits";
    }

    /** {@code mk_pid(map, off)}. */
    int mkPid(int map, int offset) {
        return map * bitsPerPage + offset;
    }

    /** {@code Pidmap.isFree}: the page absent or the bit clear. */
    BoolExpr isFree(Exec x, int pid) {
        int m = pid / bitsPerPage;
        Context c = x.ctx();
        return c.mkOr(c.mkEq(x.get(page(m)), x.num(0)), c.mkNot(x.bit(bits(m), pid % bitsPerPage)));
    }

    /** {@code pidmap_array[map].page != NULL} for a symbolic {@code map} known to be in range. */
    BoolExpr pagePresent(Exec x, Expr<IntSort> map) {
        Context c = x.ctx();
        BoolExpr e = c.mkFalse();
        for (int m = entries - 1; m >= 0; m--) {
            e = (BoolExpr) c.mkITE(c.mkEq(map, x.num(m)), c.mkNot(c.mkEq(x.get(page(m)), x.num(0))), e);
        }
        return e;
    }

    /** {@code x & (BITS_PER_PAGE - 1)}: for a power of two, two's complement masking is Euclidean mod. */
    Expr<IntSort> pageOffset(Exec x, Expr<IntSort> v) {
        return x.ctx().mkMod(v, x.ctx().mkInt(bitsPerPage));
    }

    /** {@code v / BITS_PER_PAGE} with Java's rounding toward zero (Z3's div rounds down). */
    Expr<IntSort> pageOf(Exec x, Expr<IntSort> v) {
        Context c = x.ctx();
        Expr<IntSort> bpp = c.mkInt(bitsPerPage);
        return c.mkITE(c.mkGe(v, c.mkInt(0)), c.mkDiv(v, bpp), c.mkUnaryMinus(c.mkDiv(c.mkUnaryMinus(v), bpp)));
    }
}
