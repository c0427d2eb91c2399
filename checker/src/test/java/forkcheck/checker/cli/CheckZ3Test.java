package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckZ3Test {
    @TempDir
    Path dir;

    @Test
    void certifiesEveryStateAndKeepsTheVerdicts() {
        Cli r = Cli.run("check", "free-race", "--z3", "--continue", "--out", dir.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("alloc-fails-only-when-full   VIOLATED"), r.all());
        assertTrue(r.out().matches("(?s).*Z3: [0-9,]+ states certified \\(every distinct state\\).*agree on every one.*"),
                r.all());
    }

    @Test
    void everyKth() {
        Cli r = Cli.run("check", "last-pid-free", "--z3", "--z3-every", "3", "--out", dir.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("(1 in 3 distinct states)"), r.all());
    }

    @Test
    void badZ3OptionsAreBadInput() {
        Cli r = Cli.run("check", "free-race", "--z3", "--z3-every", "0");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--z3-every must be at least 1"), r.all());
        r = Cli.run("check", "free-race", "--z3", "--workers", "2");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--z3 runs with one worker"), r.all());
    }
}
