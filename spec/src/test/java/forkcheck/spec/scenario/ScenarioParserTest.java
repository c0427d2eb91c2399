package forkcheck.spec.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.pid.PidModel;
import forkcheck.spec.pid.PidSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioParserTest {
    static final String SOURCE = "test/broken.scenario";

    /** A valid scenario; each error case replaces one of its lines (1-based) or appends to it. */
    static final List<String> GOOD = List.of(
            "# a comment line",                    // 1
            "pid_max        16",                   // 2
            "bits_per_page  8",                    // 3
            "reserved_pids  2",                    // 4
            "last_pid       13",                   // 5
            "taken          2 3 4",                // 6
            "pages          0 1",                  // 7
            "faults         get_zeroed_page",      // 8
            "cpu 0          alloc free r1 alloc",  // 9
            "cpu 1          alloc free 3",         // 10
            "properties     pid-unique nr-free-exact"); // 11

    static String with(int line, String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= GOOD.size(); n++) {
            sb.append(n == line ? replacement : GOOD.get(n - 1)).append('\n');
        }
        return sb.toString();
    }

    static String with(int line, String replacement, int line2, String replacement2) {
        String[] lines = with(line, replacement).split("\n", -1);
        lines[line2 - 1] = replacement2;
        return String.join("\n", lines);
    }

    static String appended(String extra) {
        return String.join("\n", GOOD) + "\n" + extra + "\n";
    }

    @Test
    void theGoodScenarioParses() {
        Scenario sc = ScenarioParser.parse(SOURCE, String.join("\n", GOOD));
        assertEquals(16, sc.pidMax());
        assertEquals(8, sc.bitsPerPage());
        assertEquals(2, sc.reservedPids());
        assertEquals(13, sc.lastPid());
        assertEquals(List.of(0, 2, 3, 4), sc.taken(), "pid 0 is always taken (pidmap_init)");
        assertEquals(List.of(0, 1), sc.pages());
        assertTrue(sc.mayFail(Scenario.FAULT_GET_ZEROED_PAGE));
        assertEquals(2, sc.pidmapEntries());
        assertEquals(List.of(new Op.Alloc(9), new Op.FreeResult(9, 0), new Op.Alloc(9)), sc.cpus().get(0));
        assertEquals(List.of(new Op.Alloc(10), new Op.FreePid(10, 3)), sc.cpus().get(1));
        assertEquals(List.of("pid-unique", "nr-free-exact"), sc.properties());
        assertEquals(11, sc.propertiesLine());
        assertEquals("broken", sc.name(), "the default name is the file's base name");
        new PidSpec(sc);
    }

    @Test
    void defaultsAndSyntax() {
        Scenario sc = ScenarioParser.parse("builtin:tiny", "pid_max 4\r\nbits_per_page 4\r\nreserved_pids 1  # comment\r\n"
                + "\r\n   \r\ncpu 0: alloc\r\n");
        assertEquals(0, sc.lastPid());
        assertEquals(List.of(0), sc.taken());
        assertEquals(List.of(0), sc.pages());
        assertEquals(Set.of(), sc.faults());
        assertEquals(List.of(), sc.properties());
        assertEquals("tiny", sc.name());
        assertEquals(1, sc.cpus().size());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // missing pid_max: no line to name, but the source and the field
                Arguments.of("missing pid_max", with(2, ""), 0, "pid_max", "missing"),
                Arguments.of("missing bits_per_page", with(3, "# none"), 0, "bits_per_page", "missing"),
                Arguments.of("missing reserved_pids", with(4, ""), 0, "reserved_pids", "missing"),
                Arguments.of("non-integer pid_max", with(2, "pid_max sixteen"), 2, "pid_max", "sixteen"),
                Arguments.of("two values", with(2, "pid_max 16 17"), 2, "pid_max", "16 17"),
                Arguments.of("no value", with(5, "last_pid"), 5, "last_pid", "nothing"),
                Arguments.of("pid_max too small", with(2, "pid_max 1"), 2, "pid_max", "out of range"),
                Arguments.of("pid_max too large", with(2, "pid_max 4194305"), 2, "pid_max", "out of range"),
                Arguments.of("last_pid >= pid_max", with(5, "last_pid 16"), 5, "last_pid", "out of range"),
                Arguments.of("negative last_pid", with(5, "last_pid -1"), 5, "last_pid", "out of range"),
                Arguments.of("reserved_pids 0", with(4, "reserved_pids 0"), 4, "reserved_pids", "out of range"),
                Arguments.of("non-integer taken", with(6, "taken 2 x 4"), 6, "taken", "'x'"),
                Arguments.of("taken beyond pid_max", with(6, "taken 2 16"), 6, "taken", "out of range"),
                Arguments.of("page beyond pidmap", with(7, "pages 0 2"), 7, "pages", "out of range"),
                Arguments.of("bits_per_page not a power of two", with(3, "bits_per_page 12"), 3, "bits_per_page",
                        "power of two"),
                Arguments.of("bits_per_page too large", with(3, "bits_per_page 65536"), 3, "bits_per_page",
                        "out of range"),
                Arguments.of("reserved_pids >= bits_per_page", with(4, "reserved_pids 8"), 4, "reserved_pids",
                        "below bits_per_page"),
                Arguments.of("taken pid on an absent page", with(6, "taken 2 9", 7, "pages 0"), 6, "taken", "not listed under 'pages'"),
                Arguments.of("unknown key", with(1, "pidmax 16"), 1, "pidmax", "unknown field"),
                Arguments.of("duplicate key", appended("pid_max 16"), 12, "pid_max", "given twice (first on line 2)"),
                Arguments.of("duplicate cpu", appended("cpu 1 alloc"), 12, "cpu 1", "given twice (first on line 10)"),
                Arguments.of("cpu numbering gap", with(10, "cpu 2 alloc"), 10, "cpu 2", "cpu 1 is missing"),
                Arguments.of("cpu not a number", with(10, "cpu one alloc"), 10, "cpu", "'one'"),
                Arguments.of("cpu without a number", with(10, "cpu"), 10, "cpu", "expected a CPU number"),
                Arguments.of("empty program", with(10, "cpu 1"), 10, "cpu 1", "empty program"),
                Arguments.of("free r3 before 3 allocs", with(9, "cpu 0 alloc alloc free r3 alloc"), 9, "cpu 0",
                        "only 2 alloc(s) come before it"),
                Arguments.of("free r0", with(9, "cpu 0 alloc free r0"), 9, "cpu 0", "names alloc 0"),
                Arguments.of("free rK not a number", with(9, "cpu 0 alloc free rx"), 9, "cpu 0", "'x'"),
                Arguments.of("free without argument", with(9, "cpu 0 alloc free"), 9, "cpu 0", "needs an argument"),
                Arguments.of("double free of a result", with(9, "cpu 0 alloc free r1 free r1"), 9, "cpu 0",
                        "frees the same pid twice"),
                Arguments.of("double free of a taken pid on one cpu", with(10, "cpu 1 free 3 free 3"), 10, "cpu 1",
                        "already freed by cpu 1"),
                Arguments.of("double free of a taken pid across cpus", with(9, "cpu 0 free 3"), 10, "cpu 1",
                        "already freed by cpu 0"),
                Arguments.of("free of a pid not taken", with(10, "cpu 1 free 5"), 10, "cpu 1", "not taken at the start"),
                Arguments.of("free of pid 0", with(10, "cpu 1 free 0"), 10, "cpu 1", "swapper"),
                Arguments.of("unknown op", with(10, "cpu 1 alloc fork"), 10, "cpu 1", "unknown operation 'fork'"),
                Arguments.of("unknown fault site", with(8, "faults get_zeroed_page kmalloc"), 8, "faults",
                        "unknown fault site 'kmalloc'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void everyErrorNamesSourceLineAndField(String what, String text, int line, String field, String detail) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(SOURCE, text), what);
        String prefix = line > 0 ? SOURCE + ":" + line + ": " + field + ": " : SOURCE + ": " + field + ": ";
        assertTrue(e.getMessage().startsWith(prefix), "expected '" + prefix + "...', got: " + e.getMessage());
        assertTrue(e.getMessage().contains(detail), "expected '" + detail + "' in: " + e.getMessage());
    }

    @Test
    void noCpuAtAll() {
        String text = "pid_max 16\nbits_per_page 8\nreserved_pids 2\n";
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(SOURCE, text));
        assertTrue(e.getMessage().startsWith(SOURCE + ": cpu: "), e.getMessage());
    }

    @Test
    void unknownPropertyIsRejectedByTheSpecNamingItsLine() {
        Scenario sc = ScenarioParser.parse(SOURCE, with(11, "properties pid-unique pid-uniqe"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> new PidSpec(sc));
        assertTrue(e.getMessage().startsWith(SOURCE + ":11: properties: "), e.getMessage());
        assertTrue(e.getMessage().contains("'pid-uniqe'"), e.getMessage());
        assertTrue(e.getMessage().contains("pid-unique"), "lists the known properties: " + e.getMessage());
    }

    @Test
    void everyBuiltInPidmapScenarioParsesAndBuildsASpec() {
        List<String> names = Scenarios.builtinsOf(PidModel.NAME);
        assertFalse(names.isEmpty());
        assertTrue(names.contains(Scenarios.DEFAULT), "the default scenario is built in");
        for (String name : names) {
            Scenario sc = Scenarios.builtin(name);
            assertEquals("builtin:" + name, sc.source());
            assertEquals(name, sc.name(), "the name line of " + name);
            assertFalse(sc.cpus().isEmpty());
            PidSpec spec = new PidSpec(sc);
            assertNotNull(spec.layout());
            assertEquals(sc, ScenarioParser.parse(sc.source(), sc.text()), "re-parsing the text of " + name);
            assertEquals(new ScenarioText(sc.source(), sc.text()), Scenarios.text(name), "the text by name");
        }
    }

    @Test
    void unknownBuiltInAndMissingFile() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenarios.builtin("no-such"));
        assertTrue(e.getMessage().startsWith("builtin:no-such: "), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> Scenarios.text("no-such"));
        assertTrue(e.getMessage().startsWith("builtin:no-such: no such built-in scenario (known: "), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> Scenarios.text("/nonexistent/dir/x.scenario"));
        assertTrue(e.getMessage().startsWith("/nonexistent/dir/x.scenario: "), e.getMessage());
    }

    @Test
    void aModelPidmapLineIsAccepted() {
        Scenario sc = ScenarioParser.parse(SOURCE, with(1, "model pidmap"));
        assertEquals(16, sc.pidMax());
        assertEquals("[[alloc, free r1, alloc], [alloc, free 3]]", sc.cpus().toString());
    }

    @Test
    void anotherModelIsRejectedNamingTheLine() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(SOURCE, with(1, "model fork")));
        assertTrue(e.getMessage().startsWith(SOURCE + ":1: model: "), e.getMessage());
        assertTrue(e.getMessage().contains("'fork'"), e.getMessage());
    }
}
