package forkcheck.checker.report;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.spec.Property;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The spec for a reviewer: each kernel function's labels beside the kernel line and code, what
 * each step reads, writes and holds, which properties it can affect, and how often the
 * scenarios executed it and each of its branches. Built once ({@link #build}), written as
 * Markdown and as HTML.
 *
 * <p>Reads are stated (by the spec's labels: a read changes nothing, so a run cannot observe
 * it); writes, locks and branches are observed over every transition of the scenarios; a step
 * can affect a property when it writes a variable the property reads (the properties' read sets
 * are stated in the spec and tested there).
 */
public final class SpecReport {
    /** Every built-in scenario small enough to observe in about a second, and each mutant on its own. */
    static final List<String> SCENARIOS = List.of("pidrace", "pidrace-2x2", "wrap", "page-fault", "free-race",
            "last-pid-free");

    /** Read only by the properties: the report says so, lest a reviewer take them for kernel state. */
    private static final Set<String> GHOSTS = Set.of("cpu.free", "cpu.wrapped", "cpu.raced", "cpu.page_fault");

    public record LabelRow(PidLabel label, List<String> sharedWrites, List<String> ownWrites, List<String> locks,
            List<String> affects, long defaultSteps, long allSteps) {}

    public record BranchRow(String from, String to, long defaultSteps, long allSteps) {}

    public record Report(List<LabelRow> labels, List<BranchRow> branches, List<String> scenarios) {
        public LabelRow row(String label) {
            return labels.stream().filter(r -> r.label().name().equals(label)).findFirst().orElseThrow();
        }
    }

    private SpecReport() {}

    public static Report build(int workers) {
        Options opt = Options.defaults().withWorkers(workers).withKeepGoing(true);
        Observations byDefault = observe(new PidSpec(Scenarios.builtin(Scenarios.DEFAULT)), opt);
        List<Observations> real = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : SCENARIOS) {
            real.add(observe(new PidSpec(Scenarios.builtin(name)), opt));
            names.add(name);
        }
        // A mutant's run shows its own labels; it would misreport the real ones (drop-spin-unlock
        // holds pidmap_lock through every later step).
        List<Observations> mutants = new ArrayList<>();
        for (Mutant m : Mutant.seeded()) {
            mutants.add(observe(new PidSpec(Scenarios.builtin(m.scenario()), m), opt));
            names.add(m.scenario() + " --mutant " + m.id());
        }
        List<Property> properties = new PidSpec(Scenarios.builtin(Scenarios.DEFAULT)).properties();
        List<LabelRow> rows = new ArrayList<>();
        for (PidLabel l : PidLabel.values()) {
            if (l.function().isEmpty()) {
                continue;
            }
            List<Observations> all = l.line().equals("mutant") ? mutants : real;
            Set<String> w = union(all, o -> o.writes.get(l.name()));
            rows.add(new LabelRow(l, w.stream().filter(v -> !v.startsWith("cpu.")).toList(),
                    w.stream().filter(v -> v.startsWith("cpu.")).toList(), List.copyOf(union(all, o -> o.locks.get(l.name()))),
                    affects(w, properties), count(byDefault.steps, l.name()), total(all, o -> o.steps, l.name())));
        }
        Map<String, long[]> edges = new TreeMap<>();
        for (Observations o : real) {
            o.branches.forEach((e, n) -> edges.computeIfAbsent(e, k -> new long[2])[1] += n.sum());
        }
        byDefault.branches.forEach((e, n) -> edges.computeIfAbsent(e, k -> new long[2])[0] += n.sum());
        List<BranchRow> branches = new ArrayList<>();
        edges.forEach((e, n) -> {
            String[] ft = e.split(" -> ");
            branches.add(new BranchRow(ft[0], ft[1], n[0], n[1]));
        });
        return new Report(List.copyOf(rows), List.copyOf(branches), List.copyOf(names));
    }

    private static Observations observe(PidSpec spec, Options opt) {
        Observations o = new Observations(spec);
        Explorer.explore(o, opt);
        return o;
    }

    private static Set<String> union(List<Observations> all, java.util.function.Function<Observations, Set<String>> f) {
        Set<String> out = new TreeSet<>();
        for (Observations o : all) {
            Set<String> s = f.apply(o);
            if (s != null) {
                out.addAll(s);
            }
        }
        return out;
    }

    private static long count(Map<String, LongAdder> m, String key) {
        LongAdder a = m.get(key);
        return a == null ? 0 : a.sum();
    }

    private static long total(List<Observations> all, java.util.function.Function<Observations, Map<String, LongAdder>> f,
            String key) {
        long n = 0;
        for (Observations o : all) {
            n += count(f.apply(o), key);
        }
        return n;
    }

    /** The properties that read a variable the label writes. */
    private static List<String> affects(Set<String> writes, List<Property> properties) {
        List<String> out = new ArrayList<>();
        for (Property p : properties) {
            if (p.reads().stream().anyMatch(writes::contains)) {
                out.add(p.name());
            }
        }
        return out;
    }

    static String ghost(String v) {
        return GHOSTS.contains(v) ? v + " (ghost)" : v;
    }

    static String steps(long n) {
        return n == 0 ? "NOT COVERED" : String.format("%,d", n);
    }

    static String list(List<String> xs) {
        return xs.isEmpty() ? "—" : String.join(", ", xs);
    }

    /** The column headings, shared by both renderings. */
    static final List<String> LABEL_COLUMNS = List.of("label", "line", "code", "reads (shared)", "writes: shared",
            "writes: the CPU's own", "locks held", "can affect", "transitions: " + Scenarios.DEFAULT,
            "transitions: all scenarios");

    /** One label row's cells, in {@link #LABEL_COLUMNS} order, as plain text. */
    static List<String> cells(LabelRow r) {
        return List.of(r.label().name(), r.label().line(), r.label().code(),
                r.label().reads().isEmpty() ? "—" : r.label().reads(), list(r.sharedWrites()),
                list(r.ownWrites().stream().map(SpecReport::ghost).toList()), list(r.locks()), list(r.affects()),
                steps(r.defaultSteps()), steps(r.allSteps()));
    }

    static final List<String> FUNCTIONS = List.of("alloc_pidmap", "free_pidmap");

    /** The rows of one function's table; the mutants' own labels get a table of their own. */
    static List<LabelRow> rows(Report r, String function, boolean mutantLabels) {
        return r.labels().stream().filter(l -> l.label().function().equals(function)
                && l.label().line().equals("mutant") == mutantLabels).toList();
    }

    static String intro(Report r) {
        return "Generated by forkcheck doc from spec " + PidSpec.VERSION + ". One row per label: one step of a CPU, "
                + "one access to shared data. Kernel lines are kernel/pid.c of Linux 2.6.11. Reads are stated from "
                + "the kernel code; writes, locks held and branches are observed over every transition of the "
                + "scenarios " + String.join(", ", r.scenarios()) + " (a mutant's run for its own labels only). A step can affect a property when it writes a "
                + "variable the property reads. 'cpu.' stands for the CPU taking the step, '[]' for any pidmap page; "
                + "ghost variables are read only by the properties. NOT COVERED: no transition of those scenarios "
                + "executed it.";
    }
}
