package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageOptionTest {
    @TempDir
    Path dir;

    @Test
    void tableMarksWhatNoInterleavingExecuted() {
        Cli r = Cli.run("check", "pidrace-2x2", "--coverage", "--workers", "2", "--out", dir.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  alloc_pidmap +TEST_AND_SET_BIT +pid\\.c:109 +[\\d,]+")),
                r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  alloc_pidmap +SET_BIT +mutant +NOT COVERED")), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  free_pidmap +CLEAR_BIT +pid\\.c:73 +NOT COVERED")), r.all());
        assertTrue(r.out().contains("10 of 14 labels covered"), r.all());
    }

    @Test
    void withoutTheOptionThereIsNoTable() {
        Cli r = Cli.run("check", "pidrace-2x2", "--workers", "2", "--out", dir.toString());
        assertFalse(r.out().contains("Coverage"), r.all());
    }

    @Test
    void jsonHasEveryLabelWithItsCount() throws Exception {
        Path json = dir.resolve("cov/split.json");
        Cli r = Cli.run("check", "pidrace-2x2", "--mutant", "split-test-and-set-bit", "--continue", "--workers", "2",
                "--out", dir.toString(), "--coverage-out", json.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("Coverage written to " + json), r.all());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("split-test-and-set-bit", doc.get("mutant").asText());
        assertEquals(14, doc.get("labels").size());
        long sum = 0;
        for (JsonNode l : doc.get("labels")) {
            sum += l.get("transitions").asLong();
            if (l.get("label").asText().equals("SET_BIT")) {
                assertTrue(l.get("covered").asBoolean(), l.toString());
                assertTrue(l.get("transitions").asLong() > 0, l.toString());
            }
            if (l.get("label").asText().equals("INSTALL_STORE")) {
                assertFalse(l.get("covered").asBoolean(), l.toString());
            }
        }
        assertEquals(doc.get("transitions").asLong(), sum);
    }

    @Test
    void anUnwritableCoverageFileIsBadInputNamingTheOption() throws Exception {
        Path notADir = java.nio.file.Files.writeString(dir.resolve("file"), "");
        Path json = notADir.resolve("c.json");
        Cli r = Cli.run("check", "page-fault", "--workers", "1", "--out", dir.toString(), "--coverage-out",
                json.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().startsWith("forkcheck: --coverage-out " + json + ": cannot write"), r.all());
    }
}
