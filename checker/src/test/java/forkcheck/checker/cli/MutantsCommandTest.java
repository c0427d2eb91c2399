package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.Models;
import forkcheck.spec.Mutation;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutantsCommandTest {
    @Test
    void everyCatalogueMutantIsCaughtAndTabled() {
        Cli r = Cli.run("mutants", "--workers", "2");
        assertEquals(Main.OK, r.code(), r.all());
        List<Mutation> all = Models.all().stream().flatMap(x -> x.mutants().stream()).toList();
        for (Mutation m : all) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + m.id() + " +" + m.scenario() + " +" + m.breaks()
                    + " +caught +\\d+ +\\d+\\.\\ds")), m.id() + "\n" + r.all());
        }
        assertTrue(r.out().contains("Mutation score: " + all.size() + "/" + all.size()
                + " caught"), r.all());
        assertFalse(r.out().contains("ESCAPED"), r.all());
    }

    @Test
    void unknownScenarioSetIsBadInput() {
        Cli r = Cli.run("mutants", "--scenario-set", "huge");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--scenario-set: expected small or all, got 'huge'"), r.all());
    }
}
