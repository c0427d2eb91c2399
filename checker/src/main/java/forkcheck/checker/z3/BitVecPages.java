package forkcheck.checker.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A bit-vector of {@code BITS_PER_PAGE} bits per page. A bit at a symbolic offset is a shift by a
 * symbolic amount: bit-blasted, a barrel shifter of {@code BITS_PER_PAGE * log2(BITS_PER_PAGE)}
 * multiplexers, which is what makes 32768-bit pages slow.
 */
final class BitVecPages implements PidBits {
    private final SymbolicAlloc a;
    private final Context ctx;
    private final int bpp;
    final BitVecExpr[] pages;

    BitVecPages(SymbolicAlloc a, BitVecExpr[] pages) {
        this.a = a;
        this.ctx = a.ctx;
        this.bpp = a.b.bitsPerPage();
        this.pages = pages;
    }

    static BitVecPages fresh(SymbolicAlloc a) {
        BitVecExpr[] p = new BitVecExpr[a.pages];
        for (int m = 0; m < p.length; m++) {
            p[m] = a.ctx.mkBVConst("pidmap_array[" + m + "].bits", a.b.bitsPerPage());
        }
        return new BitVecPages(a, p);
    }

    private BitVecExpr select(BitVecExpr map) {
        BitVecExpr e = pages[pages.length - 1];
        for (int m = pages.length - 2; m >= 0; m--) {
            e = a.ite(a.eq(map, a.k(m)), pages[m], e);
        }
        return e;
    }

    /** A scalar in [0, BITS_PER_PAGE] as a shift amount on a page. */
    private BitVecExpr toPage(BitVecExpr x) {
        if (bpp > a.w) {
            return ctx.mkZeroExt(bpp - a.w, x);
        }
        // BITS_PER_PAGE fits in log2(BITS_PER_PAGE)+1 <= BITS_PER_PAGE bits, so nothing is lost.
        return ctx.mkExtract(bpp - 1, 0, x);
    }

    private BitVecExpr ones() {
        return ctx.mkBVNot(ctx.mkBV(0, bpp));
    }

    private BitVecExpr one(BitVecExpr off) {
        return ctx.mkBVSHL(ctx.mkBV(1, bpp), toPage(off));
    }

    @Override
    public BoolExpr test(BitVecExpr map, BitVecExpr off) {
        BitVecExpr shifted = ctx.mkBVLSHR(select(map), toPage(off));
        return ctx.mkEq(ctx.mkExtract(0, 0, shifted), ctx.mkBV(1, 1));
    }

    /** One mask comparison: {@code ~page & (ones << from) & ~(ones << to) == 0}. */
    @Override
    public BoolExpr allSet(BitVecExpr map, BitVecExpr from, BitVecExpr to) {
        BitVecExpr between = ctx.mkBVAND(ctx.mkBVSHL(ones(), toPage(from)), ctx.mkBVNot(ctx.mkBVSHL(ones(), toPage(to))));
        return ctx.mkEq(ctx.mkBVAND(ctx.mkBVNot(select(map)), between), ctx.mkBV(0, bpp));
    }

    @Override
    public BoolExpr full(int m) {
        return ctx.mkEq(pages[m], ones());
    }

    @Override
    public BoolExpr noneAbove(int pidMax) {
        int lastPage = pages.length - 1;
        int lastOff = pidMax - lastPage * bpp;
        if (lastOff >= bpp) {
            return ctx.mkTrue();
        }
        BitVecExpr high = ctx.mkBVSHL(ones(), ctx.mkBV(lastOff, bpp));
        return ctx.mkEq(ctx.mkBVAND(pages[lastPage], high), ctx.mkBV(0, bpp));
    }

    @Override
    public PidBits setWhere(BoolExpr cond, BitVecExpr map, BitVecExpr off) {
        BitVecExpr[] after = new BitVecExpr[pages.length];
        for (int m = 0; m < pages.length; m++) {
            after[m] = a.ite(ctx.mkAnd(cond, a.eq(map, a.k(m))), ctx.mkBVOR(pages[m], one(off)), pages[m]);
        }
        return new BitVecPages(a, after);
    }

    @Override
    public BoolExpr sameBut(PidBits other, BoolExpr except, BitVecExpr pid) {
        BitVecExpr[] o = ((BitVecPages) other).pages;
        BitVecExpr page = ctx.mkBVUDiv(pid, a.k(bpp));
        BitVecExpr bit = one(ctx.mkBVURem(pid, a.k(bpp)));
        List<BoolExpr> all = new ArrayList<>();
        for (int m = 0; m < pages.length; m++) {
            BitVecExpr keep = a.ite(ctx.mkAnd(except, a.eq(page, a.k(m))), ctx.mkBVNot(bit), ones());
            all.add(ctx.mkEq(ctx.mkBVAND(pages[m], keep), ctx.mkBVAND(o[m], keep)));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    @Override
    public BoolExpr is(List<Integer> taken) {
        List<BoolExpr> all = new ArrayList<>();
        for (int m = 0; m < pages.length; m++) {
            BigInteger v = BigInteger.ZERO;
            for (int p : taken) {
                if (p / bpp == m) {
                    v = v.setBit(p % bpp);
                }
            }
            all.add(ctx.mkEq(pages[m], ctx.mkBV(v.toString(), bpp)));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    @Override
    public List<Integer> taken(Model model, int pidMax) {
        List<Integer> taken = new ArrayList<>();
        for (int m = 0; m < pages.length; m++) {
            BigInteger v = ((BitVecNum) model.eval(pages[m], true)).getBigInteger();
            for (int j = v.getLowestSetBit(); j >= 0; j = v.getLowestSetBit()) {
                v = v.clearBit(j);
                if (m * bpp + j < pidMax) {
                    taken.add(m * bpp + j);
                }
            }
        }
        return taken;
    }
}
