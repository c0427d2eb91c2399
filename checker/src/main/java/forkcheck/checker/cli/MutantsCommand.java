package forkcheck.checker.cli;

import forkcheck.checker.MutationRun;
import forkcheck.checker.engine.Options;
import forkcheck.checker.report.JUnitXml;
import forkcheck.spec.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = "Run every seeded mutant and report whether the checker catches it (exit 1 if one escapes).",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck mutants                       # each mutant on the scenario the catalogue names",
            "  forkcheck mutants --scenario-set all    # each mutant on every built-in scenario"})
final class MutantsCommand implements Callable<Integer> {
    @Option(names = "--scenario-set", paramLabel = "SET", defaultValue = "small",
            description = "small: each mutant on its own scenario; all: on every built-in scenario (default: ${DEFAULT-VALUE}).")
    String scenarioSet;

    @Mixin
    WorkersOption workers = new WorkersOption();

    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Also write the results as a JUnit XML report, one testcase per mutant run.")
    Path junitXml;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
        List<MutationRun.Case> cases = switch (scenarioSet) {
            case "small" -> MutationRun.catalogue();
            case "all" -> MutationRun.everyScenario();
            default -> throw new BadInputException("--scenario-set: expected small or all, got '" + scenarioSet + "'");
        };
        Options opt = Options.defaults()
                .withWorkers(workers.count());
        PrintWriter o = cmd.commandLine().getOut();
        o.printf("forkcheck: %d mutant run%s (scenario set %s), %d worker%s%n", cases.size(),
                cases.size() == 1 ? "" : "s", scenarioSet, opt.workers(), opt.workers() == 1 ? "" : "s");
        o.flush();
        MutationRun run = MutationRun.run(cases, opt);
        run.print(o);
        if (junitXml != null) {
            JUnitXml.write(JUnitXml.ofMutants(run), junitXml);
            o.println("JUnit XML report written to " + junitXml);
        }
        return run.exitCode();
    }
}
