package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {
    @Test
    void provedObligationsExitZero(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("prove.json");
        Cli r = Cli.run("prove", "pidrace", "--property", "pid-unique", "--property", "claimed-unheld",
                "--label", "TEST_AND_SET_BIT", "--label", "LAST_PID_WRITE", "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("aux claimed-unheld"), r.all());
        assertTrue(r.out().matches("(?s).*TEST_AND_SET_BIT +claimed-unheld \\(aux\\) +proved.*"), r.all());
        assertTrue(r.out().contains("4 obligations: 4 proved (0 with no such step), 0 CTI, 0 unknown"), r.all());
        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(4, j.get("obligations").size());
        assertEquals("proved", j.get("obligations").get(0).get("result").asText());
    }

    @Test
    void aReachableCtiExitsOne() {
        Cli r = Cli.run("prove", "free-race", "--property", "alloc-fails-only-when-full", "--label", "NR_FREE_READ");
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("Counterexample to induction: alloc-fails-only-when-full at NR_FREE_READ, reachable: YES"),
                r.all());
        assertTrue(r.out().contains("CTI (reachable)"), r.all());
    }

    @Test
    void badInput() {
        assertEquals(Main.BAD_INPUT, Cli.run("prove", "pidrace", "--property", "nope").code());
        assertEquals(Main.BAD_INPUT, Cli.run("prove", "pidrace", "--label", "NOPE").code());
        assertEquals(Main.BAD_INPUT, Cli.run("prove", "pidrace", "--mutant", "nope").code());
        assertEquals(Main.BAD_INPUT, Cli.run("prove", "no-such-scenario").code());
        assertEquals(Main.BAD_INPUT, Cli.run("prove", "pidrace", "--timeout", "0").code());
    }

    @Test
    void aForkScenarioIsRefusedNamingItsModel() {
        Cli r = Cli.run("prove", "fork-kill");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("scenario fork-kill is of model fork"), r.all());
        assertTrue(r.out().isEmpty(), "no table that could pass for a result: " + r.out());
    }
}
