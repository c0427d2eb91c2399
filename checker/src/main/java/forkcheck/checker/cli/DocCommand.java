package forkcheck.checker.cli;

import forkcheck.checker.report.SpecReport;
import forkcheck.spec.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doc", mixinStandardHelpOptions = true,
        description = "Write a Markdown report of the spec for reviewers: labels, kernel lines, reads, writes, coverage.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck doc --out review     # writes review/pid-allocator.md"})
final class DocCommand implements Callable<Integer> {
    static final String FILE = "pid-allocator.md";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "doc",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: the cores).")
    Integer workers;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        String md = SpecReport.markdown(workers == null ? Runtime.getRuntime().availableProcessors() : workers);
        Path file = out.resolve(FILE);
        try {
            Files.createDirectories(out);
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write " + file + ": " + e.getMessage());
        }
        cmd.commandLine().getOut().println("Spec report written to " + file);
        return Main.OK;
    }
}
