package forkcheck.checker.z3;

/**
 * How {@link SymbolicAlloc} encodes the pidmap's bits: {@code pages}, a bit-vector per page
 * ({@link BitVecPages}), or {@code words}, an array of {@code word}-bit machine words
 * ({@link WordPages}). Both are the same bits and the same alloc_pidmap; they differ in what Z3
 * has to bit-blast.
 *
 * @param word the word's bits for {@code words}; 0 for {@code pages}
 */
public record PidmapEncoding(int word) {
    public static final PidmapEncoding PAGES = new PidmapEncoding(0);
    /** i386's {@code unsigned long}, as find_next_zero_bit reads the bitmap. */
    public static final int BITS_PER_LONG = 32;

    public static PidmapEncoding words(int word) {
        return new PidmapEncoding(word);
    }

    /** Words of {@code BITS_PER_LONG} bits, or of the page if it is shorter. */
    public static PidmapEncoding words(Bounds b) {
        return words(Math.min(BITS_PER_LONG, b.bitsPerPage()));
    }

    /**
     * Chosen by measurement: bit-vector pages below 1024 bits (the six small bounds: 3 s all told,
     * against 26 s in words), words from 1024 on (at 1024 bits about even; at 4096, a-takes-a-free-pid
     * 73 s in pages, 3.5 s in words).
     */
    public static PidmapEncoding auto(Bounds b) {
        return b.bitsPerPage() >= 1024 ? words(b) : PAGES;
    }

    PidBits fresh(SymbolicAlloc a) {
        return word == 0 ? BitVecPages.fresh(a) : WordPages.fresh(a, word);
    }

    @Override
    public String toString() {
        return word == 0 ? "pages" : "words of " + word + " bits";
    }
}
