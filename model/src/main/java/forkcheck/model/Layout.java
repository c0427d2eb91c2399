package forkcheck.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each variable of the state lives in the state vector, a {@code long[]} of {@link #words()}.
 *
 * <p>Variables are bit-packed: a pidrace state of three CPUs fits in a handful of words, so that
 * successor generation is one array copy and a fingerprint is one pass. Built once per scenario by
 * {@link Builder}; immutable afterwards and shared by all workers.
 */
public final class Layout {
    private final int words;
    private final List<Var> vars;

    private Layout(int words, List<Var> vars) {
        this.words = words;
        this.vars = List.copyOf(vars);
    }

    public int words() {
        return words;
    }

    /** Every variable, in declaration order: the order traces show them in. */
    public List<Var> vars() {
        return vars;
    }

    public long[] newState() {
        return new long[words];
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int word;
        private int used;
        private final List<Var> vars = new ArrayList<>();

        /** An integer variable over {@code [min, max]}. */
        public Field field(String name, int min, int max) {
            return field(name, min, max, null);
        }

        /** A flag. */
        public Field flag(String name) {
            return field(name, 0, 1);
        }

        /** A variable whose values {@code min, min+1, ...} are shown by name (a program counter). */
        public Field field(String name, int min, int max, List<String> valueNames) {
            if (max < min) {
                throw new IllegalArgumentException(name + ": empty range " + min + ".." + max);
            }
            int bits = Field.bitsFor(min, max);
            reserve(bits);
            Field f = new Field(name, word, used, bits, min, max, valueNames);
            used += bits;
            vars.add(f);
            return f;
        }

        /** A labelled variable whose values are the constants of {@code labels}, by ordinal. */
        public <E extends Enum<E>> Field labels(String name, Class<E> labels) {
            E[] all = labels.getEnumConstants();
            return field(name, 0, all.length - 1, Arrays.stream(all).map(Enum::toString).toList());
        }

        public Bitmap bitmap(String name, int nbits) {
            if (nbits <= 0) {
                throw new IllegalArgumentException(name + ": bitmap of " + nbits + " bits");
            }
            if (nbits > 64 && used > 0) {
                word++;
                used = 0;
            }
            if (nbits <= 64) {
                reserve(nbits);
            }
            Bitmap b = new Bitmap(name, nbits, word, nbits <= 64 ? used : 0);
            if (nbits <= 64) {
                used += nbits;
            } else {
                word += (nbits + 63) >>> 6;
                used = 0;
            }
            vars.add(b);
            return b;
        }

        private void reserve(int bits) {
            if (used + bits > 64) {
                word++;
                used = 0;
            }
        }

        public Layout build() {
            return new Layout(used == 0 ? Math.max(word, 1) : word + 1, vars);
        }
    }
}
