package forkcheck.checker.report;

import java.util.List;

/** {@link SpecReport} as one self-contained HTML page: no scripts, no network, opens anywhere. */
public final class SpecReportHtml {
    private SpecReportHtml() {}

    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;"
            + "vertical-align:top;text-align:left}th{background:#f3f3f3}code{font:13px monospace}"
            + ".nc{background:#fde2e2;font-weight:bold}.num{text-align:right;white-space:nowrap}";

    public static String render(SpecReport.Report r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>").append(esc(SpecReport.TITLE)).append("</title><style>").append(STYLE)
                .append("</style></head><body><h1>").append(esc(SpecReport.TITLE)).append("</h1>");
        for (SpecReport.Section s : r.sections()) {
            section(h, s);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void section(StringBuilder h, SpecReport.Section s) {
        h.append("<h2>").append(esc(SpecReport.heading(s))).append("</h2><p>").append(esc(SpecReport.intro(s)))
                .append("</p>");
        for (String function : s.functions()) {
            h.append("<h3><code>").append(esc(function)).append("</code></h3>");
            table(h, s.labelColumns(), s.rows(function));
        }
        if (!s.mutantRows().isEmpty()) {
            h.append("<h3>Labels of the seeded mutants</h3>");
            table(h, s.labelColumns(), s.mutantRows());
        }
        h.append("<h3>Branches</h3><table><tr><th>from</th><th>to</th><th>transitions: ")
                .append(esc(s.shownDefault())).append("</th><th>transitions: all scenarios</th></tr>");
        for (SpecReport.BranchRow b : s.branches()) {
            h.append("<tr><td><code>").append(esc(b.from())).append("</code></td><td><code>").append(esc(b.to()))
                    .append("</code></td>").append(num(SpecReport.steps(b.defaultSteps())))
                    .append(num(SpecReport.steps(b.allSteps()))).append("</tr>");
        }
        h.append("</table>");
    }

    private static void table(StringBuilder h, List<String> columns, List<SpecReport.LabelRow> rows) {
        h.append("<table><tr>");
        for (String c : columns) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        for (SpecReport.LabelRow row : rows) {
            List<String> c = SpecReport.cells(row);
            h.append("<tr><td><code>").append(esc(c.get(0))).append("</code></td><td>").append(esc(c.get(1)))
                    .append("</td><td><code>").append(esc(c.get(2))).append("</code></td>");
            for (String x : c.subList(3, c.size() - 2)) {
                h.append("<td>").append(esc(x)).append("</td>");
            }
            h.append(num(c.get(c.size() - 2))).append(num(c.get(c.size() - 1))).append("</tr>");
        }
        h.append("</table>");
    }

    private static String num(String text) {
        return "<td class=\"" + (text.equals("NOT COVERED") ? "nc" : "num") + "\">" + esc(text) + "</td>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
