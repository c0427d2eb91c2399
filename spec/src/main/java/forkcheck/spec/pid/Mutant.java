package forkcheck.spec.pid;

import forkcheck.spec.Mutation;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded faults: each is a plausible mistake in the allocator, and each must be caught by the
 * property it names on the scenario it names. A checker that passes the real spec proves nothing
 * until it fails every one of these.
 */
public enum Mutant {
    NONE("none", "the spec as the kernel has it", "", ""),
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

    private final String id;
    private final String description;
    private final String breaks;
    private final String scenario;

    Mutant(String id, String description, String breaks, String scenario) {
        this.id = id;
        this.description = description;
        this.breaks = breaks;
        this.scenario = scenario;
    }

    /** The name used on the command line and in traces. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The property this mutant is expected to break. */
    public String breaks() {
        return breaks;
    }

    /** The built-in scenario on which it breaks it. */
    public String scenario() {
        return scenario;
    }

    /** As the checker sees every model's mutants. */
    public Mutation mutation() {
        return new Mutation(id, description, breaks, scenario);
    }

    public static List<Mutant> seeded() {
        return Arrays.stream(values()).filter(m -> m != NONE).toList();
    }

    public static Mutant byId(String id) {
        for (Mutant m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new forkcheck.spec.BadInputException("unknown mutant '" + id + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(Mutant::id).toList()) + ")");
    }
}
