package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyPropertyHoldsOnPidrace2x2() throws IOException {
        Cli r = Cli.run("check", "pidrace-2x2", "--out", dir.toString(), "--workers", "2");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("always    pid-unique                   holds"), r.all());
        assertEquals(0, files(dir), "no trace is written when nothing is violated");
    }

    @Test
    void freeRaceFindingExitsOneAndWritesAReplayableTrace() {
        Cli r = Cli.run("check", "free-race", "--out", dir.toString(), "--workers", "2");
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("alloc-fails-only-when-full   VIOLATED"), r.all());
        Path trace = dir.resolve("free-race--alloc-fails-only-when-full.json");
        assertTrue(Files.isRegularFile(trace), r.all());
        assertTrue(r.out().contains("Trace written to " + trace), r.all());

        Cli replay = Cli.run("replay", "--quiet", trace.toString());
        assertEquals(Main.OK, replay.code(), replay.all());
    }

    @Test
    void missingScenarioFileIsBadInput() {
        String missing = dir.resolve("nope.scenario").toString();
        Cli r = Cli.run("check", missing, "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertEquals("forkcheck: " + missing + ": no such file", r.err().strip(), r.all());
    }

    @Test
    void malformedScenarioFileNamesFileLineAndField() throws IOException {
        Path bad = dir.resolve("bad.scenario");
        Files.writeString(bad, "# two CPUs\npid_max        16\nbits_per_page  eight\nreserved_pids  2\ncpu 0  alloc\n");
        Cli r = Cli.run("check", bad.toString(), "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertEquals("forkcheck: " + bad + ":3: bits_per_page: expected an integer, got 'eight'", r.err().strip(),
                r.all());
    }

    @Test
    void unknownMutantIsBadInput() {
        Cli r = Cli.run("check", "pidrace-2x2", "--mutant", "no-such-mutant", "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("unknown mutant 'no-such-mutant'"), r.all());
    }

    @Test
    void stateBoundExitsThree() throws IOException {
        Cli r = Cli.run("check", "pidrace-3x2-free", "--max-states", "1000", "--out", dir.toString(),
                "--workers", "2");
        assertEquals(Main.BOUNDED, r.code(), r.all());
        assertTrue(r.out().contains("STOPPED by the states bound"), r.all());
        assertEquals(0, files(dir), r.all());
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
