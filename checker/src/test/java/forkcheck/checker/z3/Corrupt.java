package forkcheck.checker.z3;

import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;

/** A random corruption of one variable, kept within the layout: a field set to a value of its range, a bit flipped. */
public final class Corrupt {
    private Corrupt() {}

    /** {@code value} picks the field's new value (modulo its range) or the bit to flip (modulo the bitmap's size). */
    public static void apply(Var v, long[] s, int value) {
        if (v instanceof Field f) {
            f.set(s, f.min() + value % (f.max() - f.min() + 1));
        } else if (v instanceof Bitmap b) {
            int bit = value % b.size();
            if (b.test(s, bit)) {
                b.clear(s, bit);
            } else {
                b.set(s, bit);
            }
        }
    }
}
