package forkcheck.checker.trace;

import forkcheck.checker.AtomicFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import forkcheck.spec.StepInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace file format (documented in the README). Fingerprints are written as 16 hex digits,
 * since JSON numbers lose precision past 2^53 in most readers.
 */
public final class TraceJson {
    /** The version of this file format, not of the spec. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TraceJson() {}

    public static String toJson(Trace t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("tool", "forkcheck");
        root.put("specVersion", t.specVersion());
        root.put("property", t.property());
        root.put("mutant", t.mutant());
        ObjectNode sc = root.putObject("scenario");
        sc.put("name", t.scenario());
        sc.put("source", t.scenarioSource());
        sc.put("text", t.scenarioText());
        root.put("initialFingerprint", hex(t.initialFingerprint()));
        ObjectNode init = root.putObject("initial");
        for (Change c : t.initial()) {
            init.put(c.var(), c.after());
        }
        ArrayNode steps = root.putArray("steps");
        for (TraceStep s : t.steps()) {
            ObjectNode n = steps.addObject();
            n.put("step", s.index());
            n.put("cpu", s.info().cpu());
            n.put("action", s.action());
            n.put("function", s.info().function());
            n.put("label", s.info().label());
            n.put("code", s.info().code());
            n.put("fault", s.info().fault());
            ObjectNode ch = n.putObject("changes");
            for (Change c : s.changes()) {
                ch.putArray(c.var()).add(c.before()).add(c.after());
            }
            n.put("fingerprint", hex(s.fingerprint()));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Trace t, Path file) throws IOException {
        AtomicFile.write(file, toJson(t));
    }

    public static Trace read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public static Trace parse(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(source + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TraceFormatException(source + ": not a forkcheck trace (expected a JSON object)");
        }
        int format = integer(source, root, "format");
        if (format != FORMAT) {
            throw new TraceFormatException(source + ": trace format " + format + ", this forkcheck reads format " + FORMAT);
        }
        JsonNode sc = object(source, root, "scenario");
        JsonNode init = object(source, root, "initial");
        List<Change> initial = new ArrayList<>();
        init.properties().forEach(e -> initial.add(new Change(e.getKey(), "", e.getValue().asText())));
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isArray()) {
            throw new TraceFormatException(source + ": missing array 'steps'");
        }
        List<TraceStep> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            String where = source + ": step " + (i + 1);
            JsonNode n = stepsNode.get(i);
            if (!n.isObject()) {
                throw new TraceFormatException(where + ": expected an object");
            }
            List<Change> changes = new ArrayList<>();
            JsonNode ch = n.get("changes");
            if (ch != null && ch.isObject()) {
                ch.properties().forEach(e -> changes.add(new Change(e.getKey(), e.getValue().path(0).asText(),
                        e.getValue().path(1).asText())));
            }
            StepInfo info = new StepInfo(integer(where, n, "cpu"), text(where, n, "function"), text(where, n, "label"),
                    n.path("code").asText(""), n.path("fault").asBoolean(false));
            steps.add(new TraceStep(i + 1, integer(where, n, "action"), info, List.copyOf(changes),
                    fingerprint(where, n)));
        }
        return new Trace(text(source, root, "specVersion"), text(source, sc, "name"), text(source, sc, "source"),
                text(source, sc, "text"), text(source, root, "mutant"), text(source, root, "property"),
                List.copyOf(initial), parseHex(source, text(source, root, "initialFingerprint")), List.copyOf(steps));
    }

    static String hex(long fp) {
        return String.format("%016x", fp);
    }

    private static long fingerprint(String where, JsonNode n) {
        return parseHex(where, text(where, n, "fingerprint"));
    }

    private static long parseHex(String where, String h) {
        try {
            return Long.parseUnsignedLong(h, 16);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(where + ": fingerprint '" + h + "' is not 16 hex digits");
        }
    }

    private static JsonNode object(String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new TraceFormatException(where + ": missing object '" + field + "'");
        }
        return v;
    }

    private static String text(String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TraceFormatException(where + ": missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static int integer(String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isInt()) {
            throw new TraceFormatException(where + ": missing integer field '" + field + "'");
        }
        return v.asInt();
    }
}
