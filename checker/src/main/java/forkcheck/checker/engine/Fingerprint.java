package forkcheck.checker.engine;

/**
 * A 64-bit fingerprint of a state vector: each word folded in through the splitmix64 finaliser,
 * so that states differing in one bit differ in about half the fingerprint's bits. Never 0,
 * which {@link FingerprintSet} uses for an empty slot.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static long of(long[] state) {
        long h = 0x9E3779B97F4A7C15L;
        for (long w : state) {
            h = mix(h ^ w) + 0x9E3779B97F4A7C15L;
        }
        h = mix(h);
        return h == 0 ? 1 : h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The chance that two distinct states among {@code n} share a fingerprint (the birthday
     * bound), as TLC reports it.
     */
    public static double collisionProbability(long n) {
        return (double) n * (n - 1) / 2 / Math.pow(2, 64);
    }
}
