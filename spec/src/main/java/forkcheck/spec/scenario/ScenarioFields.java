package forkcheck.spec.scenario;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-valued fields of a scenario file as a parser reads them: each key's words and the
 * line it was on, and the integer readings every model's parser needs, with errors that name the
 * source, the line and the field.
 */
public final class ScenarioFields {
    private final String source;
    private final Map<String, Integer> lineOf = new HashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    public ScenarioFields(String source) {
        this.source = source;
    }

    /** Records {@code key}'s words from line {@code n}; a key given twice is an error naming both lines. */
    public void put(int n, String key, List<String> words) {
        Integer first = lineOf.putIfAbsent(key, n);
        if (first != null) {
            throw error(n, key, "given twice (first on line " + first + ")");
        }
        values.put(key, words);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public List<String> words(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** The line {@code key} is on, 0 if it is absent (an error about it then names the file only). */
    public int line(String key) {
        return lineOf.getOrDefault(key, 0);
    }

    public int required(String key, int min, int max) {
        if (!has(key)) {
            throw error(0, key, "missing (required)");
        }
        return single(key, min, max);
    }

    public int optional(String key, int dflt, int min, int max) {
        return has(key) ? single(key, min, max) : dflt;
    }

    private int single(String key, int min, int max) {
        List<String> v = values.get(key);
        if (v.size() != 1) {
            throw error(line(key), key, "expected one integer, got "
                    + (v.isEmpty() ? "nothing" : "'" + String.join(" ", v) + "'"));
        }
        return bounded(line(key), key, v.get(0), min, max);
    }

    public int bounded(int n, String key, String text, int min, int max) {
        int v = integer(n, key, text);
        if (v < min || v > max) {
            throw error(n, key, v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    public int integer(int n, String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(n, key, "expected an integer, got '" + text + "'");
        }
    }

    /** The {@code name} field, or the file's name without its directory and extension. */
    public String name() {
        if (has("name")) {
            return String.join(" ", words("name"));
        }
        String base = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf(':')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    public ScenarioException error(int line, String field, String message) {
        return new ScenarioException(source, line, field, message);
    }
}
