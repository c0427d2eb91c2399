package forkcheck.spec.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Finds a scenario by path or by built-in name. */
public final class Scenarios {
    /** What {@code forkcheck check} runs when given no scenario. */
    public static final String DEFAULT = "pidrace";

    private static final String DIR = "/forkcheck/scenarios/";

    private Scenarios() {}

    /** The built-in scenarios' names, in the order the catalogue lists them. */
    public static List<String> builtins() {
        return Arrays.stream(resource("index").split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public static Scenario builtin(String name) {
        if (!builtins().contains(name)) {
            throw new ScenarioException("builtin:" + name, 0, "", "no such built-in scenario (known: "
                    + String.join(", ", builtins()) + ")");
        }
        return ScenarioParser.parse("builtin:" + name, resource(name + ".scenario"));
    }

    /** A file if {@code nameOrPath} names one, otherwise a built-in scenario. */
    public static Scenario load(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            try {
                return ScenarioParser.parse(nameOrPath, Files.readString(path));
            } catch (IOException e) {
                throw new ScenarioException(nameOrPath, 0, "", "cannot read: " + e.getMessage());
            }
        }
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".scenario")) {
            throw new ScenarioException(nameOrPath, 0, "", "no such file");
        }
        return builtin(nameOrPath);
    }

    private static String resource(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
