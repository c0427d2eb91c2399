package forkcheck.checker.coverage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Result;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Label;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which labels a run executed, and how often: every label of every function, so that a label
 * no interleaving reached shows up as NOT COVERED, as in TLC's coverage report.
 *
 * @param complete whether the run explored every reachable state; the counts are then the
 *     transitions of the whole state graph through each label, the same for any number of workers
 */
public record Coverage(String scenario, String mutant, boolean complete, long transitions, List<Row> rows) {

    /** {@code steps}: transitions that executed the label; {@code faults}: those that took an injected fault. */
    public record Row(String function, String label, String line, long steps, long faults) {
        public boolean covered() {
            return steps > 0;
        }
    }

    /** Rows in the order of the model's labels (for pidmap: alloc_pidmap, free_pidmap, then the mutants' own). */
    public static Coverage of(CoverageSpec counted, String scenario, String mutant, Result r) {
        List<Row> rows = new ArrayList<>();
        for (Label l : counted.model().labels()) {
            CoverageSpec.Count c = counted.counts().get(new CoverageSpec.Site(l.function(), l.name()));
            rows.add(new Row(l.function(), l.name(), l.line(), c == null ? 0 : c.steps().sum(),
                    c == null ? 0 : c.faults().sum()));
        }
        return new Coverage(scenario, mutant, r.complete(), r.stats().transitions(), List.copyOf(rows));
    }

    /** What {@code check --coverage} adds to its report: the table, and the JSON file if asked for. */
    public static Coverage report(CoverageSpec counted, SpecLoader loaded, Result r, PrintWriter o, Path json) {
        Coverage c = of(counted, loaded.provenance().scenario(), loaded.provenance().mutant(), r);
        o.println();
        c.print(o);
        if (json != null) {
            c.writeJson(json);
            o.println("Coverage written to " + json);
        }
        return c;
    }

    public Row row(String label) {
        return rows.stream().filter(x -> x.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label " + label));
    }

    public long covered() {
        return rows.stream().filter(Row::covered).count();
    }

    public void print(PrintWriter o) {
        o.printf("Coverage: transitions through each label%s%n", complete ? "" : " (incomplete run: partial counts)");
        o.printf("  %-14s %-18s %-11s %14s%n", "FUNCTION", "LABEL", "LINE", "TRANSITIONS");
        for (Row x : rows) {
            String count = x.covered() ? String.format("%,d", x.steps()) : "NOT COVERED";
            String faults = x.faults() > 0 ? String.format("  (%,d with the allocation failing)", x.faults()) : "";
            o.printf("  %-14s %-18s %-11s %14s%s%n", x.function(), x.label(), x.line(), count, faults);
        }
        o.printf("  %d of %d labels covered%n", covered(), rows.size());
        o.flush();
    }

    public void writeJson(Path file) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario);
        doc.put("mutant", mutant);
        doc.put("complete", complete);
        doc.put("transitions", transitions);
        List<Map<String, Object>> labels = new ArrayList<>();
        for (Row x : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", x.function());
            m.put("label", x.label());
            m.put("line", x.line());
            m.put("transitions", x.steps());
            m.put("faults", x.faults());
            m.put("covered", x.covered());
            labels.add(m);
        }
        doc.put("labels", labels);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new BadInputException("--coverage-out " + file + ": cannot write: " + e.getMessage());
        }
    }
}
