package forkcheck.checker.trace;

import forkcheck.checker.AtomicFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace in the Informal Trace Format (ITF) that Apalache and Quint read and write, so that
 * their trace tools can show or compare our counterexamples.
 *
 * <p>Every state carries every variable. Integers are always {@code {"#bigint": "n"}}, which both
 * tools accept, so a reader need not know which variables could exceed 2^53; a labelled field (a
 * program counter) is its label as a string; a bitmap is the {@code #set} of its set bits. Names
 * become identifiers by {@link #itfName}: the README has the table.
 */
public final class ItfWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ItfWriter() {}

    /**
     * {@code cpu0.pc} -> {@code cpu0_pc}, {@code pidmap_array[1].bits} -> {@code pidmap_array_1_bits}:
     * dots and brackets are not identifier characters in TLA+ or Quint.
     */
    public static String itfName(String var) {
        String n = var.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("_+$", "");
        return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "v_" + n : n;
    }

    /** ITF variable name -> our variable, in layout order; refuses a layout whose names collide. */
    public static Map<String, Var> names(List<Var> vars) {
        Map<String, Var> out = new LinkedHashMap<>();
        Map<String, String> from = new HashMap<>();
        for (Var v : vars) {
            String n = itfName(v.name());
            String other = from.putIfAbsent(n, v.name());
            if (other != null) {
                throw new IllegalStateException("variables " + other + " and " + v.name() + " both map to ITF name " + n);
            }
            out.put(n, v);
        }
        return out;
    }

    public static ObjectNode toItf(TraceStates ts) {
        Trace t = ts.trace();
        Map<String, Var> names = names(ts.spec().layout().vars());
        ObjectNode root = JSON.createObjectNode();
        root.set("#meta", meta(t));
        ArrayNode vars = root.putArray("vars");
        names.keySet().forEach(vars::add);
        ArrayNode states = root.putArray("states");
        for (int k = 0; k < ts.states().size(); k++) {
            ObjectNode st = states.addObject();
            st.set("#meta", stateMeta(t, k));
            long[] s = ts.states().get(k);
            names.forEach((n, v) -> st.set(n, value(v, s)));
        }
        return root;
    }

    public static String toJson(TraceStates ts) {
        try {
            return JSON.writeValueAsString(toItf(ts)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(TraceStates ts, Path file) throws IOException {
        AtomicFile.write(file, toJson(ts));
    }

    /** {@code x.json} -> {@code x.itf.json}, next to it. */
    public static Path besideJson(Path json) {
        String f = json.getFileName().toString();
        String base = f.endsWith(".json") ? f.substring(0, f.length() - ".json".length()) : f;
        return json.resolveSibling(base + ".itf.json");
    }

    private static ObjectNode meta(Trace t) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "ITF");
        m.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        m.put("generator", "forkcheck");
        m.put("specVersion", t.specVersion());
        m.put("scenario", t.scenario());
        m.put("source", t.scenarioSource());
        m.put("mutant", t.mutant());
        m.put("property", t.property());
        m.put("description", "counterexample to " + t.property() + " in scenario " + t.scenario());
        return m;
    }

    /** Beyond ITF's {@code index}: the step that led to the state, for a reader who wants to know. */
    private static ObjectNode stateMeta(Trace t, int k) {
        ObjectNode m = JSON.createObjectNode();
        m.put("index", k);
        if (k > 0) {
            TraceStep st = t.steps().get(k - 1);
            m.put("cpu", st.info().cpu());
            m.put("function", st.info().function());
            m.put("label", st.info().label());
            m.put("code", st.info().code());
            m.put("fault", st.info().fault());
        }
        return m;
    }

    static com.fasterxml.jackson.databind.JsonNode value(Var v, long[] s) {
        if (v instanceof Bitmap b) {
            ObjectNode set = JSON.createObjectNode();
            ArrayNode elems = set.putArray("#set");
            for (int bit = 0; bit < b.size(); bit++) {
                if (b.test(s, bit)) {
                    elems.add(bigint(bit));
                }
            }
            return set;
        }
        if (v instanceof Field f) {
            String shown = f.show(s);
            return shown.equals(Integer.toString(f.get(s))) ? bigint(f.get(s)) : JSON.getNodeFactory().textNode(shown);
        }
        return JSON.getNodeFactory().textNode(v.show(s));
    }

    private static ObjectNode bigint(long n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("#bigint", Long.toString(n));
        return o;
    }
}
