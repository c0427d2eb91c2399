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

    /** Cells: label, line, code, reads, shared writes, own writes, locks, can affect, transitions (default, all). */
    static String[] cells(String row) {
        return row.substring(2, row.length() - 2).split(" \\| ");
    }

    @Test
    void reportHasEveryLabelWithLineCodeObservedWritesAndCoverage() throws Exception {
        Path out = dir.resolve("review");
        Cli r = Cli.run("doc", "--out", out.toString(), "--workers", "2");
        assertEquals(Main.OK, r.code(), r.all());
        Path md = out.resolve("spec-report.md");
        assertTrue(r.out().contains("Spec report written to " + md), r.all());
        String html = Files.readString(out.resolve("spec-report.html"));
        assertTrue(html.contains("<code>if (!test_and_set_bit(offset, map-&gt;page))</code>"), "code escaped in HTML");
        assertTrue(html.contains("<td class=\"nc\">NOT COVERED</td>"), "uncovered cells marked in HTML");
        String text = Files.readString(md);
        assertTrue(text.contains("## `alloc_pidmap`") && text.contains("## `free_pidmap`"), text);
        List<String> lines = text.lines().toList();

        String[] tas = cells(row(lines, "TEST_AND_SET_BIT"));
        assertEquals("pid.c:109", tas[1]);
        assertEquals("`if (!test_and_set_bit(offset, map->page))`", tas[2]);
        assertEquals("pidmap_array[].bits", tas[3]);
        assertEquals("pidmap_array[].bits", tas[4]);
        assertEquals("—", tas[6], "test_and_set_bit is lock-free");
        assertTrue(tas[7].contains("nr-free-exact"), "it writes the bits nr-free-exact counts: " + tas[7]);
        assertTrue(tas[8].matches("[\\d,]+"), tas[8]);
        assertEquals("pidmap_lock", cells(row(lines, "INSTALL_PAGE"))[6], "the install runs under pidmap_lock");
        assertEquals("—", cells(row(lines, "SPIN_LOCK"))[6], "spin_lock runs before the lock is held");

        assertEquals("last_pid", cells(row(lines, "LAST_PID_WRITE"))[4]);
        assertEquals("—", cells(row(lines, "LAST_PID_READ"))[4], "a read writes no shared variable");
        assertEquals("pidmap_lock.owner", cells(row(lines, "SPIN_LOCK"))[4]);
        assertEquals("pidmap_array[].nr_free", cells(row(lines, "ATOMIC_INC"))[4]);
        assertEquals("NOT COVERED", cells(row(lines, "SET_BIT"))[8], "the default scenario runs no mutant");
        assertTrue(cells(row(lines, "SET_BIT"))[9].matches("[\\d,]+"), "its mutant's run covers it");
        assertTrue(lines.contains("| `PAGE_RECHECK` | `return` | NOT COVERED | 16 |"),
                "the get_zeroed_page failure path: only page-fault takes it");
        assertEquals("pidmap_array[].bits", cells(row(lines, "SET_BIT"))[4], "observed with its mutant");
    }
}
