package forkcheck.checker.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
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
 * after the offset, clear if below {@code BITS_PER_PAGE}, and every bit between set. The bits are
 * read and written through {@link PidBits}, in one of two {@link PidmapEncoding}s: bit-vectors of
 * {@code BITS_PER_PAGE} bits, where "every bit in [off, r) set" is one mask comparison (per-bit
 * Booleans would need a quantifier or {@code BITS_PER_PAGE^2} clauses), or an array of words,
 * where it is a mask on the first and last word and a quantifier over the words between.
 */
final class SymbolicAlloc {
    final Context ctx;
    final Bounds b;
    final AllocVariant variant;
    /** Width of the scalars (pids, offsets, counts): room for pid_max + 2*BITS_PER_PAGE, unsigned. */
    final int w;
    final int pages;

    final BitVecExpr last;
    final PidBits bits;
    final BitVecExpr[] nrFree;

    final BitVecExpr lastAfter;
    final PidBits bitsAfter;
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

    SymbolicAlloc(Context ctx, Bounds b, AllocVariant variant, PidmapEncoding encoding) {
        this.ctx = ctx;
        this.b = b;
        this.variant = variant;
        this.pages = b.entries();
        this.w = Math.max(8, 34 - Integer.numberOfLeadingZeros(b.pidMax() + 2 * b.bitsPerPage()));
        last = ctx.mkBVConst("last_pid", w);
        bits = encoding.fresh(this);
        nrFree = new BitVecExpr[pages];
        for (int m = 0; m < pages; m++) {
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
            BitVecExpr nf = select(nrFree, map);
            // if (likely(atomic_read(&map->nr_free))) do { if (!test_and_set_bit(offset, map->page)) ...
            BoolExpr scan = ctx.mkAnd(enter, ctx.mkNot(eq(nf, k(0))));
            BoolExpr takeFirst = ctx.mkAnd(scan, ctx.mkNot(bits.test(map, offset)));
            // offset = find_next_offset(map, offset); pid = mk_pid(map, offset);
            BitVecExpr r = findNextZeroBit(map, offset);
            BitVecExpr pid2 = add(ctx.mkBVMul(map, k(bpp)), r);
            // } while (offset < BITS_PER_PAGE && pid < pid_max && (i != max_scan || pid < last || !((last+1) & MASK)));
            BoolExpr again = ctx.mkAnd(ult(r, k(bpp)), ult(pid2, k(b.pidMax())),
                    ctx.mkOr(ctx.mkNot(eq(k(i), maxScan)), ult(pid2, last),
                            eq(ctx.mkBVAND(add(last, k(1)), k(bpp - 1)), k(0))));
            BoolExpr second = ctx.mkAnd(scan, ctx.mkNot(takeFirst), again);
            BoolExpr takeSecond = ctx.mkAnd(second, ctx.mkNot(bits.test(map, r)));
            // A third iteration would be needed only if the bit found clear were set.
            unwinding.add(ctx.mkNot(ctx.mkAnd(second, bits.test(map, r))));
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
        bitsAfter = bits.setWhere(ok, resMap, resOff);
        nrFreeAfter = new BitVecExpr[pages];
        for (int m = 0; m < pages; m++) {
            BoolExpr here = ctx.mkAnd(ok, eq(resMap, k(m)));
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
        p.add(bits.test(k(0), k(0)));
        for (int m = 0; m < pages; m++) {
            p.add(ctx.mkIff(eq(nrFree[m], k(0)), bits.full(m)));
            p.add(ctx.mkBVULE(nrFree[m], k(b.bitsPerPage())));
        }
        // Bits of the last page from pid_max on: pids >= pid_max, never set.
        p.add(bits.noneAbove(b.pidMax()));
        p.addAll(defs);
        return ctx.mkAnd(p.toArray(BoolExpr[]::new));
    }

    /** The do-while needs no third iteration and the for loop no pass beyond the unrolling. */
    BoolExpr unwound() {
        return ctx.mkAnd(unwinding.toArray(BoolExpr[]::new));
    }

    /** Whether pid {@code p} (a scalar) is taken in the pidmap {@code pm}. */
    BoolExpr taken(PidBits pm, BitVecExpr p) {
        return pm.test(ctx.mkBVUDiv(p, k(b.bitsPerPage())), ctx.mkBVURem(p, k(b.bitsPerPage())));
    }

    /**
     * {@code find_next_zero_bit(page, BITS_PER_PAGE, off)} as its contract: {@code off <= r <=
     * BITS_PER_PAGE}, bit r clear if {@code r < BITS_PER_PAGE}, every bit of {@code [off, r)} set.
     */
    private BitVecExpr findNextZeroBit(BitVecExpr map, BitVecExpr off) {
        BitVecExpr r = ctx.mkBVConst("find_next_zero_bit#" + fresh++, w);
        int bpp = b.bitsPerPage();
        defs.add(ctx.mkAnd(ctx.mkBVULE(off, r), ctx.mkBVULE(r, k(bpp)),
                ctx.mkImplies(ult(r, k(bpp)), ctx.mkNot(bits.test(map, r))),
                bits.allSet(map, off, r)));
        return r;
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
        List<Integer> taken = bits.taken(m, b.pidMax());
        boolean returned = m.eval(ok, true).isTrue();
        int r = returned ? (int) ((BitVecNum) m.eval(result, true)).getLong() : -1;
        return new Concrete(lastPid, taken, r);
    }
}
