package forkcheck.spec.scenario;

import forkcheck.spec.ModelLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds a scenario by path or by built-in name. Built-in names are global, whatever model a
 * scenario is of: every {@code index} of built-in scenarios on the class path counts, so a test
 * that plugs in a model of its own brings its scenarios in its resources.
 */
public final class Scenarios {
    /** What {@code forkcheck check} runs when given no scenario. */
    public static final String DEFAULT = "pidrace";

    private static final String DIR = "forkcheck/scenarios/";

    private Scenarios() {}

    /** The built-in scenarios' names, in the order the catalogue lists them. */
    public static List<String> builtins() {
        List<String> names = new ArrayList<>();
        for (URL index : indexes()) {
            for (String line : read(index).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (names.contains(line.strip())) {
                    throw new IllegalStateException("built-in scenario " + line.strip() + " is named twice (" + index
                            + "): built-in names are global, whatever the model");
                }
                names.add(line.strip());
            }
        }
        return List.copyOf(names);
    }

    /** The built-in scenarios whose {@code model} line names {@code model}, in the catalogue's order. */
    public static List<String> builtinsOf(String model) {
        return builtins().stream().filter(name -> {
            ScenarioText st = builtinText(name);
            return ModelLine.of(st.source(), st.text()).name().equals(model);
        }).toList();
    }

    /** A file if {@code nameOrPath} names one, otherwise a built-in scenario. */
    public static ScenarioText text(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            try {
                return new ScenarioText(nameOrPath, Files.readString(path));
            } catch (IOException e) {
                throw new ScenarioException(nameOrPath, 0, "", "cannot read: " + e.getMessage());
            }
        }
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".scenario")) {
            throw new ScenarioException(nameOrPath, 0, "", "no such file");
        }
        return builtinText(nameOrPath);
    }

    /** A built-in scenario of the pid allocator, parsed: for callers that know it is one (its tests). */
    public static Scenario builtin(String name) {
        ScenarioText st = builtinText(name);
        return ScenarioParser.parse(st.source(), st.text());
    }

    private static ScenarioText builtinText(String name) {
        List<String> known = builtins();
        if (!known.contains(name)) {
            throw new ScenarioException("builtin:" + name, 0, "", "no such built-in scenario (known: "
                    + String.join(", ", known) + ")");
        }
        URL url = Scenarios.class.getClassLoader().getResource(DIR + name + ".scenario");
        if (url == null) {
            throw new IllegalStateException("missing resource " + DIR + name + ".scenario");
        }
        return new ScenarioText("builtin:" + name, read(url));
    }

    private static List<URL> indexes() {
        try {
            return Collections.list(Scenarios.class.getClassLoader().getResources(DIR + "index"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
