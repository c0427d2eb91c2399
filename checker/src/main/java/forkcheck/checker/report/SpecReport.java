package forkcheck.checker.report;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.spec.Label;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import forkcheck.spec.Mutation;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The specs for a reviewer, a section per model: each kernel function's labels beside the
 * kernel line and code, what each step reads, writes and holds, which properties it can affect,
 * and how often the scenarios executed it and each of its branches. Built once ({@link #build}),
 * written as Markdown and as HTML.
 *
 * <p>Reads are stated (by the spec's labels: a read changes nothing, so a run cannot observe
 * it); writes, locks and branches are observed over every transition of the model's small
 * built-in scenarios; a step can affect a property when it writes a variable the property reads
 * (the properties' read sets are stated in the spec and tested there).
 */
public final class SpecReport {
    /**
     * A built-in scenario is observed only if it has at most this many states: observing shows
     * every variable twice per step, and a large scenario adds counts, not labels.
     */
    static final long SMALL = 120_000;

    /** Read only by the properties: the report says so, lest a reviewer take them for kernel state. */
    private static final Set<String> GHOSTS = Set.of("cpu.free", "cpu.wrapped", "cpu.raced", "cpu.page_fault");

    /** Where a label's line says this, the label exists only in a mutant's spec. */
    static final String MUTANT_LINE = "mutant";

    public record LabelRow(Label label, List<String> sharedWrites, List<String> ownWrites, List<String> locks,
            List<String> affects, long defaultSteps, long allSteps) {}

    public record BranchRow(String from, String to, long defaultSteps, long allSteps) {}

    /**
     * One model's part of the report.
     *
     * @param defaultScenario the model's first small built-in scenario, counted apart; null if it has none
     * @param scenarios the runs observed: the small built-in scenarios, then each mutant on its own
     */
    public record Section(Model model, String defaultScenario, List<LabelRow> labels, List<BranchRow> branches,
            List<String> scenarios) {
        public LabelRow row(String label) {
            return labels.stream().filter(r -> r.label().name().equals(label)).findFirst().orElseThrow();
        }

        /** The functions of the model's real labels, in the order its labels list them. */
        List<String> functions() {
            Set<String> fs = new LinkedHashSet<>();
            labels.stream().filter(r -> !mutantOnly(r.label())).forEach(r -> fs.add(r.label().function()));
            return List.copyOf(fs);
        }

        /** The rows of one function's table. */
        List<LabelRow> rows(String function) {
            return labels.stream().filter(l -> l.label().function().equals(function) && !mutantOnly(l.label())).toList();
        }

        /** The mutants' own labels, which get a table of their own. */
        List<LabelRow> mutantRows() {
            return labels.stream().filter(l -> mutantOnly(l.label())).toList();
        }

        /** The column headings, shared by both renderings. */
        List<String> labelColumns() {
            return List.of("label", "line", "code", "reads (shared)", "writes: shared", "writes: the CPU's own",
                    "locks held", "can affect", "transitions: " + shownDefault(), "transitions: all scenarios");
        }

        String shownDefault() {
            return defaultScenario == null ? "none" : defaultScenario;
        }
    }

    public record Report(List<Section> sections) {
        public Section section(String model) {
            return sections.stream().filter(s -> s.model().name().equals(model)).findFirst().orElseThrow();
        }
    }

    private SpecReport() {}

    /** A section per model of {@code models}, in their order. */
    public static Report build(List<Model> models, int workers) {
        Options opt = Options.defaults().withWorkers(workers).withKeepGoing(true);
        return new Report(models.stream().map(m -> section(m, opt)).toList());
    }

    private static Section section(Model model, Options opt) {
        List<String> names = new ArrayList<>();
        List<Observations> real = new ArrayList<>();
        for (String name : Scenarios.builtinsOf(model.name())) {
            Spec spec = Models.load(name, "none");
            if (Explorer.explore(spec, opt.withMaxStates(SMALL)).complete()) {
                real.add(observe(spec, opt));
                names.add(name);
            }
        }
        String defaultScenario = names.isEmpty() ? null : names.get(0);
        Observations byDefault = real.isEmpty() ? null : real.get(0);
        // A mutant's run shows its own labels; it would misreport the real ones (drop-spin-unlock
        // holds pidmap_lock through every later step).
        List<Observations> mutants = new ArrayList<>();
        for (Mutation m : model.mutants()) {
            mutants.add(observe(Models.load(m.scenario(), m.id()), opt));
            names.add(m.scenario() + " --mutant " + m.id());
        }
        List<Property> properties = defaultScenario == null ? List.of()
                : Models.load(defaultScenario, "none").properties();
        List<LabelRow> rows = new ArrayList<>();
        for (Label l : model.labels()) {
            List<Observations> all = mutantOnly(l) ? mutants : real;
            Set<String> w = union(all, o -> o.writes.get(l.name()));
            rows.add(new LabelRow(l, w.stream().filter(v -> !v.startsWith("cpu.")).toList(),
                    w.stream().filter(v -> v.startsWith("cpu.")).toList(), List.copyOf(union(all, o -> o.locks.get(l.name()))),
                    affects(w, properties), byDefault == null ? 0 : count(byDefault.steps, l.name()),
                    total(all, o -> o.steps, l.name())));
        }
        return new Section(model, defaultScenario, List.copyOf(rows), branches(real, byDefault), List.copyOf(names));
    }

    private static List<BranchRow> branches(List<Observations> real, Observations byDefault) {
        Map<String, long[]> edges = new TreeMap<>();
        for (Observations o : real) {
            o.branches.forEach((e, n) -> edges.computeIfAbsent(e, k -> new long[2])[1] += n.sum());
        }
        if (byDefault != null) {
            byDefault.branches.forEach((e, n) -> edges.computeIfAbsent(e, k -> new long[2])[0] += n.sum());
        }
        List<BranchRow> branches = new ArrayList<>();
        edges.forEach((e, n) -> {
            String[] ft = e.split(" -> ");
            branches.add(new BranchRow(ft[0], ft[1], n[0], n[1]));
        });
        return List.copyOf(branches);
    }

    static boolean mutantOnly(Label l) {
        return l.line().equals(MUTANT_LINE);
    }

    private static Observations observe(Spec spec, Options opt) {
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

    /** One label row's cells, in {@link Section#labelColumns} order, as plain text. */
    static List<String> cells(LabelRow r) {
        return List.of(r.label().name(), r.label().line(), r.label().code(),
                r.label().reads().isEmpty() ? "—" : r.label().reads(), list(r.sharedWrites()),
                list(r.ownWrites().stream().map(SpecReport::ghost).toList()), list(r.locks()), list(r.affects()),
                steps(r.defaultSteps()), steps(r.allSteps()));
    }

    static final String TITLE = "forkcheck's specs, for review";

    /** The section's heading: the model as a scenario's {@code model} line names it. */
    static String heading(Section s) {
        return "Model " + s.model().name() + " (spec " + s.model().version() + ")";
    }

    static String intro(Section s) {
        return "Generated by forkcheck doc from spec " + s.model().version() + ". One row per label: one step of a "
                + "CPU, one access to shared data; kernel lines are of Linux 2.6.11. Reads are stated from the kernel "
                + "code; writes, locks held and branches are observed over every transition of the scenarios "
                + (s.scenarios().isEmpty() ? "(none: the model has no built-in scenario)" : String.join(", ", s.scenarios()))
                + " (a mutant's run for its own labels only). A step can affect a property when it writes a variable "
                + "the property reads. 'cpu.' stands for the CPU taking the step, '[]' for any index (as a pidmap "
                + "page); ghost variables are read only by the properties. NOT COVERED: no transition of those "
                + "scenarios executed it.";
    }
}
