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
        Cli r = Cli.run("prove", "pidrace", "--mining", "none");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--mining is for the fork model"), r.all());
        r = Cli.run("prove", "pidrace", "--explain-drops", "drops.txt");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--explain-drops is for the fork model"), r.all());
        r = Cli.run("prove", "fork-detach", "--explain-drops", "/no/such/dir/drops.txt");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--explain-drops: cannot write /no/such/dir/drops.txt"), r.all());
        assertTrue(r.out().isEmpty(), r.all());
        r = Cli.run("prove", "fork-detach", "--mining", "triples");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--mining") && r.err().contains("triples"), r.all());
        assertTrue(r.out().isEmpty(), r.all());
    }

    @Test
    void aForkStepPreservesEveryInvariantAndTheMinedOnes() {
        Cli r = Cli.run("prove", "fork-detach", "--label", "SCHEDULE");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("model fork"), r.all());
        assertTrue(r.out().matches("(?s).*SCHEDULE +mined \\(aux\\) +proved.*"), r.all());
        assertTrue(r.out().matches("(?s).*SCHEDULE +runqueue-consistent +proved.*"), r.all());
        assertTrue(r.out().contains("14 obligations: 14 proved"), r.all());
        assertTrue(r.err().contains("pruning, round 1"), "progress on stderr: " + r.err());
    }

    @Test
    void aForkMutantHasAReachableCti() {
        Cli r = Cli.run("prove", "fork-exit", "--mutant", "no-nr-threads-inc", "--label", "COPY_PROCESS_26", "--property",
                "nr-threads-exact", "--timeout", "5", "--mining", "none");
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("Counterexample to induction: nr-threads-exact at COPY_PROCESS_26, reachable: YES"),
                r.all());
        assertTrue(r.out().contains("CTI (reachable)"), r.all());
    }

    @Test
    void aPidmapTooWideForTheForkEncodingIsRefused() {
        Cli r = Cli.run("prove", "boot");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("prove: scenario boot has a pidmap of 1 x 32768 bits"), r.all());
        assertTrue(r.out().isEmpty(), "no table that could pass for a result: " + r.out());
    }
}
