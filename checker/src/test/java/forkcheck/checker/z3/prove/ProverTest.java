package forkcheck.checker.z3.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProverTest {
    private static final String FULL = "alloc-fails-only-when-full";
    private static final int TIMEOUT_MS = 60_000;

    private static List<Outcome> proveAll(PidSpec spec) {
        try (Prover p = new Prover(spec)) {
            return p.prove(p.steps(), p.targets(), TIMEOUT_MS);
        }
    }

    private static Set<String> failed(List<Outcome> os) {
        return os.stream().filter(o -> o.status() != Outcome.Status.PROVED)
                .map(o -> o.obligation().step() + " " + o.obligation().target()).collect(Collectors.toSet());
    }

    @Test
    void everyObligationOfTheDefaultScenarioIsProved() {
        PidSpec spec = new PidSpec(Scenarios.builtin(Scenarios.DEFAULT));
        try (Prover p = new Prover(spec)) {
            assertEquals(List.of("deadlock-free", "stays-in-model", "pid-unique", "nr-free-exact", "pid-in-range", FULL),
                    p.targets().subList(0, 6), "pidrace selects every invariant");
            assertEquals(11, p.auxiliary().size());
            List<Outcome> os = p.prove(p.steps(), p.targets(), TIMEOUT_MS);
            // INIT: the 15 invariants; BEGIN and the 14 labels: those and stays-in-model; PROGRESS: deadlock-free
            assertEquals(15 + 15 * 16 + 1, os.size());
            assertEquals(Set.of(), failed(os));
        }
    }

    /**
     * Where the scenario starts with last_pid free, the search may owe last_pid itself (finding 2);
     * free-ghost-complete and nr-free-bounded say that these scenarios' few allocations never
     * leave last_pid the only free pid of a search's range, and with them every obligation is proved.
     */
    @ParameterizedTest
    @ValueSource(strings = {"wrap", "pidrace-2x2"})
    void withLastPidFreeAtTheStartEveryObligationIsProvedByCounting(String scenario) {
        PidSpec spec = new PidSpec(Scenarios.builtin(scenario));
        try (Prover p = new Prover(spec)) {
            assertTrue(p.targets().containsAll(List.of(FULL, "free-ghost-complete", "nr-free-bounded")));
            assertFalse(p.targets().contains("last-pid-taken"));
            List<Outcome> os = p.prove(p.steps(), p.targets(), TIMEOUT_MS);
            // INIT: the 16 invariants; BEGIN and the 14 labels: those and stays-in-model; PROGRESS: deadlock-free
            assertEquals(16 + 15 * 17 + 1, os.size());
            assertEquals(Set.of(), failed(os));
        }
    }

    /**
     * Without either, returning -1 at the end of the search is a CTI that no run reaches: the
     * search's ghost free holds last alone. Without the bound, the pidmap may be full but for
     * last (both rows); without completeness, a free pid other than last may be missing from
     * the ghost (at NR_FREE_READ the page is full, last included, so that row needs only the bound).
     */
    @Test
    void withoutTheCountTheFinalPassIsAnUnreachableCti() {
        assertUnreachableCtis("nr-free-bounded", List.of("NR_FREE_READ", "FIND_NEXT_OFFSET"));
        assertUnreachableCtis("free-ghost-complete", List.of("FIND_NEXT_OFFSET"));
    }

    private static void assertUnreachableCtis(String dropped, List<String> steps) {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace-2x2"));
        try (Prover p = new Prover(spec, name -> !name.equals(dropped))) {
            List<Outcome> os = p.prove(List.of("NR_FREE_READ", "FIND_NEXT_OFFSET"), List.of(FULL), TIMEOUT_MS);
            assertEquals(Set.copyOf(steps.stream().map(st -> st + " " + FULL).toList()), failed(os), dropped);
            for (Outcome o : os) {
                if (o.status() == Outcome.Status.CTI) {
                    assertEquals(Boolean.FALSE, o.cti().reachable(), CtiText.show(spec, o));
                }
            }
        }
    }

    /** The README's findings: on their scenarios the counterexample to induction is a real run. */
    @Test
    void theFindingsAreReachableCtis() {
        assertReachableCti("free-race", "NR_FREE_READ");
        assertReachableCti("last-pid-free", "FIND_NEXT_OFFSET");
    }

    private static void assertReachableCti(String scenario, String step) {
        PidSpec spec = new PidSpec(Scenarios.builtin(scenario));
        try (Prover p = new Prover(spec)) {
            Outcome o = p.prove(List.of(step), List.of(FULL), TIMEOUT_MS).get(0);
            assertEquals(Outcome.Status.CTI, o.status(), scenario);
            assertEquals(Boolean.TRUE, o.cti().reachable(), CtiText.show(spec, o));
            assertTrue(CtiText.show(spec, o).contains("cpu0.pc = " + step + "  ->  RET"), CtiText.show(spec, o));
        }
    }

    /**
     * Without "an absent page is blank", INSTALL_PAGE installs a zeroed page over bits that an
     * absent page cannot have: a CTI of nr-free-exact that no run reaches.
     */
    @Test
    void aWeakAuxiliarySetGivesAnUnreachableCtiPrintedWithItsStep() {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace"));
        try (Prover p = new Prover(spec, name -> !name.equals("absent-page-blank"))) {
            assertFalse(p.targets().contains("absent-page-blank"));
            Outcome o = p.prove(List.of("INSTALL_PAGE"), List.of("nr-free-exact"), TIMEOUT_MS).get(0);
            assertEquals(Outcome.Status.CTI, o.status());
            assertEquals(Boolean.FALSE, o.cti().reachable());
            String text = CtiText.show(spec, o);
            assertTrue(text.startsWith("Counterexample to induction: nr-free-exact at INSTALL_PAGE, reachable: no\n"), text);
            assertTrue(text.contains("  step: cpu" + o.cti().cpu() + " INSTALL_PAGE\n"), text);
            assertTrue(text.contains("cpu" + o.cti().cpu() + ".pc = INSTALL_PAGE  ->  PAGE_RECHECK"), text);
            // The page it installs had bits set, which the zeroed page clears.
            assertTrue(text.matches("(?s).*pidmap_array\\[\\d]\\.bits = \\{\\d[\\d,]*}  ->  \\{}.*"), text);
            assertTrue(text.contains(".nr_free = "), text);
            assertFalse(text.contains("last_pid"), "only the relevant variables: " + text);
        }
    }

    /** Without search-cursor's i <= max_scan, the ++i of a search past its last pass overflows the model. */
    @Test
    void aStepThatWouldThrowIsACtiOfStaysInModel() {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace"));
        try (Prover p = new Prover(spec, name -> !name.equals("search-cursor"))) {
            Outcome o = p.prove(List.of("NR_FREE_READ"), List.of("stays-in-model"), TIMEOUT_MS).get(0);
            assertEquals(Outcome.Status.CTI, o.status());
            assertEquals(Boolean.FALSE, o.cti().reachable());
            String text = CtiText.show(spec, o);
            assertTrue(text.contains("cpu" + o.cti().cpu() + ".i = 3"), text);
        }
    }

    /**
     * Every seeded mutant that the explicit search catches breaks an obligation with a CTI that a
     * run reaches (for drop-spin-unlock, whose deadlock is not a state invariant, lock-owner: the
     * lock stays held after INSTALL_PAGE).
     */
    @Test
    void everySeededMutantBreaksAnObligationWithAReachableCti() {
        // One context each, so the mutants run side by side; each on the row its fault is in (every
        // target of that row), since the rows a mutant leaves alone are the kernel's.
        Map<Mutant, String> row = Map.of(Mutant.SPLIT_TEST_AND_SET_BIT, "SET_BIT",
                Mutant.INSTALL_PAGE_WITHOUT_LOCK, "INSTALL_STORE", Mutant.DROP_ATOMIC_DEC, "TEST_AND_SET_BIT",
                Mutant.WRAP_TO_ZERO, "FIND_NEXT_OFFSET", Mutant.DROP_SPIN_UNLOCK, "INSTALL_PAGE",
                Mutant.NO_RESCAN, "BEGIN");
        assertEquals(Set.copyOf(Mutant.seeded()), row.keySet(), "a row for every seeded mutant");
        List<String> escaped = Mutant.seeded().parallelStream().flatMap(m -> {
            List<Outcome> os;
            try (Prover p = new Prover(new PidSpec(Scenarios.builtin(m.scenario()), m))) {
                os = p.prove(List.of(row.get(m)), p.targets(), TIMEOUT_MS);
            }
            boolean caught = os.stream().anyMatch(o -> o.status() == Outcome.Status.CTI && o.cti().reachable() == Boolean.TRUE);
            return caught ? Stream.<String>empty() : Stream.of(m.id() + ": " + failed(os));
        }).toList();
        assertEquals(List.of(), escaped, "mutants that break no obligation with a reachable CTI");
    }
}
