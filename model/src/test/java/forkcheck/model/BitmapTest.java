package forkcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Bitmap agrees with java.util.BitSet, wherever in the state vector it lives. */
class BitmapTest {

    /** A bitmap in a layout, with a field on each side. */
    record Placed(Layout layout, Field before, Bitmap bitmap, Field after, int size, int beforeBits) {
        static Placed of(int size, int beforeBits) {
            Layout.Builder b = Layout.builder();
            Field before = b.field("before", 0, (int) ((1L << beforeBits) - 1));
            Bitmap bitmap = b.bitmap("bm", size);
            Field after = b.field("after", 0, 7);
            return new Placed(b.build(), before, bitmap, after, size, beforeBits);
        }

        @Override
        public String toString() {
            return "bitmap of " + size + " bits after a " + beforeBits + "-bit field";
        }
    }

    /**
     * Sizes 1..300. Up to 64 bits, the bitmap shares the word of the field before it, at a nonzero
     * shift whenever it fits; over 64 it owns whole words.
     */
    static final Gen<Placed> PLACED = in -> {
        boolean small = Generate.booleans().generate(in);
        int size = small ? Generate.range(1, 64).generate(in) : Generate.range(65, 300).generate(in);
        int room = 64 - size;
        int beforeBits = room >= 1 ? Generate.range(1, Math.min(room, 31)).generate(in) : Generate.range(1, 31).generate(in);
        return Placed.of(size, beforeBits);
    };

    /** Operations: 0 set, 1 clear; the bit is taken modulo the size. */
    static final Gen<List<int[]>> OPS = in -> {
        int n = Generate.range(0, 400).generate(in);
        int density = Generate.range(0, 4).generate(in);
        List<int[]> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int op = Generate.range(0, 4).generate(in) < density ? 0 : 1;
            ops.add(new int[] {op, Generate.range(0, 299).generate(in)});
        }
        return ops;
    };

    static BitSet apply(Placed p, long[] s, List<int[]> ops) {
        BitSet ref = new BitSet();
        for (int[] op : ops) {
            int bit = op[1] % p.size();
            if (op[0] == 0) {
                p.bitmap().set(s, bit);
                ref.set(bit);
            } else {
                p.bitmap().clear(s, bit);
                ref.clear(bit);
            }
        }
        return ref;
    }

    static long[] fresh(Placed p) {
        long[] s = p.layout().newState();
        p.before().set(s, p.before().max());
        p.after().set(s, 5);
        return s;
    }

    static void assertNeighbours(Placed p, long[] s, String when) {
        assertEquals(p.before().max(), p.before().get(s), "field before the bitmap " + when);
        assertEquals(5, p.after().get(s), "field after the bitmap " + when);
    }

    @Test
    void smallBitmapsShareAWordAtANonzeroShift() {
        Placed p = Placed.of(10, 5);
        assertEquals(1, p.layout().words(), "5 + 10 + 3 bits fit one word");
        long[] s = fresh(p);
        p.bitmap().set(s, 0);
        // bit 0 of the bitmap is bit 5 of word 0; the before field fills bits 0..4 with ones
        assertEquals((1L << 5) | 0x1F | (5L << 15), s[0]);
    }

    @Test
    void testSetClearAndCountAgreeWithBitSet() {
        qt().withExamples(500).forAll(PLACED, OPS).checkAssert((p, ops) -> {
            long[] s = fresh(p);
            BitSet ref = apply(p, s, ops);
            Bitmap bm = p.bitmap();
            assertEquals(p.size(), bm.size());
            for (int bit = 0; bit < p.size(); bit++) {
                assertEquals(ref.get(bit), bm.test(s, bit), "bit " + bit);
            }
            assertEquals(p.size() - ref.cardinality(), bm.countClear(s));
            assertEquals(ref.isEmpty(), bm.isEmpty(s));
            assertEquals(show(ref), bm.show(s));
            assertNeighbours(p, s, "after set/clear");
        });
    }

    @Test
    void nextClearAgreesWithBitSet() {
        qt().withExamples(500).forAll(PLACED, OPS, Generate.range(0, 300), Generate.range(0, 300))
                .checkAssert((p, ops, x, y) -> {
                    long[] s = fresh(p);
                    BitSet ref = apply(p, s, ops);
                    int from = Math.min(x, y) % (p.size() + 1);
                    int to = from + Math.abs(x - y) % (p.size() - from + 1);
                    int expected = Math.min(ref.nextClearBit(from), to);
                    assertEquals(expected, p.bitmap().nextClear(s, from, to),
                            "nextClear(" + from + ", " + to + ") of " + show(ref));
                    // every start position, up to the end of the bitmap
                    for (int f = 0; f <= p.size(); f++) {
                        assertEquals(Math.min(ref.nextClearBit(f), p.size()), p.bitmap().nextClear(s, f, p.size()),
                                "nextClear(" + f + ", " + p.size() + ") of " + show(ref));
                    }
                });
    }

    @Test
    void nextClearOfAFullBitmapIsTheEnd() {
        for (int size : new int[] {1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 300}) {
            Placed p = Placed.of(size, Math.max(1, Math.min(31, 64 - size)));
            long[] s = fresh(p);
            for (int b = 0; b < size; b++) {
                p.bitmap().set(s, b);
            }
            for (int f = 0; f <= size; f++) {
                assertEquals(size, p.bitmap().nextClear(s, f, size), "size " + size + " from " + f);
            }
            assertEquals(0, p.bitmap().countClear(s));
            assertNeighbours(p, s, "after filling a bitmap of " + size);
            p.bitmap().clear(s, size - 1);
            assertEquals(size - 1, p.bitmap().nextClear(s, 0, size));
            if (size >= 2) {
                p.bitmap().set(s, size - 1);
                p.bitmap().clear(s, size - 2);
                assertEquals(size - 2, p.bitmap().nextClear(s, 0, size));
                assertEquals(size - 2, p.bitmap().nextClear(s, size - 2, size - 1));
                assertEquals(size, p.bitmap().nextClear(s, size - 1, size), "no clear bit in [size-1, size)");
            }
        }
    }

    @Test
    void clearAllEmptiesTheBitmapAndNothingElse() {
        qt().withExamples(500).forAll(PLACED, OPS).checkAssert((p, ops) -> {
            long[] s = fresh(p);
            apply(p, s, ops);
            // fill completely too, so that every bit clearAll must clear is set
            long[] full = fresh(p);
            for (int b = 0; b < p.size(); b++) {
                p.bitmap().set(full, b);
            }
            for (long[] st : List.of(s, full)) {
                p.bitmap().clearAll(st);
                assertTrue(p.bitmap().isEmpty(st));
                assertEquals(p.size(), p.bitmap().countClear(st));
                assertEquals("{}", p.bitmap().show(st));
                assertNeighbours(p, st, "after clearAll");
            }
        });
    }

    @Test
    void setAndClearLeaveNeighbouringBitmapsAlone() {
        qt().withExamples(300).forAll(Generate.range(1, 300), Generate.range(1, 300), OPS).checkAssert((n1, n2, ops) -> {
            Layout.Builder b = Layout.builder();
            Bitmap a = b.bitmap("a", n1);
            Bitmap c = b.bitmap("c", n2);
            long[] s = b.build().newState();
            for (int i = 0; i < n2; i++) {
                c.set(s, i);
            }
            BitSet ref = new BitSet();
            for (int[] op : ops) {
                int bit = op[1] % n1;
                if (op[0] == 0) {
                    a.set(s, bit);
                    ref.set(bit);
                } else {
                    a.clear(s, bit);
                    ref.clear(bit);
                }
            }
            assertEquals(0, c.countClear(s), "c after writes to a");
            assertEquals(show(ref), a.show(s));
            c.clearAll(s);
            assertEquals(show(ref), a.show(s), "a after c.clearAll");
            a.clearAll(s);
            for (int i = 0; i < n2; i++) {
                c.set(s, i);
            }
            assertTrue(a.isEmpty(s), "a after filling c");
        });
    }

    @Test
    void indicesOutsideTheBitmapAreRejected() {
        Placed p = Placed.of(10, 3);
        long[] s = fresh(p);
        for (int bad : new int[] {-1, 10, 64}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> p.bitmap().set(s, bad));
            assertTrue(e.getMessage().contains("bm"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> p.bitmap().test(s, bad));
            assertThrows(IndexOutOfBoundsException.class, () -> p.bitmap().clear(s, bad));
        }
        assertNeighbours(p, s, "after rejected writes");
        assertFalse(p.bitmap().test(s, 9));
    }

    static String show(BitSet bs) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        bs.stream().forEach(b -> j.add(Integer.toString(b)));
        return j.toString();
    }
}
