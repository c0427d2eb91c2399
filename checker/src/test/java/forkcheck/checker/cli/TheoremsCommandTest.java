package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TheoremsCommandTest {
    @Test
    void smallBoundsComeOutAsExpected() {
        Cli r = Cli.run("theorems", "--theorem", "c-fails-only-when-full", "--theorem", "b-in-range");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("REFUTED"), r.all());
        assertTrue(r.out().contains("alloc_pidmap returns -1"), r.all());
        assertTrue(r.out().matches("(?s).*b-in-range +pid_max 256, BITS_PER_PAGE 64, RESERVED_PIDS 30 +PROVED.*"), r.all());
    }

    @Test
    void bothEncodings() {
        for (String e : new String[] {"pages", "words"}) {
            Cli r = Cli.run("theorems", "--encoding", e, "--theorem", "d-first-free-after-last", "--bounds", "100,32,10");
            assertEquals(Main.OK, r.code(), r.all());
            assertTrue(r.out().contains(e.equals("pages") ? "a bit-vector per page" : "32-bit words"), r.all());
            assertTrue(r.out().matches("(?s).*d-first-free-after-last +pid_max 100, BITS_PER_PAGE 32, RESERVED_PIDS 10 +PROVED.*"), r.all());
        }
    }

    @Test
    void aFaultyVariantIsRefuted() {
        Cli r = Cli.run("theorems", "--variant", "wrap-to-zero", "--theorem", "b-in-range");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("REFUTED"), r.all());
    }

    @Test
    void badInput() {
        assertEquals(Main.BAD_INPUT, Cli.run("theorems", "--bounds", "huge").code());
        assertEquals(Main.BAD_INPUT, Cli.run("theorems", "--variant", "nope").code());
        assertEquals(Main.BAD_INPUT, Cli.run("theorems", "--theorem", "z").code());
        assertEquals(Main.BAD_INPUT, Cli.run("theorems", "--encoding", "bytes").code());
    }
}
