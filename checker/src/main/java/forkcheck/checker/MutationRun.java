package forkcheck.checker;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import forkcheck.spec.Mutation;
import forkcheck.spec.Spec;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs seeded mutants and reports which are caught: the core of {@code forkcheck mutants}. The
 * cases are a parameter, not the catalogue itself, so that a test can hand it one that escapes.
 */
public final class MutationRun {

    /**
     * Run {@code mutant} on {@code scenario}, a scenario of the mutant's model; it is caught if
     * {@code property} is violated.
     */
    public record Case(Mutation mutant, ScenarioText scenario, String property) {}

    /**
     * @param scenario the scenario's name
     * @param caught the property is violated with the mutant and holds without it
     * @param baselineFails the unmutated spec violates the property on this scenario too, so the
     *     run says nothing about the mutant (a finding such as free-race would "catch" anything)
     * @param traceLength steps of the shortest violation of the property, or -1 if not caught
     * @param seconds the mutant's exploration time
     */
    public record Outcome(Case c, String scenario, boolean caught, boolean baselineFails, int traceLength,
            double seconds, Result result) {}

    private final List<Outcome> outcomes;

    private MutationRun(List<Outcome> outcomes) {
        this.outcomes = outcomes;
    }

    /** Each mutant of every model on the scenario the catalogue names for it. */
    public static List<Case> catalogue() {
        List<Case> cases = new ArrayList<>();
        for (Model model : Models.all()) {
            for (Mutation m : model.mutants()) {
                cases.add(new Case(m, Scenarios.text(m.scenario()), m.breaks()));
            }
        }
        return cases;
    }

    /**
     * Each mutant on every built-in scenario of its model: more runs, and a mutant counts as
     * caught if any of them catches it, as a mutation score counts a mutant killed by any test.
     */
    public static List<Case> everyScenario() {
        List<Case> cases = new ArrayList<>();
        for (Model model : Models.all()) {
            List<String> own = Scenarios.builtinsOf(model.name());
            for (Mutation m : model.mutants()) {
                cases.add(new Case(m, Scenarios.text(m.scenario()), m.breaks()));
                for (String name : own) {
                    if (!name.equals(m.scenario())) {
                        cases.add(new Case(m, Scenarios.text(name), m.breaks()));
                    }
                }
            }
        }
        return cases;
    }

    /**
     * keepGoing is forced on: a mutant that breaks another property first must still be seen
     * to break the one it was written against.
     */
    public static MutationRun run(List<Case> cases, Options opt) {
        Options o = opt.withKeepGoing(true);
        List<Outcome> out = new ArrayList<>();
        Map<ScenarioText, Result> baselines = new HashMap<>();
        for (Case c : cases) {
            Spec spec = SpecLoader.of(c.scenario(), c.mutant().id()).spec();
            Result r = Explorer.explore(spec, o);
            Verdict v = verdict(r, c.property());
            boolean violated = v != null && v.status() == Verdict.Status.VIOLATED;
            boolean baselineFails = violated && violated(baselines.computeIfAbsent(c.scenario(),
                    sc -> Explorer.explore(SpecLoader.of(sc, "none").spec(), o)), c.property());
            boolean caught = violated && !baselineFails;
            out.add(new Outcome(c, spec.scenarioName(), caught, baselineFails, caught ? v.path().length : -1,
                    r.stats().seconds(), r));
        }
        return new MutationRun(List.copyOf(out));
    }

    private static Verdict verdict(Result r, String property) {
        return r.verdicts().stream().filter(x -> x.property().name().equals(property)).findFirst().orElse(null);
    }

    private static boolean violated(Result r, String property) {
        Verdict v = verdict(r, property);
        return v != null && v.status() == Verdict.Status.VIOLATED;
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** Per mutant id: whether some case caught it. */
    public Map<String, Boolean> caughtByMutant() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            m.merge(o.c().mutant().id(), o.caught(), Boolean::logicalOr);
        }
        return m;
    }

    public long caught() {
        return caughtByMutant().values().stream().filter(b -> b).count();
    }

    public int mutants() {
        return caughtByMutant().size();
    }

    /** 0 if every mutant was caught, 1 if one escaped: a CI job fails on an escape. */
    public int exitCode() {
        return caught() == mutants() ? 0 : 1;
    }

    /** "missed": this scenario did not catch the mutant, but another one did. */
    private static String result(Outcome x, Map<String, Boolean> byMutant) {
        if (x.caught()) {
            return "caught";
        }
        if (x.baselineFails()) {
            return "invalid";
        }
        return byMutant.get(x.c().mutant().id()) ? "missed" : "ESCAPED";
    }

    public void print(PrintWriter o) {
        o.printf("  %-26s %-18s %-28s %-8s %6s %8s%n", "MUTANT", "SCENARIO", "EXPECTED TO BREAK", "RESULT", "TRACE",
                "TIME");
        Map<String, Boolean> byMutant = caughtByMutant();
        for (Outcome x : outcomes) {
            o.printf("  %-26s %-18s %-28s %-8s %6s %7.1fs%n", x.c().mutant().id(), x.scenario(),
                    x.c().property(), result(x, byMutant), x.caught() ? x.traceLength() : "-", x.seconds());
        }
        if (outcomes.stream().anyMatch(Outcome::baselineFails)) {
            o.println("  (invalid: the unmutated spec breaks that property on that scenario too; not counted)");
        }
        o.printf("Mutation score: %d/%d caught%n", caught(), mutants());
        caughtByMutant().forEach((id, c) -> {
            if (!c) {
                o.println("ESCAPED: " + id + " broke none of the properties it names on any scenario it ran on");
            }
        });
        o.flush();
    }
}
