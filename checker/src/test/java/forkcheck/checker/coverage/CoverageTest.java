package forkcheck.checker.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.spec.pid.PidLabel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoverageTest {
    static Coverage covered(String scenario, String mutant, int workers) {
        SpecLoader loaded = SpecLoader.load(scenario, mutant);
        CoverageSpec counted = new CoverageSpec(loaded.spec());
        Result r = Explorer.explore(counted, Options.defaults().withWorkers(workers).withKeepGoing(true));
        return Coverage.of(counted, scenario, mutant, r);
    }

    @Test
    void everyTransitionIsCountedOnceUnderItsLabel() {
        SpecLoader loaded = SpecLoader.load("pidrace-2x2", "none");
        CoverageSpec counted = new CoverageSpec(loaded.spec());
        Result r = Explorer.explore(counted, Options.defaults().withWorkers(2));
        Coverage c = Coverage.of(counted, "pidrace-2x2", "none", r);
        assertEquals(r.stats().transitions(), c.rows().stream().mapToLong(Coverage.Row::steps).sum());
        Result plain = Explorer.explore(loaded.spec(), Options.defaults().withWorkers(2));
        assertEquals(plain.stats().distinct(), r.stats().distinct(), "counting changes nothing the explorer sees");
        assertEquals(plain.stats().transitions(), r.stats().transitions());
    }

    @Test
    void theCountsDoNotDependOnTheWorkers() {
        assertEquals(covered("pidrace-2x2", "none", 1).rows(), covered("pidrace-2x2", "none", 2).rows());
    }

    @Test
    void everyLabelOfEveryFunctionIsARow() {
        Coverage c = covered("page-fault", "none", 1);
        assertEquals(Arrays.stream(PidLabel.values()).filter(l -> !l.function().isEmpty()).count(), c.rows().size());
        assertTrue(c.row("PAGE_CHECK").faults() > 0, "page-fault lets get_zeroed_page fail");
    }

    @Test
    void mutantLabelsAreCoveredOnlyWithTheirMutant() {
        Coverage real = covered("pidrace-2x2", "none", 2);
        assertTrue(real.row("TEST_AND_SET_BIT").covered());
        assertTrue(real.row("INSTALL_PAGE").covered());
        assertFalse(real.row("SET_BIT").covered());
        assertFalse(real.row("INSTALL_STORE").covered());
        assertFalse(real.row("CLEAR_BIT").covered(), "pidrace-2x2 frees nothing");

        assertTrue(covered("pidrace-2x2", "split-test-and-set-bit", 2).row("SET_BIT").covered());
        assertTrue(covered("pidrace-2x2", "install-page-without-lock", 2).row("INSTALL_STORE").covered());
        Coverage free = covered("free-race", "none", 2);
        assertTrue(free.row("CLEAR_BIT").covered() && free.row("ATOMIC_INC").covered());
    }
}
