package forkcheck.checker.cli;

import forkcheck.checker.engine.Explorer;
import forkcheck.spec.Model;
import forkcheck.spec.ModelLine;
import forkcheck.spec.Models;
import forkcheck.spec.Mutation;
import forkcheck.spec.Property;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios by model, every model's seeded mutants, and each model's properties.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck list",
            "  forkcheck check wrap --mutant no-rescan     # a mutant on the scenario it is meant to fail"})
final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        PrintWriter o = cmd.commandLine().getOut();
        scenarios(o);
        mutants(o);
        for (Model m : Models.all()) {
            properties(o, m);
        }
        return Main.OK;
    }

    /** Grouped by the model their {@code model} line names, each group in the catalogue's order. */
    private static void scenarios(PrintWriter o) {
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (String name : Scenarios.builtins()) {
            ScenarioText st = Scenarios.text(name);
            byModel.computeIfAbsent(ModelLine.of(st.source(), st.text()).name(), k -> new ArrayList<>()).add(name);
        }
        boolean first = true;
        for (Map.Entry<String, List<String>> e : byModel.entrySet()) {
            if (!first) {
                o.println();
            }
            first = false;
            o.println("Built-in scenarios of model " + e.getKey() + " (forkcheck check NAME):");
            for (String name : e.getValue()) {
                o.printf("  %-20s %s%n", name, summary(Scenarios.text(name).text()));
            }
        }
    }

    /** The scenario file's first comment line: what it is for, in its author's words. */
    static String summary(String text) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                return l.substring(1).strip();
            }
        }
        return "";
    }

    private static void mutants(PrintWriter o) {
        o.println();
        o.println("Mutants (forkcheck check SCENARIO --mutant ID): each must break PROPERTY on SCENARIO");
        o.printf("  %-26s %-28s %-12s %s%n", "ID", "PROPERTY", "SCENARIO", "FAULT");
        for (Model model : Models.all()) {
            for (Mutation m : model.mutants()) {
                o.printf("  %-26s %-28s %-12s %s%n", m.id(), m.breaks(), m.scenario(), m.description());
            }
        }
    }

    /** A model's properties as its default scenario (its first built-in one) checks them. */
    private static void properties(PrintWriter o, Model model) {
        List<String> own = Scenarios.builtinsOf(model.name());
        if (own.isEmpty()) {
            return;
        }
        List<Property> all = new ArrayList<>();
        all.add(Explorer.DEADLOCK_FREE);
        all.addAll(Models.load(own.get(0), "none").properties());
        o.println();
        o.println("Properties of the default scenario, " + own.get(0) + ", of model " + model.name()
                + " (a scenario's 'properties' line picks among them):");
        for (Property p : all) {
            o.printf("  %-9s %-28s %s%n", p.kind() == Property.Kind.ALWAYS ? "always" : "sometimes", p.name(),
                    p.description());
        }
    }
}
