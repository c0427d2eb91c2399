package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.engine.Stats;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    static final Stats BIG = new Stats(1_234_567, 3_000_000, 40_000, 31, 2_000_000_000L);
    static final Stats SMALL = new Stats(9, 10, 1, 2, 1_000_000_000L);

    @Test
    void onATerminalOneLineIsRewrittenAndEndedOnce() {
        StringWriter w = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(w), true);
        p.accept(BIG);
        p.accept(SMALL);
        p.end();
        p.end();
        String out = w.toString();
        assertEquals(2, out.chars().filter(c -> c == '\r').count(), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one newline, at the end: " + out);
        assertTrue(out.endsWith(System.lineSeparator()), out);
        String[] shown = out.substring(1, out.length() - System.lineSeparator().length()).split("\r");
        assertEquals(shown[0].length(), shown[1].length(), "the shorter line is padded over the longer one");
        assertTrue(shown[1].startsWith("  progress: 9 distinct"), out);
    }

    @Test
    void elsewhereEachReportIsALine() {
        StringWriter w = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(w), false);
        p.accept(BIG);
        p.accept(SMALL);
        p.end();
        String out = w.toString();
        assertFalse(out.contains("\r"), out);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("  progress: ")), out);
    }

    @Test
    void nothingShownNothingEnded() {
        StringWriter w = new StringWriter();
        new ProgressLine(new PrintWriter(w), true).end();
        assertEquals("", w.toString());
    }
}
