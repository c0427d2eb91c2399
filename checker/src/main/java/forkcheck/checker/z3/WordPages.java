package forkcheck.checker.z3;

import com.microsoft.z3.ArrayExpr;
import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The pidmap as an array of machine words, indexed by {@code pid / BITS_PER_LONG} across the
 * pages (they are contiguous in pid space): what {@code find_next_zero_bit} reads, one
 * {@code unsigned long} at a time. A bit at a symbolic offset is a select and a shift of one word,
 * not of a page; "every bit of {@code [from, to)} set" is a mask on the first and the last word
 * and, for the words between, a quantifier over the word index ({@code ∀j. w1 < j < w2 ⇒ word j
 * is all ones}), which Z3 instantiates at the words the formula reads.
 */
final class WordPages implements PidBits {
    private final SymbolicAlloc a;
    private final Context ctx;
    private final int bpp;
    /** {@code BITS_PER_LONG}, a power of two dividing {@code BITS_PER_PAGE}. */
    private final int word;
    private final int log;
    /** Words of the whole pidmap, {@code PIDMAP_ENTRIES * BITS_PER_PAGE / BITS_PER_LONG}. */
    private final int words;
    final ArrayExpr<BitVecSort, BitVecSort> array;

    WordPages(SymbolicAlloc a, int word, ArrayExpr<BitVecSort, BitVecSort> array) {
        if (Integer.bitCount(word) != 1 || word < 2 || word > 64 || word > a.b.bitsPerPage()) {
            throw new IllegalArgumentException("word of " + word + " bits on pages of " + a.b.bitsPerPage());
        }
        this.a = a;
        this.ctx = a.ctx;
        this.bpp = a.b.bitsPerPage();
        this.word = word;
        this.log = Integer.numberOfTrailingZeros(word);
        this.words = a.pages * (bpp / word);
        this.array = array;
    }

    static WordPages fresh(SymbolicAlloc a, int word) {
        Context c = a.ctx;
        return new WordPages(a, word, c.mkArrayConst("pidmap_words", c.mkBitVecSort(a.w), c.mkBitVecSort(word)));
    }

    private BitVecExpr global(BitVecExpr map, BitVecExpr off) {
        return a.add(ctx.mkBVMul(map, a.k(bpp)), off);
    }

    private BitVecExpr wordOf(BitVecExpr g) {
        return ctx.mkBVLSHR(g, a.k(log));
    }

    /** {@code g % BITS_PER_LONG}, as a shift amount on a word. */
    private BitVecExpr bitOf(BitVecExpr g) {
        BitVecExpr low = ctx.mkExtract(log - 1, 0, g);
        return word > log ? ctx.mkZeroExt(word - log, low) : low;
    }

    private BitVecExpr at(BitVecExpr j) {
        return (BitVecExpr) ctx.mkSelect(array, j);
    }

    private BitVecExpr ones() {
        return ctx.mkBVNot(ctx.mkBV(0, word));
    }

    private BitVecExpr w(long v) {
        return ctx.mkBV(v, word);
    }

    private BoolExpr covers(BitVecExpr x, BitVecExpr mask) {
        return ctx.mkEq(ctx.mkBVAND(x, mask), mask);
    }

    /** {@code ∀j. lo <= j < hi ⇒ word j == value}, {@code lo} and {@code hi} word indices. */
    private BoolExpr everyWord(BitVecExpr lo, BitVecExpr hi, BitVecExpr value, boolean loInclusive) {
        BitVecExpr j = ctx.mkBVConst("j", a.w);
        BoolExpr inside = ctx.mkAnd(loInclusive ? ctx.mkBVULE(lo, j) : a.ult(lo, j), a.ult(j, hi));
        return ctx.mkForall(new BitVecExpr[] {j}, ctx.mkImplies(inside, ctx.mkEq(at(j), value)), 1,
                new com.microsoft.z3.Pattern[] {ctx.mkPattern(at(j))}, null, null, null);
    }

    @Override
    public BoolExpr test(BitVecExpr map, BitVecExpr off) {
        BitVecExpr g = global(map, off);
        return ctx.mkEq(ctx.mkExtract(0, 0, ctx.mkBVLSHR(at(wordOf(g)), bitOf(g))), ctx.mkBV(1, 1));
    }

    @Override
    public BoolExpr allSet(BitVecExpr map, BitVecExpr from, BitVecExpr to) {
        BitVecExpr g1 = global(map, from);
        BitVecExpr g2 = global(map, to);
        BitVecExpr w1 = wordOf(g1);
        BitVecExpr w2 = wordOf(g2);
        BitVecExpr fromUp = ctx.mkBVSHL(ones(), bitOf(g1));
        BitVecExpr below = ctx.mkBVNot(ctx.mkBVSHL(ones(), bitOf(g2)));
        BoolExpr oneWord = covers(at(w1), ctx.mkBVAND(fromUp, below));
        BoolExpr span = ctx.mkAnd(covers(at(w1), fromUp), everyWord(w1, w2, ones(), false), covers(at(w2), below));
        return (BoolExpr) ctx.mkITE(a.eq(w1, w2), oneWord, span);
    }

    @Override
    public BoolExpr full(int m) {
        int per = bpp / word;
        return everyWord(a.k((long) m * per), a.k((long) (m + 1) * per), ones(), true);
    }

    @Override
    public BoolExpr noneAbove(int pidMax) {
        List<BoolExpr> all = new ArrayList<>();
        all.add(ctx.mkTrue());
        if (pidMax % word != 0 && pidMax / word < words) {
            BitVecExpr high = ctx.mkBVSHL(ones(), w(pidMax % word));
            all.add(ctx.mkEq(ctx.mkBVAND(at(a.k(pidMax / word)), high), w(0)));
        }
        int firstClear = (pidMax + word - 1) / word;
        if (firstClear < words) {
            all.add(everyWord(a.k(firstClear), a.k(words), w(0), true));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    @Override
    public PidBits setWhere(BoolExpr cond, BitVecExpr map, BitVecExpr off) {
        BitVecExpr g = global(map, off);
        BitVecExpr j = wordOf(g);
        ArrayExpr<BitVecSort, BitVecSort> set = ctx.mkStore(array, j, ctx.mkBVOR(at(j), ctx.mkBVSHL(w(1), bitOf(g))));
        @SuppressWarnings("unchecked")
        ArrayExpr<BitVecSort, BitVecSort> after = (ArrayExpr<BitVecSort, BitVecSort>) ctx.mkITE(cond, set, array);
        return new WordPages(a, word, after);
    }

    @Override
    public BoolExpr sameBut(PidBits other, BoolExpr except, BitVecExpr pid) {
        WordPages o = (WordPages) other;
        BitVecExpr j = ctx.mkBVConst("j", a.w);
        BitVecExpr keep = a.ite(ctx.mkAnd(except, a.eq(j, wordOf(pid))), ctx.mkBVNot(ctx.mkBVSHL(w(1), bitOf(pid))), ones());
        BoolExpr same = ctx.mkEq(ctx.mkBVAND(at(j), keep), ctx.mkBVAND(o.at(j), keep));
        return ctx.mkForall(new BitVecExpr[] {j}, ctx.mkImplies(a.ult(j, a.k(words)), same), 1, null, null, null, null);
    }

    @Override
    public BoolExpr is(List<Integer> taken) {
        long[] v = new long[words];
        for (int p : taken) {
            v[p / word] |= 1L << (p % word);
        }
        List<BoolExpr> all = new ArrayList<>();
        for (int j = 0; j < words; j++) {
            all.add(ctx.mkEq(at(a.k(j)), ctx.mkBV(Long.toUnsignedString(v[j]), word)));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    @Override
    public List<Integer> taken(Model model, int pidMax) {
        List<Integer> taken = new ArrayList<>();
        for (int j = 0; j < words; j++) {
            java.math.BigInteger v = ((BitVecNum) model.eval(at(a.k(j)), true)).getBigInteger();
            for (int b = v.getLowestSetBit(); b >= 0; b = v.getLowestSetBit()) {
                v = v.clearBit(b);
                if (j * word + b < pidMax) {
                    taken.add(j * word + b);
                }
            }
        }
        return taken;
    }
}
