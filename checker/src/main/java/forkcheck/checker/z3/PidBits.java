package forkcheck.checker.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Model;
import java.util.List;

/**
 * The bits of a symbolic pidmap, as {@link SymbolicAlloc} reads and writes them. Two encodings of
 * the same bits: {@link BitVecPages}, a bit-vector of {@code BITS_PER_PAGE} bits per page, and
 * {@link WordPages}, an array of machine words as {@code find_next_zero_bit} reads them. Offsets,
 * pages and pids are scalars of {@link SymbolicAlloc#w} bits; a page and offset name a bit that
 * exists ({@code map < PIDMAP_ENTRIES}, {@code off < BITS_PER_PAGE}) unless said otherwise.
 */
interface PidBits {
    /** Bit {@code off} of page {@code map} is set. */
    BoolExpr test(BitVecExpr map, BitVecExpr off);

    /** Every bit of page {@code map} in {@code [from, to)} is set; {@code from <= to <= BITS_PER_PAGE}. */
    BoolExpr allSet(BitVecExpr map, BitVecExpr from, BitVecExpr to);

    /** Every bit of page {@code m} is set. */
    BoolExpr full(int m);

    /** No bit at or above {@code pid_max} is set (on the last page, past {@code pid_max}). */
    BoolExpr noneAbove(int pidMax);

    /** These bits with bit {@code off} of page {@code map} set where {@code cond} holds. */
    PidBits setWhere(BoolExpr cond, BitVecExpr map, BitVecExpr off);

    /** Every bit of the pidmap equals that of {@code other}, but for pid {@code pid}'s where {@code except} holds. */
    BoolExpr sameBut(PidBits other, BoolExpr except, BitVecExpr pid);

    /** The bits are exactly those of {@code taken}, pids below {@code PIDMAP_ENTRIES * BITS_PER_PAGE}. */
    BoolExpr is(List<Integer> taken);

    /** The pids below {@code pid_max} whose bit is set in {@code m}. */
    List<Integer> taken(Model m, int pidMax);
}
