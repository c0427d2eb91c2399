package forkcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The layout packs every variable into the state vector without overlap: whatever is written to one
 * variable, every other variable still reads back what was last written to it.
 */
class LayoutTest {

    /** One declaration of a random layout. */
    sealed interface Decl permits FieldDecl, FlagDecl, BitmapDecl {}

    record FieldDecl(int min, int max) implements Decl {}

    record FlagDecl() implements Decl {}

    record BitmapDecl(int nbits) implements Decl {}

    /** A range whose span stays below 2^31 (see FieldTest for the whole int range). */
    static final Gen<Decl> FIELD = in -> {
        int kind = Generate.range(0, 2).generate(in);
        int min;
        int span;
        switch (kind) {
            case 0 -> {
                min = Generate.range(-4, 4).generate(in);
                span = Generate.range(0, 70).generate(in);
            }
            case 1 -> {
                min = Generate.range(-100_000, 100_000).generate(in);
                span = Generate.range(0, 1 << 20).generate(in);
            }
            default -> {
                min = Generate.range(-(1 << 20), 1 << 20).generate(in);
                span = Generate.range(0, Integer.MAX_VALUE - (1 << 20)).generate(in);
            }
        }
        return new FieldDecl(min, min + span);
    };

    static final Gen<Decl> DECL = in -> {
        int kind = Generate.range(0, 9).generate(in);
        if (kind < 5) {
            return FIELD.generate(in);
        }
        if (kind < 7) {
            return new FlagDecl();
        }
        if (kind < 9) {
            return new BitmapDecl(Generate.range(1, 64).generate(in));
        }
        return new BitmapDecl(Generate.range(65, 300).generate(in));
    };

    static final Gen<List<Decl>> DECLS = in -> {
        int n = Generate.range(1, 30).generate(in);
        List<Decl> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DECL.generate(in));
        }
        return out;
    };

    /** A random program of writes: (declaration index, seed for the value). */
    static final Gen<List<long[]>> WRITES = in -> {
        int n = Generate.range(1, 120).generate(in);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new long[] {Generate.range(0, Integer.MAX_VALUE).generate(in),
                Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).generate(in)});
        }
        return out;
    };

    static List<Var> declare(Layout.Builder b, List<Decl> decls) {
        List<Var> vars = new ArrayList<>();
        for (int i = 0; i < decls.size(); i++) {
            Decl d = decls.get(i);
            String name = "v" + i;
            if (d instanceof FieldDecl f) {
                vars.add(b.field(name, f.min(), f.max()));
            } else if (d instanceof FlagDecl) {
                vars.add(b.flag(name));
            } else if (d instanceof BitmapDecl bm) {
                vars.add(b.bitmap(name, bm.nbits()));
            }
        }
        return vars;
    }

    /** The expected contents: an Integer for a field, a BitSet for a bitmap. */
    static void checkAll(List<Var> vars, Map<Var, Object> expected, long[] s, String when) {
        for (Var v : vars) {
            Object e = expected.get(v);
            if (v instanceof Field f) {
                assertEquals(((Integer) e).intValue(), f.get(s), f + " " + when);
            } else {
                Bitmap b = (Bitmap) v;
                BitSet bs = (BitSet) e;
                for (int bit = 0; bit < b.size(); bit++) {
                    assertEquals(bs.get(bit), b.test(s, bit), b.name() + " bit " + bit + " " + when);
                }
            }
        }
    }

    @Test
    void everyVariableReadsBackItsOwnValueAfterEveryWrite() {
        qt().withExamples(300).forAll(DECLS, WRITES).checkAssert((decls, writes) -> {
            Layout.Builder b = Layout.builder();
            List<Var> vars = declare(b, decls);
            Layout layout = b.build();
            assertEquals(vars, layout.vars(), "vars() lists every variable in declaration order");
            long[] s = layout.newState();
            assertEquals(layout.words(), s.length);

            Map<Var, Object> expected = new HashMap<>();
            for (Var v : vars) {
                expected.put(v, v instanceof Field f ? (Object) f.min() : new BitSet());
            }
            // A zeroed state vector holds every field at its minimum and every bitmap empty.
            checkAll(vars, expected, s, "in a new state");

            for (long[] w : writes) {
                Var v = vars.get((int) (w[0] % vars.size()));
                long r = w[1];
                if (v instanceof Field f) {
                    long span = (long) f.max() - f.min() + 1;
                    int value = (int) (f.min() + Math.floorMod(r, span));
                    // bias towards the ends of the range, where the stored bits are all ones or all zeros
                    if ((r & 0x3) == 0) {
                        value = (r & 0x4) == 0 ? f.min() : f.max();
                    }
                    f.set(s, value);
                    expected.put(v, value);
                } else {
                    Bitmap bm = (Bitmap) v;
                    BitSet bs = (BitSet) expected.get(v);
                    int op = (int) Math.floorMod(r, 8);
                    int bit = (int) Math.floorMod(r >>> 3, bm.size());
                    if (op < 4) {
                        bm.set(s, bit);
                        bs.set(bit);
                    } else if (op < 7) {
                        bm.clear(s, bit);
                        bs.clear(bit);
                    } else {
                        // fill it, so that a neighbour's write that clears our bits shows up
                        for (int i = 0; i < bm.size(); i++) {
                            bm.set(s, i);
                        }
                        bs.set(0, bm.size());
                    }
                }
                checkAll(vars, expected, s, "after writing " + v.name());
            }
        });
    }

    private static final Pattern FIELD_PLACE = Pattern.compile(".*\\[(-?\\d+)\\.\\.(-?\\d+)\\]@(\\d+):(\\d+)");

    /** Bits a range needs, computed here rather than taken from Field. */
    static int bitsNeeded(int min, int max) {
        long span = (long) max - min;
        int bits = 1;
        while ((1L << bits) <= span) {
            bits++;
        }
        return bits;
    }

    @Test
    void everyFieldLiesWithinOneWordAndNoTwoFieldsShareABit() {
        qt().withExamples(300).forAll(DECLS).checkAssert(decls -> {
            Layout.Builder b = Layout.builder();
            List<Var> vars = declare(b, decls);
            Layout layout = b.build();
            BitSet used = new BitSet();
            for (Var v : vars) {
                if (!(v instanceof Field f)) {
                    continue;
                }
                Matcher m = FIELD_PLACE.matcher(f.toString());
                assertTrue(m.matches(), f.toString());
                int word = Integer.parseInt(m.group(3));
                int shift = Integer.parseInt(m.group(4));
                int bits = bitsNeeded(f.min(), f.max());
                assertTrue(word < layout.words(), f + " lies beyond the " + layout.words() + " words");
                assertTrue(shift + bits <= 64, f + " (" + bits + " bits) crosses a word boundary");
                int from = word * 64 + shift;
                assertTrue(used.get(from, from + bits).isEmpty(), f + " overlaps an earlier field");
                used.set(from, from + bits);
            }
        });
    }

    @Test
    void smallVariablesShareWords() {
        Layout.Builder b = Layout.builder();
        for (int i = 0; i < 64; i++) {
            b.flag("f" + i);
        }
        assertEquals(1, b.build().words(), "64 flags fit one word");
        b.flag("f64");
        assertEquals(2, b.build().words(), "the 65th flag needs a second word");

        Layout.Builder c = Layout.builder();
        for (int i = 0; i < 8; i++) {
            c.field("byte" + i, -128, 127);
        }
        assertEquals(1, c.build().words(), "eight 8-bit fields fit one word");

        Layout.Builder d = Layout.builder();
        d.field("a", 0, 7);
        d.bitmap("bm", 61);
        assertEquals(1, d.build().words(), "a 3-bit field and a 61-bit bitmap fit one word");
        d.flag("z");
        assertEquals(2, d.build().words());

        Layout.Builder e = Layout.builder();
        e.flag("x");
        e.bitmap("big", 65);
        e.flag("y");
        assertEquals(4, e.build().words(), "a bitmap over 64 bits owns whole words: x | big | big | y");

        assertEquals(1, Layout.builder().build().words(), "an empty layout still has one word");
    }

    @Test
    void emptyDeclarationsAreRejected() {
        Layout.Builder b = Layout.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.field("backwards", 3, 2));
        assertTrue(e.getMessage().contains("backwards"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.bitmap("nothing", 0));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    }

    enum Colour { RED, GREEN, BLUE }

    @Test
    void labelledFieldsShowTheirNames() {
        Layout.Builder b = Layout.builder();
        Field before = b.field("before", 0, 1000);
        Field colour = b.labels("colour", Colour.class);
        Field after = b.field("after", -5, 5);
        Layout layout = b.build();
        long[] s = layout.newState();
        before.set(s, 1000);
        after.set(s, -5);
        assertEquals("RED", colour.show(s));
        colour.set(s, Colour.BLUE.ordinal());
        assertEquals("BLUE", colour.show(s));
        assertEquals(Colour.BLUE.ordinal(), colour.get(s));
        assertEquals("1000", before.show(s));
        assertEquals("-5", after.show(s));
        assertThrows(FieldOverflowException.class, () -> colour.set(s, Colour.values().length));
    }

    @Test
    void atomicCounterAndSpinLockUseTheirField() {
        Layout.Builder b = Layout.builder();
        AtomicCounter c = new AtomicCounter(b, "nr_free", -2, 8);
        SpinLock lock = new SpinLock(b, "lock", 3);
        Layout layout = b.build();
        long[] s = layout.newState();
        lock.init(s);
        c.set(s, 8);
        assertThrows(FieldOverflowException.class, () -> c.inc(s));
        assertEquals(8, c.read(s));
        for (int i = 0; i < 10; i++) {
            c.dec(s);
        }
        assertEquals(-2, c.read(s));
        FieldOverflowException e = assertThrows(FieldOverflowException.class, () -> c.dec(s));
        assertTrue(e.getMessage().contains("nr_free"), e.getMessage());

        assertTrue(!lock.isLocked(s));
        lock.lock(s, 2);
        assertTrue(lock.isLocked(s));
        assertEquals(2, lock.owner(s));
        assertThrows(IllegalStateException.class, () -> lock.lock(s, 0));
        lock.unlock(s);
        assertTrue(!lock.isLocked(s));
        assertEquals(-2, c.read(s), "the lock did not disturb the counter");
    }
}
