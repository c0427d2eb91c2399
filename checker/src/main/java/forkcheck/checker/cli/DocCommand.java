package forkcheck.checker.cli;

import forkcheck.checker.AtomicFile;
import forkcheck.checker.report.SpecReport;
import forkcheck.checker.report.SpecReportHtml;
import forkcheck.checker.report.SpecReportMarkdown;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doc", mixinStandardHelpOptions = true,
        description = "Write a report of the specs for reviewers, in Markdown and HTML, a section per model: labels beside kernel lines, reads, writes, locks, the properties each step can affect, label and branch coverage.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck doc --out review     # writes review/spec-report.md and .html",
            "  forkcheck doc --model pidmap   # only the pid allocator"})
final class DocCommand implements Callable<Integer> {
    static final String FILE = "spec-report.md";
    static final String HTML = "spec-report.html";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "doc",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Document only this model (default: every model; 'forkcheck list' names them).")
    String model;

    @Mixin
    WorkersOption workers = new WorkersOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        List<Model> models = model == null ? Models.all() : List.of(Models.byName(model));
        SpecReport.Report report = SpecReport.build(models, workers.count());
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
