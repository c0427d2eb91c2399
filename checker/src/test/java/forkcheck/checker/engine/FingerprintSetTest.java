package forkcheck.checker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class FingerprintSetTest {

    @Test
    void addReturnsTrueOnceForEachFingerprint() {
        qt().withExamples(200).forAll(Generate.longRange(1, Long.MAX_VALUE), Generate.range(1, 2000))
                .checkAssert((seed, n) -> {
                    FingerprintSet set = new FingerprintSet(1 << 13);
                    SplittableRandom rnd = new SplittableRandom(seed);
                    Set<Long> ref = new HashSet<>();
                    List<Long> order = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        // draw from a small pool too, so that repeats are common
                        long fp = rnd.nextBoolean() ? 1 + rnd.nextInt(300) : nonZero(rnd.nextLong());
                        assertEquals(ref.add(fp), set.add(fp), "add(" + fp + ")");
                        order.add(fp);
                    }
                    for (long fp : order) {
                        assertFalse(set.add(fp), "a second add of " + fp);
                    }
                });
    }

    static long nonZero(long x) {
        return x == 0 ? 1 : x;
    }

    @Test
    void growthKeepsEveryMember() {
        FingerprintSet set = new FingerprintSet(16);
        SplittableRandom rnd = new SplittableRandom(42);
        List<Long> members = new ArrayList<>();
        Set<Long> ref = new HashSet<>();
        int grows = 0;
        for (int i = 0; i < 50_000; i++) {
            long fp = nonZero(rnd.nextLong());
            // colliding fingerprints: (fp ^ fp >>> 32) has the same low bits, so they share a probe chain
            if (i % 50 == 0) {
                long hi = rnd.nextInt(1 << 20);
                fp = nonZero((hi << 32) | hi);
            }
            boolean added = set.add(fp);
            assertEquals(ref.add(fp), added);
            if (added) {
                members.add(fp);
                set.added(1);
            }
            if (set.wantsToGrow()) {
                int before = set.capacity();
                set.grow();
                grows++;
                assertEquals(2 * before, set.capacity());
                assertEquals(8L * set.capacity(), set.bytes());
            }
            assertTrue(set.size() <= set.capacity() * FingerprintSet.MAX_LOAD);
        }
        assertTrue(grows >= 10, "the table grew from 16 slots: " + grows + " times");
        assertEquals(ref.size(), set.size());
        for (long fp : members) {
            assertFalse(set.add(fp), "lost " + fp + " in a growth");
        }
        for (int i = 0; i < 1000; i++) {
            long fp = nonZero(rnd.nextLong());
            assertEquals(ref.add(fp), set.add(fp));
        }
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new FingerprintSet(0));
        assertThrows(IllegalArgumentException.class, () -> new FingerprintSet(12));
        assertEquals(64, new FingerprintSet(64).capacity());
    }

    /**
     * Threads add overlapping sets at once; across them, add returns true exactly once per
     * distinct fingerprint, whichever thread gets there first.
     */
    @Test
    void concurrentAddsOfOverlappingSetsCountEachFingerprintOnce() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                SplittableRandom rnd = new SplittableRandom(round);
                // a shared pool, a twentieth of it in one probe chain
                long[] pool0 = new long[20_000];
                for (int i = 0; i < pool0.length; i++) {
                    long hi = rnd.nextInt(1 << 24);
                    pool0[i] = i % 20 == 0 ? nonZero((hi << 32) | hi) : nonZero(rnd.nextLong());
                }
                Set<Long> distinct = new HashSet<>();
                for (long fp : pool0) {
                    distinct.add(fp);
                }
                FingerprintSet set = new FingerprintSet(1 << 16);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = round * 100L + t;
                    results.add(pool.submit(() -> {
                        // each thread adds a random three quarters of the pool, in its own order
                        SplittableRandom r = new SplittableRandom(seed);
                        List<Long> mine = new ArrayList<>();
                        for (long fp : pool0) {
                            if (r.nextInt(4) != 0) {
                                mine.add(fp);
                            }
                        }
                        for (int i = mine.size() - 1; i > 0; i--) {
                            int j = r.nextInt(i + 1);
                            long x = mine.get(i);
                            mine.set(i, mine.get(j));
                            mine.set(j, x);
                        }
                        start.await();
                        int trues = 0;
                        for (long fp : mine) {
                            if (set.add(fp)) {
                                trues++;
                            }
                        }
                        return trues;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                int added = 0;
                for (long fp : distinct) {
                    if (set.add(fp)) {
                        added++;
                    }
                }
                assertEquals(distinct.size(), total + added, "round " + round
                        + ": trues across threads plus fingerprints no thread drew");
                for (long fp : distinct) {
                    assertFalse(set.add(fp));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
