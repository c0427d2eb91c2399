package forkcheck.checker.z3;

/**
 * Which alloc_pidmap the symbolic model runs: the kernel's, or one with a deliberate fault, so that
 * each theorem is shown able to fail.
 */
public enum AllocVariant {
    KERNEL,
    /** The search wraps to offset 0 instead of RESERVED_PIDS. */
    WRAP_TO_ZERO,
    /** {@code atomic_dec(&map->nr_free)} dropped. */
    DROP_ATOMIC_DEC,
    /** {@code max_scan = 0}: the search never leaves its first page. */
    NO_RESCAN,
    /** {@code for (i = 0; i <= max_scan + 1; ++i)}: one pass too many. */
    EXTRA_PASS
}
