package forkcheck.checker.cli;

import forkcheck.checker.AtomicFile;
import forkcheck.checker.report.SpecReport;
import forkcheck.checker.report.SpecReportHtml;
import forkcheck.checker.report.SpecReportMarkdown;
import forkcheck.spec.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doc", mixinStandardHelpOptions = true,
        description = "Write a report of the spec for reviewers, in Markdown and HTML: labels beside kernel lines, reads, writes, locks, the properties each step can affect, label and branch coverage.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck doc --out review     # writes review/pid-allocator.md and .html"})
final class DocCommand implements Callable<Integer> {
    static final String FILE = "pid-allocator.md";
    static final String HTML = "pid-allocator.html";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "doc",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    WorkersOption workers = new WorkersOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        SpecReport.Report report = SpecReport.build(workers.count());
        Path md = write(FILE, SpecReportMarkdown.render(report));
        Path html = write(HTML, SpecReportHtml.render(report));
        cmd.commandLine().getOut().println("Spec report written to " + md + " and " + html);
        return Main.OK;
    }

    private Path write(String name, String text) {
        Path file = out.resolve(name);
        try {
            AtomicFile.write(file, text);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }
}
