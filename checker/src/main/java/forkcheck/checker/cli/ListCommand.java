package forkcheck.checker.cli;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.spec.Property;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios, the seeded mutants, and the default scenario's properties.",
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
        properties(o);
        return Main.OK;
    }

    private static void scenarios(PrintWriter o) {
        o.println("Built-in scenarios (forkcheck check NAME):");
        for (String name : Scenarios.builtins()) {
            o.printf("  %-20s %s%n", name, summary(Scenarios.builtin(name).text()));
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
        for (Mutant m : Mutant.seeded()) {
            o.printf("  %-26s %-28s %-12s %s%n", m.id(), m.breaks(), m.scenario(), m.description());
        }
    }

    private static void properties(PrintWriter o) {
        List<Property> all = new ArrayList<>();
        all.add(Explorer.DEADLOCK_FREE);
        all.addAll(SpecLoader.load(Scenarios.DEFAULT, Mutant.NONE.id()).spec().properties());
        o.println();
        o.println("Properties of the default scenario, " + Scenarios.DEFAULT + " (a scenario's 'properties' line picks"
                + " among them):");
        for (Property p : all) {
            o.printf("  %-9s %-28s %s%n", p.kind() == Property.Kind.ALWAYS ? "always" : "sometimes", p.name(),
                    p.description());
        }
    }
}
