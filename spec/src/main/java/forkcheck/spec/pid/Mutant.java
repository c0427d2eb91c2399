package forkcheck.spec.pid;

import forkcheck.spec.Mutation;
import java.util.List;

/**
 * Seeded faults: each is a plausible mistake in the allocator, and each must be caught by the
 * property it names on the scenario it names. A checker that passes the real spec proves nothing
 * until it fails every one of these.
 */
public enum Mutant implements Mutation.Seeded {
    NONE(Mutation.NONE, "the spec as the kernel has it", "", ""),
    SPLIT_TEST_AND_SET_BIT("split-test-and-set-bit",
            "test_and_set_bit split into a test_bit and a separate set_bit", "pid-unique", "pidrace-2x2"),
    INSTALL_PAGE_WITHOUT_LOCK("install-page-without-lock",
            "the pidmap page installed without pidmap_lock: check and store are separate steps",
            "pid-unique", "pidrace-2x2"),
    DROP_ATOMIC_DEC("drop-atomic-dec",
            "the atomic_dec(&map->nr_free) after a successful test_and_set_bit dropped", "nr-free-exact", "pidrace-2x2"),
    WRAP_TO_ZERO("wrap-to-zero",
            "the search wraps to offset 0 instead of RESERVED_PIDS", "pid-in-range", "wrap"),
    DROP_SPIN_UNLOCK("drop-spin-unlock",
            "spin_unlock(&pidmap_lock) after installing a page dropped", "deadlock-free", "pidrace-2x2"),
    NO_RESCAN("no-rescan",
            "max_scan = 0: the search never goes past the page it starts on", "alloc-fails-only-when-full", "wrap");

    private final Mutation mutation;

    Mutant(String id, String description, String breaks, String scenario) {
        this.mutation = new Mutation(id, description, breaks, scenario);
    }

    /** The name used on the command line and in traces. */
    public String id() {
        return mutation.id();
    }

    public String description() {
        return mutation.description();
    }

    /** The property this mutant is expected to break. */
    public String breaks() {
        return mutation.breaks();
    }

    /** The built-in scenario on which it breaks it. */
    public String scenario() {
        return mutation.scenario();
    }

    /** As the checker sees every model's mutants. */
    @Override
    public Mutation mutation() {
        return mutation;
    }

    public static List<Mutant> seeded() {
        return Mutation.seeded(values());
    }

    public static Mutant byId(String id) {
        return Mutation.byId(values(), id, "");
    }
}
