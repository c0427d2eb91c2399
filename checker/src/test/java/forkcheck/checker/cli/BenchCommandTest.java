package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Correctness of {@code forkcheck bench}: what it lists and how it exits. No timing is asserted. */
class BenchCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run bench(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The table's rows for a scenario, split into columns. */
    private static List<String[]> rows(String out, String scenario) {
        return out.lines().filter(l -> l.startsWith(scenario + " ")).map(l -> l.trim().split("\\s+")).toList();
    }

    private static long count(String column) {
        return Long.parseLong(column.replace(",", ""));
    }

    @Test
    void smallestRungWithOneAndTwoWorkersHasEqualCounts() {
        Run r = bench("--max-size", "2,1", "--workers", "1,2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("cores"), r.out());
        List<String[]> rows = rows(r.out(), "pidrace-2x1");
        assertEquals(2, rows.size(), r.out());
        assertEquals("1", rows.get(0)[1]);
        assertEquals("2", rows.get(1)[1]);
        long distinct = count(rows.get(0)[2]);
        long transitions = count(rows.get(0)[3]);
        assertTrue(distinct > 1 && transitions >= distinct - 1, r.out());
        assertEquals(distinct, count(rows.get(1)[2]), r.out());
        assertEquals(transitions, count(rows.get(1)[3]), r.out());
        assertTrue(rows.get(1)[8].endsWith("x"), "the 2-worker row has a ratio to 1 worker: " + r.out());
        assertTrue(!r.out().contains("MISMATCH") && !r.out().contains("STOPPED"), r.out());
        assertTrue(rows(r.out(), "pidrace-2x2").isEmpty(), "the ladder stops at --max-size: " + r.out());
    }

    @Test
    void jsonHasOneRowPerWorkerCount(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.json");
        Run r = bench("--max-size", "2,1", "--workers", "2,1", "--json", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode rows = root.get("rows");
        assertEquals(2, rows.size(), root.toPrettyString());
        assertEquals(1, rows.get(0).get("workers").asInt());
        assertEquals(2, rows.get(1).get("workers").asInt());
        assertEquals("pidrace-2x1", rows.get(1).get("scenario").asText());
        assertEquals(rows.get(0).get("distinct").asLong(), rows.get(1).get("distinct").asLong());
        assertEquals(rows.get(0).get("transitions").asLong(), rows.get(1).get("transitions").asLong());
        assertTrue(rows.get(0).get("vsOneWorker").isNull());
        assertTrue(rows.get(1).get("vsOneWorker").isNumber());
        assertTrue(root.get("machine").get("cores").asInt() >= 1);
        assertEquals(false, root.get("mismatch").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "2,x", "0,1", "2,1,1", "4,4", ""})
    void malformedMaxSizeIsAUsageError(String value) {
        Run r = bench("--max-size", value);
        assertEquals(Main.BAD_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--max-size"), r.err());
        assertTrue(rows(r.out(), "pidrace-2x1").isEmpty(), "nothing is run: " + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1,x", "-2"})
    void malformedWorkersIsAUsageError(String value) {
        Run r = bench("--max-size", "2,1", "--workers", value);
        assertEquals(Main.BAD_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--workers"), r.err());
    }
}
