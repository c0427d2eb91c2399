package forkcheck.checker.report;

import java.util.List;

/** {@link SpecReport} as Markdown, for reading in a repository or a review tool. */
public final class SpecReportMarkdown {
    private SpecReportMarkdown() {}

    public static String render(SpecReport.Report r) {
        StringBuilder md = new StringBuilder("# ").append(SpecReport.TITLE).append("\n\n");
        for (SpecReport.Section s : r.sections()) {
            section(md, s);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, SpecReport.Section s) {
        md.append("## ").append(SpecReport.heading(s)).append("\n\n").append(SpecReport.intro(s)).append("\n\n");
        for (String function : s.functions()) {
            md.append("### `").append(function).append("`\n\n");
            table(md, s.labelColumns(), s.rows(function));
        }
        if (!s.mutantRows().isEmpty()) {
            md.append("### Labels of the seeded mutants\n\nSteps that exist only in a mutant's spec (`forkcheck mutants`).\n\n");
            table(md, s.labelColumns(), s.mutantRows());
        }
        md.append("### Branches\n\nEach branch a label took: the label the CPU went on to. NOT COVERED: the default "
                + "scenario `").append(s.shownDefault()).append("` never took it.\n\n")
                .append("| from | to | transitions: ").append(s.shownDefault()).append(" | transitions: all scenarios |\n")
                .append("|---|---|---|---|\n");
        for (SpecReport.BranchRow b : s.branches()) {
            md.append("| `").append(b.from()).append("` | `").append(b.to()).append("` | ")
                    .append(SpecReport.steps(b.defaultSteps())).append(" | ").append(SpecReport.steps(b.allSteps()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void table(StringBuilder md, List<String> columns, List<SpecReport.LabelRow> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n")
                .append("|---".repeat(columns.size())).append("|\n");
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
