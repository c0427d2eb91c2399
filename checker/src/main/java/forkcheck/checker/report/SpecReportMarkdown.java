package forkcheck.checker.report;

import forkcheck.spec.scenario.Scenarios;
import java.util.List;

/** {@link SpecReport} as Markdown, for reading in a repository or a review tool. */
public final class SpecReportMarkdown {
    private SpecReportMarkdown() {}

    public static String render(SpecReport.Report r) {
        StringBuilder md = new StringBuilder("# The pid allocator spec, for review\n\n").append(SpecReport.intro(r))
                .append("\n\n");
        for (String function : SpecReport.FUNCTIONS) {
            md.append("## `").append(function).append("`\n\n");
            table(md, SpecReport.rows(r, function, false));
        }
        md.append("## Labels of the seeded mutants\n\nSteps that exist only in a mutant's spec (`forkcheck mutants`).\n\n");
        table(md, SpecReport.rows(r, "alloc_pidmap", true));
        md.append("## Branches\n\nEach branch a label took: the label the CPU went on to. NOT COVERED: the default "
                + "scenario `").append(Scenarios.DEFAULT).append("` never took it.\n\n")
                .append("| from | to | transitions: ").append(Scenarios.DEFAULT).append(" | transitions: all scenarios |\n")
                .append("|---|---|---|---|\n");
        for (SpecReport.BranchRow b : r.branches()) {
            md.append("| `").append(b.from()).append("` | `").append(b.to()).append("` | ")
                    .append(SpecReport.steps(b.defaultSteps())).append(" | ").append(SpecReport.steps(b.allSteps()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static void table(StringBuilder md, List<SpecReport.LabelRow> rows) {
        md.append("| ").append(String.join(" | ", SpecReport.LABEL_COLUMNS)).append(" |\n")
                .append("|---".repeat(SpecReport.LABEL_COLUMNS.size())).append("|\n");
        for (SpecReport.LabelRow row : rows) {
            List<String> c = SpecReport.cells(row);
            md.append("| `").append(c.get(0)).append("` | ").append(c.get(1)).append(" | `").append(cell(c.get(2)))
                    .append("` |");
            for (String x : c.subList(3, c.size())) {
                md.append(' ').append(cell(x)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** A pipe would end the Markdown cell; a backquote would end the code span. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("`", "'");
    }
}
