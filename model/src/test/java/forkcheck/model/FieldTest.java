package forkcheck.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class FieldTest {

    /** Any non-empty int range, from a single value to the whole of int. */
    static final Gen<int[]> RANGE = ((Gen<int[]>) in -> {
        int kind = Generate.range(0, 3).generate(in);
        long a;
        long b;
        switch (kind) {
            case 0 -> {
                a = Generate.range(-10, 10).generate(in);
                b = a + Generate.range(0, 40).generate(in);
            }
            case 1 -> {
                a = Generate.range(-1_000_000, 1_000_000).generate(in);
                b = a + Generate.range(0, 1 << 24).generate(in);
            }
            case 2 -> {
                // whole-int ranges, where max - min no longer fits an int
                a = Generate.range(Integer.MIN_VALUE, -1).generate(in);
                b = Generate.range(0, Integer.MAX_VALUE).generate(in);
            }
            default -> {
                long x = Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE).generate(in);
                long y = Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE).generate(in);
                a = Math.min(x, y);
                b = Math.max(x, y);
            }
        }
        return new int[] {(int) a, (int) Math.min(b, Integer.MAX_VALUE)};
    }).describedAs(r -> "[" + r[0] + ".." + r[1] + "]");

    /** A value in [min, max], often one of the ends. */
    static int pick(int[] range, long r) {
        long span = (long) range[1] - range[0] + 1;
        return switch ((int) Math.floorMod(r, 4)) {
            case 0 -> range[0];
            case 1 -> range[1];
            default -> (int) (range[0] + Math.floorMod(r >>> 2, span));
        };
    }

    /**
     * A field between two neighbours in the same word: whatever the field's range and value, the
     * field reads back its value and the neighbours keep theirs.
     */
    @Test
    void aFieldOfAnyIntRangeKeepsItsValueAndLeavesItsNeighboursAlone() {
        qt().withExamples(2000).forAll(RANGE, Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE),
                Generate.range(1, 31)).checkAssert((range, r, lowBits) -> {
            Layout.Builder b = Layout.builder();
            Field low = b.field("low", 0, (int) ((1L << lowBits) - 1));
            Field f = b.field("f", range[0], range[1]);
            Field high = b.field("high", 0, 1);
            long[] s = b.build().newState();
            low.set(s, low.max());
            high.set(s, 0);
            int v = pick(range, r);
            f.set(s, v);
            assertEquals(v, f.get(s), f + " set to " + v);
            assertEquals(low.max(), low.get(s), "low neighbour after setting " + f + " to " + v);
            assertEquals(0, high.get(s), "high neighbour after setting " + f + " to " + v);
            high.set(s, 1);
            f.set(s, range[0]);
            assertEquals(range[0], f.get(s));
            assertEquals(1, high.get(s), "high neighbour after setting " + f + " to its minimum");
            assertEquals(low.max(), low.get(s));
        });
    }

    /** The smallest failing case of the property above, kept as an example. */
    @Test
    void aRangeWiderThanIntMaxDoesNotSpillIntoTheNextField() {
        Layout.Builder b = Layout.builder();
        Field wide = b.field("wide", -1, Integer.MAX_VALUE);
        Field next = b.field("next", 0, 7);
        long[] s = b.build().newState();
        next.set(s, 3);
        wide.set(s, Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, wide.get(s));
        assertEquals(3, next.get(s), "setting wide[-1..2^31-1] to 2^31-1 overwrote its neighbour");
    }

    /** Values past the names show as numbers, however wide the range. */
    @Test
    void namedValuesShowAsNamesAndTheRestAsNumbers() {
        Layout.Builder b = Layout.builder();
        Field narrow = b.field("narrow", 5, 9, java.util.List.of("FIVE", "SIX"));
        Field wide = b.field("wide", Integer.MIN_VALUE, Integer.MAX_VALUE, java.util.List.of("LOWEST", "NEXT"));
        long[] s = b.build().newState();
        assertEquals("FIVE", narrow.show(s));
        narrow.set(s, 6);
        assertEquals("SIX", narrow.show(s));
        narrow.set(s, 9);
        assertEquals("9", narrow.show(s));
        assertEquals("LOWEST", wide.show(s));
        wide.set(s, Integer.MIN_VALUE + 1);
        assertEquals("NEXT", wide.show(s));
        wide.set(s, 0);
        assertEquals("0", wide.show(s));
        wide.set(s, Integer.MAX_VALUE);
        assertEquals(Integer.toString(Integer.MAX_VALUE), wide.show(s));
    }

    @Test
    void outOfRangeValuesThrowNamingTheFieldAndLeaveTheStateAlone() {
        qt().withExamples(1000).forAll(RANGE, Generate.longRange(1, 1L << 40), Generate.booleans())
                .checkAssert((range, delta, below) -> {
                    long bad = below ? (long) range[0] - delta : (long) range[1] + delta;
                    if (bad < Integer.MIN_VALUE || bad > Integer.MAX_VALUE) {
                        return; // no int lies outside a range that ends at the end of int
                    }
                    Layout.Builder b = Layout.builder();
                    Field neighbour = b.flag("neighbour");
                    Field f = b.field("pidmap_array[3].nr_free", range[0], range[1]);
                    long[] s = b.build().newState();
                    neighbour.set(s, true);
                    f.set(s, range[1]);
                    long[] before = s.clone();
                    FieldOverflowException e = assertThrows(FieldOverflowException.class, () -> f.set(s, (int) bad));
                    assertTrue(e.getMessage().contains("pidmap_array[3].nr_free"), e.getMessage());
                    assertTrue(e.getMessage().contains(Long.toString(bad)), e.getMessage());
                    assertArrayEquals(before, s, "a rejected write changed the state");
                });
    }

    @Test
    void flagsAndSingletonRanges() {
        Layout.Builder b = Layout.builder();
        Field flag = b.flag("flag");
        Field one = b.field("one", 42, 42);
        Field neg = b.field("neg", -1, 0);
        long[] s = b.build().newState();
        assertFalse(flag.isSet(s));
        flag.set(s, true);
        assertTrue(flag.isSet(s));
        assertEquals(1, flag.get(s));
        flag.set(s, false);
        assertEquals(0, flag.get(s));
        assertEquals(42, one.get(s), "a new state holds the minimum");
        one.set(s, 42);
        assertThrows(FieldOverflowException.class, () -> one.set(s, 43));
        assertThrows(FieldOverflowException.class, () -> flag.set(s, 2));
        assertEquals(-1, neg.get(s));
        assertTrue(neg.isSet(s), "isSet is 'not zero', and -1 is not zero");
        neg.set(s, 0);
        assertFalse(neg.isSet(s));
        assertEquals("0", neg.show(s));
        assertEquals("flag", flag.name());
    }
}
