package forkcheck.checker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class FingerprintTest {

    static long[] state(long seed, int words) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] s = new long[words];
        for (int i = 0; i < words; i++) {
            // sparse words, like a bit-packed state: mostly zeros with a few bits set
            s[i] = r.nextInt(3) == 0 ? 0 : r.nextLong() & r.nextLong() & r.nextLong();
        }
        return s;
    }

    @Test
    void equalStatesHaveEqualFingerprintsAndNoneIsZero() {
        qt().withExamples(2000).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE), Generate.range(1, 12))
                .checkAssert((seed, words) -> {
                    long[] s = state(seed, words);
                    long fp = Fingerprint.of(s);
                    assertEquals(fp, Fingerprint.of(s.clone()));
                    assertNotEquals(0L, fp, "0 marks an empty slot of the visited set");
                });
        assertNotEquals(0L, Fingerprint.of(new long[0]));
        assertNotEquals(0L, Fingerprint.of(new long[4]));
    }

    /** Flipping one bit of a state changes about half the fingerprint's bits, never none. */
    @Test
    void oneBitFlipsChangeAboutHalfTheBits() {
        SplittableRandom r = new SplittableRandom(7);
        long totalChanged = 0;
        int samples = 0;
        for (int n = 0; n < 4000; n++) {
            int words = 1 + r.nextInt(8);
            long[] s = state(r.nextLong(), words);
            long fp = Fingerprint.of(s);
            int w = r.nextInt(words);
            s[w] ^= 1L << r.nextInt(64);
            long flipped = Fingerprint.of(s);
            assertNotEquals(fp, flipped, "a one-bit change kept the fingerprint");
            totalChanged += Long.bitCount(fp ^ flipped);
            samples++;
        }
        double mean = (double) totalChanged / samples;
        assertTrue(mean > 30 && mean < 34, "mean bits changed per one-bit flip: " + mean);
    }

    @Test
    void wordOrderAndLengthMatter() {
        assertNotEquals(Fingerprint.of(new long[] {1, 2}), Fingerprint.of(new long[] {2, 1}));
        assertNotEquals(Fingerprint.of(new long[] {0}), Fingerprint.of(new long[] {0, 0}));
        assertNotEquals(Fingerprint.of(new long[] {5, 0}), Fingerprint.of(new long[] {0, 5}));
    }

    @Test
    void smallDenseStateSpacesHaveNoCollisions() {
        // every state of two words with values 0..299 each: 90,000 states, like a small spec's
        Set<Long> seen = new HashSet<>();
        for (long a = 0; a < 300; a++) {
            for (long b = 0; b < 300; b++) {
                assertTrue(seen.add(Fingerprint.of(new long[] {a, b << 17})), "collision at " + a + "," + b);
            }
        }
    }

    @Test
    void collisionProbabilityIsTheBirthdayBound() {
        assertEquals(0.0, Fingerprint.collisionProbability(1));
        assertEquals(1.0 / Math.pow(2, 64), Fingerprint.collisionProbability(2), 1e-30);
        double n = 1e7;
        assertEquals(n * (n - 1) / 2 / Math.pow(2, 64), Fingerprint.collisionProbability((long) n), 1e-12);
    }
}
