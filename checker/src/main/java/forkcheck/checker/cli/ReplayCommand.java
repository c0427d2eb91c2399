package forkcheck.checker.cli;

import forkcheck.checker.trace.Replayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-execute a trace against the current spec, step by step.",
            "Confirms that each step of a trace written by 'forkcheck check' is still what the spec does, and that"
                + " its last state still violates the property it names."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:the trace replays and its last state violates its property",
            " 1:the trace diverges from the spec (the first diverging step is named)",
            " 2:the file is unreadable or malformed, or from another spec version"},
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck replay counterexamples/free-race--alloc-fails-only-when-full.json",
            "  for f in counterexamples/*.json; do forkcheck replay -q \"$f\"; done"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE.json", description = "A trace file written by 'forkcheck check'.")
    Path file;

    @Option(names = {"-q", "--quiet"}, description = "Print only the verdict, not the steps.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        Replayer.Outcome r = Replayer.replay(file);
        PrintWriter o = cmd.commandLine().getOut();
        if (!quiet) {
            CheckCommand.print(r.replayed(), o);
        }
        if (r.ok()) {
            o.println("replayed " + r.step() + " steps: ok, " + r.message());
            return Main.OK;
        }
        o.println("replay FAILED: " + r.message());
        return Main.FAILED;
    }
}
