package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.pid.Mutant;
import forkcheck.spec.scenario.Scenarios;
import org.junit.jupiter.api.Test;

class ListCommandTest {
    @Test
    void listsScenariosWithTheirFirstCommentLine() {
        Cli r = Cli.run("list");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("  free-race            A full pidmap: CPU 1 frees pid 5 while CPU 0 allocates."),
                r.all());
        assertTrue(r.out().contains("  last-pid-free        One CPU, and the only free pid is last_pid itself"), r.all());
        for (String name : Scenarios.builtins()) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " is not listed:\n" + r.all());
        }
    }

    @Test
    void listsEveryMutantWithThePropertyAndScenarioItBreaks() {
        Cli r = Cli.run("list");
        for (Mutant m : Mutant.seeded()) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + m.id() + " +" + m.breaks() + " +" + m.scenario()
                    + " +.*")), m.id() + ":\n" + r.all());
        }
    }

    @Test
    void listsTheDefaultScenariosPropertiesAndTheDeadlockCheck() {
        Cli r = Cli.run("list");
        assertTrue(r.out().contains("Properties of the default scenario, " + Scenarios.DEFAULT), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  always +deadlock-free +every state has a next step.*")),
                r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  always +pid-unique +no pid is held twice.*")), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  sometimes +alloc-wraps +.*")), r.all());
    }
}
