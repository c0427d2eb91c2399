package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.toy.ToyModel;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --z3} on the fork model, and on a model without encodings. */
class CheckZ3ForkTest {
    @TempDir
    Path dir;

    @Test
    void certifiesEveryStateOfAForkScenario() {
        Cli r = Cli.run("check", "fork-kill", "--z3", "--out", dir.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("\n  2 CPUs, 4 task slots, max_threads 16, pid_max 8, BITS_PER_PAGE 8, RESERVED_PIDS 2;"
                + " state vector "), "the scenario's bounds: " + r.all());
        Matcher distinct = Pattern.compile("Finished, every reachable state explored: ([0-9,]+) distinct").matcher(r.out());
        assertTrue(distinct.find(), r.all());
        assertTrue(r.out().matches("(?s).*\nZ3: " + distinct.group(1) + " states certified \\(every distinct state\\),"
                + " [0-9,]+ queries over pid-unique, .*refcounts-exact, .*no-panic, [0-9.]+s, [0-9.]+ ms per state;"
                + " Z3 and Java agree on every one\n.*"), r.all());
    }

    @Test
    void aModelWithoutEncodingsIsBadInput() throws Exception {
        try (AutoCloseable plugged = ToyModel.plugIn()) {
            Cli r = Cli.run("check", "toy-race", "--z3", "--out", dir.toString());
            assertEquals(Main.BAD_INPUT, r.code(), r.all());
            assertTrue(r.err().contains("--z3: scenario toy-race is of model toy, which has no Z3 encodings of its"
                    + " invariants (models with them: pidmap, fork)"), r.all());
        }
    }

    @Test
    void aPidmapTooLargeToEncodeIsBadInput() {
        Cli r = Cli.run("check", "boot", "--z3", "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--z3: scenario boot has a pidmap of 1 x 32768 bits"), r.all());
    }
}
