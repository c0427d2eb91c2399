package forkcheck.model;

/**
 * A fixed-size bitmap in the state vector: a pidmap page, or a ghost set of pids.
 *
 * <p>A bitmap of at most 64 bits shares a word with other variables; a larger one owns whole
 * words. Bit {@code n} of the bitmap is bit {@code n & 63} of its {@code n >>> 6}-th word, as
 * the kernel's little-endian bitops have it.
 */
public final class Bitmap implements Var {
    private final String name;
    private final int nbits;
    private final int word;
    private final int shift;

    Bitmap(String name, int nbits, int word, int shift) {
        this.name = name;
        this.nbits = nbits;
        this.word = word;
        this.shift = shift;
    }

    public int size() {
        return nbits;
    }

    public boolean test(long[] s, int bit) {
        checkIndex(bit);
        return (s[word + (bit >>> 6)] >>> (shift + (bit & 63)) & 1L) != 0;
    }

    public void set(long[] s, int bit) {
        checkIndex(bit);
        s[word + (bit >>> 6)] |= 1L << (shift + (bit & 63));
    }

    public void clear(long[] s, int bit) {
        checkIndex(bit);
        s[word + (bit >>> 6)] &= ~(1L << (shift + (bit & 63)));
    }


    /** The first clear bit in {@code [from, to)}, or {@code to} if there is none; {@code to <= size()}. */
    public int nextClear(long[] s, int from, int to) {
        if (from < 0 || to > nbits) {
            throw new IndexOutOfBoundsException("bits [" + from + ", " + to + ") of " + name + " (size " + nbits + ")");
        }
        for (int b = from; b < to; ) {
            int chunk = b & ~63;
            long clear = ~chunk(s, chunk) & lengthMask(chunk) & (-1L << (b & 63));
            if (clear != 0) {
                return Math.min(chunk + Long.numberOfTrailingZeros(clear), to);
            }
            b = chunk + 64;
        }
        return to;
    }

    /** The first set bit in {@code [from, to)}, or {@code to} if there is none; {@code to <= size()}. */
    public int nextSet(long[] s, int from, int to) {
        if (from < 0 || to > nbits) {
            throw new IndexOutOfBoundsException("bits [" + from + ", " + to + ") of " + name + " (size " + nbits + ")");
        }
        for (int b = from; b < to; ) {
            int chunk = b & ~63;
            long set = chunk(s, chunk) & lengthMask(chunk) & (-1L << (b & 63));
            if (set != 0) {
                return Math.min(chunk + Long.numberOfTrailingZeros(set), to);
            }
            b = chunk + 64;
        }
        return to;
    }

    /** The number of clear bits. */
    public int countClear(long[] s) {
        int set = 0;
        for (int chunk = 0; chunk < nbits; chunk += 64) {
            set += Long.bitCount(chunk(s, chunk));
        }
        return nbits - set;
    }

    public boolean isEmpty(long[] s) {
        return countClear(s) == nbits;
    }

    public void clearAll(long[] s) {
        for (int chunk = 0; chunk < nbits; chunk += 64) {
            s[word + (chunk >>> 6)] &= ~(lengthMask(chunk) << shift);
        }
    }

    /** Bits {@code [chunk, chunk+64)} of the bitmap, bit {@code chunk} at bit 0. */
    private long chunk(long[] s, int chunk) {
        return (s[word + (chunk >>> 6)] >>> shift) & lengthMask(chunk);
    }

    private long lengthMask(int chunk) {
        int len = Math.min(64, nbits - chunk);
        return len == 64 ? -1L : (1L << len) - 1;
    }

    private void checkIndex(int bit) {
        if (bit < 0 || bit >= nbits) {
            throw new IndexOutOfBoundsException("bit " + bit + " of " + name + " (size " + nbits + ")");
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The set bits, as a set: {@code {0,1,5}}. */
    @Override
    public String show(long[] s) {
        StringBuilder sb = new StringBuilder("{");
        for (int b = 0; b < nbits; b++) {
            if (test(s, b)) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(b);
            }
        }
        return sb.append('}').toString();
    }
}
