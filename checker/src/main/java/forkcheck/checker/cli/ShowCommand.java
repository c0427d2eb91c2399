package forkcheck.checker.cli;

import forkcheck.checker.trace.ItfWriter;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TraceStates;
import forkcheck.checker.view.TraceHtml;
import forkcheck.spec.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Write a trace as a page to look at, or in the Informal Trace Format.",
            "The trace is replayed first: one that no longer matches the spec is refused, and nothing is written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:written",
            " 1:the trace diverges from the spec (the first diverging step is named); nothing written",
            " 2:the file is unreadable or malformed, or from another spec version; or bad options"},
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck show counterexamples/free-race--alloc-fails-only-when-full.json --html free-race.html",
            "  forkcheck show counterexamples/free-race--alloc-fails-only-when-full.json --itf free-race.itf.json"})
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE.json", description = "A trace file written by 'forkcheck check'.")
    Path file;

    @Option(names = "--html", paramLabel = "OUT.html",
            description = "Write a self-contained HTML page: one lane per CPU, the whole state at each step.")
    Path html;

    @Option(names = "--itf", paramLabel = "OUT.itf.json",
            description = "Write the trace in the Informal Trace Format of Apalache and Quint.")
    Path itf;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        if (html == null && itf == null) {
            throw new ParameterException(cmd.commandLine(), "show: give --html OUT.html, --itf OUT.itf.json, or both");
        }
        PrintWriter o = cmd.commandLine().getOut();
        TraceStates ts;
        try {
            ts = TraceStates.replay(file.toString(), TraceJson.read(file));
        } catch (TraceStates.NotReplayable e) {
            cmd.commandLine().getErr().println("forkcheck: show: not written, the trace does not replay: " + e.getMessage());
            return Main.FAILED;
        }
        if (html != null) {
            write("--html", html, () -> TraceHtml.write(ts, html));
            o.println("wrote " + html);
        }
        if (itf != null) {
            write("--itf", itf, () -> ItfWriter.write(ts, itf));
            o.println("wrote " + itf);
        }
        return Main.OK;
    }

    private interface Writer {
        void write() throws IOException;
    }

    /** An output that cannot be written is the user's to fix (a directory, no permission): exit 2, naming it. */
    private static void write(String option, Path out, Writer w) {
        try {
            w.write();
        } catch (IOException e) {
            throw new BadInputException(option + " " + out + ": cannot write: " + e);
        }
    }
}
