package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import forkcheck.checker.MutationRun;
import forkcheck.checker.toy.ToyModel;
import forkcheck.checker.view.TraceHtmlAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second model plugged in by one line, and every command reaching it through {@code Model} and
 * {@code Spec} alone: the toy (two CPUs incrementing a counter) is checked, replayed, shown,
 * mutated, covered, documented and listed like the pid allocator.
 */
class ToyModelEndToEndTest {
    private static AutoCloseable plugged;

    @TempDir
    Path dir;

    @BeforeAll
    static void plugIn() {
        plugged = ToyModel.plugIn();
    }

    @AfterAll
    static void unplug() throws Exception {
        plugged.close();
    }

    private Path lostUpdateTrace() {
        Cli r = Cli.run("check", "toy-race", "--out", dir.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        return dir.resolve("toy-race--no-lost-update.json");
    }

    @Test
    void checkFindsTheLostUpdateAndWritesATraceThatReplays() {
        Cli r = Cli.run("check", "toy-race", "--out", dir.toString(), "--workers", "2");
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().startsWith("forkcheck: scenario toy-race (builtin:toy-race), spec toy-1, mutant none, 2 workers\n"
                + "  state vector 1 word\n"), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  always +no-lost-update +VIOLATED \\(trace of 4 steps\\)")),
                r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  Step 4: cpu\\d inc STORE")), r.all());
        Path trace = dir.resolve("toy-race--no-lost-update.json");
        assertTrue(Files.isRegularFile(trace), r.all());

        Cli replay = Cli.run("replay", trace.toString());
        assertEquals(Main.OK, replay.code(), replay.all());
        assertTrue(replay.out().contains("replayed 4 steps: ok, the final state violates no-lost-update"), replay.all());
    }

    @Test
    void theLockedScenarioHolds() {
        Cli r = Cli.run("check", "toy-locked");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  always +no-lost-update +holds")), r.all());
    }

    @Test
    void aTraceFromAnotherVersionIsRefused() throws Exception {
        Path trace = lostUpdateTrace();
        Path old = dir.resolve("old.json");
        Files.writeString(old, Files.readString(trace).replace("\"toy-1\"", "\"toy-0\""));
        Cli r = Cli.run("replay", old.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains(old + ": recorded under spec version toy-0, but this forkcheck's spec is version"
                + " toy-1"), r.all());
    }

    @Test
    void aTraceOfAModelThisForkcheckLacksIsRefused() throws Exception {
        Path trace = lostUpdateTrace();
        plugged.close();
        try {
            Cli r = Cli.run("replay", trace.toString());
            assertEquals(Main.BAD_INPUT, r.code(), r.all());
            assertTrue(r.err().contains(trace + ": the scenario and mutant it carries do not load: builtin:toy-race:2:"
                    + " model: unknown model 'toy' (known: pidmap, fork)"), r.all());
        } finally {
            plugged = ToyModel.plugIn();
        }
    }

    @Test
    void showRendersAPageWithoutPidmapVariables() throws Exception {
        Path trace = lostUpdateTrace();
        Path html = dir.resolve("toy.html");
        Cli r = Cli.run("show", trace.toString(), "--html", html.toString(), "--itf", dir.resolve("toy.itf.json").toString());
        assertEquals(Main.OK, r.code(), r.all());
        JsonNode data = new ObjectMapper().readTree(TraceHtmlAccess.embeddedJson(Files.readString(html)));
        JsonNode last = data.get("states").get(4);
        assertEquals(0, last.get("pages").size(), "no pidmap");
        assertEquals("1", last.get("globals").get("counter").asText());
        assertEquals("DONE", last.get("cpus").get(1).get("vars").get("pc").asText());
        assertTrue(last.get("violated").asBoolean());
    }

    @Test
    void mutantsCatchesTheToyMutant() {
        Cli r = Cli.run("mutants", "--workers", "2");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  drop-lock +toy-locked +no-lost-update +caught +\\d+ .*")),
                r.all());
        assertFalse(r.out().contains("ESCAPED"), r.all());
    }

    @Test
    void everyScenarioPairsAMutantOnlyWithScenariosOfItsModel() {
        List<MutationRun.Case> cases = MutationRun.everyScenario();
        List<String> toy = cases.stream().filter(c -> c.mutant().id().equals("drop-lock"))
                .map(c -> c.scenario().source()).toList();
        assertEquals(List.of("builtin:toy-locked", "builtin:toy-race"), toy);
        assertTrue(cases.stream().filter(c -> !c.mutant().id().equals("drop-lock"))
                .noneMatch(c -> c.scenario().source().startsWith("builtin:toy")), "no pidmap mutant on a toy scenario");
    }

    @Test
    void coverageListsTheToyLabels() {
        Cli r = Cli.run("check", "toy-locked", "--coverage");
        assertEquals(Main.OK, r.code(), r.all());
        for (String label : List.of("LOCK", "LOAD", "STORE", "UNLOCK")) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  inc +" + label + " +toy\\.c:\\d +[\\d,]+")),
                    label + "\n" + r.all());
        }
        assertTrue(r.out().contains("  4 of 4 labels covered"), r.all());
    }

    @Test
    void docDocumentsTheToyModel() throws Exception {
        Cli r = Cli.run("doc", "--model", "toy", "--out", dir.toString());
        assertEquals(Main.OK, r.code(), r.all());
        String md = Files.readString(dir.resolve("spec-report.md"));
        assertTrue(md.contains("## Model toy (spec toy-1)"), md);
        assertFalse(md.contains("pidmap-3"), "only the model asked for");
        assertTrue(md.contains("### `inc`"), md);
        List<String> lines = md.lines().toList();
        String[] store = DocCommandTest.cells(DocCommandTest.row(lines, "STORE"));
        assertEquals("toy.c:5", store[1]);
        assertEquals("counter", store[4], "the store writes the counter");
        assertTrue(store[5].contains("cpu.done") && store[5].contains("cpu.tmp"), store[5]);
        assertEquals("counter_lock", store[6], "held on toy-locked");
        assertEquals("no-lost-update", store[7]);
        assertTrue(lines.contains("| `STORE` | `UNLOCK` | NOT COVERED | 12 |"), "only toy-locked unlocks: " + md);
        assertFalse(md.contains("Labels of the seeded mutants"), "the toy's mutant has no labels of its own");
        assertEquals(Main.BAD_INPUT, Cli.run("doc", "--model", "nosuch", "--out", dir.toString()).code());
    }

    @Test
    void listShowsTheToyScenariosMutantAndProperties() {
        Cli r = Cli.run("list");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("Built-in scenarios of model toy (forkcheck check NAME):\n  toy-race "), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  drop-lock +no-lost-update +toy-locked +inc\\(\\) without.*")),
                r.all());
        assertTrue(r.out().contains("Properties of the default scenario, toy-race, of model toy"), r.all());
    }

    @Test
    void simulateWalksTheToy() {
        Cli r = Cli.run("simulate", "toy-locked", "--seed", "7");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("Simulated 16 steps: every CPU finished"), r.all());
    }

    @Test
    void z3IsRefusedForAModelWithoutEncodings() {
        Cli r = Cli.run("check", "toy-race", "--z3");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--z3: scenario toy-race is of model toy, which has no Z3 encodings of its"
                + " invariants (models with them: pidmap, fork)"), r.all());
    }

    @Test
    void anUnknownModelLineNamesTheFileAndLine() throws Exception {
        Path sc = dir.resolve("odd.scenario");
        Files.writeString(sc, "# a scenario of a model nobody wrote\nmodel   nosuch\nname odd\n");
        Cli r = Cli.run("check", sc.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains(sc + ":2: model: unknown model 'nosuch' (known: pidmap, fork, toy)"), r.all());
    }
}
