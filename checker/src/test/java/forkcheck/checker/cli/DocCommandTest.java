package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocCommandTest {
    @TempDir
    Path dir;

    static String row(List<String> lines, String label) {
        return lines.stream().filter(l -> l.startsWith("| `" + label + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + label));
    }

    /** Cells: label, line, code, reads, shared writes, own writes, transitions. */
    static String[] cells(String row) {
        return row.substring(2, row.length() - 2).split(" \\| ");
    }

    @Test
    void reportHasEveryLabelWithLineCodeObservedWritesAndCoverage() throws Exception {
        Path out = dir.resolve("review");
        Cli r = Cli.run("doc", "--out", out.toString(), "--workers", "2");
        assertEquals(Main.OK, r.code(), r.all());
        Path md = out.resolve("pid-allocator.md");
        assertTrue(r.out().contains("Spec report written to " + md), r.all());
        String text = Files.readString(md);
        assertTrue(text.contains("## `alloc_pidmap`") && text.contains("## `free_pidmap`"), text);
        List<String> lines = text.lines().toList();

        String[] tas = cells(row(lines, "TEST_AND_SET_BIT"));
        assertEquals("pid.c:109", tas[1]);
        assertEquals("`if (!test_and_set_bit(offset, map->page))`", tas[2]);
        assertEquals("pidmap_array[].bits", tas[3]);
        assertEquals("pidmap_array[].bits", tas[4]);
        assertTrue(tas[6].matches("[\\d,]+"), tas[6]);

        assertEquals("last_pid", cells(row(lines, "LAST_PID_WRITE"))[4]);
        assertEquals("—", cells(row(lines, "LAST_PID_READ"))[4], "a read writes no shared variable");
        assertEquals("pidmap_lock.owner", cells(row(lines, "SPIN_LOCK"))[4]);
        assertEquals("pidmap_array[].nr_free", cells(row(lines, "ATOMIC_INC"))[4]);
        assertEquals("NOT COVERED", cells(row(lines, "SET_BIT"))[6], "the default scenario runs no mutant");
        assertEquals("pidmap_array[].bits", cells(row(lines, "SET_BIT"))[4], "observed with its mutant");
    }
}
