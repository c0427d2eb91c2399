package forkcheck.checker.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import forkcheck.model.Layout;
import forkcheck.model.Var;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ITF export read back with Jackson: its structure is what Apalache and Quint expect, and its
 * values are the trace's, checked against the trace file's own record (initial state plus each
 * step's changes), not only against the re-execution that produced them.
 */
class ItfWriterTest {
    private static final Path DIR = Path.of("..", "counterexamples");

    static Stream<Path> committedTraces() {
        return Stream.of("free-race--alloc-fails-only-when-full.json", "last-pid-free--alloc-fails-only-when-full.json")
                .map(DIR::resolve);
    }

    @ParameterizedTest
    @MethodSource("committedTraces")
    void roundTripsEveryStateOfTheTrace(Path file) throws IOException {
        Trace t = TraceJson.read(file);
        TraceStates ts = TraceStates.replay(file.toString(), t);
        JsonNode root = new ObjectMapper().readTree(ItfWriter.toJson(ts));

        assertEquals("ITF", root.get("#meta").get("format").asText());
        assertEquals(t.property(), root.get("#meta").get("property").asText());
        List<String> vars = new ArrayList<>();
        root.get("vars").forEach(v -> vars.add(v.asText()));
        List<Var> layout = ts.spec().layout().vars();
        assertEquals(layout.stream().map(v -> ItfWriter.itfName(v.name())).toList(), vars);

        JsonNode states = root.get("states");
        assertEquals(t.steps().size() + 1, states.size(), "states = steps + 1");
        Map<String, String> recorded = new LinkedHashMap<>();
        t.initial().forEach(c -> recorded.put(c.var(), c.after()));
        for (int k = 0; k < states.size(); k++) {
            if (k > 0) {
                t.steps().get(k - 1).changes().forEach(c -> recorded.put(c.var(), c.after()));
            }
            JsonNode st = states.get(k);
            assertEquals(k, st.get("#meta").get("index").asInt());
            assertEquals(vars.size() + 1, st.size(), "state " + k + ": every var and #meta, nothing else");
            for (Var v : layout) {
                JsonNode value = st.get(ItfWriter.itfName(v.name()));
                assertTrue(value != null, "state " + k + " lacks " + v.name());
                assertEquals(recorded.get(v.name()), shown(value), "state " + k + ", " + v.name());
                assertEquals(v.show(ts.states().get(k)), shown(value), "state " + k + ", " + v.name());
            }
        }
    }

    @Test
    void namesBecomeIdentifiers() {
        assertEquals("cpu0_pc", ItfWriter.itfName("cpu0.pc"));
        assertEquals("pidmap_array_1_bits", ItfWriter.itfName("pidmap_array[1].bits"));
        assertEquals("pidmap_lock_owner", ItfWriter.itfName("pidmap_lock.owner"));
        assertEquals("last_pid", ItfWriter.itfName("last_pid"));
    }

    @Test
    void collidingNamesAreRefused() {
        Layout.Builder b = Layout.builder();
        b.flag("a.b");
        b.flag("a[b]");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ItfWriter.names(b.build().vars()));
        assertTrue(e.getMessage().contains("a.b and a[b] both map to ITF name a_b"), e.getMessage());
    }

    @Test
    void itfFileGoesBesideTheJsonTrace() {
        assertEquals(Path.of("out", "x--p.itf.json"), ItfWriter.besideJson(Path.of("out", "x--p.json")));
    }

    /** An ITF value as our traces show it: {@code 5}, {@code RET}, {@code {0,1,5}}. */
    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.has("#bigint")) {
            assertEquals(1, v.size());
            return v.get("#bigint").asText();
        }
        assertTrue(v.has("#set") && v.get("#set").isArray(), "not an ITF value: " + v);
        List<String> elems = new ArrayList<>();
        v.get("#set").forEach(e -> elems.add(shown(e)));
        return "{" + String.join(",", elems) + "}";
    }
}
