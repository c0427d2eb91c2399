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
 * One sequential call of {@code alloc_pidmap} (kernel/pid.c:78-132, 2.6.11) over a symbolic
 * pidmap: every bitmap, every {@code nr_free} and {@code last_pid} are free constants, constrained
 * only by {@link #pre()}, the facts every reachable state has.
 *
 * <p>The code is followed statement by statement, the {@code for} loop unrolled to
 * {@code PIDMAP_ENTRIES + 1} passes (the largest {@code max_scan + 1}; one more for the faulty
 * {@link AllocVariant#EXTRA_PASS}, so that it can show itself) and each pass's do-while to two
 * iterations: sequentially, the second {@code test_and_set_bit} is on the bit that
 * {@code find_next_zero_bit} found clear; {@link #unwound()} is the obligation that says so.
 *
 * <p>{@code find_next_zero_bit} is not computed but specified: a fresh constant per call, at or
 * after the offset, clear if below {@code BITS_PER_PAGE}, and every bit between set. Bitmaps are
 * bit-vectors of {@code BITS_PER_PAGE} bits: "every bit in [off, r) set" is then one mask
 * comparison, where per-bit Booleans would need a quantifier or {@code BITS_PER_PAGE^2} clauses.
 */
final class SymbolicAlloc {
    final Context ctx;
    final Bounds b;
    final AllocVariant variant;
    /** Width of the scalars (pids, offsets, counts): room for pid_max + 2*BITS_PER_PAGE, unsigned. */
    final int w;
    final int pages;

    final BitVecExpr last;
    final BitVecExpr[] bits;
    final BitVecExpr[] nrFree;

    final BitVecExpr lastAfter;
    final BitVecExpr[] bitsAfter;
    final BitVecExpr[] nrFreeAfter;
    /** Whether the call returned a pid, and which; -1 is {@code !ok}. */
    final BoolExpr ok;
    final BitVecExpr result;
    final BitVecExpr maxScan;
    /** How many passes of the for loop ran. */
    final BitVecExpr passes;

    private final List<BoolExpr> defs = new ArrayList<>();
    private final List<BoolExpr> unwinding = new ArrayList<>();
    private int fresh;

    SymbolicAlloc(Context ctx, Bounds b, AllocVariant variant) {
        this.ctx = ctx;
        this.b = b;
        this.variant = variant;
        this.pages = b.entries();
        this.w = Math.max(8, 34 - Integer.numberOfLeadingZeros(b.pidMax() + 2 * b.bitsPerPage()));
        last = ctx.mkBVConst("last_pid", w);
        bits = new BitVecExpr[pages];
        nrFree = new BitVecExpr[pages];
        for (int m = 0; m < pages; m++) {
            bits[m] = ctx.mkBVConst("pidmap_array[" + m + "].bits", b.bitsPerPage());
            nrFree[m] = ctx.mkBVConst("pidmap_array[" + m + "].nr_free", w);
        }

        int bpp = b.bitsPerPage();
        // pid = last + 1; if (pid >= pid_max) pid = RESERVED_PIDS;
        BitVecExpr pid = ite(ult(add(last, k(1)), k(b.pidMax())), add(last, k(1)), k(restart()));
        // offset = pid & BITS_PER_PAGE_MASK; map = &pidmap_array[pid/BITS_PER_PAGE];
        BitVecExpr offset = ctx.mkBVAND(pid, k(bpp - 1));
        BitVecExpr map = ctx.mkBVUDiv(pid, k(bpp));
        // max_scan = (pid_max + BITS_PER_PAGE - 1)/BITS_PER_PAGE - !offset;
        maxScan = variant == AllocVariant.NO_RESCAN ? k(0)
                : ite(eq(offset, k(0)), k(pages - 1), k(pages));
        BitVecExpr guardBound = variant == AllocVariant.EXTRA_PASS ? add(maxScan, k(1)) : maxScan;

        BoolExpr live = ctx.mkTrue();
        BoolExpr okAcc = ctx.mkFalse();
        BitVecExpr res = k(0);
        BitVecExpr resMap = k(0);
        BitVecExpr resOff = k(0);
        BitVecExpr passAcc = k(0);
        // max_scan + 1 <= PIDMAP_ENTRIES + 1 passes; one more only for the variant that makes one
        // more, so that its extra pass is there to be caught. Each pass costs bit-vector shifts of
        // BITS_PER_PAGE bits, so no pass is unrolled that cannot run.
        int unroll = pages + (variant == AllocVariant.EXTRA_PASS ? 2 : 1);
        for (int i = 0; i < unroll; i++) {
            // for (...; i <= max_scan; ...)
            BoolExpr enter = ctx.mkAnd(live, ctx.mkBVULE(k(i), guardBound));
            passAcc = ite(enter, k(i + 1), passAcc);
            BitVecExpr page = select(bits, map);
            BitVecExpr nf = select(nrFree, map);
            // if (likely(atomic_read(&map->nr_free))) do { if (!test_and_set_bit(offset, map->page)) ...
            BoolExpr scan = ctx.mkAnd(enter, ctx.mkNot(eq(nf, k(0))));
            BoolExpr takeFirst = ctx.mkAnd(scan, ctx.mkNot(bit(page, offset)));
            // offset = find_next_offset(map, offset); pid = mk_pid(map, offset);
            BitVecExpr r = findNextZeroBit(page, offset);
            BitVecExpr pid2 = add(ctx.mkBVMul(map, k(bpp)), r);
            // } while (offset < BITS_PER_PAGE && pid < pid_max && (i != max_scan || pid < last || !((last+1) & MASK)));
            BoolExpr again = ctx.mkAnd(ult(r, k(bpp)), ult(pid2, k(b.pidMax())),
                    ctx.mkOr(ctx.mkNot(eq(k(i), maxScan)), ult(pid2, last),
                            eq(ctx.mkBVAND(add(last, k(1)), k(bpp - 1)), k(0))));
            BoolExpr second = ctx.mkAnd(scan, ctx.mkNot(takeFirst), again);
            BoolExpr takeSecond = ctx.mkAnd(second, ctx.mkNot(bit(page, r)));
            // A third iteration would be needed only if the bit found clear were set.
            unwinding.add(ctx.mkNot(ctx.mkAnd(second, bit(page, r))));
            BoolExpr take = ctx.mkOr(takeFirst, takeSecond);
            BitVecExpr takenOff = ite(takeFirst, offset, r);
            res = ite(take, add(ctx.mkBVMul(map, k(bpp)), takenOff), res);
            resMap = ite(take, map, resMap);
            resOff = ite(take, takenOff, resOff);
            okAcc = ctx.mkOr(okAcc, take);
            // if (map < &pidmap_array[(pid_max-1)/BITS_PER_PAGE]) { ++map; offset = 0; }
            // else { map = &pidmap_array[0]; offset = RESERVED_PIDS; if (unlikely(last == offset)) break; }
            BoolExpr more = ult(map, k((b.pidMax() - 1) / bpp));
            BitVecExpr nextMap = ite(more, add(map, k(1)), k(0));
            BitVecExpr nextOff = ite(more, k(0), k(restart()));
            BoolExpr brk = ctx.mkAnd(ctx.mkNot(more), eq(last, k(restart())));
            live = ctx.mkAnd(enter, ctx.mkNot(take), ctx.mkNot(brk));
            map = ite(enter, nextMap, map);
            offset = ite(enter, nextOff, offset);
        }
        // The unrolling covers every pass the loop can make: the pass after the last one unrolled
        // would fail the loop test.
        unwinding.add(ctx.mkNot(ctx.mkAnd(live, ctx.mkBVULE(k(unroll), guardBound))));
        ok = okAcc;
        result = res;
        passes = passAcc;
        lastAfter = ite(ok, result, last);
        bitsAfter = new BitVecExpr[pages];
        nrFreeAfter = new BitVecExpr[pages];
        for (int m = 0; m < pages; m++) {
            BoolExpr here = ctx.mkAnd(ok, eq(resMap, k(m)));
            bitsAfter[m] = ite(here, ctx.mkBVOR(bits[m], ctx.mkBVSHL(ctx.mkBV(1, bpp), toPage(resOff))), bits[m]);
            nrFreeAfter[m] = variant == AllocVariant.DROP_ATOMIC_DEC ? nrFree[m]
                    : ite(here, ctx.mkBVSub(nrFree[m], k(1)), nrFree[m]);
        }
    }

    private int restart() {
        return variant == AllocVariant.WRAP_TO_ZERO ? 0 : b.reservedPids();
    }

    /**
     * What every reachable state has: {@code last_pid < pid_max}; pid 0 taken
     * ({@code pidmap_init}); no bit at or above {@code pid_max} set (nothing sets one);
     * {@code nr_free} zero exactly when the page is full (from {@code nr-free-exact}, between
     * calls, with no free in flight), and not more than {@code BITS_PER_PAGE}. A page not yet
     * allocated stands as the zeroed page {@code get_zeroed_page} would install.
     */
    BoolExpr pre() {
        List<BoolExpr> p = new ArrayList<>();
        p.add(ult(last, k(b.pidMax())));
        p.add(bit(bits[0], k(0)));
        BitVecExpr ones = ctx.mkBVNot(ctx.mkBV(0, b.bitsPerPage()));
        for (int m = 0; m < pages; m++) {
            p.add(ctx.mkIff(eq(nrFree[m], k(0)), ctx.mkEq(bits[m], ones)));
            p.add(ctx.mkBVULE(nrFree[m], k(b.bitsPerPage())));
        }
        int lastPage = pages - 1;
        int lastOff = b.pidMax() - lastPage * b.bitsPerPage();
        if (lastOff < b.bitsPerPage()) {
            // Bits [lastOff, BITS_PER_PAGE) of the last page: pids >= pid_max, never set.
            BitVecExpr high = ctx.mkBVSHL(ones, ctx.mkBV(lastOff, b.bitsPerPage()));
            p.add(ctx.mkEq(ctx.mkBVAND(bits[lastPage], high), ctx.mkBV(0, b.bitsPerPage())));
        }
        p.addAll(defs);
        return ctx.mkAnd(p.toArray(BoolExpr[]::new));
    }

    /** The do-while needs no third iteration and the for loop no pass beyond the unrolling. */
    BoolExpr unwound() {
        return ctx.mkAnd(unwinding.toArray(BoolExpr[]::new));
    }

    /** Whether pid {@code p} (a scalar) is taken in the pidmap {@code pm}. */
    BoolExpr taken(BitVecExpr[] pm, BitVecExpr p) {
        return bit(select(pm, ctx.mkBVUDiv(p, k(b.bitsPerPage()))), ctx.mkBVURem(p, k(b.bitsPerPage())));
    }

    /**
     * {@code find_next_zero_bit(page, BITS_PER_PAGE, off)} as its contract: {@code off <= r <=
     * BITS_PER_PAGE}, bit r clear if {@code r < BITS_PER_PAGE}, every bit of {@code [off, r)} set.
     */
    private BitVecExpr findNextZeroBit(BitVecExpr page, BitVecExpr off) {
        BitVecExpr r = ctx.mkBVConst("find_next_zero_bit#" + fresh++, w);
        int bpp = b.bitsPerPage();
        BitVecExpr ones = ctx.mkBVNot(ctx.mkBV(0, bpp));
        BitVecExpr between = ctx.mkBVAND(ctx.mkBVSHL(ones, toPage(off)), ctx.mkBVNot(ctx.mkBVSHL(ones, toPage(r))));
        defs.add(ctx.mkAnd(ctx.mkBVULE(off, r), ctx.mkBVULE(r, k(bpp)),
                ctx.mkImplies(ult(r, k(bpp)), ctx.mkNot(bit(page, r))),
                ctx.mkEq(ctx.mkBVAND(ctx.mkBVNot(page), between), ctx.mkBV(0, bpp))));
        return r;
    }

    /** A scalar in [0, BITS_PER_PAGE] as a shift amount on a page. */
    private BitVecExpr toPage(BitVecExpr x) {
        int bpp = b.bitsPerPage();
        if (bpp > w) {
            return ctx.mkZeroExt(bpp - w, x);
        }
        // BITS_PER_PAGE fits in log2(BITS_PER_PAGE)+1 <= BITS_PER_PAGE bits, so nothing is lost.
        return ctx.mkExtract(bpp - 1, 0, x);
    }

    BoolExpr bit(BitVecExpr page, BitVecExpr off) {
        BitVecExpr shifted = ctx.mkBVLSHR(page, toPage(off));
        return ctx.mkEq(ctx.mkExtract(0, 0, shifted), ctx.mkBV(1, 1));
    }

    private BitVecExpr select(BitVecExpr[] arr, BitVecExpr idx) {
        BitVecExpr e = arr[arr.length - 1];
        for (int m = arr.length - 2; m >= 0; m--) {
            e = ite(eq(idx, k(m)), arr[m], e);
        }
        return e;
    }

    BitVecExpr k(long v) {
        return ctx.mkBV(v, w);
    }

    BitVecExpr add(BitVecExpr a, BitVecExpr c) {
        return ctx.mkBVAdd(a, c);
    }

    BoolExpr ult(BitVecExpr a, BitVecExpr c) {
        return ctx.mkBVULT(a, c);
    }

    BoolExpr eq(BitVecExpr a, BitVecExpr c) {
        return ctx.mkEq(a, c);
    }

    BitVecExpr ite(BoolExpr c, BitVecExpr a, BitVecExpr e) {
        return (BitVecExpr) ctx.mkITE(c, a, e);
    }

    Concrete concrete(Model m) {
        int lastPid = (int) ((BitVecNum) m.eval(last, true)).getLong();
        List<Integer> taken = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            BigInteger v = ((BitVecNum) m.eval(bits[p], true)).getBigInteger();
            for (int j = v.getLowestSetBit(); j >= 0; j = v.getLowestSetBit()) {
                v = v.clearBit(j);
                int pid = p * b.bitsPerPage() + j;
                if (pid < b.pidMax()) {
                    taken.add(pid);
                }
            }
        }
        boolean returned = m.eval(ok, true).isTrue();
        int r = returned ? (int) ((BitVecNum) m.eval(result, true)).getLong() : -1;
        return new Concrete(lastPid, taken, r);
    }
}
