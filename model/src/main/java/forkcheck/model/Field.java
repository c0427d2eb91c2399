package forkcheck.model;

import java.util.List;

/**
 * An integer variable of the state vector, bit-packed into one word.
 *
 * <p>Values range over {@code [min, max]} and are stored biased by {@code min}, so {@code -1}
 * costs nothing special. Writing a value outside the range is a modelling error (a bound too small
 * for what the spec computes), never silent truncation: it throws {@link FieldOverflowException}.
 */
public final class Field implements Var {
    private final String name;
    private final int word;
    private final int shift;
    private final long mask;
    private final int min;
    private final int max;
    private final List<String> valueNames;

    Field(String name, int word, int shift, int bits, int min, int max, List<String> valueNames) {
        this.name = name;
        this.word = word;
        this.shift = shift;
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
        this.min = min;
        this.max = max;
        this.valueNames = valueNames;
    }

    static int bitsFor(int min, int max) {
        long span = (long) max - min;
        return span == 0 ? 1 : 64 - Long.numberOfLeadingZeros(span);
    }

    public int get(long[] s) {
        return (int) (((s[word] >>> shift) & mask) + min);
    }

    public boolean isSet(long[] s) {
        return get(s) != 0;
    }

    public void set(long[] s, int v) {
        if (v < min || v > max) {
            throw new FieldOverflowException(name, v, min, max);
        }
        s[word] = (s[word] & ~(mask << shift)) | (((long) v - min) << shift);
    }

    public void set(long[] s, boolean v) {
        set(s, v ? 1 : 0);
    }

    /** {@code v += delta}: as {@link #set}, out of range is an overflow, not a wrap. */
    public void add(long[] s, int delta) {
        set(s, get(s) + delta);
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String show(long[] s) {
        int v = get(s);
        long i = (long) v - min;
        return valueNames != null && i < valueNames.size() ? valueNames.get((int) i) : Integer.toString(v);
    }

    @Override
    public String toString() {
        return name + "[" + min + ".." + max + "]@" + word + ":" + shift;
    }
}
