package forkcheck.checker.toy;

import forkcheck.spec.scenario.ScenarioException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The toy's scenario: {@code model toy}, then {@code name}, {@code cpus} (1..4), {@code incs}
 * (increments per CPU, 1..3) and {@code locked} ({@code yes} or {@code no}), one per line;
 * {@code #} starts a comment. Its own format, to show that the checker never parses a scenario.
 */
record ToyScenario(String name, int cpus, int incs, boolean locked) {

    static ToyScenario parse(String source, String text) {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            if (!List.of("model", "name", "cpus", "incs", "locked").contains(kv[0]) || kv.length != 2) {
                throw new ScenarioException(source, n, kv[0], "expected model, name, cpus, incs or locked, with a value");
            }
            values.put(kv[0], kv[1]);
            lineOf.put(kv[0], n);
        }
        if (!"toy".equals(values.get("model"))) {
            throw new ScenarioException(source, lineOf.getOrDefault("model", 0), "model", "the toy reads 'model toy' only");
        }
        return new ToyScenario(values.getOrDefault("name", source), number(source, values, lineOf, "cpus", 4),
                number(source, values, lineOf, "incs", 3), "yes".equals(values.get("locked")));
    }

    private static int number(String source, Map<String, String> values, Map<String, Integer> lineOf, String key, int max) {
        String v = values.getOrDefault(key, "1");
        if (!v.matches("[1-9]") || Integer.parseInt(v) > max) {
            throw new ScenarioException(source, lineOf.getOrDefault(key, 0), key, "expected 1.." + max + ", got '" + v + "'");
        }
        return Integer.parseInt(v);
    }
}
