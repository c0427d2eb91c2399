package forkcheck.checker.z3;

import forkcheck.spec.BadInputException;

/**
 * {@code pid_max}, {@code BITS_PER_PAGE} and {@code RESERVED_PIDS} for a symbolic run of
 * alloc_pidmap.
 */
public record Bounds(int pidMax, int bitsPerPage, int reservedPids) {
    /** The kernel's own: include/linux/threads.h and kernel/pid.c, i386, 4 KB pages. */
    public static final Bounds REAL = new Bounds(32768, 32768, 300);

    public Bounds {
        if (bitsPerPage < 2 || Integer.bitCount(bitsPerPage) != 1) {
            throw new BadInputException("BITS_PER_PAGE must be a power of two >= 2, got " + bitsPerPage);
        }
        if (pidMax < 2 || reservedPids < 1 || reservedPids >= pidMax || reservedPids >= bitsPerPage) {
            throw new BadInputException("need 1 <= RESERVED_PIDS < min(pid_max, BITS_PER_PAGE), got pid_max " + pidMax
                    + ", RESERVED_PIDS " + reservedPids + ", BITS_PER_PAGE " + bitsPerPage);
        }
    }

    /** {@code PIDMAP_ENTRIES}. */
    public int entries() {
        return (pidMax + bitsPerPage - 1) / bitsPerPage;
    }

    @Override
    public String toString() {
        return "pid_max " + pidMax + ", BITS_PER_PAGE " + bitsPerPage + ", RESERVED_PIDS " + reservedPids;
    }
}
